"""The fake Procore: state, and one pure request handler wrapped by every transport."""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import attrs

from ._faults import DroppedConnection, Fault, FaultInjector
from ._files import DOWNLOAD_PREFIX, FakeFiles
from ._oauth import IssuedToken, OAuthServer
from ._ratelimit import (
    RATE_LIMIT_BODY,
    RateLimiter,
    ReportedWindow,
    ResetRounding,
    WindowStart,
)
from ._resources import DAILY_LOGS, run_action
from ._responses import (
    JSON,
    NOT_CONNECTED,
    FakeResponse,
    empty_response,
    json_response,
    v1_error,
    v2_error,
)
from ._routes import COLLECTION_PARENTS, Route, match_route
from ._storage import PREFIX as STORAGE_PREFIX
from ._store import CatalogStore, Collection
from ._sync_action import run_sync
from ._webhooks import FakeDelivery, WebhookHub

__all__ = [
    "DEFAULT_SIZES",
    "FakeProcore",
    "FakeResponse",
    "RecordedRequest",
    "Validator",
]

Validator = Callable[[dict[str, Any], "dict[str, Any] | None"], dict[str, list[str]]]

# Small default world; callers pass sizes=... for benchmarks (up to millions, generated lazily).
DEFAULT_SIZES: dict[str, int] = {
    "projects": 3,
    "company_users": 5,
    "project_users": 3,
    "vendors": 5,
    "project_vendors": 2,
    "cost_codes": 5,
    "standard_cost_code_lists": 1,
    "standard_cost_codes": 5,
    "line_item_types": 3,
    "rfis": 3,
    "rfi_replies": 2,
    "submittals": 3,
    "observations": 3,
    "punch_items": 3,
    "manpower_logs": 4,
    "notes_logs": 4,
    "weather_logs": 4,
    "work_logs": 4,
    "work_order_contracts": 2,
    "purchase_order_contracts": 2,
    "prime_contracts": 1,
    "work_order_contract_line_items": 2,
    "purchase_order_contract_line_items": 2,
    "prime_contract_line_items": 2,
    "potential_change_orders": 2,
    "potential_change_order_line_items": 2,
    "change_order_requests": 2,
    "direct_costs": 2,
    "direct_cost_line_items": 2,
    "budget_line_items": 3,
}

# Several collections start above 2**31 so clients meet 64-bit ids (Procore docs: Handling Procore
# Regions).
_BASE_IDS: dict[str, int] = {
    "companies": 4_200_000_001,
    "projects": 2_900_000_001,
    "vendors": 3_100_000_001,
    "company_users": 2_200_000_001,
    "rfis": 5_000_000_001,
}

# Procore's message for a missing company header (Procore docs: Handling Procore Regions; the status
# is not documented, so it is configurable).
MISSING_COMPANY_HEADER = (
    "Missing Procore-Company-Id header! Please include the Procore-Company-Id header "
    "with the id of the company you are making the request for."
)
# The "installed app" redirect URI (Procore docs: OAuth 2.0 Authorization Code Grant Flow).
OOB_REDIRECT = "urn:ietf:wg:oauth:2.0:oob"


@attrs.frozen
class RecordedRequest:
    """A request the fake received (``Authorization`` is never stored).

    Attributes:
        method: HTTP method.
        path: URL path.
        query: query parameters (every value, in order).
        headers: lower-case header names; ``authorization`` is redacted.
        json: the decoded JSON body, or ``None``.
        form: the decoded form body (secrets redacted), or ``None``.
        at: the fake's clock when it arrived.
    """

    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    json: JSON
    form: dict[str, str] | None
    at: float

    def param(self, name: str) -> str | None:
        """The last value of a query parameter."""
        found = [v for k, v in self.query if k == name]
        return found[-1] if found else None


_SECRET_FORM_FIELDS = frozenset({"client_secret", "code", "refresh_token", "token", "password"})


class FakeProcore:
    """An in-memory Procore that behaves as Procore documents it.

    It serves OAuth (authorization code, client credentials, single-use rotating refresh
    tokens, revoke), the ``Procore-Company-Id`` rule, paginated/filtered/sorted lists, Sync
    actions, the webhooks APIs with real deliveries, rate limits and injected faults. Every
    other operation of Procore's API reference is served by generic routes: an in-memory
    collection per collection path, records shaped by the endpoint's response schema, its own
    paging, and Procore's errors for a bad scope or a missing required field (see
    ``catalog_records``).

    Example::

        fake = FakeProcore(seed=1, sizes={"vendors": 100_000})
        http = httpx.Client(transport=fake.transport(), base_url=fake.base_url)
        client = Procore(client_id=fake.client_id, client_secret=fake.client_secret,
                         company_id=fake.company_id, base_url=fake.base_url,
                         login_url=fake.base_url, http_client=http)

        with fake.serve() as url:          # a real loopback socket
            print(Procore(..., base_url=url, login_url=url).get("/rest/v1.0/me"))

    The seeded world: ``company_id`` (app installed), ``other_company_id`` (also
    installed), ``uninstalled_company_id`` (403), ``project_id`` (where project-level
    records are seeded), ``user_id`` (the user of authorization codes) and
    ``dmsa_user_id`` (the service account of client-credentials tokens). The default
    client secret is deterministic (``fake-secret-<seed:08d>-do-not-use``).

    Create rules: ``REQUIRED_ON_CREATE`` names the fields a create (REST or Sync) must
    carry, e.g. vendors need ``name``; replace them per collection with
    ``fake.validators[name] = fn(attrs, existing) -> {field: [messages]}``.

    Args:
        seed: makes every generated record, id order and rate-based fault reproducible.
        sizes: records to seed per collection (merged over ``DEFAULT_SIZES``); seeded
            records are generated on read, so a million costs almost nothing up front.
        base_url: the origin used in ``Link`` headers and by ``transport``.
        access_token_lifetime: ``expires_in`` of issued tokens (5400; Procore docs: OAuth 2.0
            Authorization Code Grant Flow).
        hourly_limit: requests per hour per company (Procore docs: Rate Limiting); ``None`` disables
            it. The defaults are generous so ordinary tests never meet them; pass e.g. ``3600``
            and ``100`` (the older documented example, Procore docs: Rate Limiting) to exercise
            rate limiting.
        spike_limit: requests per 10 seconds per company (Procore docs: Rate Limiting); ``None``
            disables it.
        reset_rounding: ``"up"`` (default) or ``"down"``: how ``X-Rate-Limit-Reset`` is
            rounded to whole seconds (down: the window resets up to 1 s after it says).
        window_start: ``"clock"`` (default, windows start at multiples of their length) or
            ``"first_request"`` (a window starts with its first request, so resets fall
            between whole seconds).
        report_window: ``"closer"`` (default: the window closer to exhaustion, as Procore
            documents) or ``"spike"`` (always the spike window while it allows requests).
        require_company_header: enforce ``Procore-Company-Id`` (Procore docs: Handling Procore
            Regions).
        missing_company_header_status: status when it is missing (not documented; Procore docs:
            Handling Procore Regions).
        not_connected_status: status for a company the app is not installed in (403; Procore docs:
            Error Code Reference).
        clock: returns UNIX seconds; ``advance`` moves the fake's time forward.
        sleeper: applies latency in-process; default: no real sleeping (the delay is recorded
            in ``slept``). Servers always sleep for real.
        async_sleeper: the async twin used by ``async_transport`` (default: ``sleeper``).
        real_latency: in-process transports really sleep (``time.sleep`` / ``asyncio.sleep``),
            e.g. for latency benchmarks.
        record_requests: keep every request in ``requests`` (turn off for long benchmarks).
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        sizes: dict[str, int] | None = None,
        base_url: str = "https://api.procore.test",
        client_id: str | None = None,
        client_secret: str | None = None,
        access_token_lifetime: int = 5400,
        hourly_limit: int | None = 100_000,
        spike_limit: int | None = 10_000,
        reset_rounding: ResetRounding = "up",
        window_start: WindowStart = "clock",
        report_window: ReportedWindow = "closer",
        require_company_header: bool = True,
        missing_company_header_status: int = 400,
        not_connected_status: int = 403,
        clock: Callable[[], float] | None = None,
        sleeper: Callable[[float], None] | None = None,
        async_sleeper: Callable[[float], Any] | None = None,
        real_latency: bool = False,
        record_requests: bool = True,
    ) -> None:
        self.seed = seed
        self.base_url = base_url.rstrip("/")
        self._base_clock = clock or time.time
        self._offset = 0.0
        self.slept: list[float] = []
        if real_latency:
            import asyncio

            sleeper = sleeper or time.sleep
            async_sleeper = async_sleeper or asyncio.sleep
        self.sleeper: Callable[[float], None] = sleeper or self.slept.append
        self.async_sleeper = async_sleeper
        self.record_requests = record_requests
        self.require_company_header = require_company_header
        self.missing_company_header_status = missing_company_header_status
        self.not_connected_status = not_connected_status
        self.client_id = client_id or f"fake-client-{seed}"
        self.client_secret = client_secret or f"fake-secret-{seed:08d}-do-not-use"
        self.lock = threading.RLock()
        self.requests: list[RecordedRequest] = []
        self.faults = FaultInjector(seed)
        self.rate_limiter = RateLimiter(
            hourly_limit,
            spike_limit,
            self.now,
            reset_rounding=reset_rounding,
            window_start=window_start,
            report=report_window,
        )
        self.validators: dict[str, Validator] = {}
        #: ``(collection, scope)`` pairs with a Sync in flight (direct costs give 409; Procore docs:
        #: Using Sync Actions).
        self.sync_in_flight: set[tuple[str, int]] = set()
        self._origins: dict[tuple[str, int], dict[str, int]] = {}
        self.collections: dict[str, Collection] = {}
        #: The records of the generic routes (every catalog operation the hand-written routes do
        #: not serve), one collection per concrete collection path.
        self.catalog = CatalogStore()
        self._seed_world({**DEFAULT_SIZES, **(sizes or {})})
        self.oauth = OAuthServer(
            self.client_id, self.client_secret, self.now, access_token_lifetime, self.dmsa_user_id
        )
        self.webhooks = WebhookHub(self)
        #: Uploads, documents, photos, drawing uploads and their storage (``fake.files.storage``).
        self.files = FakeFiles(self)

    def __repr__(self) -> str:
        return f"FakeProcore(base_url={self.base_url!r}, company_id={self.company_id})"

    # ----------------------------------------------------------------- clock & inspection

    def now(self) -> float:
        """The fake's current UNIX time (the clock plus ``advance`` offsets)."""
        return self._base_clock() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward (token expiry, rate windows, webhook retries)."""
        self._offset += seconds

    def today(self) -> str:
        """Today's date (``YYYY-MM-DD``, UTC) by the fake's clock (daily logs default to it; Procore
        docs: Filtering and Sorting on List Actions)."""
        return dt.datetime.fromtimestamp(self.now(), tz=dt.timezone.utc).strftime("%Y-%m-%d")

    @property
    def tokens_issued(self) -> Counter[str]:
        """Successful token responses per grant type (``refresh_token``, ...)."""
        return self.oauth.issued

    @property
    def token_requests(self) -> Counter[str]:
        """Token endpoint requests per grant type, including failed ones."""
        return self.oauth.requests

    @property
    def deliveries(self) -> list[FakeDelivery]:
        """Every webhook delivery (each with its attempts), oldest first."""
        return self.webhooks.deliveries

    def expire_tokens(self) -> None:
        """Expire every access token issued so far (refresh tokens stay usable)."""
        with self.lock:
            self.oauth.expire_all()

    def issue_token(self, *, refresh: bool = False, user_id: int | None = None) -> IssuedToken:
        """Issue a token directly (no HTTP), e.g. for a static ``access_token=`` client."""
        with self.lock:
            return self.oauth.issue(
                "authorization_code" if refresh else "client_credentials",
                user_id or (self.user_id if refresh else self.dmsa_user_id),
                with_refresh=refresh,
            )

    def authorize(
        self,
        redirect_uri: str = "http://localhost",
        state: str | None = None,
        *,
        user_id: int | None = None,
    ) -> str:
        """Create an authorization code as if a user logged in and approved the app (Procore docs:
        OAuth 2.0 Authorization Code Grant Flow).

        Args:
            redirect_uri: must match the ``redirect_uri`` later sent to ``/oauth/token``.
            state: accepted for symmetry with ``/oauth/authorize`` (which echoes it).
            user_id: the approving user (default: the seeded ``user_id``).

        Returns:
            A single-use code, valid 10 minutes.
        """
        del state
        with self.lock:
            return self.oauth.authorize(redirect_uri, user_id or self.user_id)

    # ------------------------------------------------------------------- faults

    def fail(
        self,
        status: int = 500,
        *,
        times: int | None = 1,
        rate: float | None = None,
        method: str | None = None,
        path: str | None = None,
        retry_after: int | None = None,
        body: str | None = None,
    ) -> Fault:
        """Answer matching requests with ``status`` (e.g. 500, 502, 503 + Retry-After, 429)."""
        return self.faults.add(
            Fault("status", status, retry_after, 0.0, times, rate, method, path, body)
        )

    def drop(
        self,
        *,
        after_processing: bool = False,
        times: int | None = 1,
        rate: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Drop the connection: before the request is processed, or after (response lost)."""
        kind = "drop_response" if after_processing else "connect_error"
        return self.faults.add(
            Fault(kind, times=times, rate=rate, method=method, path=path)  # type: ignore[arg-type]
        )

    def add_latency(
        self,
        seconds: float,
        *,
        times: int | None = None,
        rate: float | None = None,
        method: str | None = None,
        path: str | None = None,
    ) -> Fault:
        """Delay matching responses by ``seconds`` (via the sleeper)."""
        return self.faults.add(
            Fault("latency", latency=seconds, times=times, rate=rate, method=method, path=path)
        )

    # ------------------------------------------------------------------- seeding

    def _seed_world(self, sizes: dict[str, int]) -> None:
        for name, parent in COLLECTION_PARENTS.items():
            self.collections[name] = Collection(
                name,
                parent,
                _BASE_IDS.get(name, 10_000 + 1_000_000 * len(self.collections)),
                self.seed,
            )
        companies = self.collections["companies"]
        ids = companies.seed(0, 3)
        self.company_id = ids[0]
        #: Companies where the seeded app is installed (Procore docs: Using the OAuth
        #: 2.0 Client Credentials Grant Type); the third one is not.
        self.installed_companies: set[int] = {ids[0], ids[1]}
        self.other_company_id = ids[1]
        self.uninstalled_company_id = ids[2]
        users = self.collections["company_users"]
        users.seed(self.company_id, max(sizes.get("company_users", 0), 2))
        first_user = users.ids(self.company_id).slice(0, 2)
        self.dmsa_user_id, self.user_id = first_user[0], first_user[1]
        projects = self.collections["projects"]
        projects.seed(self.company_id, max(sizes.get("projects", 0), 1))
        self.project_id = projects.ids(self.company_id).slice(0, 1)[0]
        projects.seed(self.other_company_id, 1)
        for name, count in sizes.items():
            if name in ("companies", "company_users", "projects") or name not in self.collections:
                continue
            parent = COLLECTION_PARENTS[name]
            scope = self._default_scope(parent)
            if scope is not None and count > 0:
                self.collections[name].seed(scope, count)
        seeded_today = self.today()
        today = dt.date.fromisoformat(seeded_today)

        def company_of_project(rec: dict[str, Any], scope: int) -> None:
            rec["company"] = {"id": scope, "name": f"Company {scope}"}

        def daily_log_date(rec: dict[str, Any], scope: int) -> None:
            # Spread seeded logs over the last three days, so "today" has some (a list without dates
            # returns only today's logs; Procore docs: Filtering and Sorting on List Actions;
            # Working with Daily Logs).
            day = today - dt.timedelta(days=rec["id"] % 3)
            rec["date"] = day.isoformat()
            rec["datetime"] = f"{day.isoformat()}T12:00:00Z"

        projects.decorate = company_of_project
        for name in DAILY_LOGS:
            self.collections[name].decorate = daily_log_date

    def _default_scope(self, parent: str | None) -> int | None:
        if parent is None:
            return 0
        if parent == "companies":
            return self.company_id
        if parent == "projects":
            return self.project_id
        parent_coll = self.collections[parent]
        scope = self._default_scope(parent_coll.parent)
        if scope is None:
            return None
        ids = parent_coll.ids(scope)
        if len(ids) == 0:
            parent_coll.seed(scope, 1)
        return ids.slice(0, 1)[0]

    def company_of(self, collection: str, scope: int | None) -> int | None:
        """The company owning a scope value of ``collection`` (``None`` if unknown)."""
        if scope is None:
            return None
        parent = COLLECTION_PARENTS.get(collection)
        if parent is None:
            return None
        if parent == "companies":
            return scope if self.collections["companies"].get(scope) is not None else None
        parent_coll = self.collections[parent]
        if parent_coll.get(scope) is None:
            return None
        return self.company_of(parent, parent_coll.scope_of(scope))

    def project_of(self, collection: str, scope: int | None) -> int | None:
        """The project a scope value of ``collection`` lies in (``None`` if company-level)."""
        parent = COLLECTION_PARENTS.get(collection)
        if scope is None or parent in (None, "companies"):
            return None
        if parent == "projects":
            return scope
        return self.project_of(parent, self.collections[parent].scope_of(scope))

    # ------------------------------------------------------------------- data access for tests

    def records(self, collection: str, scope: int | None = None) -> list[dict[str, Any]]:
        """Every visible record of a collection in a scope (default: the seeded one)."""
        coll = self.collections[collection]
        if scope is None:
            scope = self._default_scope(coll.parent) or 0
        return coll.get_many(list(coll.ids(scope)))

    def get(self, collection: str, rid: int) -> dict[str, Any] | None:
        """One record by id, or ``None``."""
        return self.collections[collection].get(rid)

    # ------------------------------------------------------------------- the handler

    def handle(
        self, method: str, url: str, headers: dict[str, str] | list[tuple[str, str]], body: bytes
    ) -> FakeResponse:
        """Answer one HTTP request. Every transport (httpx, ASGI, sockets) wraps this.

        Raises:
            DroppedConnection: a fault asked for the connection to be dropped.
        """
        parts = urlsplit(url)
        path = parts.path or "/"
        # Link URLs use the origin the caller used (socket or in-process; Procore docs:
        # Using Pagination).
        origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else self.base_url
        query = parse_qsl(parts.query, keep_blank_values=True)
        items = headers.items() if isinstance(headers, dict) else headers
        hdrs = {k.lower(): v for k, v in items}
        method = method.upper()
        # Storage bodies are raw bytes: recorded, never decoded.
        raw = path.startswith((STORAGE_PREFIX, DOWNLOAD_PREFIX))
        with self.lock:
            parsed_json, form = (
                (None, None) if raw else _decode_body(hdrs.get("content-type", ""), body)
            )
            if self.record_requests:
                self._record(method, path, query, hdrs, parsed_json, form)
            fired = self.faults.take(method, path)
        delay = sum(f.latency for f in fired if f.kind == "latency")
        for fault in fired:
            if fault.kind == "connect_error":
                raise DroppedConnection(after_processing=False)
        for fault in fired:
            if fault.kind == "status":
                extra = {"Retry-After": str(fault.retry_after)} if fault.retry_after else {}
                if fault.status == 429:
                    # 429 carries the rate headers, Retry-After and the plain-text body (Procore
                    # docs: Rate Limiting).
                    with self.lock:
                        extra = self.rate_limiter.exhausted_headers(fault.retry_after)
                    extra["Content-Type"] = "text/plain"
                    text = fault.body or RATE_LIMIT_BODY
                    return FakeResponse(429, list(extra.items()), text.encode(), delay)
                resp = (
                    json_response(fault.status, {"message": fault.body}, extra)
                    if fault.body
                    else v1_error(fault.status, f"Injected {fault.status}")
                )
                return attrs.evolve(resp, headers=resp.headers + list(extra.items()), delay=delay)
        with self.lock:
            if raw:
                resp = (
                    self.files.storage.handle(method, path, query, hdrs, body)
                    if path.startswith(STORAGE_PREFIX)
                    else self.files.download(path, hdrs, origin)
                )
            else:
                resp = self._dispatch(method, path, query, hdrs, parsed_json, form, origin)
        if any(f.kind == "drop_response" for f in fired):
            raise DroppedConnection(after_processing=True)
        return attrs.evolve(resp, delay=delay) if delay else resp

    def _record(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        hdrs: dict[str, str],
        parsed_json: JSON,
        form: dict[str, str] | None,
    ) -> None:
        # Secrets never reach the log: Authorization and secret form fields are redacted.
        if path.startswith("/oauth/") and isinstance(parsed_json, dict):
            parsed_json = {
                k: ("[REDACTED]" if k in _SECRET_FORM_FIELDS else v) for k, v in parsed_json.items()
            }
        self.requests.append(
            RecordedRequest(
                method,
                path,
                query,
                {k: ("[REDACTED]" if k == "authorization" else v) for k, v in hdrs.items()},
                parsed_json,
                {k: ("[REDACTED]" if k in _SECRET_FORM_FIELDS else v) for k, v in form.items()}
                if form is not None
                else None,
                self.now(),
            )
        )

    def _dispatch(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        hdrs: dict[str, str],
        body: JSON,
        form: dict[str, str] | None,
        origin: str,
    ) -> FakeResponse:
        if path.startswith("/oauth/"):
            return self._oauth(method, path, query, hdrs, body, form)
        if not path.startswith("/rest/"):
            return v1_error(404, "Not Found")
        is_v2 = path.startswith("/rest/v2.")
        err = v2_error if is_v2 else v1_error
        company_header = hdrs.get("procore-company-id", "").strip()
        allowed, rate_headers = self.rate_limiter.hit(company_header or "-")
        if not allowed:
            return FakeResponse(
                429,
                [("Content-Type", "text/plain"), *rate_headers.items()],
                RATE_LIMIT_BODY.encode(),
            )
        resp = self._api(method, path, query, hdrs, body, err, company_header, origin)
        return attrs.evolve(resp, headers=resp.headers + list(rate_headers.items()))

    def _api(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        hdrs: dict[str, str],
        body: JSON,
        err: Callable[..., FakeResponse],
        company_header: str,
        origin: str,
    ) -> FakeResponse:
        auth = hdrs.get("authorization", "")
        token = self.oauth.check(auth[7:].strip()) if auth.lower().startswith("bearer ") else None
        if token is None:
            # Expired, revoked or unknown tokens get 401 (Procore docs: Error Code Reference).
            return err(401, "The access token is invalid")
        found = match_route(method, path)
        if isinstance(found, tuple) and _literal_elsewhere(method, path, *found):
            found = True
        if not isinstance(found, tuple):
            # The hand-written routes win; every other operation of Procore's reference is
            # served by the generic routes.
            return self._generic(
                method, path, query, body, err, company_header, token, origin, found
            )
        route, params = found
        company = self._company(path, err, company_header, token)
        if isinstance(company, FakeResponse):
            return company
        path_company = params.get("company_id")
        if path_company is not None and company is not None and str(company) != path_company:
            return err(404, "Not Found")
        ctx = _Ctx(
            self,
            route,
            params,
            query,
            body if isinstance(body, dict) else {},
            company,
            token,
            err,
            origin,
        )
        if route.action == "custom":
            return self._custom(ctx)
        # A Sync action is a route of its collection like list or create, served by its own module.
        if route.action == "sync":
            return run_sync(ctx)
        return run_action(ctx)

    def _company(
        self, path: str, err: Callable[..., FakeResponse], company_header: str, token: IssuedToken
    ) -> int | FakeResponse | None:
        """The company of the ``Procore-Company-Id`` header, or Procore's error for it (Procore
        docs: Handling Procore Regions; Error Code Reference)."""
        if company_header:
            try:
                company = int(company_header)
            except ValueError:
                return err(400, "Procore-Company-Id must be an integer")
            if self.collections["companies"].get(company) is None:
                return err(404, "Company not found")
            if company not in self.installed_companies:
                return err(self.not_connected_status, NOT_CONNECTED)
            return company
        if self.require_company_header and not self._header_optional(path, token):
            return err(self.missing_company_header_status, MISSING_COMPANY_HEADER)
        return None

    def _generic(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        body: JSON,
        err: Callable[..., FakeResponse],
        company_header: str,
        token: IssuedToken,
        origin: str,
        hand_written: bool | None,
    ) -> FakeResponse:
        from .._operations import match

        op = match(method, path)
        if op is None:
            # A path Procore does not document, or a method it does not take there.
            if hand_written is True:
                return err(405, "Method Not Allowed")
            return err(404, "Not Found")
        company = self._company(path, err, company_header, token)
        if isinstance(company, FakeResponse):
            return company
        from ._catalog import CatalogRequest, serve

        return serve(CatalogRequest(self, op, path, query, body, company, token, origin))

    def catalog_records(
        self, method: str, path: str, params: dict[str, Any] | None = None, json: Any = None
    ) -> list[dict[str, Any]]:
        """The records the generic route ``method path`` acts on (seeded on first access).

        Every operation of Procore's reference that the fake does not model by hand is served
        from an in-memory collection per concrete collection path (scope given in the query
        or the body, such as ``project_id``, is part of it: pass it in ``params`` or ``json``).
        This shows the records, e.g. to find an id to retrieve: ``fake.catalog_records("GET",
        f"/rest/v1.0/projects/{fake.project_id}/accident_logs")[0]["id"]``.

        Raises:
            KeyError: ``method path`` is no operation of Procore's reference.
            ValueError: its scope is missing or names nothing the fake knows.
        """
        from .._operations import match
        from ._catalog import catalog_collection

        op = match(method, path)
        if op is None:
            raise KeyError(f"{method} {path} is no operation of Procore's API")
        with self.lock:
            return list(catalog_collection(self, op, path, params, json).records.values())

    def _header_optional(self, path: str, token: IssuedToken) -> bool:
        # /me and /companies need no header, except for DMSA (client credentials) tokens (Procore
        # docs: Handling Procore Regions).
        return path.rstrip("/") in ("/rest/v1.0/me", "/rest/v1.0/companies") and (
            token.grant_type != "client_credentials"
        )

    def _custom(self, ctx: _Ctx) -> FakeResponse:
        name = ctx.route.collection
        if name == "me":
            user = self.collections["company_users"].get(ctx.token.user_id) or {}
            return json_response(
                200,
                {
                    "id": ctx.token.user_id,
                    "login": user.get("email_address", f"user{ctx.token.user_id}@example.com"),
                    "name": user.get("name") or f"User {ctx.token.user_id}",
                },
            )
        if name.startswith("files:"):
            return self.files.handle(ctx)
        return self.webhooks.handle(ctx)

    # ------------------- OAuth (Procore docs: Procore API Authentication Endpoints)

    def _oauth(
        self,
        method: str,
        path: str,
        query: list[tuple[str, str]],
        hdrs: dict[str, str],
        body: JSON,
        form: dict[str, str] | None,
    ) -> FakeResponse:
        path = path.rstrip("/")
        if path == "/oauth/authorize" and method == "GET":
            q = dict(query)
            if q.get("client_id") != self.client_id or q.get("response_type", "code") != "code":
                return json_response(
                    400, {"error": "invalid_request", "error_description": "bad client"}
                )
            redirect = q.get("redirect_uri", OOB_REDIRECT)
            code = self.oauth.authorize(redirect, self.user_id)
            if redirect == OOB_REDIRECT:
                # Installed apps get the code on a Procore-hosted page (Procore docs: OAuth 2.0
                # Authorization Code Grant Flow).
                page = f"<html><body><p>Authorization code:</p><code>{code}</code></body></html>"
                return FakeResponse(200, [("Content-Type", "text/html")], page.encode())
            pairs = [("code", code)] + ([("state", q["state"])] if "state" in q else [])
            sep = "&" if "?" in redirect else "?"
            return empty_response(302, {"Location": f"{redirect}{sep}{urlencode(pairs)}"})
        params = {k: str(v) for k, v in (body if isinstance(body, dict) else form or {}).items()}
        params.update({k: v for k, v in query if k not in params})
        basic = _basic_auth(hdrs.get("authorization", ""))
        if basic is not None:
            params.setdefault("client_id", basic[0])
            params.setdefault("client_secret", basic[1])
        if path == "/oauth/token" and method == "POST":
            status, out = self.oauth.token(params)
            return json_response(status, out, {"Cache-Control": "no-store"})
        if path == "/oauth/revoke" and method == "POST":
            # 200 even for unknown tokens; revokes access and refresh token (Procore docs: Procore
            # API Authentication Endpoints).
            self.oauth.revoke(params.get("token", ""))
            return json_response(200, {})
        if path == "/oauth/token/info" and method == "GET":
            auth = hdrs.get("authorization", "")
            token = (
                self.oauth.check(auth[7:].strip()) if auth.lower().startswith("bearer ") else None
            )
            if token is None:
                return json_response(
                    401,
                    {"error": "invalid_token", "error_description": "The access token is invalid"},
                )
            return json_response(200, self.oauth.info(token))
        return v1_error(404, "Not Found")

    # ------------------------------------------------------------------- transports

    def transport(self) -> Any:
        """An ``httpx.BaseTransport`` serving this fake in-process."""
        from ._transport import FakeTransport

        return FakeTransport(self)

    def async_transport(self) -> Any:
        """An ``httpx.AsyncBaseTransport`` serving this fake in-process."""
        from ._transport import AsyncFakeTransport

        return AsyncFakeTransport(self)

    @property
    def asgi_app(self) -> Any:
        """An ASGI application serving this fake (mount it or run it with uvicorn)."""
        from ._server import make_asgi_app

        return make_asgi_app(self)

    def serve(self, host: str = "127.0.0.1", port: int = 0, *, server: str = "auto") -> Any:
        """Serve over a real loopback socket: ``with fake.serve() as base_url: ...``.

        Args:
            host: interface to bind.
            port: port (0 picks a free one).
            server: ``"auto"`` (uvicorn when installed, else the standard library),
                ``"uvicorn"`` or ``"stdlib"``.
        """
        from ._server import serve

        return serve(self, host, port, server)

    def deliver_pending(self) -> int:
        """Send every due webhook delivery now (synchronously); returns how many were tried."""
        return self.webhooks.deliver_pending()

    @property
    def webhook_transport(self) -> Any:
        """An httpx transport used for webhook POSTs instead of the network (or ``None``)."""
        return self.webhooks.transport

    @webhook_transport.setter
    def webhook_transport(self, value: Any) -> None:
        self.webhooks.transport = value

    # ------------------------------------------------------------------- helpers for modules

    def origin_index(self, collection: str, company: int) -> dict[str, int]:
        """``origin_id -> id`` of a collection within a company (company-unique; Procore docs:
        Using Sync Actions)."""
        return self._origins.setdefault((collection, company), {})


@attrs.define
class _Ctx:
    """Everything an action handler needs about one request."""

    fake: FakeProcore
    route: Route
    params: dict[str, str]
    query: list[tuple[str, str]]
    body: dict[str, Any]
    company: int | None
    token: IssuedToken
    err: Callable[..., FakeResponse]
    origin: str

    def q(self, name: str) -> str | None:
        """Last value of a query parameter."""
        found = [v for k, v in self.query if k == name]
        return found[-1] if found else None

    def json(self, status: int, body: JSON, headers: dict[str, str] | None = None) -> FakeResponse:
        """A JSON response."""
        return json_response(status, body, headers)

    def empty(self, status: int) -> FakeResponse:
        """A response without a body."""
        return empty_response(status)


_PLACEHOLDERS = re.compile(r"\{[^}]+\}")


def _literal_elsewhere(method: str, path: str, route: Route, params: dict[str, str]) -> bool:
    """Whether Procore's reference has a literal path where a hand-written route sees a record
    id (".../rfis/filter_options" is not ".../rfis/{id}"). Ids the fake hands out are digits, so
    only other values look the path up."""
    if all(value.isdigit() for value in params.values()):
        return False
    from .._operations import match

    op = match(method, path)
    if op is None:
        return False
    return _PLACEHOLDERS.sub("{}", op.path) != _PLACEHOLDERS.sub("{}", route.template)


def _decode_body(content_type: str, body: bytes) -> tuple[JSON, dict[str, str] | None]:
    """Decode JSON, urlencoded or multipart bodies (the token endpoint takes all three;
    Procore docs: Procore API Authentication Endpoints)."""
    if not body:
        return None, None
    ctype = content_type.lower()
    if "multipart/form-data" in ctype:
        return None, _parse_multipart(content_type, body)
    if "application/x-www-form-urlencoded" in ctype:
        return None, dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
    try:
        return json.loads(body), None
    except ValueError:
        return None, dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _parse_multipart(content_type: str, body: bytes) -> dict[str, str]:
    from email.parser import BytesParser
    from email.policy import HTTP

    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    out: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            out[name] = payload.decode("utf-8", "replace")
    return out


def _basic_auth(header: str) -> tuple[str, str] | None:
    import base64

    if not header.lower().startswith("basic "):
        return None
    try:
        user, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
    except ValueError:
        return None
    return user, password

"""``procore doctor``: check a setup, one check at a time, each with a fix when it fails."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

import httpx

from .._errors import (
    APIError,
    APIStatusError,
    AuthenticationError,
    OAuthError,
    PermissionDeniedError,
)
from .._ratelimit import RateLimit, _http_date
from .._request import RequestOptions
from ._context import Context, NoCredentialsError

__all__ = ["Check", "add"]

Status = Literal["passed", "failed", "skipped"]

#: Largest clock difference with Procore's ``Date`` header that doctor accepts, in seconds.
MAX_SKEW = 30.0
#: Below this share of the window, the rate budget check fails.
LOW_BUDGET = 0.1


_SEE_MESSAGE = "Procore's message says what to change; run procore doctor again afterwards"


class Check(NamedTuple):
    """One line of the report."""

    name: str
    status: Status
    detail: str
    fix: str = ""


def add(commands: Any, parents: list[argparse.ArgumentParser]) -> None:
    """Add ``procore doctor``."""
    doctor = commands.add_parser(
        "doctor",
        parents=parents,
        help="check credentials, companies, clock, rate budget and webhooks",
        description="Check the profile's setup against Procore; each failed check says how "
        "to fix it. Exit code 0 when every check passed, 3 when the credentials fail, 1 "
        "when another check fails.",
    )
    doctor.add_argument("--namespace", help="check only the webhook hooks of this namespace")
    doctor.set_defaults(handler=_run_doctor)


def _credentials(ctx: Context) -> Check:
    if ctx.profile.access_token:
        # A fixed token (PROCORE_ACCESS_TOKEN) has no grant to ask about; /me proves it works.
        try:
            me = ctx.client().get("/rest/v1.0/me")
        except (AuthenticationError, PermissionDeniedError) as exc:
            return Check(
                "credentials",
                "failed",
                str(exc),
                "the fixed access token (PROCORE_ACCESS_TOKEN) is expired or revoked: unset "
                "it to use the profile's grant, or mint a new one",
            )
        who = me.get("id") if isinstance(me, dict) else None
        return Check(
            "credentials", "passed", f"fixed access token works for user {who}; lifetime unknown"
        )
    try:
        client = ctx.client()
        info = client.token_info()
    except NoCredentialsError as exc:
        return Check("credentials", "failed", str(exc), "run procore login")
    except (OAuthError, AuthenticationError) as exc:
        return Check(
            "credentials",
            "failed",
            str(exc),
            "check the client id and secret in the Developer Portal (a secret regenerated "
            "there invalidates the old one), then run procore login again",
        )
    lifetime = (
        f"expires in {info.expires_in_seconds:.0f} s"
        if info.expires_in_seconds is not None
        else "lifetime not reported"
    )
    return Check(
        "credentials",
        "passed",
        f"token works for user {info.resource_owner_id} of app {info.application_uid}; {lifetime}",
    )


def _companies(ctx: Context) -> tuple[Check, list[dict[str, Any]]]:
    try:
        found = ctx.client().get("/rest/v1.0/companies")
    except APIError as exc:
        return Check("companies", "failed", str(exc), _SEE_MESSAGE), []
    companies = [c for c in found or [] if isinstance(c, dict)]
    if not companies:
        return (
            Check(
                "companies",
                "failed",
                "the app is installed in no company",
                "install the app in your company (Procore: Company Admin > App Management), "
                "or add the service account to the company's directory",
            ),
            [],
        )
    names = ", ".join(f"{c.get('name')} ({c.get('id')})" for c in companies)
    return Check("companies", "passed", f"installed in {names}"), companies


def _company_header(ctx: Context, companies: list[dict[str, Any]]) -> tuple[Check, Any]:
    client = ctx.client()
    company = client.company_id
    installed = ", ".join(str(c.get("id")) for c in companies)
    choices = (
        f"use a company it is installed in: {installed}"
        if installed
        else "use a company Company Admin > App Management lists the app in"
    )
    if company is None:
        return (
            Check(
                "company header",
                "failed",
                "no company is configured, and most endpoints need Procore-Company-Id",
                f"set PROCORE_COMPANY_ID or pass --company-id ({choices})",
            ),
            None,
        )
    try:
        response = client._send(
            RequestOptions(
                method="GET",
                url="/rest/v1.0/projects",
                params={"company_id": company, "per_page": 1},
                company_id=company,
            )
        )
    except PermissionDeniedError as exc:
        return (
            Check(
                "company header",
                "failed",
                f"company {company} refused: {exc}",
                f"install the app in company {company} (Company Admin > App Management), "
                f"or {choices}",
            ),
            None,
        )
    except APIStatusError as exc:
        return Check("company header", "failed", str(exc), _SEE_MESSAGE), None
    return Check("company header", "passed", f"company {company} accepted"), response


def _clock(response: httpx.Response, now: float) -> Check:
    server = _http_date(response.headers.get("date"))
    if server is None:
        return Check("clock", "skipped", "Procore's answer had no Date header")
    skew = now - server
    # Date has whole seconds: up to 1 s of difference is the header's rounding.
    if abs(skew) > MAX_SKEW:
        side = "ahead of" if skew > 0 else "behind"
        return Check(
            "clock",
            "failed",
            f"this machine's clock is {abs(skew):.0f} s {side} Procore's",
            "synchronise the clock (NTP): token expiry and rate-limit resets are computed from it",
        )
    return Check("clock", "passed", f"within {max(abs(skew), 1.0):.0f} s of Procore's")


def _budget(response: httpx.Response, now: float) -> Check:
    limit = RateLimit.from_headers(response.headers)
    if limit is None:
        return Check("rate budget", "skipped", "Procore sent no X-Rate-Limit-* headers")
    server_now = limit.server_time if limit.server_time is not None else now
    resets = max(limit.reset - server_now, 0.0)
    detail = (
        f"{limit.remaining} of {limit.limit} requests left; the window resets in {resets:.0f} s"
    )
    if limit.remaining < max(1, limit.limit * LOW_BUDGET):
        return Check(
            "rate budget",
            "failed",
            detail,
            "wait for the reset, or spread the load (fewer workers, larger pages); "
            "(Procore docs: Rate Limiting)",
        )
    return Check("rate budget", "passed", detail)


def _webhooks(ctx: Context, namespace: str | None) -> list[Check]:
    client = ctx.client()
    try:
        hooks = list(client.webhooks.hooks.list(namespace=namespace))
    except APIError as exc:
        return [Check("webhooks", "failed", str(exc), _SEE_MESSAGE)]
    if not hooks:
        return [Check("webhooks", "passed", "no hooks" + (f" in {namespace}" if namespace else ""))]
    checks = []
    for hook in hooks:
        if hook.id is None:
            continue
        name = f"webhook {hook.id} ({hook.namespace}, {hook.destination_url})"
        attempts = list(client.webhooks.deliveries.list(hook.id))
        last = max(attempts, key=lambda a: a.id or 0, default=None)
        if last is None:
            checks.append(Check(name, "passed", "no deliveries yet"))
        elif last.outcome in ("ok",):
            checks.append(Check(name, "passed", f"last delivery ok at {last.completed_at}"))
        else:
            failing = sum(1 for a in attempts if a.outcome in ("retried", "failed"))
            error = last.response_error or (
                f"HTTP {last.response_status}: {(last.response_body or '').strip()[:200]}"
                if last.response_status is not None
                else "no response"
            )
            state = "discarded" if last.outcome == "discarded" else "paused"
            checks.append(
                Check(
                    name,
                    "failed",
                    f"{state}: {failing} failed attempts; last error at {last.completed_at}: "
                    f"{error}",
                    "make the destination answer 2xx within 5 s; Procore retries with "
                    "backoff up to 1 h and discards events after 12 h of failure "
                    "(Procore docs: How Webhooks Work)",
                )
            )
    return checks


def run_checks(ctx: Context, clock: Callable[[], float]) -> list[Check]:
    """Every check, in order; later checks are skipped when the credentials fail."""
    # A diagnosis reports a spent rate budget; it never waits for it to come back.
    ctx.client_overrides.update(rate_limit_pacing=False, max_retries=0)
    credentials = _credentials(ctx)
    checks = [credentials]
    if credentials.status != "passed":
        rest = ("companies", "company header", "clock", "rate budget", "webhooks")
        return checks + [Check(name, "skipped", "needs working credentials") for name in rest]
    companies, found = _companies(ctx)
    header, response = _company_header(ctx, found)
    checks += [companies, header]
    if response is None:
        checks += [
            Check(n, "skipped", "needs an accepted company") for n in ("clock", "rate budget")
        ]
    else:
        now = clock()
        checks += [_clock(response, now), _budget(response, now)]
    if header.status == "passed":
        checks += _webhooks(ctx, ctx.args.namespace)
    else:
        checks.append(Check("webhooks", "skipped", "needs an accepted company"))
    return checks


_MARK = {"passed": "ok  ", "failed": "FAIL", "skipped": "skip"}


def _run_doctor(ctx: Context) -> int:
    checks = run_checks(ctx, ctx.clock)
    for check in checks:
        ctx.stdout.write(f"[{_MARK[check.status]}] {check.name}: {check.detail}\n")
        if check.fix:
            ctx.stdout.write(f"       fix: {check.fix}\n")
    failed = [c for c in checks if c.status == "failed"]
    ctx.stdout.write(
        f"{len(checks) - len(failed)} of {len(checks)} checks passed or skipped, "
        f"{len(failed)} failed\n"
    )
    if checks[0].status == "failed":
        return 3
    return 1 if failed else 0

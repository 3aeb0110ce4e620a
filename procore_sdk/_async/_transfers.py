"""Files in and out of Procore: ``client.transfers`` (uploads, downloads, attaching).

Procore's calls (create, complete and read an upload; create a file) go through the one call
pipeline; presigned storage URLs are called with bare requests on the client's connection pool
that carry only the headers Procore signed, never the Procore token or company header (Procore
docs: Working with Direct File Uploads; Working with the Unified Upload API (v2.1); Secure File
Access). The pure rules (part plans, hashes, limits, which hosts see the token, ``Range``
resume) live in ``procore_sdk/_upload_plan.py`` and ``procore_sdk/_download_plan.py``.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol

import httpx

from .. import _concurrency, _operations
from .._clock import AsyncSleep, Clock
from .._document_tree import (
    DocumentEntry,
    MirrorReport,
    children,
    entry,
    load_state,
    plan_mirror,
    save_state,
    scan_local,
)
from .._download_plan import check_url, content_range_start, sends_token
from .._errors import (
    APIConnectionError,
    ProcoreError,
    argument_type_error,
    invalid_argument,
    make_status_error,
)
from .._logging import get_logger
from .._pipeline import resolve_company
from .._request import RequestOptions
from .._retry import RetryPolicy
from .._types import UNSET, UnsetType
from .._upload_plan import (
    FORM_MAX,
    Flow,
    Part,
    Source,
    check_flow,
    check_id,
    content_type_for,
    digest_parts,
    open_source,
    part_size_for,
    plan_parts,
    source_name,
    unified_operation,
    upload_field,
)
from ._auth import AsyncTokenManager
from ._calls import async_call_operation

__all__ = ["AsyncTransfers", "ProgressCallback"]

log = get_logger("procore_sdk")

ProgressCallback = Callable[[int, int | None], object]
"""Called as ``on_progress(bytes_done, bytes_total)`` (``None`` when the total is unknown)."""

# Polling a completed unified upload until it is available (Procore docs: Working with the
# Unified Upload API (v2.1)): first wait, longest wait.
_POLL_FIRST = 0.5
_POLL_MAX = 5.0


class _Client(Protocol):
    _http: httpx.AsyncClient
    _sleep: AsyncSleep
    _clock: Clock
    _retry: RetryPolicy
    _max_retries: int
    _tokens: AsyncTokenManager
    _base_url: str

    @property
    def company_id(self) -> int | None: ...

    async def _send(self, options: RequestOptions) -> httpx.Response: ...

    async def _secrets(self) -> list[str | None]: ...


def _segments(parts: tuple[Part, ...], hashes: tuple[str, ...]) -> list[dict[str, Any]]:
    """Each part's size and SHA-256, as both flows declare them when an upload is created."""
    return [{"size": p.size, "sha256": h} for p, h in zip(parts, hashes, strict=True)]


def _put_part(url: str, headers: dict[str, str], src: Source, part: Part) -> httpx.Request:
    return httpx.Request("PUT", url, headers=headers, content=_part_body(src, part))


async def _part_body(src: Source, part: Part) -> AsyncIterator[bytes]:
    for piece in src.chunks(part):
        yield piece


def _same(request: httpx.Request) -> httpx.Request:
    return request


def _check_concurrency(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise argument_type_error("concurrency", value, "an integer >= 1")
    if value < 1:
        raise invalid_argument("concurrency", value, "an integer >= 1")
    return value


def _check_progress(value: object) -> ProgressCallback | None:
    if value is not None and not callable(value):
        raise argument_type_error("on_progress", value, "a callable (done, total) or None")
    return value


class _Progress:
    """Bytes done so far, reported after each part (parts finish in any order)."""

    def __init__(self, total: int | None, callback: ProgressCallback | None) -> None:
        self.total = total
        self.done = 0
        self.callback = callback
        self.lock = _concurrency.AsyncLock()

    async def add(self, count: int) -> None:
        async with self.lock:
            self.done += count
            if self.callback is not None:
                self.callback(self.done, self.total)


class _PartUrls:
    """The presigned URL and headers of each part, refreshed through GET when they expire."""

    def __init__(
        self,
        segments: list[Mapping[str, Any]],
        refresh: Callable[[], Any],
        extra: Mapping[str, str],
    ) -> None:
        self.segments = segments
        self.refresh_call = refresh
        self.extra = dict(extra)
        self.generation = 0
        self.lock = _concurrency.AsyncLock()

    def target(self, index: int) -> tuple[str, dict[str, str], int]:
        seg = self.segments[index]
        headers = {str(k): str(v) for k, v in (seg.get("headers") or {}).items()}
        return str(seg["url"]), {**self.extra, **headers}, self.generation

    async def refresh(self, seen: int) -> None:
        async with self.lock:
            # Another part may have refreshed them already.
            if self.generation == seen:
                self.segments = await self.refresh_call()
                self.generation += 1


class AsyncTransfers:
    """Moving files in and out of Procore: ``client.transfers``.

    Every method is keyword-only past its first arguments and checks them, raising
    ``InvalidArgumentError``/``ArgumentTypeError`` naming the argument.
    """

    def __init__(self, client: _Client) -> None:
        self._client = client

    # -- uploads ---------------------------------------------------------------------------

    async def upload(
        self,
        source: Any,
        *,
        project_id: int | None = None,
        company_id: int | UnsetType | None = UNSET,
        flow: Flow = "direct",
        file_name: str | None = None,
        content_type: str | None = None,
        part_size: int | None = None,
        concurrency: int = 4,
        on_progress: ProgressCallback | None = None,
        available_timeout: float = 300.0,
    ) -> str:
        """Upload a file to Procore's storage and return the upload id to attach.

        Reads the source twice in constant memory: once to hash every part (both flows need
        the hashes up front), once to send the parts, ``concurrency`` at a time. A failed part
        is retried alone; a part whose URL expired gets fresh URLs through GET. Storage never
        sees the Procore token or any SDK header.

        ``flow="direct"`` uses Procore's direct upload (``POST /rest/v1.1/projects/{project_id}/
        uploads``, or the company's): one presigned form POST for a file of at most 8 MiB,
        otherwise segments completed by ``PATCH`` with their ETags (Procore docs: Working with
        Direct File Uploads). Its ``uuid`` goes in ``upload_uuid``/``upload_ids`` of files,
        images, RFIs and the other records that take uploads. ``flow="unified"`` uses the
        unified upload (``POST /rest/v2.1/companies/{company_id}/projects/{project_id}/uploads``;
        Procore docs: Working with the Unified Upload API (v2.1)), completed with
        ``part_etags`` and polled until ``available``, for Document Management records.

        Args:
            source: a path, bytes, or a binary stream (read from its position to its end; a
                stream that cannot seek is spooled to a temporary file first).
            project_id: upload into this project; without it, into the company.
            company_id: the company (default: the client's).
            flow: ``"direct"`` (v1.1) or ``"unified"`` (v2.1).
            file_name: the name Procore shows (default: the path's or stream's name).
            content_type: the MIME type (default: guessed from the name).
            part_size: bytes per part (default 8 MiB, grown to stay within 10,000 parts).
                Direct: 5 MiB to 5 GiB; unified: above 5 MiB, at most 100 MiB.
            concurrency: parts in flight at once.
            on_progress: called as ``on_progress(bytes_sent, bytes_total)`` after each part.
            available_timeout: unified only: seconds to wait for ``available``.

        Returns:
            The upload's ``uuid`` (direct) or ``upload_id`` (unified).

        Raises:
            InvalidArgumentError: an argument is wrong, or the file is too large for the flow.
            APIStatusError: Procore or its storage refused a request.
            APIConnectionError: storage could not be reached, after retries.
            ProcoreError: a unified upload did not become available in time.
        """
        chosen = check_flow(flow)
        limit = _check_concurrency(concurrency)
        if (
            isinstance(available_timeout, bool)
            or not isinstance(available_timeout, (int, float))
            or not available_timeout >= 0
        ):
            raise invalid_argument("available_timeout", available_timeout, "seconds, >= 0")
        progress_cb = _check_progress(on_progress)
        if project_id is not None:
            project_id = check_id("project_id", project_id)
        company = resolve_company(company_id, self._client.company_id)
        # Opening may spool a stream to disk: off the event loop.
        opened = await _concurrency.async_run_blocking(open_source, source, file_name=file_name)
        with opened as src:
            ctype = content_type_for(src.name, content_type)
            size = part_size_for(src.size, chosen, part_size)
            parts = plan_parts(src.size, size)
            progress = _Progress(src.size, progress_cb)
            if chosen == "unified":
                return await self._unified(
                    src, parts, ctype, company, project_id, limit, progress, available_timeout
                )
            # A small file goes in one form POST (held in memory); anything larger, even one
            # large segment, is streamed.
            if src.size <= FORM_MAX:
                return await self._direct_form(src, ctype, company, project_id, progress)
            return await self._direct_segments(
                src, parts, ctype, company, project_id, limit, progress
            )

    async def create_file(
        self,
        source: Any,
        *,
        project_id: int | None = None,
        company_id: int | UnsetType | None = UNSET,
        parent_id: int | None = None,
        name: str | None = None,
        description: str | None = None,
        part_size: int | None = None,
        concurrency: int = 4,
        on_progress: ProgressCallback | None = None,
    ) -> dict[str, Any]:
        """Upload a local file and create it in a project's (or the company's) Documents tool,
        in one call.

        Uploads with the direct flow (see `upload()`), then calls ``POST /rest/v1.0/files``
        (``POST /rest/v1.0/companies/{company_id}/files`` without ``project_id``) with the
        upload's ``uuid`` as ``file.upload_uuid`` (Procore API reference: Create File).

        Args:
            source: a path, bytes, or a binary stream.
            project_id: the project; without it, the company's documents.
            company_id: the company (default: the client's).
            parent_id: the folder (default: the root folder).
            name: the file's name in Procore (default: the source's name).
            description: the file's description.
            part_size: see `upload()`.
            concurrency: see `upload()`.
            on_progress: see `upload()`.

        Returns:
            The file as Procore answers it (``id``, ``name``, ``file_versions`` with each
            version's ``url``...).
        """
        file_name = source_name(source, name)
        if parent_id is not None:
            parent_id = check_id("parent_id", parent_id)
        upload_id = await self.upload(
            source,
            project_id=project_id,
            company_id=company_id,
            file_name=file_name,
            part_size=part_size,
            concurrency=concurrency,
            on_progress=on_progress,
        )
        attributes = {"name": file_name, "parent_id": parent_id, "upload_uuid": upload_id}
        if description is not None:
            attributes["description"] = description
        group = (
            "project_folders_and_files" if project_id is not None else "company_folders_and_files"
        )
        created: dict[str, Any] = await async_call_operation(
            self._client,
            _operations.lookup(group, "create"),
            {"project_id": project_id},
            body={"file": {k: v for k, v in attributes.items() if v is not None}},
            company_id=company_id,
        )
        return created

    async def create_image(
        self,
        source: Any,
        *,
        project_id: int,
        company_id: int | UnsetType | None = UNSET,
        name: str | None = None,
        image: Mapping[str, Any] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> dict[str, Any]:
        """Upload a photo and create it in the project's Photos tool, in one call.

        Uploads with the direct flow (see `upload()`), then calls ``POST /rest/v1.0/images``
        with ``upload_uuid``, ``image_name`` and the ``image`` attributes (Procore API
        reference: Create Image). Procore wants at least one ``image`` attribute; without any,
        an empty ``description`` is sent.

        Args:
            source: a path, bytes, or a binary stream.
            project_id: the project.
            company_id: the company (default: the client's).
            name: the image's file name (default: the source's name).
            image: attributes of the image (``description``, ``image_category_id``,
                ``private``, ``log_date``, ``location_id``...).
            on_progress: see `upload()`.

        Returns:
            The image as Procore answers it (``id``, ``url``, ``filename``...).
        """
        file_name = source_name(source, name)
        if image is not None and not isinstance(image, Mapping):
            raise argument_type_error("image", image, "a mapping of image attributes or None")
        upload_id = await self.upload(
            source,
            project_id=project_id,
            company_id=company_id,
            file_name=file_name,
            on_progress=on_progress,
        )
        created: dict[str, Any] = await async_call_operation(
            self._client,
            _operations.lookup("images", "create"),
            {"project_id": project_id},
            body={
                "upload_uuid": upload_id,
                "image_name": file_name,
                "image": dict(image) if image else {"description": ""},
            },
            company_id=company_id,
        )
        return created

    async def create_drawing_upload(
        self,
        sources: Any,
        *,
        project_id: int,
        drawing_set_id: int,
        drawing_date: str,
        revision: str,
        company_id: int | UnsetType | None = UNSET,
        drawing_area_id: int | None = None,
        get_info_from_filename: bool = True,
        on_progress: ProgressCallback | None = None,
    ) -> dict[str, Any]:
        """Upload drawing files and start a drawing upload in the project's Drawings tool.

        Uploads each file with the direct flow (see `upload()`), then calls ``POST
        /rest/v1.1/projects/{project_id}/drawing_uploads`` with one ``drawing_log_imports``
        entry per file (Procore API reference: Create Drawing Upload). Procore then reads the
        sheets; the answer's ``status`` says how far it got.

        Args:
            sources: the drawing files (paths, bytes or binary streams), or a single one.
            project_id: the project.
            drawing_set_id: the drawing set the revisions belong to.
            drawing_date: the drawings' date (``YYYY-MM-DD``).
            revision: the default revision of each sheet.
            company_id: the company (default: the client's).
            drawing_area_id: the drawing area, where the project uses them.
            get_info_from_filename: let Procore read numbers and titles from the file names.
            on_progress: called as ``on_progress(files_uploaded, files_total)``.

        Returns:
            The drawing upload as Procore answers it (``id``, ``status``...).
        """
        items = list(sources) if isinstance(sources, (list, tuple)) else [sources]
        if not items:
            raise invalid_argument("sources", sources, "at least one drawing file")
        for argument, value in (("drawing_date", drawing_date), ("revision", revision)):
            if not isinstance(value, str) or not value:
                raise invalid_argument(argument, value, "a non-empty string")
        progress_cb = _check_progress(on_progress)
        imports = []
        for done, item in enumerate(items, start=1):
            upload_id = await self.upload(item, project_id=project_id, company_id=company_id)
            imports.append(
                {
                    "upload_uuid": upload_id,
                    "drawing_date": drawing_date,
                    "default_revision": revision,
                }
            )
            if progress_cb is not None:
                progress_cb(done, len(items))
        attributes: dict[str, Any] = {
            "drawing_set_id": drawing_set_id,
            "get_info_from_filename": get_info_from_filename,
            "drawing_log_imports": imports,
        }
        if drawing_area_id is not None:
            attributes["drawing_area_id"] = drawing_area_id
        created: dict[str, Any] = await async_call_operation(
            self._client,
            _operations.lookup("drawings", "create_drawing_uploads", "v1.1"),
            {"project_id": project_id},
            body={"drawing_upload": attributes},
            company_id=company_id,
        )
        return created

    async def attach(
        self,
        sources: Any,
        *,
        to: str,
        id: int | None = None,
        project_id: int | None = None,
        company_id: int | UnsetType | None = UNSET,
        path: Mapping[str, Any] | None = None,
        attributes: Mapping[str, Any] | None = None,
        version: str | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Any:
        """Upload local files and create or update a record that takes them, in one call.

        ``to`` names the operation (``"punch_items.update"``, ``"incidents.create"``,
        ``"meeting_topics.update"``...). Its body field for uploads (``upload_ids`` or
        ``upload_uuids``, inside the record's wrapper or at the top level) comes from the
        operation table; an operation without one is refused. Each file is uploaded with the
        direct flow (see `upload()`), then the operation is called once with the upload ids
        and ``attributes`` (Procore docs: Working with Direct File Uploads, "associate the
        upload with a resource").

        Args:
            sources: the files (paths, bytes or binary streams), or a single one.
            to: ``"group.action"`` of the create or update call.
            id: the record's id, for an update.
            project_id: the project, where the operation is project-scoped (uploads go there).
            company_id: the company (default: the client's).
            path: other path values of the operation (``{"generic_tool_id": 7}``).
            attributes: other fields of the record, sent with the upload ids.
            version: the operation's version (default: the table's default).
            on_progress: called as ``on_progress(files_uploaded, files_total)``.

        Returns:
            What Procore answers (the record, as a dict).
        """
        if not isinstance(to, str) or "." not in to:
            raise invalid_argument("to", to, 'an operation such as "punch_items.update"')
        group, _, action = to.partition(".")
        op = _operations.lookup(group, action, version)
        field = upload_field(op)
        if field is None or op.body is None:
            raise invalid_argument("to", to, "an operation whose body takes upload_ids")
        if attributes is not None and not isinstance(attributes, Mapping):
            raise argument_type_error("attributes", attributes, "a mapping of fields or None")
        items = list(sources) if isinstance(sources, (list, tuple)) else [sources]
        if not items:
            raise invalid_argument("sources", sources, "at least one file")
        progress_cb = _check_progress(on_progress)
        ids = []
        for done, item in enumerate(items, start=1):
            ids.append(await self.upload(item, project_id=project_id, company_id=company_id))
            if progress_cb is not None:
                progress_cb(done, len(items))
        wrapped, name = field
        record = {**(attributes or {}), name: ids}
        wrapper = op.body.wrapper
        payload = {wrapper: record} if wrapped and wrapper else record
        values = {**(path or {}), "project_id": project_id, "id": id}
        return await async_call_operation(
            self._client, op, values, body=payload, company_id=company_id
        )

    def _direct_op(self, action: str, project_id: int | None) -> _operations.Operation:
        name = action + ("_in_project" if project_id is not None else "")
        return _operations.lookup("legacy_uploads", name, "v1.1")

    async def _direct_form(
        self,
        src: Source,
        ctype: str,
        company: int | None,
        project_id: int | None,
        progress: _Progress,
    ) -> str:
        created = await async_call_operation(
            self._client,
            self._direct_op("create", project_id),
            {"project_id": project_id},
            body={"response_filename": src.name, "response_content_type": ctype},
            company_id=company,
        )
        data = src.read_at(0, src.size)
        fields = {str(k): str(v) for k, v in (created.get("fields") or {}).items()}

        def build() -> httpx.Request:
            # The form's fields unchanged, then the file under "file" (Procore docs: Working
            # with Direct File Uploads).
            return httpx.Request(
                "POST", str(created["url"]), data=fields, files={"file": (src.name, data, ctype)}
            )

        await self._storage(build, idempotent=True)
        await progress.add(src.size)
        return str(created["uuid"])

    async def _direct_segments(
        self,
        src: Source,
        parts: tuple[Part, ...],
        ctype: str,
        company: int | None,
        project_id: int | None,
        limit: int,
        progress: _Progress,
    ) -> str:
        digest = await _concurrency.async_run_blocking(digest_parts, src, parts)
        segments = _segments(parts, digest.parts)
        created = await async_call_operation(
            self._client,
            self._direct_op("create", project_id),
            {"project_id": project_id},
            body={
                "response_filename": src.name,
                "response_content_type": ctype,
                "segments": segments,
            },
            company_id=company,
        )
        upload_id = str(created["uuid"])

        async def refresh() -> list[Mapping[str, Any]]:
            again = await async_call_operation(
                self._client,
                self._direct_op("retrieve", project_id),
                {"project_id": project_id, "uuid": upload_id},
                company_id=company,
            )
            return list(again["segments"])

        # Segments are PUT as application/octet-stream with their headers unchanged.
        urls = _PartUrls(
            list(created["segments"]), refresh, {"Content-Type": "application/octet-stream"}
        )
        etags = await self._send_parts(src, parts, urls, limit, progress)
        await async_call_operation(
            self._client,
            self._direct_op("update", project_id),
            {"project_id": project_id, "uuid": upload_id},
            # ETags in segment order (Procore docs: Working with Direct File Uploads).
            body={"segments": [{"etag": e} for e in etags]},
            company_id=company,
        )
        return upload_id

    async def _unified(
        self,
        src: Source,
        parts: tuple[Part, ...],
        ctype: str,
        company: int | None,
        project_id: int | None,
        limit: int,
        progress: _Progress,
        available_timeout: float,
    ) -> str:
        level: Literal["project", "company"] = "project" if project_id is not None else "company"
        digest = await _concurrency.async_run_blocking(digest_parts, src, parts)
        values = {"project_id": project_id}
        created = await async_call_operation(
            self._client,
            unified_operation("create", level),
            values,
            body={
                "file_name": src.name,
                "file_size": src.size,
                "content_type": ctype,
                "sha256": digest.sha256,
                "segments": _segments(parts, digest.parts),
            },
            company_id=company,
        )
        upload_id = str(created["upload_id"])
        ids = {**values, "upload_id": upload_id}

        async def read() -> Any:
            return await async_call_operation(
                self._client, unified_operation("retrieve", level), ids, company_id=company
            )

        async def refresh() -> list[Mapping[str, Any]]:
            # GET answers fresh URLs when they expired.
            return list((await read())["segments"])

        urls = _PartUrls(list(created["segments"]), refresh, {})
        etags = await self._send_parts(src, parts, urls, limit, progress)
        await async_call_operation(
            self._client,
            unified_operation("update", level),
            ids,
            body={"part_etags": etags},
            company_id=company,
        )
        # complete -> available once Procore has processed it; poll until then.
        deadline = self._client._clock() + available_timeout
        wait = _POLL_FIRST
        while (await read()).get("status") != "available":
            if self._client._clock() + wait > deadline:
                raise ProcoreError(
                    f"upload {upload_id} was not available after {available_timeout:g} s; "
                    "read it again later before attaching it"
                )
            await self._client._sleep(wait)
            wait = min(_POLL_MAX, wait * 2)
        return upload_id

    async def _send_parts(
        self,
        src: Source,
        parts: tuple[Part, ...],
        urls: _PartUrls,
        limit: int,
        progress: _Progress,
    ) -> list[str]:
        async def one(part: Part) -> str:
            refreshed = False
            while True:
                url, headers, seen = urls.target(part.index)
                # Streamed from the source a chunk at a time (a part is never held whole); the
                # length is declared so the body is not sent chunked.
                sized = dict(headers)
                if not any(k.lower() == "content-length" for k in sized):
                    sized["Content-Length"] = str(part.size)
                response = await self._storage(
                    partial(_put_part, url, sized, src, part),
                    idempotent=True,
                    handled=None if refreshed else 403,
                )
                if response is None:
                    # The part's URL expired (storage answers 403): fresh URLs, once.
                    refreshed = True
                    await urls.refresh(seen)
                    continue
                await progress.add(part.size)
                return str(response.headers.get("etag", ""))

        return [etag async for etag in _concurrency.async_map_ordered(one, parts, limit=limit)]

    async def _storage(
        self,
        build: Callable[[], httpx.Request],
        *,
        idempotent: bool,
        handled: int | None = None,
        stream: bool = False,
        redirect_ok: bool = False,
    ) -> httpx.Response | None:
        """Send a bare request to storage, retrying it alone after a 5xx or a broken
        connection; ``None`` for the status ``handled`` (the caller deals with it: a 403 is an
        expired URL, a 401 an expired token)."""
        client = self._client
        retries = 0
        while True:
            # A bare request: only the headers storage signed, never the Procore token.
            request = build()
            try:
                # auth=None: an http_client's own auth must not reach storage either.
                response = await client._http.send(
                    request, stream=stream, auth=None, follow_redirects=False
                )
            except httpx.HTTPError as exc:
                decision = client._retry.after_exception(
                    method=request.method,
                    exc=exc,
                    retries_taken=retries,
                    idempotent=idempotent,
                    max_retries=client._max_retries,
                )
                if decision.retry:
                    retries += 1
                    await client._sleep(decision.delay)
                    continue
                raise APIConnectionError(
                    f"{request.method} {request.url.path} failed: {type(exc).__name__} "
                    f"after {retries} retries",
                    request=request,
                ) from exc
            # The path only: a presigned query carries a signature.
            log.debug(
                "%s %s (storage) -> %d (retries %d)",
                request.method,
                request.url.path,
                response.status_code,
                retries,
            )
            if response.is_success or (redirect_ok and response.is_redirect):
                return response
            if stream:
                await response.aread()
            if response.status_code == handled:
                return None
            decision = client._retry.after_response(
                method=request.method,
                response=response,
                retries_taken=retries,
                now=client._clock(),
                idempotent=idempotent,
                max_retries=client._max_retries,
            )
            if decision.retry:
                retries += 1
                await client._sleep(decision.delay)
                continue
            raise make_status_error(
                response, retries_taken=retries, secrets=await client._secrets()
            )

    # -- downloads -------------------------------------------------------------------------

    async def download(
        self,
        url: str,
        destination: str | os.PathLike[str] | BinaryIO,
        *,
        on_progress: ProgressCallback | None = None,
    ) -> int:
        """Stream a file (a file version's, an image's or a drawing's ``url``) to a path or a
        writable binary stream, in constant memory.

        A Procore file URL gets the bearer token and redirects to storage; the redirect is
        followed without the token (Procore docs: Secure File Access). A connection that breaks
        mid-file is resumed with ``Range`` where storage allows it, else started again (a
        destination that cannot seek then raises).

        Args:
            url: the file's URL as Procore gave it (never built by hand).
            destination: a path (replaced once the download is complete) or a binary stream
                open for writing.
            on_progress: called as ``on_progress(bytes_written, bytes_total)`` after each chunk.

        Returns:
            The number of bytes written.

        Raises:
            InvalidArgumentError: not an absolute URL, or not a path or binary stream.
            APIStatusError: Procore or storage refused the request.
            APIConnectionError: the download broke more often than the client retries.
        """
        start = check_url(url)
        progress_cb = _check_progress(on_progress)
        if isinstance(destination, (str, os.PathLike)):
            # Written beside the target and renamed when complete: a failed download leaves
            # neither a partial file nor a clobbered old one.
            target = Path(destination)
            partial_file = target.with_name(target.name + ".part")
            try:
                with partial_file.open("wb") as handle:
                    written = await self._download_to(start, handle, progress_cb)
            except BaseException:
                partial_file.unlink(missing_ok=True)
                raise
            os.replace(partial_file, target)
            return written
        if not callable(getattr(destination, "write", None)):
            raise argument_type_error(
                "destination", destination, "a path or a binary stream open for writing"
            )
        return await self._download_to(start, destination, progress_cb)

    async def _locate(self, url: httpx.URL) -> tuple[httpx.URL, dict[str, str]]:
        """Where the bytes are, and the headers to fetch them with.

        A Procore file URL gets the token and answers a redirect to storage, which is then
        fetched without it: the token is never forwarded on a redirect (Procore docs: Secure
        File Access). Any other URL is fetched bare.
        """
        client = self._client
        if not sends_token(url, client._base_url):
            return url, {}
        replayed = False
        while True:
            token = await client._tokens.get_token()
            auth = {"Authorization": f"Bearer {token}"}
            request = httpx.Request("GET", url, headers=auth)
            response = await self._storage(
                partial(_same, request),
                idempotent=True,
                stream=True,
                redirect_ok=True,
                handled=None if replayed else 401,
            )
            replayed = True
            if response is None:
                # An expired token: a new one if the client can get one, then once more
                # (Procore docs: Error Code Reference).
                await client._tokens.handle_unauthorized(token)
                continue
            await response.aclose()
            break
        if response.is_redirect:
            return url.join(response.headers["location"]), {}
        return url, auth

    async def _download_to(
        self, url: httpx.URL, handle: BinaryIO, progress_cb: ProgressCallback | None
    ) -> int:
        client = self._client
        storage, auth = await self._locate(url)
        written = 0
        total: int | None = None
        failures = 0
        seekable = bool(getattr(handle, "seekable", lambda: False)())
        origin = handle.tell() if seekable else 0
        while True:
            headers = {**auth, "Range": f"bytes={written}-"} if written else auth
            response = await self._storage(
                partial(httpx.Request, "GET", storage, headers=headers),
                idempotent=True,
                stream=True,
            )
            assert response is not None
            try:
                if (
                    written
                    and content_range_start(response.headers.get("content-range")) != written
                ):
                    # No partial answer: start the file again.
                    if not seekable:
                        raise APIConnectionError(
                            f"GET {storage.path} broke after {written} bytes and storage cannot "
                            "resume; the destination cannot be rewound"
                        )
                    handle.seek(origin)
                    handle.truncate()
                    written = 0
                if total is None and "content-length" in response.headers:
                    total = written + int(response.headers["content-length"])
                # unasync: sync-only for chunk in response.iter_bytes():
                async for chunk in response.aiter_bytes():  # unasync: async-only
                    handle.write(chunk)
                    written += len(chunk)
                    if progress_cb is not None:
                        progress_cb(written, total)
                return written
            except httpx.TransportError as exc:
                failures += 1
                if failures > client._max_retries:
                    raise APIConnectionError(
                        f"GET {storage.path} broke after {written} bytes, {failures} times",
                        request=response.request,
                    ) from exc
                await client._sleep(client._retry.backoff(failures - 1))
            finally:
                await response.aclose()

    # -- document trees --------------------------------------------------------------------

    def _documents(self, project_id: int | None) -> str:
        if project_id is not None:
            check_id("project_id", project_id)
            return "project_folders_and_files"
        return "company_folders_and_files"

    async def _folder(
        self, group: str, project_id: int | None, company_id: Any, folder_id: int | None
    ) -> Any:
        if folder_id is None:
            op, values = _operations.lookup(group, "list_folders"), {"project_id": project_id}
        else:
            op = _operations.lookup(group, "retrieve_folders")
            values = {"project_id": project_id, "id": folder_id}
        return await async_call_operation(self._client, op, values, company_id=company_id)

    async def walk(
        self,
        *,
        project_id: int | None = None,
        company_id: int | UnsetType | None = UNSET,
        folder_id: int | None = None,
    ) -> AsyncIterator[DocumentEntry]:
        """Every folder and file of a project's (or the company's) documents, lazily.

        Reads ``GET /rest/v1.0/folders`` (``GET /rest/v1.0/companies/{company_id}/folders``
        without ``project_id``), then ``GET .../folders/{id}`` for each folder when the walk
        reaches it (Procore docs: Working with Documents). A folder comes before what it holds;
        files and folders in the recycle bin (``is_deleted``) are skipped.

        Args:
            project_id: the project; without it, the company's documents.
            company_id: the company (default: the client's).
            folder_id: start below this folder instead of the root.

        Yields:
            A ``DocumentEntry`` per folder and file, its ``path`` relative to the start.
        """
        group = self._documents(project_id)
        if folder_id is not None:
            folder_id = check_id("folder_id", folder_id)
        pending: list[tuple[str, int | None]] = [("", folder_id)]
        while pending:
            path, current = pending.pop()
            folders, files = children(await self._folder(group, project_id, company_id, current))
            for record in files:
                if not record.get("is_deleted"):
                    yield entry(path, "file", record)
            below = [entry(path, "folder", r) for r in folders if not r.get("is_deleted")]
            for item in below:
                yield item
            # Depth first, in the order Procore lists them.
            pending.extend((item.path, item.id) for item in reversed(below))

    async def mirror(
        self,
        source: str | os.PathLike[str],
        *,
        project_id: int | None = None,
        company_id: int | UnsetType | None = UNSET,
        folder_id: int | None = None,
        dry_run: bool = False,
        state: str | os.PathLike[str] | None = None,
        concurrency: int = 4,
        on_progress: ProgressCallback | None = None,
    ) -> MirrorReport:
        """Mirror a local directory into a Procore folder: create the missing folders, upload
        new files and a new version of changed ones, and report what was done.

        A file is changed when its size differs from Procore's, or when ``state`` records
        another checksum for it. Procore's file records carry no checksum, so give ``state``
        (a JSON file this method keeps: the SHA-256 of each file as last mirrored) to catch
        edits that keep the size. A second run over an unchanged directory writes nothing.

        Calls ``POST /rest/v1.0/folders``, ``POST /rest/v1.0/files`` and ``POST
        /rest/v1.0/file_versions`` (their company twins without ``project_id``) after direct
        uploads (see `upload()`).

        Args:
            source: the local directory (hidden files and folders are skipped).
            project_id: the project; without it, the company's documents.
            company_id: the company (default: the client's).
            folder_id: the Procore folder to mirror into (default: the root).
            dry_run: only report what would be done.
            state: a JSON file keeping the checksums between runs (read, then rewritten).
            concurrency: parts in flight at once per upload.
            on_progress: called as ``on_progress(bytes_sent, bytes_total)`` over all files.

        Returns:
            A ``MirrorReport``.
        """
        group = self._documents(project_id)
        _check_concurrency(concurrency)
        progress_cb = _check_progress(on_progress)
        local = await _concurrency.async_run_blocking(scan_local, source)
        remote = {
            item.path: item
            async for item in self.walk(
                project_id=project_id, company_id=company_id, folder_id=folder_id
            )
        }
        checksums = load_state(state)
        plan = plan_mirror(local, remote, checksums)
        report = MirrorReport(
            plan.folders,
            tuple(item.path for item in plan.new),
            tuple(item.path for item, _ in plan.changed),
            plan.unchanged,
            dry_run,
        )
        if dry_run:
            return report
        ids = {path: item.id for path, item in remote.items() if item.kind == "folder"}

        def parent_of(path: str) -> int | None:
            head = path.rpartition("/")[0]
            return ids[head] if head else folder_id

        for path in plan.folders:
            made = await async_call_operation(
                self._client,
                _operations.lookup(group, "create_folders"),
                {"project_id": project_id},
                body={"folder": {"name": path.rpartition("/")[2], "parent_id": parent_of(path)}},
                company_id=company_id,
            )
            ids[path] = int(made["id"])
        total = sum(item.size for item in plan.new) + sum(item.size for item, _ in plan.changed)
        sent = 0

        def report_bytes(done: int, _total: int | None) -> None:
            if progress_cb is not None:
                progress_cb(sent + done, total)

        for item in plan.new:
            await self.create_file(
                item.source,
                project_id=project_id,
                company_id=company_id,
                parent_id=parent_of(item.path),
                name=item.path.rpartition("/")[2],
                concurrency=concurrency,
                on_progress=report_bytes,
            )
            sent += item.size
            checksums[item.path] = item.sha256
        for item, there in plan.changed:
            upload_id = await self.upload(
                item.source,
                project_id=project_id,
                company_id=company_id,
                concurrency=concurrency,
                on_progress=report_bytes,
            )
            await async_call_operation(
                self._client,
                _operations.lookup(group, "create_file_versions"),
                {"project_id": project_id, "file_id": there.id},
                body={"file_version": {"upload_uuid": upload_id}},
                company_id=company_id,
            )
            sent += item.size
            checksums[item.path] = item.sha256
        for item in local:
            checksums.setdefault(item.path, item.sha256)
        save_state(state, checksums)
        return report

"""The fake Procore's uploads and documents: both upload flows, files that keep their bytes.

- Direct uploads (Procore docs: Working with Direct File Uploads): ``POST .../uploads`` answers
  a presigned form (non-segmented) or one presigned PUT per segment (``segments`` of 5 MB to
  5 GB but the last, each with its SHA-256); ``PATCH .../uploads/{uuid}`` takes the ETags in
  order and completes it; ``GET`` answers the upload with fresh URLs.
- Unified uploads (Procore docs: Working with the Unified Upload API (v2.1)): parts above
  5 MiB and up to 100 MiB (the last smaller), at most 10,000, ``part_etags`` in order (``null``
  for parts not yet sent: status ``receiving``), then ``complete`` and, once processed,
  ``available``. Only the user who created an upload may use it.
- Project files (``POST /rest/v1.0/files`` with ``file.upload_uuid``) keep the uploaded bytes;
  each version's ``url`` is a Procore URL that needs the bearer token and redirects to storage
  (Procore docs: Secure File Access).
"""

from __future__ import annotations

import hashlib
import uuid as uuidlib
from typing import TYPE_CHECKING, Any

import attrs

from .._upload_plan import (
    DIRECT_MAX_SEGMENT,
    DIRECT_MIN_SEGMENT,
    UNIFIED_MAX_PART,
    UNIFIED_MAX_PARTS,
    UNIFIED_MIN_PART,
)
from ._responses import FakeResponse, empty_response, json_response, v1_error, v2_error
from ._storage import FakeStorage

if TYPE_CHECKING:
    from ._app import _Ctx

__all__ = ["DOWNLOAD_PREFIX", "FILE_ROUTES", "FakeFiles", "FakeUpload"]

# Procore-hosted file links that redirect to storage (Procore docs: Secure File Access).
DOWNLOAD_PREFIX = "/fas/api/v5/files/"

_DIRECT = (
    "/rest/v1.{v}/companies/{{company_id}}/uploads",
    "/rest/v1.{v}/projects/{{project_id}}/uploads",
)
_UNIFIED = (
    "/rest/v2.1/companies/{company_id}/uploads",
    "/rest/v2.1/companies/{company_id}/projects/{project_id}/uploads",
)

# (method, template, handler name): custom routes of the fake (see ``_routes.py``).
FILE_ROUTES: tuple[tuple[str, str, str], ...] = (
    *(
        row
        for v in (0, 1)
        for base in _DIRECT
        for row in (
            ("POST", base.format(v=v), "files:direct.create"),
            ("GET", base.format(v=v) + "/{uuid}", "files:direct.show"),
            ("PATCH", base.format(v=v) + "/{uuid}", "files:direct.update"),
        )
    ),
    *(
        row
        for base in _UNIFIED
        for row in (
            ("POST", base, "files:unified.create"),
            ("GET", base + "/{upload_id}", "files:unified.show"),
            ("PATCH", base + "/{upload_id}", "files:unified.update"),
        )
    ),
    *(
        row
        for base in ("/rest/v1.0", "/rest/v1.0/companies/{company_id}")
        for row in (
            ("POST", base + "/files", "files:file.create"),
            ("GET", base + "/files/{id}", "files:file.show"),
            ("GET", base + "/folders", "files:folder.root"),
            ("GET", base + "/folders/{id}", "files:folder.show"),
            ("POST", base + "/folders", "files:folder.create"),
            ("POST", base + "/file_versions", "files:file.version"),
        )
    ),
    ("POST", "/rest/v1.0/images", "files:image.create"),
    ("GET", "/rest/v1.0/images/{id}", "files:image.show"),
    *(
        row
        for v in (0, 1)
        for row in (
            (
                "POST",
                f"/rest/v1.{v}/projects/{{project_id}}/drawing_uploads",
                "files:drawing.create",
            ),
            (
                "GET",
                f"/rest/v1.{v}/projects/{{project_id}}/drawing_uploads/{{id}}",
                "files:drawing.show",
            ),
        )
    ),
)


@attrs.define
class FakeUpload:
    """An upload the fake handed out.

    Attributes:
        id: the upload's ``uuid`` (direct) or ``upload_id`` (unified).
        flow: ``direct`` or ``unified``.
        owner: the user who created it (the only one who may use it).
        file_name: the name given.
        content_type: the content type given.
        segments: ``{"size", "sha256"}`` of each part (empty for a non-segmented upload).
        sha256: the whole file's SHA-256 (unified).
        status: ``ready``, ``receiving``, ``complete`` or ``available``.
        polls_left: GETs answering ``complete`` before the upload becomes ``available``.
    """

    id: str
    flow: str
    owner: int
    file_name: str
    content_type: str
    segments: list[dict[str, Any]]
    sha256: str | None = None
    status: str = "ready"
    polls_left: int = 1

    def part_key(self, index: int) -> str:
        return f"uploads/{self.id}/parts/{index}"

    @property
    def key(self) -> str:
        return f"uploads/{self.id}"


class FakeFiles:
    """Uploads and files of a fake Procore; `storage` is its presigned storage.

    Attributes:
        uploads: every upload by id.
        files: project and company files by id.
        folders: project and company folders by id (each scope has a root).
        images: project images (photos) by id.
        drawing_uploads: drawing uploads by id.
        processing_polls: GETs of a completed unified upload answering ``complete`` before it
            is ``available``.
    """

    def __init__(self, fake: Any) -> None:
        self.fake = fake
        self.storage = FakeStorage(fake.now)
        self.uploads: dict[str, FakeUpload] = {}
        self.files: dict[int, dict[str, Any]] = {}
        self.folders: dict[int, dict[str, Any]] = {}
        self.images: dict[int, dict[str, Any]] = {}
        self.drawing_uploads: dict[int, dict[str, Any]] = {}
        self.processing_polls = 1
        self._next_id = 7_100_000_001

    # ------------------------------------------------------------------- dispatch

    def handle(self, ctx: _Ctx) -> FakeResponse:
        """Answer one of `FILE_ROUTES`."""
        name = ctx.route.collection.removeprefix("files:")
        handler = getattr(self, "_" + name.replace(".", "_"))
        result: FakeResponse = handler(ctx)
        return result

    def download(self, path: str, hdrs: dict[str, str], origin: str) -> FakeResponse:
        """A Procore file link: needs the bearer token, redirects to a presigned storage URL."""
        auth = hdrs.get("authorization", "")
        token = (
            self.fake.oauth.check(auth[7:].strip()) if auth.lower().startswith("bearer ") else None
        )
        if token is None:
            return v1_error(401, "The access token is invalid")
        key = path[len(DOWNLOAD_PREFIX) :]
        if key not in self.storage.objects:
            return v1_error(404, "Not Found")
        return empty_response(302, {"Location": self.storage.sign(origin, "GET", key)})

    # ------------------------------------------------------------------- helpers

    def _owned(self, ctx: _Ctx, upload_id: str, flow: str) -> FakeUpload | FakeResponse:
        found = self.uploads.get(upload_id)
        if found is None or found.flow != flow:
            return ctx.err(404, "Upload not found")
        if found.owner != ctx.token.user_id:
            # Only the user who created an upload may use it.
            return ctx.err(403, "Only the creator of an upload may use it")
        return found

    def _assemble(self, upload: FakeUpload) -> None:
        objects = self.storage.objects
        data = b"".join(objects.pop(upload.part_key(i), b"") for i in range(len(upload.segments)))
        objects[upload.key] = data

    # ------------------------------------------------------------------- direct uploads

    def _direct_segments(self, ctx: _Ctx, upload: FakeUpload, fresh: bool) -> list[dict[str, Any]]:
        out = []
        for i, seg in enumerate(upload.segments):
            headers = {"x-amz-content-sha256": seg["sha256"], "content-length": str(seg["size"])}
            url = self.storage.sign(
                ctx.origin,
                "PUT",
                upload.part_key(i),
                headers={**headers, "content-type": "application/octet-stream"},
                size=seg["size"],
                sha256=seg["sha256"],
            )
            out.append({**seg, "url": url if fresh else None, "headers": headers})
        return out

    def _direct_create(self, ctx: _Ctx) -> FakeResponse:
        body = ctx.body
        name = body.get("response_filename") or "upload"
        ctype = body.get("response_content_type") or "application/octet-stream"
        segments = body.get("segments")
        upload = FakeUpload(uuidlib.uuid4().hex, "direct", ctx.token.user_id, name, ctype, [])
        if segments is None:
            self.uploads[upload.id] = upload
            fields = {
                "key": upload.key,
                "Content-Type": ctype,
                "Content-Disposition": f'attachment; filename="{name}"',
                "policy": "fake-policy",
                "x-amz-credential": "fake-credential",
                "x-amz-algorithm": "AWS4-HMAC-SHA256",
                "x-amz-date": "20250101T000000Z",
                "x-amz-signature": uuidlib.uuid4().hex,
            }
            url = self.storage.sign(ctx.origin, "POST", upload.key, fields=fields)
            return json_response(201, {"uuid": upload.id, "url": url, "fields": fields})
        if not isinstance(segments, list) or not segments:
            return v1_error(422, {"segments": ["must be a non-empty list"]})
        for i, seg in enumerate(segments):
            size, sha = (
                (seg.get("size"), seg.get("sha256")) if isinstance(seg, dict) else (None, None)
            )
            if not isinstance(size, int) or not isinstance(sha, str):
                return v1_error(422, {f"segments[{i}]": ["size and sha256 are required"]})
            last = i == len(segments) - 1
            # 5 MB to 5 GB per segment, except the last (Procore docs: Working with Direct File
            # Uploads).
            if size > DIRECT_MAX_SEGMENT or (not last and size < DIRECT_MIN_SEGMENT):
                return v1_error(422, {f"segments[{i}].size": ["must be between 5 MB and 5 GB"]})
            upload.segments.append({"size": size, "sha256": sha})
        self.uploads[upload.id] = upload
        return json_response(
            201,
            {
                "uuid": upload.id,
                "segments": self._direct_segments(ctx, upload, True),
                "status": "ready",
            },
        )

    def _direct_show(self, ctx: _Ctx) -> FakeResponse:
        found = self._owned(ctx, ctx.params["uuid"], "direct")
        if isinstance(found, FakeResponse):
            return found
        return json_response(
            200,
            {
                "uuid": found.id,
                "segments": self._direct_segments(ctx, found, found.status == "ready"),
                "status": found.status,
            },
        )

    def _direct_update(self, ctx: _Ctx) -> FakeResponse:
        found = self._owned(ctx, ctx.params["uuid"], "direct")
        if isinstance(found, FakeResponse):
            return found
        given = ctx.body.get("segments")
        etags = [s.get("etag") if isinstance(s, dict) else None for s in given or []]
        expected = [self.storage.etags.get(found.part_key(i)) for i in range(len(found.segments))]
        # ETags in segment order (Procore docs: Working with Direct File Uploads).
        if len(etags) != len(expected) or None in expected or etags != expected:
            return v1_error(422, {"segments": ["ETags must match the uploaded segments, in order"]})
        self._assemble(found)
        found.status = "complete"
        return json_response(200, {"uuid": found.id, "status": "complete"})

    # ------------------------------------------------------------------- unified uploads

    def _unified_segments(self, ctx: _Ctx, upload: FakeUpload) -> list[dict[str, Any]]:
        out = []
        for i, seg in enumerate(upload.segments):
            headers = {"Content-Length": str(seg["size"])}
            url = self.storage.sign(
                ctx.origin,
                "PUT",
                upload.part_key(i),
                headers=headers,
                size=seg["size"],
                sha256=seg["sha256"],
            )
            expires = self.fake.now() + self.storage.url_lifetime
            out.append({"url": url, "url_expires_at": expires, "headers": headers})
        return out

    def _unified_record(self, ctx: _Ctx, upload: FakeUpload, urls: bool) -> dict[str, Any]:
        size = sum(s["size"] for s in upload.segments)
        return {
            "upload_id": upload.id,
            "file_name": upload.file_name,
            "sanitized_file_name": upload.file_name.replace("/", "_"),
            "content_type": upload.content_type,
            "file_size": size,
            "status": upload.status,
            "custom_metadata": {},
            "segments": self._unified_segments(ctx, upload) if urls else [],
        }

    def _unified_create(self, ctx: _Ctx) -> FakeResponse:
        body = ctx.body
        problems: list[dict[str, str]] = []
        for field, kind in (("file_name", str), ("file_size", int), ("sha256", str)):
            if not isinstance(body.get(field), kind):
                problems.append(
                    {"reason_code": "INVALID_PROPERTY", "message": f"{field} is required"}
                )
        segments = body.get("segments")
        if not isinstance(segments, list) or not segments:
            problems.append({"reason_code": "INVALID_PROPERTY", "message": "segments is required"})
            segments = []
        if len(segments) > UNIFIED_MAX_PARTS:
            problems.append(
                {"reason_code": "INVALID_PROPERTY", "message": "at most 10000 segments"}
            )
        total = 0
        for i, seg in enumerate(segments):
            size = seg.get("size") if isinstance(seg, dict) else None
            sha = seg.get("sha256") if isinstance(seg, dict) else None
            if not isinstance(size, int) or not isinstance(sha, str):
                problems.append(
                    {
                        "reason_code": "INVALID_PROPERTY",
                        "message": f"segments.{i} needs size and sha256",
                    }
                )
                continue
            total += size
            last = i == len(segments) - 1
            # Parts above 5 MiB (exactly 5 MiB is rejected) and at most 100 MiB, the last
            # smaller (Procore docs: Working with the Unified Upload API (v2.1)).
            if size > UNIFIED_MAX_PART or (not last and size < UNIFIED_MIN_PART):
                problems.append(
                    {
                        "reason_code": "INVALID_PROPERTY",
                        "message": f"segments.{i}.size must be above 5 MiB and at most 100 MiB",
                    }
                )
        if not problems and total != body["file_size"]:
            problems.append(
                {
                    "reason_code": "INVALID_PROPERTY",
                    "message": "segment sizes must add up to file_size",
                }
            )
        if problems:
            return v2_error(400, "Bad Request", problems)
        upload = FakeUpload(
            uuidlib.uuid4().hex,
            "unified",
            ctx.token.user_id,
            body["file_name"],
            body.get("content_type") or "application/octet-stream",
            [{"size": s["size"], "sha256": s["sha256"]} for s in segments],
            sha256=body["sha256"],
            polls_left=self.processing_polls,
        )
        self.uploads[upload.id] = upload
        record = self._unified_record(ctx, upload, True)
        record["upload_expires_at"] = self.fake.now() + 24 * 3600
        return json_response(201, {"data": record})

    def _unified_show(self, ctx: _Ctx) -> FakeResponse:
        found = self._owned(ctx, ctx.params["upload_id"], "unified")
        if isinstance(found, FakeResponse):
            return found
        if found.status == "complete":
            if found.polls_left <= 0:
                found.status = "available"
            found.polls_left -= 1
        # GET gives fresh URLs while parts may still be sent.
        urls = found.status in ("ready", "receiving")
        return json_response(200, {"data": self._unified_record(ctx, found, urls)})

    def _unified_update(self, ctx: _Ctx) -> FakeResponse:
        found = self._owned(ctx, ctx.params["upload_id"], "unified")
        if isinstance(found, FakeResponse):
            return found
        etags = ctx.body.get("part_etags")
        if not isinstance(etags, list) or len(etags) != len(found.segments):
            return v2_error(
                400, "Bad Request", [{"reason_code": "INVALID_PROPERTY", "message": "part_etags"}]
            )
        expected = [self.storage.etags.get(found.part_key(i)) for i in range(len(found.segments))]
        for i, (given, wanted) in enumerate(zip(etags, expected, strict=True)):
            if given is not None and given != wanted:
                return v2_error(
                    422,
                    "Unprocessable Entity",
                    [{"reason_code": "INVALID_INPUT", "message": f"part_etags.{i} does not match"}],
                )
        if None in etags:
            found.status = "receiving"
            return json_response(200, {"data": {"upload_id": found.id, "status": "receiving"}})
        self._assemble(found)
        if hashlib.sha256(self.storage.objects[found.key]).hexdigest() != found.sha256:
            return v2_error(
                422,
                "Unprocessable Entity",
                [{"reason_code": "INVALID_INPUT", "message": "sha256 does not match the file"}],
            )
        found.status = "complete"
        return json_response(200, {"data": {"upload_id": found.id, "status": "complete"}})

    # ------------------------------------------------------------------- documents
    #
    # Project documents are scoped by ``project_id`` in the query, company documents by the
    # path's ``company_id`` (Procore API reference: Project Folders and Files; Company Folders
    # and Files).

    def _scope(self, ctx: _Ctx) -> tuple[str, int] | FakeResponse:
        if "company_id" in ctx.params:
            return ("company", int(ctx.params["company_id"]))
        project = ctx.q("project_id")
        if project is None or not project.isdigit():
            return v1_error(400, "project_id is required")
        return ("project", int(project))

    def root(self, scope: tuple[str, int]) -> dict[str, Any]:
        """The root folder of a project's (``("project", id)``) or company's documents."""
        for folder in self.folders.values():
            if folder["_scope"] == scope and folder["parent_id"] is None:
                return folder
        return self._new_folder(scope, "", None)

    def _new_folder(self, scope: tuple[str, int], name: str, parent: int | None) -> dict[str, Any]:
        folder_id = self._next_id
        self._next_id += 1
        above = self.folders.get(parent) if parent is not None else None
        path = f"{above['name_with_path']}/{name}" if above and above["name_with_path"] else name
        record = {
            "_scope": scope,
            "id": folder_id,
            "name": name,
            "parent_id": parent,
            "name_with_path": path,
            "is_deleted": False,
            "is_tracked": False,
            "updated_at": _iso(self.fake.now()),
        }
        self.folders[folder_id] = record
        return record

    def add_folder(self, scope: tuple[str, int], name: str) -> dict[str, Any]:
        """Store a folder under the scope's root."""
        return self._new_folder(scope, name, self.root(scope)["id"])

    def _public(self, record: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in record.items() if not k.startswith("_")}

    def _folder_view(self, folder: dict[str, Any]) -> dict[str, Any]:
        # A folder answers an object with its subfolders and files (Procore docs: Working with
        # Documents), for the root too.
        fid = folder["id"]
        return {
            **self._public(folder),
            "folders": [
                self._public(f)
                for f in self.folders.values()
                if f["parent_id"] == fid and not f["is_deleted"]
            ],
            "files": [self._public(f) for f in self.files.values() if f["parent_id"] == fid],
        }

    def _folder_root(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        return json_response(200, self._folder_view(self.root(scope)))

    def _folder_show(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        found = self.folders.get(int(ctx.params["id"]))
        if found is None or found["_scope"] != scope:
            return v1_error(404, "Not Found")
        return json_response(200, self._folder_view(found))

    def _parent(self, scope: tuple[str, int], given: Any) -> dict[str, Any] | None:
        if given is None:
            return self.root(scope)
        found = self.folders.get(int(given)) if str(given).isdigit() else None
        return found if found is not None and found["_scope"] == scope else None

    def _folder_create(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        given = ctx.body.get("folder")
        if not isinstance(given, dict) or not isinstance(given.get("name"), str):
            return v1_error(422, {"name": ["can't be blank"]})
        parent = self._parent(scope, given.get("parent_id"))
        if parent is None:
            return v1_error(422, {"parent_id": ["is not a folder of this project"]})
        for other in self.folders.values():
            if other["parent_id"] == parent["id"] and other["name"] == given["name"]:
                return v1_error(422, {"name": ["has already been taken"]})
        folder = self._new_folder(scope, given["name"], parent["id"])
        return json_response(201, self._folder_view(folder))

    def _file_create(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        given = ctx.body.get("file")
        if not isinstance(given, dict):
            return v1_error(400, "file is required")
        found = self._completed(ctx, given.get("upload_uuid"))
        if isinstance(found, FakeResponse):
            return found
        parent = self._parent(scope, given.get("parent_id"))
        if parent is None:
            return v1_error(422, {"parent_id": ["is not a folder of this project"]})
        record = self.add_file(
            scope, found, ctx.origin, parent["id"], given.get("name"), given.get("description")
        )
        return json_response(201, self._public(record))

    def add_file(
        self,
        scope: tuple[str, int],
        upload: FakeUpload,
        origin: str,
        parent_id: int | None = None,
        name: str | None = None,
        description: str | None = None,
    ) -> dict[str, Any]:
        """Store a file of a completed upload in a folder (the scope's root by default)."""
        file_id = self._next_id
        self._next_id += 1
        version = self._version(origin, file_id, 1, upload)
        record = {
            "_scope": scope,
            "id": file_id,
            "name": name or upload.file_name,
            "parent_id": self.root(scope)["id"] if parent_id is None else parent_id,
            "description": description,
            "size": version["size"],
            "file_versions": [version],
            "updated_at": _iso(self.fake.now()),
        }
        self.files[file_id] = record
        return record

    def completed_upload(
        self, owner: int, file_name: str = "example.pdf", data: bytes = b"%PDF-1.4 example"
    ) -> FakeUpload:
        """A direct upload whose bytes arrived (as after its form POST), owned by ``owner``."""
        upload = FakeUpload(
            uuidlib.uuid4().hex, "direct", owner, file_name, "application/pdf", [], None, "complete"
        )
        self.uploads[upload.id] = upload
        self.storage.put(upload.key, data)
        return upload

    def uploaded_parts(self, owner: int, data: bytes = b"example part") -> FakeUpload:
        """A segmented direct upload whose one part arrived and awaits its ETags."""
        sha = hashlib.sha256(data).hexdigest()
        upload = FakeUpload(
            uuidlib.uuid4().hex,
            "direct",
            owner,
            "example.bin",
            "application/octet-stream",
            [{"size": len(data), "sha256": sha}],
        )
        self.uploads[upload.id] = upload
        self.storage.put(upload.part_key(0), data)
        return upload

    def _completed(self, ctx: _Ctx, upload_id: Any) -> FakeUpload | FakeResponse:
        found = self.uploads.get(str(upload_id))
        # Bytes exist under the upload's key once it is complete (or its form POST arrived).
        if found is None or found.key not in self.storage.objects:
            return v1_error(422, {"upload_uuid": ["is not a completed upload"]})
        if found.owner != ctx.token.user_id:
            return v1_error(403, "Only the creator of an upload may use it")
        return found

    def _version(
        self, origin: str, file_id: int, number: int, upload: FakeUpload
    ) -> dict[str, Any]:
        return {
            "id": file_id * 100 + number,
            "number": number,
            "size": len(self.storage.objects[upload.key]),
            "file_id": file_id,
            "url": f"{origin}{DOWNLOAD_PREFIX}{upload.key}",
            "created_at": _iso(self.fake.now()),
        }

    def _file_version(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        file_id = ctx.q("file_id")
        found = self.files.get(int(file_id)) if file_id and file_id.isdigit() else None
        if found is None or found["_scope"] != scope:
            return v1_error(404, "Not Found")
        given = ctx.body.get("file_version")
        if not isinstance(given, dict):
            return v1_error(400, "file_version is required")
        upload = self._completed(ctx, given.get("upload_uuid"))
        if isinstance(upload, FakeResponse):
            return upload
        version = self._version(ctx.origin, found["id"], len(found["file_versions"]) + 1, upload)
        found["file_versions"].append(version)
        found["size"] = version["size"]
        found["updated_at"] = version["created_at"]
        return json_response(201, version)

    def _file_show(self, ctx: _Ctx) -> FakeResponse:
        scope = self._scope(ctx)
        if isinstance(scope, FakeResponse):
            return scope
        found = self.files.get(int(ctx.params["id"]))
        if found is None or found["_scope"] != scope:
            return v1_error(404, "Not Found")
        return json_response(200, self._public(found))

    # ------------------------------------------------------------------- images and drawings

    def _link(self, ctx: _Ctx, upload: FakeUpload) -> str:
        return f"{ctx.origin}{DOWNLOAD_PREFIX}{upload.key}"

    def _image_create(self, ctx: _Ctx) -> FakeResponse:
        project = ctx.q("project_id")
        if project is None or not project.isdigit():
            return v1_error(400, "project_id is required")
        body = ctx.body
        attributes = body.get("image")
        # At least one image attribute, and image_name with an upload_uuid (Procore API
        # reference: Create Image).
        if not isinstance(attributes, dict) or not attributes:
            return v1_error(422, {"image": ["needs at least one attribute"]})
        if not isinstance(body.get("image_name"), str):
            return v1_error(422, {"image_name": ["is required with upload_uuid"]})
        upload = self._completed(ctx, body.get("upload_uuid"))
        if isinstance(upload, FakeResponse):
            return upload
        record = self.add_image(int(project), body["image_name"], attributes, upload, ctx.origin)
        return json_response(201, record)

    def add_image(
        self,
        project: int,
        image_name: str,
        attributes: dict[str, Any],
        upload: FakeUpload,
        origin: str,
    ) -> dict[str, Any]:
        """Store a project image (photo) of a completed upload."""
        image_id = self._next_id
        self._next_id += 1
        now = _iso(self.fake.now())
        link = f"{origin}{DOWNLOAD_PREFIX}{upload.key}"
        record = {
            "id": image_id,
            "project_id": project,
            "filename": image_name,
            "size": len(self.storage.objects[upload.key]),
            "url": link,
            "thumbnail_url": link,
            "description": attributes.get("description"),
            "image_category_id": attributes.get("image_category_id"),
            "private": bool(attributes.get("private", False)),
            "created_at": now,
            "updated_at": now,
        }
        self.images[image_id] = record
        return record

    def _image_show(self, ctx: _Ctx) -> FakeResponse:
        found = self.images.get(int(ctx.params["id"]))
        if found is None or str(found["project_id"]) != ctx.q("project_id"):
            return v1_error(404, "Not Found")
        return json_response(200, found)

    def _drawing_create(self, ctx: _Ctx) -> FakeResponse:
        given = ctx.body.get("drawing_upload")
        if not isinstance(given, dict) or not isinstance(given.get("drawing_set_id"), int):
            return v1_error(422, {"drawing_set_id": ["is required"]})
        imports = given.get("drawing_log_imports")
        if not isinstance(imports, list) or not imports:
            return v1_error(422, {"drawing_log_imports": ["is required"]})
        kept = []
        for i, item in enumerate(imports):
            # upload_uuid, drawing_date and default_revision are required (Procore API
            # reference: Create Drawing Upload).
            if not isinstance(item, dict) or not all(
                item.get(k) for k in ("upload_uuid", "drawing_date", "default_revision")
            ):
                return v1_error(422, {f"drawing_log_imports[{i}]": ["is incomplete"]})
            upload = self._completed(ctx, item["upload_uuid"])
            if isinstance(upload, FakeResponse):
                return upload
            kept.append({**item, "filename": upload.file_name, "url": self._link(ctx, upload)})
        record = self.add_drawing_upload(
            int(ctx.params["project_id"]), ctx.company, ctx.token.user_id, given, kept
        )
        return json_response(201, record)

    def add_drawing_upload(
        self,
        project: int,
        company: int | None,
        user: int,
        given: dict[str, Any],
        imports: list[dict[str, Any]],
    ) -> dict[str, Any]:
        """Store a drawing upload (queued) of checked ``drawing_log_imports``."""
        upload_id = self._next_id
        self._next_id += 1
        now = _iso(self.fake.now())
        record = {
            "id": upload_id,
            "project_id": project,
            "company_id": company,
            "created_by_id": user,
            "drawing_set_id": given["drawing_set_id"],
            "drawing_area_id": given.get("drawing_area_id"),
            "get_info_from_filename": bool(given.get("get_info_from_filename", False)),
            "status": "in_queue",
            "drawing_log_imports": imports,
            "created_at": now,
            "updated_at": now,
        }
        self.drawing_uploads[upload_id] = record
        return record

    def _drawing_show(self, ctx: _Ctx) -> FakeResponse:
        found = self.drawing_uploads.get(int(ctx.params["id"]))
        if found is None or str(found["project_id"]) != ctx.params["project_id"]:
            return v1_error(404, "Not Found")
        return json_response(200, found)


def _iso(seconds: float) -> str:
    import datetime as dt

    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

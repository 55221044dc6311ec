"""Uploaded files: one allow-list of types, one size limit, one safe way to serve them.

Every upload (order attachments, plan minutes) is checked here before it is
stored: the extension must be on the allow-list, the type the browser declares
must fit the extension, the first bytes must look like that type (a renamed
.html file is refused), and the size must be within UPLOAD_MAX_BYTES.

Stored files are never served from MEDIA_URL: a view checks the caller's scope and
answers through `file_response`, always as a download (`Content-Disposition:
attachment`), with the allow-listed content type (else application/octet-stream)
and `X-Content-Type-Options: nosniff`, so a browser never renders an upload as a page.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.translation import gettext as _

from core.errors import ApplicationError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
OCTET_STREAM = "application/octet-stream"

_ZIP = (b"PK\x03\x04",)
_TEXT = ()  # checked by content, not by a signature


@dataclass(frozen=True)
class FileType:
    content_type: str
    # Other types browsers declare for the same files (Windows calls CSV "Excel").
    aliases: tuple[str, ...] = ()
    signatures: tuple[bytes, ...] = ()


TYPES: dict[str, FileType] = {
    "pdf": FileType("application/pdf", ("application/x-pdf",), (b"%PDF-",)),
    "png": FileType("image/png", (), (b"\x89PNG\r\n\x1a\n",)),
    "jpg": FileType("image/jpeg", ("image/pjpeg",), (b"\xff\xd8\xff",)),
    "jpeg": FileType("image/jpeg", ("image/pjpeg",), (b"\xff\xd8\xff",)),
    "docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("application/zip",),
        _ZIP,
    ),
    "xlsx": FileType(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ("application/zip",),
        _ZIP,
    ),
    "pptx": FileType(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("application/zip",),
        _ZIP,
    ),
    "odt": FileType("application/vnd.oasis.opendocument.text", ("application/zip",), _ZIP),
    "ods": FileType("application/vnd.oasis.opendocument.spreadsheet", ("application/zip",), _ZIP),
    "txt": FileType("text/plain"),
    "csv": FileType(
        "text/csv", ("text/plain", "application/csv", "application/vnd.ms-excel"), _TEXT
    ),
}

# What browsers send when they do not know the type; the content check decides then.
_UNKNOWN = ("", OCTET_STREAM, "binary/octet-stream")


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def extension_of(name: str) -> str:
    base = os.path.basename(name or "")
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def content_type_for(name: str) -> str:
    """The content type a stored file is served with: from the allow-list only."""
    kind = TYPES.get(extension_of(name))
    return kind.content_type if kind else OCTET_STREAM


def _head(file: UploadedFile, size: int = 8192) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _looks_like(kind: FileType, head: bytes) -> bool:
    if kind.signatures:
        return any(head.startswith(signature) for signature in kind.signatures)
    # Text: no NUL bytes (binaries have them), and no HTML masquerading as text.
    return b"\x00" not in head and not head.lstrip().lower().startswith((b"<!doctype", b"<html"))


def validate_upload(
    file: UploadedFile,
    *,
    extensions: tuple[str, ...] | None = None,
    limit: int | None = None,
    field: str = "file",
) -> str:
    """Raises ApplicationError (with `field`) unless `file` is an allowed type within
    the size limit; returns its safe base name."""
    allowed = tuple(e for e in (extensions or tuple(TYPES)) if e in TYPES)
    name = os.path.basename(file.name or "").strip()
    extension = extension_of(name)
    if extension not in allowed:
        raise ApplicationError(
            _("Filtypen er ikke tillatt. Tillatte typer: %(types)s.")
            % {"types": ", ".join(allowed)},
            field=field,
        )
    limit = limit if limit is not None else max_bytes()
    if file.size is None or file.size > limit:
        raise ApplicationError(
            _("Filen er for stor. Største tillatte størrelse er %(mb)s MB.")
            % {"mb": f"{limit / (1024 * 1024):g}"},
            field=field,
        )
    if file.size == 0:
        raise ApplicationError(_("Filen er tom."), field=field)
    kind = TYPES[extension]
    declared = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in (kind.content_type, *kind.aliases, *_UNKNOWN):
        raise ApplicationError(
            _("Filen er ikke en gyldig .%(ext)s-fil (typen er %(type)s).")
            % {"ext": extension, "type": declared},
            field=field,
        )
    if not _looks_like(kind, _head(file)):
        raise ApplicationError(
            _("Innholdet i filen passer ikke med filtypen .%(ext)s.") % {"ext": extension},
            field=field,
        )
    return name


def file_response(handle: IO[bytes], *, filename: str) -> FileResponse:
    """A stored upload as a download that no browser renders or sniffs."""
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=content_type_for(filename),
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Should a browser open it anyway, it may run nothing and load nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

"""Stored uploads served back: typed by their checked content, always as a download.

The media type comes from the bytes (kernel.filetypes.sniff), never from the uploaded
name: an HTML page renamed ``通知.doc`` (or stored before the upload check existed) is sent as
``application/octet-stream``, which no browser renders. Every file is sent with
``Content-Disposition: attachment`` and ``X-Content-Type-Options: nosniff``, so a browser saves
it instead of displaying it in the portal's origin.
"""

from __future__ import annotations

from typing import BinaryIO

from django.http import FileResponse

from kernel.filetypes import KIND_MIME, sniff

UNKNOWN_TYPE = "application/octet-stream"


def content_type_of(handle: BinaryIO) -> str:
    """The media type the content proves, or ``application/octet-stream``."""
    kind = sniff(handle)
    return KIND_MIME.get(kind, UNKNOWN_TYPE) if kind is not None else UNKNOWN_TYPE


def file_download(handle: BinaryIO, *, filename: str) -> FileResponse:
    """A download of an open stored file under ``filename``, typed by its content."""
    content_type = content_type_of(handle)
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response

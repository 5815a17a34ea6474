"""The video of an interview, identified by its content (pure): MP4 (ISO base media, an
``ftyp`` box with a video brand) or WebM (an EBML header whose DocType is ``webm``).

kernel.filetypes knows documents and images only; a video is accepted here and nowhere else,
so the kernel's list of document types (and its upload messages) stays as it is.
"""

from __future__ import annotations

import enum
from typing import BinaryIO


class VideoKind(enum.StrEnum):
    MP4 = "mp4"
    WEBM = "webm"


VIDEO_MIME = {VideoKind.MP4: "video/mp4", VideoKind.WEBM: "video/webm"}
_MP4_BRANDS = (b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"dash")
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"


def sniff_video(handle: BinaryIO) -> VideoKind | None:
    """The video kind the first bytes prove, or None; the position of ``handle`` is kept."""
    position = handle.tell()
    try:
        handle.seek(0)
        head = handle.read(64)
    finally:
        handle.seek(position)
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return VideoKind.MP4
    if head.startswith(_EBML_MAGIC) and b"\x42\x82" in head and b"webm" in head:
        return VideoKind.WEBM
    return None

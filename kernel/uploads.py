"""The one check of an uploaded file before it is stored: not empty, not too big, and of a
kind its content proves (kernel.filetypes.sniff), never trusting the name or the browser.

Item attachments (disclosures) and released files (requests_app) both ask it; each caller turns
``UploadRejected`` into its own error type. The message is Chinese and safe to show to staff.
"""

from __future__ import annotations

from typing import Protocol

from kernel.filetypes import KIND_LABELS, FileKind, sniff


class Upload(Protocol):
    name: str | None
    size: int | None

    def read(self, size: int = -1, /) -> bytes: ...
    def seek(self, offset: int, whence: int = 0, /) -> int: ...
    def tell(self) -> int: ...


class UploadRejected(ValueError):
    pass


def check_upload(upload: Upload, *, max_bytes: int) -> FileKind:
    """Validate an upload by content and size; return its kind or raise UploadRejected."""
    if upload.size == 0:
        raise UploadRejected(f"文件《{upload.name}》是空文件。")
    if upload.size > max_bytes:
        raise UploadRejected(
            f"文件《{upload.name}》超过大小限制（{max_bytes / 1024 / 1024:g} MB）。"
        )
    kind = sniff(upload)
    if kind is None:
        raise UploadRejected(
            f"文件《{upload.name}》的内容不是允许的类型。允许上传："
            + "、".join(dict.fromkeys(KIND_LABELS.values()))
            + "。"
        )
    return kind

"""The attachments' ZIP of a catalogue import, read without trusting it.

* An entry whose name leaves the ZIP's root (absolute, ``..``, a drive letter) is an error
  (zip-slip): nothing is ever extracted to disk by name, but such a file is refused outright.
* The sizes the ZIP declares are capped (each file at the attachment limit, all together at
  ``max_total``), and reading stops at the declared size, so a ZIP bomb cannot fill memory.
* Names are matched as written in the 附件 column: the entry's path inside the ZIP, or its bare
  file name when that is unique. Names stored in GBK by old Windows tools are decoded.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kernel import filetypes
from kernel.tables import ImportFailed, RowError

DEFAULT_MAX_TOTAL = 20 * 1024 * 1024 * 1024  # 20 GB uncompressed in one import


@dataclass(frozen=True)
class Entry:
    info: zipfile.ZipInfo
    name: str  # the path inside the ZIP, decoded


def _decoded_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:  # UTF-8 flag set: zipfile decoded it already
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gb18030")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _outside_root(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


class Bundle:
    """The files of the ZIP by the names the 附件 column may use."""

    def __init__(self, path: str | Path, *, max_file: int, max_total: int | None = None):
        max_total = max_total or DEFAULT_MAX_TOTAL
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFailed([RowError(1, f"附件ZIP文件无法打开：{exc}")]) from exc
        self.max_file = max_file
        errors, by_path, total = [], {}, 0
        for info in self._zip.infolist():
            if info.is_dir():
                continue
            name = _decoded_name(info)
            if _outside_root(name):
                errors.append(RowError(1, f"附件ZIP中的“{name}”指向ZIP以外的位置，已拒绝。"))
                continue
            total += info.file_size
            by_path[str(PurePosixPath(name.replace("\\", "/")))] = Entry(info, name)
        if total > max_total:
            errors.append(
                RowError(
                    1,
                    f"附件ZIP解压后共{filetypes.size_display(total)}，"
                    f"超过单次导入的上限{filetypes.size_display(max_total)}。",
                )
            )
        if errors:
            self._zip.close()
            raise ImportFailed(errors)
        self._entries = dict(by_path)
        base_names: dict[str, list[str]] = {}
        for full in by_path:
            base_names.setdefault(PurePosixPath(full).name, []).append(full)
        for base, fulls in base_names.items():
            if len(fulls) == 1 and base not in self._entries:
                self._entries[base] = by_path[fulls[0]]

    def names(self) -> frozenset[str]:
        return frozenset(self._entries)

    def size(self, name: str) -> int:
        return self._entries[name].info.file_size

    def read(self, name: str) -> bytes:
        """The file's bytes, never more than it declared nor than the per-file limit."""
        entry = self._entries[name]
        if entry.info.file_size > self.max_file:
            raise ValueError(f"附件“{name}”超过大小限制（{self.max_file / 1024 / 1024:g} MB）。")
        limit = entry.info.file_size
        with self._zip.open(entry.info) as handle:
            data = handle.read(limit + 1)
        if len(data) > limit:
            raise ValueError(f"附件“{name}”解压后超过声明的大小或上限。")
        return data

    def stream(self, name: str) -> io.BytesIO:
        return io.BytesIO(self.read(name))

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

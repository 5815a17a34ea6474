"""Checking a package: every checksum, no file missing or extra, and every WARC record readable
with its digests right. Works on the ZIP or on a folder it was unpacked into, reading each file
in chunks (a package may hold gigabytes of attachments)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reports.archive import layout
from reports.archive.warc import read_warc


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    records: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


Opener = Callable[[], BinaryIO]


def _zip_entries(archive: zipfile.ZipFile) -> Iterator[tuple[str, Opener]]:
    for info in archive.infolist():
        if not info.is_dir():
            yield info.filename, lambda info=info: archive.open(info)


def _folder_entries(path: Path) -> Iterator[tuple[str, Opener]]:
    for file in sorted(path.rglob("*")):
        if file.is_file():
            yield file.relative_to(path).as_posix(), lambda file=file: file.open("rb")


def check(entries: Iterator[tuple[str, Opener]]) -> Verdict:
    """Hash every entry, then check the manifests and the WARC file."""
    digests: dict[str, str] = {}
    openers: dict[str, Opener] = {}
    for name, opener in entries:
        with opener() as handle:
            digests[name] = layout.hash_stream(handle)[0]
        openers[name] = opener
    manifests = {}
    for name in (layout.MANIFEST, layout.TAG_MANIFEST):
        if name in openers:
            with openers[name]() as handle:
                manifests[name] = handle.read()
    verdict = Verdict(files=len(digests), problems=layout.check_digests(digests, manifests))
    if layout.WARC_PATH not in openers:
        if not any(layout.WARC_PATH in problem for problem in verdict.problems):
            verdict.problems.append(f"缺少网页采集文件：{layout.WARC_PATH}")
        return verdict
    try:
        with openers[layout.WARC_PATH]() as handle:
            records = read_warc(handle)
    except ValueError as exc:
        verdict.problems.append(f"网页采集文件无法读取：{exc}")
        return verdict
    verdict.records = len(records)
    if not records or records[0].rec_type != "warcinfo":
        verdict.problems.append("网页采集文件缺少 warcinfo 记录")
    for record in records:
        for problem in record.problems:
            verdict.problems.append(
                f"网页采集记录校验不符：{record.url or record.rec_type}（{problem}）"
            )
    return verdict


def verify_entries(entries: dict[str, bytes]) -> Verdict:
    """A package held in memory, by path inside it."""
    return check((name, lambda c=content: io.BytesIO(c)) for name, content in entries.items())


def verify_package(path: Path) -> Verdict:
    if path.is_dir():
        return check(_folder_entries(path))
    try:
        with zipfile.ZipFile(path) as archive:
            return check(_zip_entries(archive))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return Verdict(problems=[f"无法读取归档包：{exc}"])

"""Checking a package: every checksum, no file missing or extra, and every WARC record readable
with its digests right. Works on the ZIP or on a folder it was unpacked into."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

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


def read_entries(path: Path) -> dict[str, bytes]:
    """Every file of the package by its path inside it; raises ValueError when unreadable."""
    if path.is_dir():
        return {
            file.relative_to(path).as_posix(): file.read_bytes()
            for file in sorted(path.rglob("*"))
            if file.is_file()
        }
    try:
        with zipfile.ZipFile(path) as archive:
            return {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if not info.is_dir()
            }
    except (zipfile.BadZipFile, OSError) as exc:
        raise ValueError(f"无法读取归档包：{exc}") from exc


def verify_entries(entries: dict[str, bytes]) -> Verdict:
    verdict = Verdict(files=len(entries))
    verdict.problems += layout.check_entries(entries)
    warc = entries.get(layout.WARC_PATH)
    if warc is None:
        if f"缺少文件：{layout.WARC_PATH}（{layout.MANIFEST} 中有记录）" not in verdict.problems:
            verdict.problems.append(f"缺少网页采集文件：{layout.WARC_PATH}")
        return verdict
    try:
        records = read_warc(warc)
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


def verify_package(path: Path) -> Verdict:
    try:
        entries = read_entries(path)
    except ValueError as exc:
        return Verdict(problems=[str(exc)])
    return verify_entries(entries)

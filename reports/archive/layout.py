"""The package layout, pure: file names, canonical JSON, the BagIt tag files and a ZIP that is
the same bytes for the same content.

A package is a BagIt bag (RFC 8493) in one ZIP::

    bagit.txt                 BagIt-Version / Tag-File-Character-Encoding
    bag-info.txt              organisation, year, kind, counts, Payload-Oxum
    manifest-sha256.txt       "<sha256>  data/<path>" for every payload file
    manifest.json             the same list with sizes and what each file is
    tagmanifest-sha256.txt    checksums of the four tag files above
    data/...                  the payload (see docs/archive.md)

Repeatable by construction: entries sorted by name, every ZIP timestamp 1980-01-01 00:00,
fixed permissions, JSON with sorted keys, and no run time anywhere inside (the run time is in
the database row and in the run log written beside the ZIP, never in it).
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

BAGIT_VERSION = "1.0"
PAYLOAD = "data/"
MANIFEST = "manifest-sha256.txt"
MANIFEST_JSON = "manifest.json"
TAG_MANIFEST = "tagmanifest-sha256.txt"
BAGIT = "bagit.txt"
BAG_INFO = "bag-info.txt"
TAG_FILES = (BAGIT, BAG_INFO, MANIFEST, MANIFEST_JSON)
WARC_PATH = "data/web/captures.warc.gz"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a ZIP entry can carry
ZIP64_LIMIT = 1 << 31  # entries this large need ZIP64 headers, decided before writing
_UNSAFE = re.compile(r"[^\w.\-一-鿿]+")


def canonical_json(value: object) -> bytes:
    """UTF-8 JSON with sorted keys and a final newline: equal data, equal bytes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=2, default=str)
    return (text + "\n").encode("utf-8")


def safe_name(value: str, *, fallback: str) -> str:
    """A path segment from an index number, case number or file name (no slashes, no dots
    alone), so no entry can leave its folder."""
    cleaned = _UNSAFE.sub("_", value.strip()).strip("._")
    return cleaned[:120] or fallback


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def package_name(*, slug: str, year: int, restricted: bool) -> str:
    suffix = "-restricted" if restricted else ""
    return f"archive-{safe_name(slug, fallback='org')}-{year}{suffix}.zip"


@dataclass(frozen=True)
class PackageInfo:
    organisation: str
    organisation_code: str
    year: int
    restricted: bool
    items: int
    cases: int
    reports: int
    captures: int


@dataclass(frozen=True)
class FileRef:
    """A payload file kept in storage (an attachment, a proof of identity): hashed and copied in
    chunks, never held whole in memory."""

    opener: Callable[[], BinaryIO]
    sha256: str
    size: int


Content = bytes | FileRef
CHUNK = 1024 * 1024


def digest_of(content: Content) -> tuple[str, int]:
    """SHA-256 and size of an entry."""
    if isinstance(content, FileRef):
        return content.sha256, content.size
    return sha256_of(content), len(content)


def hash_stream(handle: BinaryIO) -> tuple[str, int]:
    """SHA-256 and size of a stream, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def manifest_lines(files: Mapping[str, Content]) -> bytes:
    lines = [f"{digest_of(files[path])[0]}  {path}\n" for path in sorted(files)]
    return "".join(lines).encode("utf-8")


def bag_info(info: PackageInfo, files: Mapping[str, Content]) -> bytes:
    octets = sum(digest_of(content)[1] for content in files.values())
    rows = [
        ("Source-Organization", info.organisation),
        ("Organization-Code", info.organisation_code),
        ("External-Identifier", f"{info.organisation_code or info.organisation}-{info.year}"),
        ("Archive-Year", str(info.year)),
        ("Access-Restriction", "restricted" if info.restricted else "public-masked"),
        ("Bag-Group-Identifier", "统一归档、保存备查"),
        ("Item-Count", str(info.items)),
        ("Case-Count", str(info.cases)),
        ("Report-Count", str(info.reports)),
        ("Capture-Count", str(info.captures)),
        ("Payload-Oxum", f"{octets}.{len(files)}"),
    ]
    return "".join(f"{name}: {value}\n" for name, value in rows).encode("utf-8")


def manifest_json(
    info: PackageInfo, files: Mapping[str, Content], notes: Mapping[str, str]
) -> bytes:
    rows = []
    for path in sorted(files):
        digest, size = digest_of(files[path])
        rows.append({"路径": path, "大小": size, "SHA-256": digest, "说明": notes.get(path, "")})
    return canonical_json(
        {
            "机构": info.organisation,
            "统一社会信用代码": info.organisation_code,
            "年度": info.year,
            "含申请人个人信息": info.restricted,
            "校验算法": "SHA-256",
            "文件": rows,
        }
    )


def bag(
    info: PackageInfo, payload: Mapping[str, Content], notes: Mapping[str, str]
) -> dict[str, Content]:
    """Every entry of the package, tag files included, from the payload (paths under data/)."""
    outside = [path for path in payload if not path.startswith(PAYLOAD) or ".." in path]
    if outside:
        raise ValueError(f"payload paths must stay under {PAYLOAD}: {outside}")
    tags: dict[str, Content] = {
        BAGIT: f"BagIt-Version: {BAGIT_VERSION}\nTag-File-Character-Encoding: UTF-8\n".encode(),
        BAG_INFO: bag_info(info, payload),
        MANIFEST: manifest_lines(payload),
        MANIFEST_JSON: manifest_json(info, payload, notes),
    }
    tags[TAG_MANIFEST] = manifest_lines(tags)
    return {**payload, **tags}


def write_zip(handle: BinaryIO, entries: Mapping[str, Content]) -> None:
    """Entries sorted, each with the same timestamp, permissions and compression; stored files
    copied in chunks."""
    with zipfile.ZipFile(handle, "w", allowZip64=True) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine writes it
            content = entries[name]
            if isinstance(content, FileRef):
                big = content.size >= ZIP64_LIMIT
                with archive.open(info, "w", force_zip64=big) as out, content.opener() as src:
                    while chunk := src.read(CHUNK):
                        out.write(chunk)
            else:
                archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)


def parse_manifest(text: str) -> tuple[dict[str, str], list[str]]:
    """``{path: sha256}`` from a manifest file, and the lines that could not be read."""
    found: dict[str, str] = {}
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, sep, path = line.partition("  ")
        if not sep or not re.fullmatch(r"[0-9a-f]{64}", digest) or not path:
            bad.append(line)
            continue
        found[path] = digest
    return found, bad


def check_entries(entries: Mapping[str, bytes]) -> list[str]:
    """The problems of a package held in memory (see ``check_digests``)."""
    digests = {path: sha256_of(content) for path, content in entries.items()}
    manifests = {name: entries[name] for name in (MANIFEST, TAG_MANIFEST) if name in entries}
    return check_digests(digests, manifests)


def check_digests(digests: Mapping[str, str], manifests: Mapping[str, bytes]) -> list[str]:
    """The problems of a package, in Chinese, from the SHA-256 of every entry and the text of
    its two manifests; empty when every checksum and file is right."""
    problems = [f"缺少文件：{tag}" for tag in (BAGIT, MANIFEST, TAG_MANIFEST) if tag not in digests]
    if problems:
        return problems
    tag_files = [p for p in digests if not p.startswith(PAYLOAD)]
    problems += _check(digests, manifests, TAG_MANIFEST, tag_files)
    problems += _check(digests, manifests, MANIFEST, [p for p in digests if p.startswith(PAYLOAD)])
    return problems


def _check(
    digests: Mapping[str, str],
    manifests: Mapping[str, bytes],
    manifest: str,
    present: Iterable[str],
) -> list[str]:
    listed, bad = parse_manifest(manifests[manifest].decode("utf-8", errors="replace"))
    problems = [f"{manifest} 中有无法识别的行：{line}" for line in bad]
    expected = {p for p in present if p != manifest}
    for path in sorted(listed):
        if path not in digests:
            problems.append(f"缺少文件：{path}（{manifest} 中有记录）")
        elif digests[path] != listed[path]:
            problems.append(f"校验值不符：{path}")
    for path in sorted(expected - set(listed)):
        problems.append(f"多出文件：{path}（{manifest} 中没有记录）")
    return problems

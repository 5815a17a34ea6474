"""Page captures as a WARC file (ISO 28500:2017, WARC/1.1), written and read with warcio.

Repeatable: each record's WARC-Record-ID is a UUID derived from the page address and its
content, and its WARC-Date is the page's own date (publication, or the last change or
withdrawal), never the time of the run. The HTTP headers kept are only those that describe the
content (status, Content-Type, Content-Language); Date, cookies and per-response security
nonces would make two captures of the same page differ.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WARC_VERSION = "1.1"
NAMESPACE = uuid.UUID("6f7b2a8e-19d0-4c55-9a0e-7e1f0c4a9b19")  # this portal's archive records
KEPT_HEADERS = ("Content-Type", "Content-Language")


@dataclass(frozen=True)
class Capture:
    url: str
    status: int
    reason: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    captured: dt.datetime  # aware; the page's own date


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(parts))}>"


def warc_date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class WarcStream:
    """A gzipped WARC written record by record to ``handle``: the warcinfo record first, then a
    response record per capture in the order given (pages are not held in memory)."""

    def __init__(self, handle: BinaryIO, *, filename: str, info: dict[str, str], date) -> None:
        # One gzip member per record (as the standard recommends, for random access); zlib
        # writes each member header with mtime 0, so the same records give the same bytes.
        self.writer = WARCWriter(handle, gzip=True, warc_version=WARC_VERSION)
        self.count = 0
        fields = "".join(f"{k}: {v}\r\n" for k, v in info.items() if v).encode("utf-8")
        warcinfo_id = record_id("warcinfo", filename, hashlib.sha256(fields).hexdigest())
        self.writer.write_record(
            self.writer.create_warc_record(
                "",
                "warcinfo",
                payload=io.BytesIO(fields),
                length=len(fields),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": warcinfo_id,
                    "WARC-Date": warc_date(date),
                    "WARC-Filename": filename,
                },
            )
        )

    def add(self, capture: Capture) -> None:
        digest = hashlib.sha256(capture.body).hexdigest()
        http_headers = StatusAndHeaders(
            f"{capture.status} {capture.reason}",
            [(k, v) for k, v in capture.headers if k in KEPT_HEADERS]
            + [("Content-Length", str(len(capture.body)))],
            protocol="HTTP/1.1",
        )
        self.writer.write_record(
            self.writer.create_warc_record(
                capture.url,
                "response",
                payload=io.BytesIO(capture.body),
                length=len(capture.body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Record-ID": record_id("response", capture.url, digest),
                    "WARC-Date": warc_date(capture.captured),
                },
            )
        )
        self.count += 1


def write_warc(captures: Iterable[Capture], *, filename: str, info: dict[str, str], date) -> bytes:
    """The WARC of ``captures`` in memory (small sets; the archive streams with WarcStream)."""
    buffer = io.BytesIO()
    stream = WarcStream(buffer, filename=filename, info=info, date=date)
    for capture in captures:
        stream.add(capture)
    return buffer.getvalue()


@dataclass(frozen=True)
class WarcRecord:
    rec_type: str
    url: str
    date: str
    record_id: str
    status: str
    length: int
    problems: tuple[str, ...]


def read_warc(content: bytes | BinaryIO) -> list[WarcRecord]:
    """Every record with its digests checked; raises ValueError if the file cannot be read."""
    stream = io.BytesIO(content) if isinstance(content, bytes) else content
    records = []
    try:
        for record in ArchiveIterator(stream, check_digests=True):
            body = record.content_stream().read()
            checker = record.digest_checker
            records.append(
                WarcRecord(
                    rec_type=record.rec_type,
                    url=record.rec_headers.get_header("WARC-Target-URI") or "",
                    date=record.rec_headers.get_header("WARC-Date") or "",
                    record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
                    status=record.http_headers.get_statuscode() if record.http_headers else "",
                    length=len(body),
                    problems=tuple(checker.problems) if checker.passed is False else (),
                )
            )
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise ValueError(str(exc)) from exc
    return records

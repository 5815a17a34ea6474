"""Serve a published report's files from storage; render each one only the first time."""

from __future__ import annotations

import hashlib

from reports.annual import exports, figures
from reports.annual.downloads.models import StoredDownload
from reports.models import AnnualReport


def render(report: AnnualReport, fmt: str) -> bytes:
    """The report as ``fmt``, rendered now (raises PdfUnavailable without a CJK font)."""
    tables = figures.tables_of(report)
    if fmt == "pdf":
        return exports.as_pdf(report, tables)
    if fmt == "xlsx":
        return exports.as_xlsx(report, tables)
    if fmt == "csv":
        return exports.as_csv(tables)
    return exports.as_json(report, tables)


def stored_file(*, report: AnnualReport, fmt: str) -> bytes:
    """The published report's file in ``fmt``: read from storage, or rendered and stored once.

    Two first requests at the same time may both render; the unique constraint keeps one copy
    (identical content) and neither request fails.
    """
    if report.status != AnnualReport.Status.PUBLISHED:
        raise ValueError("only a published report's files are stored")
    body = (
        StoredDownload.objects.filter(report=report, fmt=fmt).values_list("body", flat=True).first()
    )
    if body is not None:
        return bytes(body)
    body = render(report, fmt)
    StoredDownload.objects.bulk_create(
        [
            StoredDownload(
                report=report, fmt=fmt, body=body, sha256=hashlib.sha256(body).hexdigest()
            )
        ],
        ignore_conflicts=True,
    )
    return body

"""Serve a published report's files from storage; render each one only the first time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

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


def stored_body(*, owner: dict, fmt: str, render: Callable[[], bytes]) -> bytes:
    """The file in ``fmt`` of the published report named by ``owner`` (``{"report": r}`` or
    ``{"website_report": r}``): read from storage, or rendered by ``render`` and stored once.

    Two first requests at the same time may both render; the unique constraint keeps one copy
    (identical content) and neither request fails.
    """
    (report,) = owner.values()
    if report.status != "published":
        raise ValueError("only a published report's files are stored")
    body = StoredDownload.objects.filter(**owner, fmt=fmt).values_list("body", flat=True).first()
    if body is not None:
        return bytes(body)
    body = render()
    StoredDownload.objects.bulk_create(
        [StoredDownload(**owner, fmt=fmt, body=body, sha256=hashlib.sha256(body).hexdigest())],
        ignore_conflicts=True,
    )
    return body


def stored_file(*, report: AnnualReport, fmt: str) -> bytes:
    """The published annual report's file in ``fmt`` (see ``stored_body``)."""
    return stored_body(owner={"report": report}, fmt=fmt, render=lambda: render(report, fmt))

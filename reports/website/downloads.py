"""A published 政府网站工作年度报表's files, rendered once and kept (reports.annual.downloads)."""

from __future__ import annotations

from reports.annual.downloads.services import stored_body
from reports.website import exports, figures
from reports.website.models import WebsiteReport


def render(report: WebsiteReport, fmt: str) -> bytes:
    """The report as ``fmt`` now (raises PdfUnavailable without a CJK font)."""
    values = figures.values_of(report)
    if fmt == "pdf":
        return exports.as_pdf(report, values)
    if fmt == "xlsx":
        return exports.as_xlsx(report, values)
    return exports.as_csv(values)


def stored_file(*, report: WebsiteReport, fmt: str) -> bytes:
    return stored_body(
        owner={"website_report": report}, fmt=fmt, render=lambda: render(report, fmt)
    )

"""Which public pages a published annual report (政府信息公开年报) or website report (政府网站
工作年度报表) alters: the purge list the HTTP cache forgets after the commit (ADR 0022)."""

from __future__ import annotations

from django.urls import reverse

from kernel.httpcache.purge import purge_paths
from reports.annual import exports as annual_exports
from reports.models import AnnualReport
from reports.website import exports as website_exports
from reports.website.models import WebsiteReport


def annual_report_paths(report: AnnualReport) -> set[str]:
    """The list of reports, the report's page and downloads, and the sitemap section."""
    return {
        reverse("reports:annual-list"),
        reverse("reports:detail", args=[report.pk]),
        *(reverse("reports:download", args=[report.pk, fmt]) for fmt in annual_exports.FORMATS),
        reverse("sitemap-index"),
        reverse("sitemap-section", args=["reports"]),
    }


def website_report_paths(report: WebsiteReport) -> set[str]:
    """The list of website reports, the year's page, this version's page and downloads."""
    version = [report.year, report.version]
    return {
        reverse("website-report:list"),
        reverse("website-report:detail", args=[report.year]),
        reverse("website-report:version", args=version),
        *(
            reverse("website-report:download", args=[*version, fmt])
            for fmt in website_exports.FORMATS
        ),
    }


def purge_annual_report(report: AnnualReport) -> None:
    purge_paths(annual_report_paths(report))


def purge_website_report(report: WebsiteReport) -> None:
    purge_paths(website_report_paths(report))

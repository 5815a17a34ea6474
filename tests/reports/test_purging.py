"""Publishing an annual report makes the HTTP cache forget exactly its pages, after commit."""

from __future__ import annotations

import pytest

from reports import purging
from reports.annual import services as report_services
from reports.website.models import WebsiteReport
from tests.reports import finish_texts, supervisor

pytestmark = pytest.mark.django_db


def test_publishing_an_annual_report_purges_its_pages_and_downloads(
    bans, org_a, django_capture_on_commit_callbacks
):
    actor = supervisor(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_services.create_report(actor=actor, organisation=org_a, year=2025)
        report = report_services.freeze(actor=actor, report=finish_texts(report, actor))
    assert bans.patterns == []  # drafting and locking change no public page
    with django_capture_on_commit_callbacks(execute=True):
        report_services.publish(actor=actor, report=report)
        assert bans.patterns == []
    assert bans.paths() == {
        "/xxgk/nb/",
        f"/xxgk/nb/{report.pk}/",
        *(f"/xxgk/nb/{report.pk}.{fmt}" for fmt in ("pdf", "xlsx", "csv", "json")),
        "/sitemap.xml",
        "/sitemap-reports.xml",
    }


def test_a_website_report_purges_its_list_year_version_and_downloads():
    report = WebsiteReport(pk=3, year=2025, version=2)
    assert purging.website_report_paths(report) == {
        "/xxgk/wzbb/",
        "/xxgk/wzbb/2025/",
        "/xxgk/wzbb/2025/v2/",
        *(f"/xxgk/wzbb/2025/v2.{fmt}" for fmt in ("pdf", "xlsx", "csv")),
    }

"""A published report's files are rendered once and stored, not re-rendered per request
(a PDF costs a worker 170–300 MB); a correction is a new report with its own files."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from reports.annual import exports
from reports.annual.downloads.models import StoredDownload
from tests.factories import OrganisationFactory
from tests.reports import corrected, published, supervisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganisationFactory(name="示例县民政局", slug="mzj", sort_order=1)


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renderers' calls per format (they still run)."""
    counts: dict[str, int] = {}
    for fmt, name in (("pdf", "as_pdf"), ("xlsx", "as_xlsx"), ("csv", "as_csv")):
        real = getattr(exports, name)

        def spy(*args, _real=real, _fmt=fmt, **kwargs):
            counts[_fmt] = counts.get(_fmt, 0) + 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(exports, name, spy)
    return counts


def download(client, report, fmt):
    return client.get(reverse("reports:download", args=[report.pk, fmt]))


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_a_published_reports_file_is_rendered_once_and_then_served_from_storage(
    client, org, renders, fmt
):
    report = published(org, supervisor(org))
    first = download(client, report, fmt)
    assert first.status_code == 200
    cache.clear()  # the stored file does not depend on the (evictable) cache
    second = download(client, report, fmt)
    assert second.status_code == 200
    assert second.content == first.content
    assert renders[fmt] == 1
    stored = StoredDownload.objects.get(report=report, fmt=fmt)
    assert bytes(stored.body) == first.content


def test_a_correction_gets_its_own_files_and_the_old_version_keeps_its_own(client, org, renders):
    boss = supervisor(org)
    report = published(org, boss)
    old_pdf = download(client, report, "pdf").content
    old, new = corrected(report, boss)
    new_pdf = download(client, new, "pdf").content
    assert new_pdf != old_pdf
    assert download(client, old, "pdf").content == old_pdf
    assert renders["pdf"] == 2

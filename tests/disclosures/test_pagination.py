"""Capped counts and bounded page depth on list pages."""

import pytest
from django.urls import reverse

from disclosures import pagination
from disclosures.models import Disclosure
from disclosures.pagination import CappedPaginator
from tests.disclosures.builders import publish_items, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    org = OrganisationFactory(name="测试县民政局", slug="pg-mzj")
    author, reviewer = staff_pair(org)
    return publish_items(org, 30, author=author, reviewer=reviewer, years=(2025,))


def test_count_is_exact_below_the_cap(items):
    paginator = CappedPaginator(Disclosure.objects.listed().order_by("id"), 20)
    assert paginator.count == 30
    assert not paginator.is_capped
    assert paginator.num_pages == 2


def test_above_the_cap_the_total_is_an_estimate_and_depth_is_bounded(items, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "row_cap", 20)
    paginator = CappedPaginator(Disclosure.objects.listed().order_by("id"), 10)
    assert paginator.count == 21
    assert paginator.is_capped
    assert paginator.num_pages == 2
    assert paginator.get_page(99).number == 2


def test_column_page_says_about_and_points_to_the_filters(client, items, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "row_cap", 20)
    html = client.get(reverse("disclosures:column", args=["gzdt"])).content.decode()
    assert "约20条以上" in html
    assert "请按年份或日期筛选" in html
    assert pagination.ROW_CAP == 10_000

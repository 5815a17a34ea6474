"""Empty and stale columns per organisation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import Category, Organisation
from disclosures.freshness import column_states
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    organisation = OrganisationFactory(name="测试县民政局", slug="fr-mzj")
    organisation.columns.set(Category.objects.filter(slug__in=["gzdt", "tzgg", "zcwj", "ghjh"]))
    author, reviewer = staff_pair(organisation)
    now = timezone.now()
    publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="三周前的动态",
        column="gzdt",
        publish_at=now - dt.timedelta(days=21),
    )
    publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="上月的通知",
        column="tzgg",
        publish_at=now - dt.timedelta(days=30),
    )
    # an item in a sub-column keeps its parent column (政策文件) fresh
    publish_item(
        organisation,
        author=author,
        reviewer=reviewer,
        title="新的规范性文件",
        column="gfxwj",
        publish_at=now - dt.timedelta(days=3),
    )
    return organisation


def states_by_slug(organisation):
    qs = Organisation.objects.filter(pk=organisation.pk)
    return {s.column.slug: s for s in column_states(qs)}


def test_columns_are_empty_stale_or_fresh_by_their_own_cycle(org):
    states = states_by_slug(org)
    assert states["gzdt"].state == "stale"  # 动态类: 14 days
    assert states["tzgg"].state == "ok"  # 通知公告: 180 days
    assert states["zcwj"].state == "ok"  # via its sub-column 行政规范性文件
    assert states["ghjh"].state == "empty"
    assert states["ghjh"].label == "栏目无内容"


def test_the_admin_page_lists_only_problems_by_default(client, org):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org]))
    html = client.get(reverse("admin:disclosures_disclosure_freshness")).content.decode()
    assert "超期未更新" in html
    assert "栏目无内容" in html
    assert "<td>法定主动公开内容 › 通知公告</td>" not in html
    html_all = client.get(
        reverse("admin:disclosures_disclosure_freshness"), {"show": "all"}
    ).content.decode()
    assert "<td>法定主动公开内容 › 通知公告</td>" in html_all


def test_staff_see_only_their_organisations(client, org):
    other = OrganisationFactory(name="测试县财政局", slug="fr-czj")
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[other]))
    html = client.get(
        reverse("admin:disclosures_disclosure_freshness"), {"show": "all"}
    ).content.decode()
    assert "测试县民政局" not in html

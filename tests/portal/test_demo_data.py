import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import Membership, Organisation, SiteSettings
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Validity
from disclosures.rosters.models import Roster, RosterKind, RosterState
from interaction.models import Letter, Suggestion
from portal.demo import rosters as demo_rosters
from reports.models import Obligation
from reports.obligations.rules import State
from reports.obligations.services import dashboard_rows
from tests.portal.crawling import FOLLOWED_STATUS, NOT_LINKED, crawl, public_url_names

pytestmark = pytest.mark.django_db


def snapshot():
    user_model = get_user_model()
    return {
        "orgs": list(Organisation.objects.order_by("slug").values()),
        "users": list(user_model.objects.order_by("username").values()),
        "memberships": list(Membership.objects.order_by("id").values("user_id", "organisation_id")),
        "site": list(SiteSettings.objects.values()),
        "disclosures": list(Disclosure.objects.order_by("id").values()),
        "rosters": list(Roster.objects.order_by("id").values()),
        "groups": sorted(user_model.groups.through.objects.values_list("user_id", "group_id")),
    }


def test_seed_demo_builds_the_county_and_is_idempotent():
    call_command("seed_demo")
    first = snapshot()
    gov = Organisation.objects.get(slug="xzf")
    assert gov.kind == Organisation.Kind.GOVERNMENT
    names = set(Organisation.objects.filter(parent=gov).values_list("name", flat=True))
    assert {
        "示例县民政局",
        "示例县财政局",
        "示例县退役军人事务局",
        "示例县市场监督管理局",
        "示例县生态环境局",
    } <= names
    user_model = get_user_model()
    for username, role in [
        ("mzj_xxy", "信息员"),
        ("mzj_shy", "审核员"),
        ("mzj_jbr", "依申请经办人"),
        ("mzj_zg", "主管"),
    ]:
        user = user_model.objects.get(username=username)
        assert user.groups.filter(name=role).exists()
        assert user.check_password("Sunshine-2026")
        assert list(user.memberships.values_list("organisation__slug", flat=True)) == ["mzj"]
    assert user_model.objects.get(username="admin").is_superuser
    # the catalogue: hundreds of published items, repealed documents, a withdrawn item
    assert Disclosure.objects.listed().count() >= 300
    assert Disclosure.objects.filter(validity=Validity.REPEALED).exists()
    assert Disclosure.objects.filter(status="withdrawn").count() == 1
    assert Disclosure.objects.exclude(interprets=None).exists()
    assert Attachment.objects.count() >= 50
    events = DisclosureEvent.objects.count()
    # the 民政局's obligations follow its 要点 (interaction-and-supervision.md), and the
    # monthly and half-yearly ones are kept up by demo items
    rules = {o.name: o.due_rule for o in Obligation.objects.filter(organisation__slug="mzj")}
    assert rules["救灾救济（灾情）信息"] == "每半年，上半年8月底前，下半年次年2月底前"
    assert rules["民政事业统计数据"] == "每月，次月底前"
    assert rules["社会救助（城乡低保）统计数据"] == "每季度，次季度第二个月底前"
    assert rules["部门预算"] == "每年，当年5月底前"
    assert rules["部门决算"] == "每年，次年9月底前"
    kept_up = {"救灾救济（灾情）信息", "民政事业统计数据"}
    rows = dashboard_rows(Organisation.objects.filter(slug="mzj"))
    assert {r.state for r in rows if r.obligation.name in kept_up} <= {
        State.DONE,
        State.OPEN,
        State.DUE_SOON,
    }
    assert any(r.state == State.DONE for r in rows if r.obligation.name == "部门预算")
    # last year's 政府网站工作年度报表, published by a second person, with computed figures
    from reports.website.models import WebsiteReport

    website = WebsiteReport.objects.current().get()
    assert website.year == timezone.localdate().year - 1
    assert website.version == 2
    assert website.change_note
    assert website.published_by != website.frozen_by
    assert website.entered["wechat_subscribers"] == 52830
    assert website.snapshot

    call_command("seed_demo")
    assert snapshot() == first
    assert DisclosureEvent.objects.count() == events

    Organisation.objects.filter(slug="mzj").update(phone="0000")
    call_command("seed_demo")
    assert Organisation.objects.get(slug="mzj").phone == "0570-8000101"


def test_demo_rosters_run_in_both_states_through_the_real_review():
    call_command("seed_demo")
    today = timezone.localdate()
    found = {(r.kind, r.state(today)) for r in Roster.objects.all()}
    for kind in (
        RosterKind.SUBSISTENCE,
        RosterKind.EXTREME_POVERTY,
        RosterKind.TEMPORARY,
        RosterKind.VETERANS,
    ):
        assert any(k == kind for k, _ in found), kind
    assert (RosterKind.SUBSISTENCE, RosterState.ONGOING) in found
    assert (RosterKind.SUBSISTENCE, RosterState.ENDED) in found
    assert (RosterKind.VETERANS, RosterState.ONGOING) in found
    assert (RosterKind.VETERANS, RosterState.ENDED) in found
    for roster in Roster.objects.select_related("disclosure__organisation"):
        item = roster.disclosure
        assert item.status == "published"
        assert item.organisation.slug in {"mzj", "tyjrj"}
        actions = list(item.events.order_by("id").values_list("action", "actor__username"))
        assert [a for a, _ in actions] == ["create", "submit", "publish"]
        assert actions[0][1] != actions[2][1]  # four-eyes: drafted and published by two people
        assert not any("身份证" in c or "电话" in c or "银行" in c for c in roster.columns)
        assert "救助事由" not in roster.columns  # dropped by the staff in the preview
    stored = str(list(Roster.objects.values_list("rows", flat=True)))
    stored += "".join(
        Disclosure.objects.filter(roster__isnull=False).values_list("body", flat=True)
    )
    for value in demo_rosters.raw_values():
        assert value not in stored


def test_every_public_page_type_is_reachable_from_home_and_hides_personal_data(client):
    call_command("seed_demo")
    writers = {
        value
        for row in Letter.objects.values_list("writer_name", "writer_phone", "writer_email")
        for value in row
        if value
    } | {
        value
        for row in Suggestion.objects.values_list("name", "phone", "email")
        for value in row
        if value
    }
    # every letter has a writer with a name and a contact, and some letters are published
    assert Letter.objects.filter(is_public=True).exists()
    assert not Letter.objects.filter(writer_name="").exists()
    assert Letter.objects.exclude(writer_email="").exists()
    reached, pages, leaks = crawl(client, [*demo_rosters.raw_values(), *sorted(writers)])
    assert leaks == {}
    assert {url: status for url, status in pages.items() if status not in FOLLOWED_STATUS} == {}
    assert public_url_names() - set(NOT_LINKED) - set(reached) == set()
    for name in ("disclosures_roster", "disclosures_roster_csv", "statistics:three-public"):
        assert name in reached
    # each roster is listed in its column and linked from its item
    for roster in Roster.objects.select_related("disclosure"):
        item_url = roster.disclosure.get_absolute_url()
        column = roster.disclosure.categories.get()
        column_html = client.get(reverse("disclosures:column", args=[column.slug])).content
        assert item_url in column_html.decode()
        roster_url = reverse("disclosures_roster", args=[roster.disclosure_id])
        assert roster_url in client.get(item_url).content.decode()

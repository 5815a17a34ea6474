"""Obligations derived from the 标准目录 (reports.obligations.derivation, ADR 0015)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from catalog import roles
from catalog.models import Category, Organisation
from disclosures.directory import services as directory
from disclosures.directory.models import DirectoryRow
from reports.models import Obligation
from reports.obligations import derivation, rules
from reports.obligations.services import dashboard_rows
from tests.disclosures.factories import make_published
from tests.factories import make_staff

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
D = dt.date

# The obligations the demo kept by hand until #18 (portal/demo/annual_reports.py, OBLIGATIONS):
# (organisation, name, frequency, months_after, due_in_period, column, legal basis).
BASIS = "《示例县民政局政务公开工作要点》："
OLD_HAND_KEPT = {
    ("mzj", "社会救助（城乡低保）统计数据", "quarterly", 2, False, "cxdb",
     BASIS + "社会救助数据按季度公开，次季度第二个月底前"),
    ("mzj", "特困人员救助供养统计数据", "quarterly", 2, False, "tkgy",
     BASIS + "社会救助数据按季度公开，次季度第二个月底前"),
    ("mzj", "民政事业统计数据", "monthly", 1, False, "tjxx", BASIS + "民政事业统计表按月公开"),
    ("mzj", "救灾救济（灾情）信息", "half_yearly", 2, False, "jzjj",
     BASIS + "灾情每半年公开，上半年8月底前、下半年次年2月底前"),
    ("mzj", "部门预算", "yearly", 5, True, "bmys", BASIS + "部门预算5月31日前公开"),
    ("mzj", "部门决算", "yearly", 9, False, "bmjs", BASIS + "部门决算9月30日前公开"),
}  # fmt: skip


def obligation_set() -> set[tuple]:
    return {
        (o.organisation.slug, o.name, o.frequency, o.months_after, o.due_in_period,
         o.column.slug if o.column else None, o.legal_basis)
        for o in Obligation.objects.filter(is_active=True).select_related("organisation", "column")
    }  # fmt: skip


def make_row(org, text, *columns, actor=None, **values) -> DirectoryRow:
    row = DirectoryRow(
        organisation=org,
        domain=values.pop("domain", "社会救助"),
        item_level1=values.pop("item_level1", "统计信息"),
        item_level2=values.pop("item_level2", "城乡低保统计数据"),
        content="保障人数、保障标准",
        basis="《社会救助暂行办法》",
        time_limit=text,
        subject="县民政局",
        channels=["website"],
        audience="public",
        levels=["county"],
        **values,
    )
    actor = actor or make_staff(role=roles.SUPERVISOR, organisations=[org])
    return directory.save_row(
        actor=actor, row=row, columns=[Category.objects.get(slug=s) for s in columns]
    )


def test_the_demo_obligations_derived_from_the_directory_equal_the_old_hand_kept_ones():
    from portal.demo import annual_reports, organisations
    from portal.demo import directory as directory_demo

    organisations.seed()
    directory_demo.seed()
    annual_reports.seed_obligations()

    assert obligation_set() == OLD_HAND_KEPT
    assert Obligation.objects.filter(derived=False).count() == 0
    # Seeding again changes nothing.
    directory_demo.seed()
    assert derivation.sync_obligations() == derivation.SyncResult(0, 0, 0)
    assert obligation_set() == OLD_HAND_KEPT


def test_a_hand_kept_obligation_of_the_same_name_is_adopted_with_its_history(org_a):
    old = Obligation.objects.create(
        organisation=org_a, name="城乡低保统计数据", frequency="quarterly", months_after=3
    )
    row = make_row(org_a, "每季度结束后次季度第二个月底前", "cxdb")
    old.refresh_from_db()
    assert (old.directory_row_id, old.derived, old.months_after) == (row.pk, True, 2)
    assert old.column.slug == "cxdb"
    assert Obligation.objects.count() == 1


def test_changing_or_deleting_a_row_updates_or_deactivates_its_obligation(org_a):
    actor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    row = make_row(org_a, "每季度结束后次季度第二个月底前", "cxdb", actor=actor)
    obligation = Obligation.objects.get(directory_row=row)
    row.time_limit = "次年9月30日前"
    directory.save_row(actor=actor, row=row)
    obligation.refresh_from_db()
    assert (obligation.frequency, obligation.months_after, obligation.is_active) == (
        "yearly", 9, True,
    )  # fmt: skip
    row.time_limit = "信息形成或变更之日起10个工作日内"
    directory.save_row(actor=actor, row=row)
    obligation.refresh_from_db()
    assert obligation.is_active is False
    row.time_limit = "每月，次月底前"
    directory.save_row(actor=actor, row=row)
    obligation.refresh_from_db()
    assert (obligation.frequency, obligation.is_active) == ("monthly", True)
    directory.delete_row(actor=actor, row=row)
    obligation.refresh_from_db()
    assert (obligation.directory_row_id, obligation.is_active) == (None, False)


def test_only_the_organisations_own_supervisor_may_save_a_row(org_a, org_b):
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    other = make_staff(role=roles.SUPERVISOR, organisations=[org_b])
    for actor, message in ((officer, "没有维护标准目录的权限"), (other, "只能维护本机构")):
        with pytest.raises(directory.DirectoryError, match=message):
            make_row(org_a, "常态公开", actor=actor)
    assert not DirectoryRow.objects.exists()


def test_a_period_is_fulfilled_by_an_item_published_in_its_window(org_a, org_b):
    make_row(org_a, "每季度结束后次季度第二个月底前", "cxdb")
    cxdb = Category.objects.get(slug="cxdb")

    def publish(org, day, title):
        when = dt.datetime.combine(day, dt.time(10), tzinfo=TZ)
        return make_published(
            organisation=org, categories=[cxdb], title=title, publish_at=when
        ).disclosure

    q2 = publish(org_a, D(2026, 7, 15), "2026年第二季度城乡低保情况")
    publish(org_b, D(2026, 4, 10), "财政局误放的信息")  # another organisation: not counted
    publish(org_a, D(2026, 9, 5), "2026年第三季度城乡低保情况")  # after Q2's due: Q3's window

    rows = {r.period.key: r for r in dashboard_rows([org_a], today=D(2026, 9, 15))}
    assert list(rows) == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]  # overdue first
    assert rows["2026-Q2"].state == rules.State.DONE
    assert rows["2026-Q2"].disclosure == q2
    assert rows["2026-Q2"].fulfilment is None
    assert rows["2026-Q1"].state == rules.State.OVERDUE  # window (28 Feb, 31 May]: nothing
    assert rows["2026-Q1"].disclosure is None


def test_dashboard_rows_take_a_fixed_number_of_queries(org_a, django_assert_max_num_queries):
    for n in range(3):
        make_row(org_a, "每季度结束后次季度第二个月底前", "cxdb", item_level2=f"统计{n}")
    with django_assert_max_num_queries(4):
        rows = dashboard_rows(Organisation.objects.filter(pk=org_a.pk), today=D(2026, 9, 15))
    assert len(rows) == 12


def test_items_published_after_their_event_driven_limit_are_listed_as_late(org_a):
    make_row(org_a, "5个工作日内", "gzdt", item_level1="工作动态", item_level2="")
    gzdt = Category.objects.get(slug="gzdt")

    def publish(written, published, title):
        when = dt.datetime.combine(published, dt.time(10), tzinfo=TZ)
        return make_published(
            organisation=org_a, categories=[gzdt], title=title, written_on=written,
            publish_at=when,
        ).disclosure  # fmt: skip

    # Formed 26 Sep 2025: 28 (Sunday, worked), 29, 30 Sep, 9 and 10 Oct: due 10 Oct.
    publish(D(2025, 9, 26), D(2025, 10, 10), "按时发布")
    late = publish(D(2025, 9, 26), D(2025, 10, 20), "超期发布")

    found = derivation.late_items([org_a])
    assert [(x.disclosure, x.due, x.days_late) for x in found] == [(late, D(2025, 10, 10), 10)]


def test_the_late_list_downloads_as_csv_for_the_supervisor(client, org_a, org_b):
    make_row(org_a, "5个工作日内", "gzdt", item_level1="工作动态", item_level2="")
    make_row(org_b, "5个工作日内", "gzdt", item_level1="工作动态", item_level2="")
    gzdt = Category.objects.get(slug="gzdt")
    for org, title in ((org_a, "民政局超期信息"), (org_b, "财政局超期信息")):
        make_published(
            organisation=org, categories=[gzdt], title=title, written_on=D(2025, 9, 26),
            publish_at=dt.datetime(2025, 10, 20, 10, tzinfo=TZ),
        )  # fmt: skip
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    response = client.get("/admin/reports/obligation/calendar/late/csv/")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "民政局超期信息" in text
    assert "2025-10-10" in text
    assert "财政局超期信息" not in text
    page = client.get("/admin/reports/obligation/calendar/").content.decode()
    assert "超过公开时限发布的信息" in page
    assert "民政局超期信息" in page

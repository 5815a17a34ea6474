"""Past reports recorded by hand, the 2019 trial form in every download, lateness judged by
the first version, the placeholder check on lock, and the Chinese event history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from kernel.pdf import find_pdf_font
from reports.annual import past_reports
from reports.annual import services as report_services
from reports.models import AnnualReport
from tests.factories import OrganisationFactory
from tests.reports import cases_2025, finish_texts, supervisor

pytestmark = pytest.mark.django_db

D = dt.date
TEXTS = {
    "section_overview": "2019年，本局认真贯彻落实新修订的条例。",
    "section_problems": "主动公开内容更新不够及时。",
    "section_other": "本年度未收取信息处理费。",
}
TABLE_A_2019 = {
    "rules_made": 0,
    "rules_published": 0,
    "rules_total": 0,
    "normative_made": 3,
    "normative_published": 3,
    "normative_total": 17,
    "licensing_previous": 21,
    "licensing_change": -2,
    "licensing_decisions": 46,
    "other_services_previous": 9,
    "other_services_change": 1,
    "other_services_decisions": 130,
    "penalty_previous": 12,
    "penalty_change": 0,
    "penalty_decisions": 2,
    "coercion_previous": 1,
    "coercion_change": 0,
    "coercion_decisions": 0,
    "fee_previous": 2,
    "fee_change": 0,
    "procurement_count": 4,
    "procurement_amount": Decimal("56.7"),
}
# 7 new, 1 carried in; 3 disclosed, 1 partial, 2 （六）其他处理, 2 carried out.
TABLE_B_2019 = {
    "new": {"natural": 6, "commercial": 1},
    "carried_in": {"natural": 1},
    "disclose": {"natural": 3},
    "partial": {"commercial": 1},
    "other_handling": {"natural": 2},
    "carried_out": {"natural": 2},
}
TABLE_C = {"review": {"maintained": 1}}
# Labels that exist only in the 2021 form (国办公开办函〔2021〕30号).
ONLY_2021 = (
    "本年制发件数",
    "现行有效件数",
    "行政规范性文件",
    "本年收费金额",
    "1.申请人无正当理由逾期不补正",
)
ONLY_2019 = (
    "本年新制作数量",
    "对外公开总数量",
    "其他对外管理服务事项",
    "政府集中采购",
    "采购总金额",
)


@pytest.fixture
def org(db):
    return OrganisationFactory(name="示例县民政局", slug="mzj")


@pytest.fixture
def boss(org):
    return supervisor(org)


ON_TIME_2019 = D(2020, 1, 20)


def record(org, boss, *, year=2019, published_on=ON_TIME_2019, **overrides):
    values = {
        "actor": boss,
        "organisation": org,
        "year": year,
        "scope": AnnualReport.Scope.DEPARTMENT,
        "published_on": published_on,
        "reason": "本局2024年启用本平台，补录此前在原网站发布的年度报告。",
        "texts": TEXTS,
        "table_a": TABLE_A_2019,
        "table_b": TABLE_B_2019,
        "table_c": TABLE_C,
    }
    return past_reports.record_past_report(**{**values, **overrides})


# --------------------------------------------------------------------------- placeholders


def test_a_report_with_a_placeholder_cannot_be_locked_and_the_admin_lists_what_is_missing(
    client, org, boss
):
    report = report_services.create_report(actor=boss, organisation=org, year=2025)
    with pytest.raises(report_services.ReportBlocked, match="不能锁定") as refused:
        report_services.freeze(actor=boss, report=report)
    assert [p.message.split("”")[0] for p in refused.value.problems] == [
        "“一、总体情况",
        "“五、存在的主要问题及改进情况",
    ]

    client.force_login(boss)
    url = reverse("admin:reports_annualreport_action", args=[report.pk, "freeze"])
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "不能锁定" in html
    assert "“五、存在的主要问题及改进情况”尚有待补充的内容：[请根据本年度实际情况" in html
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT


def test_a_placeholder_written_into_a_frozen_reports_text_blocks_publishing(org, boss):
    report = finish_texts(
        report_services.create_report(actor=boss, organisation=org, year=2025), boss
    )
    report = report_services.freeze(actor=boss, report=report)
    AnnualReport.objects.filter(pk=report.pk).update(section_other="[请补充收费情况]")
    with pytest.raises(report_services.ReportBlocked, match="六、其他需要报告的事项"):
        report_services.publish(actor=boss, report=report)


# --------------------------------------------------------------------------- past reports


def test_a_recorded_past_report_is_published_with_its_original_date_and_an_event(org, boss):
    report = record(org, boss)
    assert report.status == AnnualReport.Status.PUBLISHED
    assert report.original_published_on == D(2020, 1, 20)
    assert not report.is_published_late
    assert report.form == "2019-60"
    event = report.events.get()
    assert (event.action, event.get_action_display(), event.actor) == (
        "record_past",
        "补录历史年报",
        boss,
    )
    assert "原发布日期2020年1月20日" in event.note
    assert "启用本平台" in event.note


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"reason": "  "}, "请说明补录的原因"),
        ({"year": 2026, "published_on": D(2026, 1, 2)}, "只能补录2019年度至2025年度"),
        ({"published_on": D(2019, 12, 30)}, "原发布日期应在报告年度结束之后"),
        ({"texts": {**TEXTS, "section_problems": "[请补充]"}}, "尚有待补充的内容"),
        ({"table_b": {**TABLE_B_2019, "carried_out": {}}}, "第一项加第二项"),
    ],
)
def test_recording_a_past_report_refuses_bad_input(org, boss, overrides, message):
    with pytest.raises(report_services.ReportError, match=message):
        record(org, boss, **overrides)
    assert not AnnualReport.objects.exists()


def test_a_year_is_recorded_only_once(org, boss):
    record(org, boss)
    with pytest.raises(report_services.ReportError, match="不能重复补录"):
        record(org, boss)


def test_a_past_report_is_recorded_through_the_admin_and_shown_in_the_public_list(
    client, org, boss
):
    client.force_login(boss)
    url = reverse("admin:reports_annualreport_record_past")
    form = client.get(url, {"year": 2019}).content.decode()
    assert "国办公开办函〔2019〕60号" in form
    assert 'name="b__other_handling__natural"' in form
    assert 'name="b__other_no_fee__natural"' not in form
    data = {
        "year": 2019,
        "organisation": org.pk,
        "scope": "department",
        "published_on": "2020-02-10",
        "reason": "补录原网站发布的年报。",
        **TEXTS,
    }
    for key, value in TABLE_A_2019.items():
        data[f"a__{key}"] = value
    for row, cols in TABLE_B_2019.items():
        for col, value in cols.items():
            data[f"b__{row}__{col}"] = value
    data["c__review__maintained"] = 1
    bad = client.post(url, {**data, "reason": ""})
    assert bad.status_code == 200
    assert "这个字段是必填项" in bad.content.decode()

    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    report = AnnualReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:reports_annualreport_change", args=[report.pk])
    assert report.is_published_late  # 2020-02-10 is after 31 January

    public = client.get(reverse("reports:annual-list")).content.decode()
    assert "示例县民政局2019年政府信息公开工作年度报告" in public
    assert "2020-02-10" in public
    assert "逾期发布" in public


# --------------------------------------------------------------------------- 2019 downloads


def test_a_2019_report_uses_the_2019_form_in_every_download(client, org, boss):
    report = record(org, boss)

    html = client.get(report.get_absolute_url()).content.decode()
    for label in ONLY_2019:
        assert label in html
    for label in ONLY_2021:
        assert label not in html
    assert 'rowspan="20"' in html  # 三、本年度办理结果 over 20 rows in the 2019 form
    assert "国办公开办函〔2019〕60号" in html

    rows = list(csv.DictReader(io.StringIO(download(client, report, "csv").decode("utf-8-sig"))))
    labels = {r["row_label"] for r in rows} | {r["column_label"] for r in rows}
    assert set(ONLY_2019) <= labels
    assert not labels & set(ONLY_2021)
    b = {(r["row_key"], r["column_key"]): r["value"] for r in rows if r["table"] == "B"}
    assert b["other_handling", "natural"] == "2"
    assert ("other_no_fee", "natural") not in b
    assert len([r for r in rows if r["table"] == "A"]) == 22
    assert len([r for r in rows if r["table"] == "B"]) == 23 * 7

    data = json.loads(download(client, report, "json"))
    assert data["form"]["code"] == "2019-60"
    assert data["table_a"]["other_services_decisions"] == 130
    assert data["table_a"]["licensing_change"] == -2
    assert Decimal(data["table_a"]["procurement_amount"]) == Decimal("56.7")
    assert "rules_issued" not in data["table_a"]
    assert data["table_b"]["other_handling"]["total"] == 2
    assert "other_no_correction" not in data["table_b"]
    assert data["table_b"]["closed_total"]["total"] == 6

    book = load_workbook(io.BytesIO(download(client, report, "xlsx")))
    text = " ".join(
        str(c.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for c in row
        if c.value
    )
    for label in ONLY_2019:
        assert label in text
    for label in ONLY_2021:
        assert label not in text
    assert "（六）其他处理" in text

    if find_pdf_font() is None:
        pytest.skip("no CJK font for the PDF")
    pdf = PdfReader(io.BytesIO(download(client, report, "pdf")))
    pdf_text = "".join(page.extract_text() for page in pdf.pages)
    pdf_text = pdf_text.replace("\x00", "").replace(" ", "").replace("\n", "")
    for label in (
        "本年新制作数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "国办公开办函〔2019〕60号",
    ):
        assert label in pdf_text
    for label in ("本年制发件数", "1.申请人无正当理由逾期不补正"):
        assert label not in pdf_text


def download(client, report, fmt) -> bytes:
    response = client.get(reverse("reports:download", args=[report.pk, fmt]))
    assert response.status_code == 200
    return response.content


# --------------------------------------------------------------------------- lateness


def test_an_on_time_report_stays_on_time_after_a_later_correction(client, org, boss):
    cases_2025(org, boss)
    v1 = record(
        org,
        boss,
        year=2025,
        published_on=D(2026, 1, 20),
        table_a={"licensing_decisions": 3},
        table_b={"new": {"natural": 1}, "disclose": {"natural": 1}},
        table_c={},
    )
    v2 = report_services.correct(actor=boss, report=v1, change_note="更正第一部分的文字。")
    v2 = report_services.update_report(
        actor=boss, report=v2, values={"section_overview": "本年度认真贯彻落实条例（已更正）。"}
    )
    v2 = report_services.publish(actor=boss, report=report_services.freeze(actor=boss, report=v2))

    assert v2.published_at.date() > v2.legal_deadline  # corrected in December
    assert v2.original_published_on == D(2026, 1, 20)
    assert not v2.is_published_late
    assert not AnnualReport.objects.with_original_publication().get(pk=v2.pk).is_published_late
    # the correction kept the figures entered by hand
    assert v2.snapshot["table_b"]["disclose"]["natural"] == 1

    page = client.get(v2.get_absolute_url()).content.decode()
    assert "首次发布日期：2026年1月20日" in page
    assert "逾期发布" not in page
    listing = client.get(reverse("reports:annual-list")).content.decode()
    assert "按期发布" in listing
    assert "逾期发布" not in listing

    client.force_login(boss)
    dashboard = client.get(
        reverse("admin:reports_annualreport_dashboard"), {"year": 2025}
    ).content.decode()
    assert "已发布" in dashboard
    assert "逾期发布" not in dashboard


def test_a_first_version_published_after_the_deadline_is_late(org, boss):
    report = record(org, boss, published_on=D(2020, 2, 1))
    assert report.is_published_late


# --------------------------------------------------------------------------- history


def test_the_admin_history_shows_chinese_headers_and_action_names(client, org, boss):
    report = report_services.create_report(actor=boss, organisation=org, year=2025)
    finish_texts(report, boss)
    client.force_login(boss)

    change = client.get(reverse("admin:reports_annualreport_change", args=[report.pk]))
    html = change.content.decode()
    for header in ("操作人", "时间", "操作", "说明"):
        assert header in html
    assert "Actor" not in html
    assert ">创建<" in html or "<p>创建</p>" in html
    assert ">create<" not in html

    history = client.get(reverse("admin:reports_annualreport_history", args=[report.pk]))
    text = history.content.decode()
    assert history.status_code == 200
    assert '<th scope="col">操作人</th>' in text
    assert "<td>创建</td>" in text
    assert "<td>修改</td>" in text

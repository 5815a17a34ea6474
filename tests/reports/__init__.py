"""Builders for the annual report tests.

Cases go through requests_app.services (submit_application → answer) and reports through
reports.annual.services (create_report → freeze → publish → correct), so every figure in a table was
counted from a history the workflows allow. ``cases_2025`` builds a small year whose Table B is
known cell by cell (EXPECTED_B).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from catalog import roles
from kernel.identifiers import credit_code_check_char, id_number_check_char
from reports.annual import services as report_services
from requests_app import services as case_services
from requests_app.models import Appeal
from tests.disclosures.builders import publish_item, staff_pair
from tests.factories import make_staff

TZ = ZoneInfo("Asia/Shanghai")
YEAR = 2025
REASONS = "涉及第三方个人信息，依据《中华人民共和国政府信息公开条例》第十五条不予公开。"
PROVIDED = "以电子文档形式通过本平台提供。"

# Non-zero cells of Table B built by cases_2025 (row key → column key → count).
EXPECTED_B = {
    "new": {"natural": 5, "commercial": 1, "total": 6},
    "carried_in": {"natural": 1, "total": 1},
    "disclose": {"natural": 2, "total": 2},
    "partial": {"natural": 1, "total": 1},
    "withhold_third_party": {"commercial": 1, "total": 1},
    "unable_not_held": {"natural": 1, "total": 1},
    "refuse_repeat": {"natural": 1, "total": 1},
    "closed_total": {"natural": 5, "commercial": 1, "total": 6},
    "carried_out": {"natural": 1, "total": 1},
}


def supervisor(organisation, username: str | None = None):
    return make_staff(role=roles.SUPERVISOR, organisations=[organisation], username=username)


def _person(seq: int) -> dict:
    first17 = f"33109919800101{seq:03d}"
    return {
        "name": "张三丰",
        "id_type": "resident_id",
        "id_number": first17 + id_number_check_char(first17),
        "phone": "13800001111",
        "address": "示例县城关镇人民路1号",
        "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
    }


def _company(seq: int) -> dict:
    first17 = f"91331099MA2{seq:06d}"
    return {
        "applicant_type": "commercial",
        "name": "示例县某某商贸有限公司",
        "id_type": "",
        "id_number": first17 + credit_code_check_char(first17),
        "contact_name": "王五",
        "phone": "0570-8000101",
        "address": "示例县工业园区1号",
        "description": "申请公开本公司参与的政府采购项目验收报告。",
    }


def case(organisation, actor, *, received_on, outcome=None, answered_on=None, data=None):
    """One online application received on ``received_on``, answered when ``outcome`` is given."""
    application = case_services.submit_application(
        organisation=organisation,
        data=data or _person(1),
        query_password="cx-123456",
        received_on=received_on,
        submitted_at=dt.datetime.combine(received_on, dt.time(10, 30), tzinfo=TZ),
        notify=False,
    )
    if outcome:
        application = case_services.answer(
            actor=actor,
            application=application,
            outcome=outcome,
            reasons=REASONS,
            provided=PROVIDED,
            answered_on=answered_on or received_on + dt.timedelta(days=7),
        )
    return application


def cases_2025(organisation, actor) -> None:
    """The year behind EXPECTED_B, plus one 行政复议 (Table C) and two proactive items."""
    d = dt.date
    case(
        organisation,
        actor,
        received_on=d(2024, 12, 20),
        outcome="disclose",
        answered_on=d(2025, 1, 10),
    )
    case(organisation, actor, received_on=d(2025, 3, 3), outcome="disclose")
    case(organisation, actor, received_on=d(2025, 3, 4), outcome="partial")
    withheld = case(
        organisation,
        actor,
        received_on=d(2025, 3, 5),
        outcome="withhold_third_party",
        data=_company(1),
    )
    case(organisation, actor, received_on=d(2025, 4, 1), outcome="unable_not_held")
    case(organisation, actor, received_on=d(2025, 5, 6), outcome="refuse_repeat")
    case(organisation, actor, received_on=d(2025, 12, 25))
    # Appeals are plain records kept by staff in the admin (no workflow of their own).
    Appeal.objects.create(
        application=withheld,
        kind=Appeal.Kind.REVIEW,
        filed_on=d(2025, 4, 20),
        result=Appeal.Result.MAINTAINED,
        decided_on=d(2025, 6, 18),
    )
    author, reviewer = staff_pair(organisation)
    for title, column, day in (
        ("关于2025年养老服务补贴发放工作的通知", "tzgg", 3),
        ("县民政局召开2025年社会救助工作会议", "gzdt", 4),
    ):
        publish_item(
            organisation,
            author=author,
            reviewer=reviewer,
            title=title,
            column=column,
            publish_at=dt.datetime(2025, 3, day, 10, tzinfo=TZ),
        )


SUPERVISION = "将政府信息公开工作纳入年度考核，本年度未发生责任追究情形。"
PROBLEMS = "政策解读形式较为单一；下一年度将增加图解、问答等解读形式。"


def finish_texts(report, actor):
    """Replace the drafting markers as a 主管 would, so the report can be locked."""
    values = {
        "section_overview": re.sub(r"\[请[^\]]*\]", SUPERVISION, report.section_overview),
        "section_problems": re.sub(r"\[请[^\]]*\]", PROBLEMS, report.section_problems),
    }
    return report_services.update_report(actor=actor, report=report, values=values)


def published(organisation, actor, year: int = YEAR):
    report = report_services.create_report(actor=actor, organisation=organisation, year=year)
    report = finish_texts(report, actor)
    report = report_services.freeze(actor=actor, report=report)
    return report_services.publish(actor=actor, report=report)


def corrected(report, actor, note: str = "更正第三部分“自然人”列数据。"):
    """Publish a correction of ``report``; returns (old, new), both published."""
    new = report_services.correct(actor=actor, report=report, change_note=note)
    new = report_services.freeze(actor=actor, report=new)
    new = report_services.publish(actor=actor, report=new)
    report.refresh_from_db()
    return report, new

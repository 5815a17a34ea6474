"""The annual report's figures computed from real data (reports.annual.figures).

Every case is built through requests_app.services with explicit past dates, and every catalogue
item through disclosures.services, so a figure can only come from a history the workflow allows.
Reports are for 2024 and 2025 (complete years); a few steps happen in 2026, never after today.

The builders at the top (``receive``, ``close_as`` …) are shared with test_services/test_admin.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from disclosures import services as disclosure_services
from disclosures.models import Genre, Validity
from kernel.identifiers import credit_code_check_char, id_number_check_char
from reports.annual import figures
from reports.annual.tables import APPLICANT_COLUMNS, OUTCOME_ROWS, check_table_b, check_table_c
from reports.models import AnnualReport
from requests_app import deadlines
from requests_app import services as case_services
from requests_app.models import Appeal, ApplicantType, Application, IdType
from requests_app.outcomes import OUTCOMES, Outcome, reported_as
from requests_app.workflow import Status
from tests.disclosures.builders import at, draft_item, publish_item, staff_pair
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date
MARCH = D(2025, 3, 3)  # a Monday of an ordinary month
REASONS = "依据《中华人民共和国政府信息公开条例》的相关规定作出处理。"
PROVIDED = "以电子文档形式通过本平台提供。"
CORRECTION_ITEMS = "请写明所需政府信息的名称、文号或其他特征性描述。"


# --------------------------------------------------------------------------- builders


def calendar():
    return CalendarDay.objects.work_calendar()


def wd(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` on the seeded official calendar."""
    return calendar().add_working_days(start, n)


def caseworker(org, username=None):
    return make_staff(role=roles.CASEWORKER, organisations=[org], username=username)


_seq = iter(range(1, 1_000_000))


def applicant(kind: str = ApplicantType.NATURAL) -> dict:
    n = next(_seq)
    data = {
        "applicant_type": kind,
        "phone": "13800001111",
        "address": "示例县城关镇人民路1号",
        "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
    }
    if kind == ApplicantType.NATURAL:
        first17 = f"33109919800101{n % 1000:03d}"
        data.update(
            name="张三丰",
            id_type=IdType.RESIDENT_ID,
            id_number=first17 + id_number_check_char(first17),
        )
    else:
        first17 = f"91331099{n:09d}"
        data.update(
            name=f"示例县第{n}有限公司", id_number=first17 + credit_code_check_char(first17)
        )
    return data


def receive(org, on: dt.date, kind: str = ApplicantType.NATURAL) -> Application:
    """An online application received (and confirmed) on ``on``."""
    return case_services.submit_application(
        organisation=org,
        data=applicant(kind),
        query_password="cx-123456",
        received_on=on,
        submitted_at=dt.datetime.combine(on, dt.time(10, 30), tzinfo=TZ),
        notify=False,
    )


def close_as(worker, application: Application, outcome: str, on: dt.date | None = None):
    """Close a received case the way a case with ``outcome`` really ends.

    Answers are dated ``on`` (default: 5 working days after receipt). The three closings that
    are not answers, and （四）3, take their own path with dates counted from receipt.
    """
    outcome = Outcome(outcome)
    received = application.received_on
    common = {"actor": worker, "application": application}
    if outcome == Outcome.OTHER_NO_CORRECTION:
        asked = wd(received, 2)
        application = case_services.request_correction(
            **common, items=CORRECTION_ITEMS, correction_due_on=wd(asked, 10), on=asked
        )
        return case_services.correction_lapsed(
            actor=worker, application=application, on=on or wd(asked, 11)
        )
    if outcome == Outcome.OTHER_NO_FEE:
        notified = wd(received, 3)
        application = case_services.issue_fee_notice(
            **common, amount=300, basis="国办函〔2020〕109号", notice_received_on=notified
        )
        lapsed = wd(deadlines.fee_payment_due(notified, calendar()), 1)
        return case_services.fee_lapsed(actor=worker, application=application, on=on or lapsed)
    if outcome == Outcome.OTHER:
        return case_services.close_other(
            **common, reason="申请人书面撤回申请。", on=on or wd(received, 3)
        )
    if outcome == Outcome.UNABLE_UNCLEAR:
        asked = wd(received, 2)
        application = case_services.request_correction(
            **common, items=CORRECTION_ITEMS, correction_due_on=wd(asked, 10), on=asked
        )
        application = case_services.receive_correction(
            actor=worker, application=application, received_on=wd(asked, 4)
        )
        common["application"] = application
        return case_services.answer(
            **common, outcome=outcome, reasons=REASONS, answered_on=on or wd(asked, 9)
        )
    provided = (
        PROVIDED
        if outcome in {Outcome.DISCLOSE, Outcome.DISCLOSE_PUBLISHED, Outcome.PARTIAL}
        else ""
    )
    agency = {}
    if outcome == Outcome.UNABLE_NOT_OURS:
        agency = {
            "responsible_agency": "测试县城关镇人民政府",
            "responsible_agency_contact": "0570-8012345",
        }
    return case_services.answer(
        **common,
        outcome=outcome,
        reasons=REASONS,
        provided=provided,
        answered_on=on or wd(received, 5),
        **agency,
    )


def pay_fee_and_answer(worker, application: Application, amount: int) -> Application:
    notified = wd(application.received_on, 2)
    application = case_services.issue_fee_notice(
        actor=worker,
        application=application,
        amount=amount,
        basis="国办函〔2020〕109号",
        notice_received_on=notified,
    )
    application = case_services.record_payment(
        actor=worker, application=application, paid_on=wd(notified, 3)
    )
    return close_as(worker, application, Outcome.DISCLOSE, on=wd(notified, 6))


def result_rows(table) -> dict[str, int]:
    """The 21 result rows of Table B (总计 column) by key."""
    return {row.key: table.value(row.key) for row in OUTCOME_ROWS}


@pytest.fixture
def worker(org_a):
    return caseworker(org_a)


# --------------------------------------------------------------------------- Table B rows


def row_of(outcome: Outcome) -> str:
    # Art. 36(1) counts under （一） with 36(2); Art. 36(5) under （四）1 with 36(4).
    return next(row.key for row in OUTCOME_ROWS if row.outcome == reported_as(outcome))


@pytest.mark.parametrize("outcome", list(Outcome), ids=str)
def test_a_case_is_counted_in_the_row_of_the_path_it_took_and_nowhere_else(org_a, worker, outcome):
    case = close_as(worker, receive(org_a, MARCH), outcome)
    assert case.status == Status.CLOSED
    assert case.outcome == outcome

    table = figures.table_b([org_a], 2025)

    expected = dict.fromkeys(result_rows(table), 0)
    expected[row_of(outcome)] = 1
    assert result_rows(table) == expected
    assert table.value(row_of(outcome), "natural") == 1
    assert table.value("new") == 1
    assert table.value("carried_in") == 0
    assert table.value("closed_total") == 1
    assert table.value("carried_out") == 0
    assert check_table_b(table) == []


def test_the_correction_lapsed_path_lands_in_row_six_one(org_a, worker):
    close_as(worker, receive(org_a, MARCH), Outcome.OTHER_NO_CORRECTION)
    table = figures.table_b([org_a], 2025)
    assert table.value("other_no_correction") == 1
    assert OUTCOMES[Outcome.OTHER_NO_CORRECTION].label.startswith("1.申请人无正当理由逾期不补正")


def test_the_unpaid_fee_path_lands_in_row_six_two(org_a, worker):
    close_as(worker, receive(org_a, MARCH), Outcome.OTHER_NO_FEE)
    table = figures.table_b([org_a], 2025)
    assert table.value("other_no_fee") == 1
    assert table.value("other") == 0


def test_unclear_after_correction_is_only_reachable_after_a_correction(org_a, worker):
    case = receive(org_a, MARCH)
    with pytest.raises(case_services.CaseError):
        case_services.answer(
            actor=worker,
            application=case,
            outcome=Outcome.UNABLE_UNCLEAR,
            reasons=REASONS,
            answered_on=wd(MARCH, 3),
        )
    assert figures.table_b([org_a], 2025).value("unable_unclear") == 0
    close_as(worker, case, Outcome.UNABLE_UNCLEAR)
    assert figures.table_b([org_a], 2025).value("unable_unclear") == 1


def test_a_partial_disclosure_is_counted_once_under_row_two_only(org_a, worker):
    # The withheld part is third-party data, but 区分处理 is counted only under （二）.
    case = receive(org_a, MARCH, ApplicantType.LEGAL_SERVICE)
    case_services.answer(
        actor=worker,
        application=case,
        outcome=Outcome.PARTIAL,
        provided=PROVIDED,
        reasons="含第三方个人信息，依据《条例》第十五条、第三十七条作区分处理。",
        answered_on=wd(MARCH, 8),
    )
    table = figures.table_b([org_a], 2025)
    assert table.value("partial", "legal_service") == 1
    assert table.value("withhold_third_party") == 0
    assert sum(result_rows(table).values()) == 1
    assert table.value("closed_total") == 1


@pytest.mark.parametrize("kind", list(ApplicantType), ids=str)
def test_each_applicant_type_is_counted_in_its_own_column(org_a, worker, kind):
    close_as(worker, receive(org_a, MARCH, kind), Outcome.DISCLOSE)
    receive(org_a, D(2025, 12, 22), kind)  # still open at year end
    table = figures.table_b([org_a], 2025)
    for column in APPLICANT_COLUMNS:
        expected = 1 if column == kind else 0
        assert table.value("disclose", column) == expected, column
        assert table.value("closed_total", column) == expected, column
        assert table.value("carried_out", column) == expected, column
        assert table.value("new", column) == 2 * expected, column
    assert table.value("new") == 2


# --------------------------------------------------------------------------- years


def test_a_case_closed_in_january_is_carried_over_from_the_year_it_was_received(org_a, worker):
    case = receive(org_a, D(2024, 12, 20), ApplicantType.RESEARCH)
    close_as(worker, case, Outcome.WITHHOLD_PROCESS, on=D(2025, 1, 10))

    t2024 = figures.table_b([org_a], 2024)
    t2025 = figures.table_b([org_a], 2025)

    assert (t2024.value("new"), t2024.value("carried_in")) == (1, 0)
    assert (t2024.value("closed_total"), t2024.value("carried_out")) == (0, 1)
    assert t2024.value("carried_out", "research") == 1
    assert (t2025.value("new"), t2025.value("carried_in")) == (0, 1)
    assert t2025.value("carried_in", "research") == 1
    assert t2025.value("withhold_process", "research") == 1
    assert (t2025.value("closed_total"), t2025.value("carried_out")) == (1, 0)
    assert check_table_b(t2024) == []
    assert check_table_b(t2025, previous=t2024) == []


def test_year_boundaries_count_the_last_and_first_day_of_the_year(org_a, worker):
    close_as(worker, receive(org_a, D(2024, 12, 31)), Outcome.DISCLOSE, on=D(2025, 1, 2))
    close_as(worker, receive(org_a, D(2025, 12, 1)), Outcome.REFUSE_REPEAT, on=D(2025, 12, 31))
    receive(org_a, D(2025, 12, 31))  # received on the last day, open at year end
    close_as(worker, receive(org_a, D(2025, 1, 1)), Outcome.UNABLE_NOT_HELD, on=D(2025, 1, 2))

    t2025 = figures.table_b([org_a], 2025)

    assert t2025.value("new") == 3
    assert t2025.value("carried_in") == 1
    assert t2025.value("disclose") == 1
    assert t2025.value("refuse_repeat") == 1
    assert t2025.value("unable_not_held") == 1
    assert t2025.value("carried_out") == 1
    assert check_table_b(t2025) == []


def test_a_case_open_for_two_years_is_carried_in_and_out_of_the_middle_year(org_a, worker):
    case = receive(org_a, D(2024, 6, 3))
    case_services.request_correction(
        actor=worker,
        application=case,
        items=CORRECTION_ITEMS,
        correction_due_on=D(2026, 6, 30),
        on=D(2024, 6, 4),
    )
    t2025 = figures.table_b([org_a], 2025)
    assert (t2025.value("carried_in"), t2025.value("carried_out")) == (1, 1)
    assert t2025.value("closed_total") == 0
    assert check_table_b(t2025) == []


def build_two_years(org, worker) -> None:
    """A mixed history: every path, every applicant type, open and carried-over cases."""
    kinds = list(ApplicantType)
    outcomes = list(Outcome)
    for i, outcome in enumerate(outcomes):
        received = wd(D(2024, 2, 1), 9 * i)
        close_as(worker, receive(org, received, kinds[i % 6]), outcome)
        received = wd(D(2025, 2, 3), 9 * i)
        close_as(worker, receive(org, received, kinds[(i + 1) % 6]), outcome)
    # carried from 2024 into 2025, and from 2025 into 2026
    close_as(
        worker,
        receive(org, D(2024, 12, 23), ApplicantType.COMMERCIAL),
        Outcome.PARTIAL,
        on=D(2025, 1, 14),
    )
    close_as(worker, receive(org, D(2024, 12, 26)), Outcome.OTHER, on=D(2025, 1, 6))
    close_as(
        worker,
        receive(org, D(2025, 12, 24), ApplicantType.OTHER_ORG),
        Outcome.DISCLOSE,
        on=D(2026, 1, 13),
    )
    receive(org, D(2025, 12, 29), ApplicantType.PUBLIC_WELFARE)  # still open today


def test_new_plus_carried_in_equals_closed_plus_carried_out_in_every_column(org_a, worker):
    build_two_years(org_a, worker)
    t2024 = figures.table_b([org_a], 2024)
    t2025 = figures.table_b([org_a], 2025)

    paths = len(Outcome)  # 23: the 21 rows' outcomes plus Art. 36(1) and 36(5)
    assert t2024.value("new") == paths + 2
    assert t2024.value("closed_total") == paths
    assert t2024.value("carried_out") == 2
    assert t2025.value("new") == paths + 2
    assert t2025.value("carried_in") == 2
    assert t2025.value("closed_total") == paths + 2
    assert t2025.value("carried_out") == 2
    for table in (t2024, t2025):
        for column in [*APPLICANT_COLUMNS, "total"]:
            assert table.value("new", column) + table.value("carried_in", column) == table.value(
                "closed_total", column
            ) + table.value("carried_out", column)
    assert check_table_b(t2024) == []
    assert check_table_b(t2025, previous=t2024) == []
    assert t2025.value("carried_in", "commercial") == 1
    assert t2025.value("carried_out", "public_welfare") == 1


def test_cases_of_other_organisations_are_not_counted(org_a, org_b, worker):
    close_as(worker, receive(org_a, MARCH), Outcome.DISCLOSE)
    close_as(caseworker(org_b), receive(org_b, MARCH), Outcome.DISCLOSE)
    receive(org_b, MARCH)
    assert figures.table_b([org_a], 2025).value("new") == 1
    assert figures.table_b([org_a, org_b], 2025).value("new") == 3


# --------------------------------------------------------------------------- Table A


def publish_document(org, author, reviewer, *, genre, written_on, title, column="gfxwj"):
    return publish_item(
        org,
        author=author,
        reviewer=reviewer,
        title=title,
        column=column,
        genre=genre,
        written_on=written_on,
        publish_at=at(written_on.year, written_on.month, written_on.day) + dt.timedelta(days=2),
    )


def test_table_a_counts_rules_and_normative_documents_issued_repealed_and_in_force(org_a, org_b):
    author, reviewer = staff_pair(org_a)
    normative, rule = Genre.NORMATIVE, Genre.RULE

    def doc(genre, written_on, title, column="gfxwj"):
        return publish_document(
            org_a, author, reviewer, genre=genre, written_on=written_on, title=title, column=column
        )

    def change(item, validity, on):
        disclosure_services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=validity,
            changed_on=on,
            note="已被新文件替代。",
        )

    doc(normative, D(2024, 3, 1), "示例县最低生活保障实施办法")
    change(
        doc(normative, D(2025, 2, 10), "示例县临时救助实施细则"), Validity.REPEALED, D(2025, 9, 1)
    )
    change(
        doc(normative, D(2023, 5, 4), "示例县特困人员认定办法"), Validity.REPEALED, D(2026, 1, 5)
    )
    doc(normative, D(2025, 6, 2), "示例县养老服务补贴管理办法")
    change(
        doc(normative, D(2025, 7, 1), "示例县2025年度救助资金分配办法"),
        Validity.EXPIRED,
        D(2025, 10, 1),
    )
    doc(rule, D(2025, 4, 1), "示例市殡葬管理规定", column="qtwj")
    doc(rule, D(2022, 4, 1), "示例市社会救助规定", column="qtwj")
    doc(Genre.NOTICE, D(2025, 4, 2), "关于开展2025年低保专项检查的通知", column="tzgg")
    draft_item(
        org_a,
        author=author,
        title="示例县殡葬改革实施意见（征求意见稿）",
        column="gfxwj",
        genre=normative,
        written_on=D(2025, 8, 1),
    )
    other_author, other_reviewer = staff_pair(org_b)
    publish_document(
        org_b,
        other_author,
        other_reviewer,
        genre=normative,
        written_on=D(2025, 3, 3),
        title="示例县政府采购管理办法",
    )

    assert figures.table_a_catalogue([org_a], 2025) == {
        "rules_issued": 1,
        "rules_repealed": 0,
        "rules_in_force": 2,
        "normative_issued": 3,
        "normative_repealed": 1,
        "normative_in_force": 3,
    }
    assert figures.table_a_catalogue([org_a], 2024) == {
        "rules_issued": 0,
        "rules_repealed": 0,
        "rules_in_force": 1,
        "normative_issued": 1,
        "normative_repealed": 0,
        "normative_in_force": 2,
    }
    t2026 = figures.table_a_catalogue([org_a], 2026)
    assert (t2026["normative_repealed"], t2026["normative_in_force"]) == (1, 2)
    assert figures.table_a_catalogue([org_a, org_b], 2025)["normative_issued"] == 4


def test_a_withdrawn_document_is_no_longer_in_force(org_a):
    author, reviewer = staff_pair(org_a)
    item = publish_document(
        org_a,
        author,
        reviewer,
        genre=Genre.NORMATIVE,
        written_on=D(2025, 5, 6),
        title="示例县居家养老服务管理办法",
    )
    assert figures.table_a_catalogue([org_a], 2025)["normative_in_force"] == 1
    disclosure_services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="误发。")
    assert figures.table_a_catalogue([org_a], 2025)["normative_in_force"] == 0


# --------------------------------------------------------------------------- Table C


def appeal(application, kind, filed_on, result=Appeal.Result.PENDING, decided_on=None):
    return Appeal.objects.create(
        application=application, kind=kind, filed_on=filed_on, result=result, decided_on=decided_on
    )


def test_table_c_counts_appeals_filed_in_the_year_with_their_result_at_year_end(
    org_a, org_b, worker
):
    case = close_as(worker, receive(org_a, D(2024, 11, 4)), Outcome.WITHHOLD_THIRD_PARTY)
    K, R = Appeal.Kind, Appeal.Result
    appeal(case, K.REVIEW, D(2025, 3, 10), R.MAINTAINED, D(2025, 5, 10))
    appeal(case, K.REVIEW, D(2025, 4, 1), R.CORRECTED, D(2025, 6, 1))
    appeal(case, K.REVIEW, D(2025, 5, 1), R.OTHER, D(2025, 7, 1))
    appeal(case, K.REVIEW, D(2025, 11, 3))
    appeal(case, K.REVIEW, D(2025, 12, 1), R.MAINTAINED, D(2026, 2, 2))  # decided after year end
    appeal(case, K.LITIGATION_DIRECT, D(2025, 2, 3), R.CORRECTED, D(2025, 9, 1))
    appeal(case, K.LITIGATION_DIRECT, D(2025, 10, 9))
    appeal(case, K.LITIGATION_AFTER_REVIEW, D(2025, 8, 1), R.MAINTAINED, D(2025, 12, 31))
    appeal(case, K.REVIEW, D(2024, 12, 20), R.MAINTAINED, D(2025, 2, 3))  # filed the year before
    other = close_as(caseworker(org_b), receive(org_b, D(2025, 1, 6)), Outcome.WITHHOLD_SECRET)
    appeal(other, K.REVIEW, D(2025, 3, 3))

    table = figures.table_c([org_a], 2025)

    assert table.cells == {
        "review": {"maintained": 1, "corrected": 1, "other": 1, "pending": 2, "total": 5},
        "litigation_direct": {
            "maintained": 0,
            "corrected": 1,
            "other": 0,
            "pending": 1,
            "total": 2,
        },
        "litigation_after_review": {
            "maintained": 1,
            "corrected": 0,
            "other": 0,
            "pending": 0,
            "total": 1,
        },
    }
    assert check_table_c(table) == []
    assert figures.table_c([org_a], 2024).cells["review"] == {
        "maintained": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }


# --------------------------------------------------------------------------- proactive, fees


def test_proactive_summary_counts_items_published_in_the_year_by_first_level_column(org_a):
    author, reviewer = staff_pair(org_a)

    def item(title, column, when, genre=Genre.NEWS):
        return publish_item(
            org_a,
            author=author,
            reviewer=reviewer,
            title=title,
            column=column,
            genre=genre,
            publish_at=when,
        )

    item("民政局召开2025年工作会议", "gzdt", at(2025, 3, 2))
    item("民政局开展低保专项检查", "gzdt", at(2025, 4, 2))
    # Published at half past midnight on 1 January, Beijing time (still 2024 in UTC).
    item("新年第一天民政服务窗口正常开放", "gzdt", at(2025, 1, 1, 0, 30))
    item("示例县养老服务补贴管理办法", "gfxwj", at(2025, 5, 2), Genre.NORMATIVE)
    item("关于印发低保工作规程的通知", ["gfxwj", "qtwj"], at(2025, 5, 3), Genre.NOTICE)
    item("2025年第一季度城市低保统计", "cxdb", at(2025, 6, 1), Genre.STATISTICS)
    item("民政局政府信息公开保密审查制度", "zd", at(2025, 6, 2), Genre.OTHER)
    item("民政局2024年工作总结", "gzdt", at(2024, 12, 31, 22, 0), Genre.SUMMARY)
    draft_item(org_a, author=author, title="未发布的工作动态", column="gzdt")

    total, by_column, by_genre = figures.proactive_summary([org_a], 2025)

    assert total == 7
    assert by_column == (("工作动态", 3), ("政策文件", 2), ("社会救助", 1))
    assert dict(by_genre) == {
        "工作动态": 3,
        "行政规范性文件": 1,
        "通知": 1,
        "统计数据": 1,
        "其他": 1,
    }
    assert figures.proactive_summary([org_a], 2024)[0] == 1


def test_fee_figures_count_notices_billed_and_collected_in_the_year(org_a, worker):
    pay_fee_and_answer(worker, receive(org_a, MARCH), amount=200)
    close_as(worker, receive(org_a, D(2025, 4, 1)), Outcome.OTHER_NO_FEE)  # 300 yuan, unpaid
    pay_fee_and_answer(worker, receive(org_a, D(2024, 11, 4)), amount=100)
    close_as(worker, receive(org_a, D(2025, 5, 6)), Outcome.DISCLOSE)  # free of charge

    assert figures.fees([org_a], 2025) == (2, 500, 200)
    assert figures.fees([org_a], 2024) == (1, 100, 100)
    assert figures.fees([org_a], 2023) == (0, 0, 0)


# --------------------------------------------------------------------------- compute


def test_compute_puts_live_figures_and_staff_numbers_together(org_a, worker):
    author, reviewer = staff_pair(org_a)
    publish_document(
        org_a,
        author,
        reviewer,
        genre=Genre.NORMATIVE,
        written_on=D(2025, 6, 2),
        title="示例县养老服务补贴管理办法",
    )
    close_as(worker, receive(org_a, MARCH), Outcome.DISCLOSE)
    pay_fee_and_answer(worker, receive(org_a, D(2025, 4, 1)), amount=200)
    receive(org_a, D(2025, 12, 29))
    report = AnnualReport.objects.create(
        organisation=org_a,
        year=2025,
        licensing_decisions=12,
        penalty_decisions=3,
        fee_amount_wan=Decimal("1.2500"),
    )

    tables = figures.compute(report)

    assert tables.a.normative_issued == 1
    assert tables.a.licensing_decisions == 12
    assert tables.a.penalty_decisions == 3
    assert tables.a.fee_amount_wan == Decimal("1.25")
    assert tables.b == figures.table_b([org_a], 2025)
    assert tables.b.value("new") == 3
    assert tables.b.value("carried_out") == 1
    assert tables.proactive_total == 1
    assert (tables.fee_notices, tables.fee_billed_yuan, tables.fee_collected_yuan) == (1, 200, 200)
    assert tables.problems() == []
    assert figures.tables_from_json(figures.tables_to_json(tables)) == tables


def test_a_government_report_without_members_counts_the_government_and_its_departments(
    org_a, org_b
):
    government = org_a.parent
    assert org_b.parent == government
    receive(org_a, MARCH)
    receive(org_b, MARCH)
    receive(org_b, D(2025, 4, 1))
    report = AnnualReport.objects.create(
        organisation=government, year=2025, scope=AnnualReport.Scope.GOVERNMENT
    )
    assert figures.compute(report).b.value("new") == 3
    report.members.set([org_b])
    assert figures.compute(report).b.value("new") == 2


def test_the_figures_use_today_only_through_the_data(org_a, worker):
    """A case still open today is carried out of every complete year since its receipt."""
    receive(org_a, D(2024, 10, 8))
    today = timezone.localdate()
    for year in range(2024, today.year):
        assert figures.table_b([org_a], year).value("carried_out") == 1

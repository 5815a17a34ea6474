"""The 依申请公开 use cases against the real database: good input, bad input, events, notices.

Cases are received on Monday 2026-03-02 unless a test needs "today"; every later date is counted
on the seeded official calendar, so the expectations do not depend on the day the suite runs.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from kernel.identifiers import (
    id_number_check_char,
    is_valid_credit_code,
    is_valid_id_number,
)
from requests_app import deadlines, services
from requests_app.models import (
    Appeal,
    Application,
    ApplicationEvent,
    Channel,
    IdType,
    Pause,
    ReplyNotice,
)
from requests_app.outcomes import OUTCOMES, Outcome, reported_as
from requests_app.workflow import Status
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
R = dt.date(2026, 3, 2)  # a Monday of an ordinary March
NAME = "张三丰"
DESCRIPTION = "申请公开2025年度城乡最低生活保障资金发放汇总表。"
REASONS = "涉及第三方个人信息，依据《中华人民共和国政府信息公开条例》第十五条不予公开。"
PROVIDED = "以电子文档形式通过本平台提供。"

# Table B rows 3-23 of 国办公开办函〔2021〕30号, character for character (rows under （三）…（六）
# are the sub-row labels; the group label is a merged cell with no number of its own).
TABLE_B_RESULT_ROWS = [
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]


def id_number(seq: int = 1) -> str:
    first17 = f"33109919800101{seq:03d}"
    return first17 + id_number_check_char(first17)


def applicant(**overrides) -> dict:
    data = {
        "name": NAME,
        "id_type": IdType.RESIDENT_ID,
        "id_number": id_number(),
        "phone": "13800001111",
        "address": "示例县城关镇人民路1号",
        "description": DESCRIPTION,
    }
    data.update(overrides)
    return data


def submit(org, received_on: dt.date = R, **overrides) -> Application:
    """An online application, received (and confirmed) on ``received_on``."""
    return services.submit_application(
        organisation=org,
        data=applicant(**overrides),
        query_password="cx-123456",
        received_on=received_on,
        submitted_at=dt.datetime.combine(received_on, dt.time(10, 30), tzinfo=TZ),
    )


@pytest.fixture
def cal(db):
    return CalendarDay.objects.work_calendar()


@pytest.fixture
def wd(cal):
    """wd(n) is the n-th working day after R; wd(n, start) after ``start``."""
    return lambda n, start=R: cal.add_working_days(start, n)


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.fixture
def outsider(org_b):
    return make_staff(role=roles.CASEWORKER, organisations=[org_b])


@pytest.fixture
def case(org_a):
    return submit(org_a)


def events(application) -> list[str]:
    return list(application.events.order_by("created_at", "id").values_list("action", flat=True))


def notice_kinds(application) -> list[str]:
    return list(application.notices.order_by("issued_on", "id").values_list("kind", flat=True))


# --------------------------------------------------------------------------- intake


def test_online_submission_is_numbered_per_organisation_and_year():
    org = OrganisationFactory(slug="mzj", name="示例县民政局")
    first = submit(org)
    second = submit(org)
    last_year = submit(org, received_on=dt.date(2025, 12, 31))
    assert first.number == "MZJ-YSQ-2026-00001"
    assert second.number == "MZJ-YSQ-2026-00002"
    assert last_year.number == "MZJ-YSQ-2025-00001"


def test_online_submission_starts_the_clock_with_an_event_and_a_receipt(case, cal):
    assert case.status == Status.RECEIVED
    assert case.due_on == cal.add_working_days(R, 20) == dt.date(2026, 3, 30)
    event = case.events.get()
    assert (event.action, event.to_status, event.actor) == ("submit", Status.RECEIVED, None)
    receipt = case.notices.get()
    assert receipt.kind == ReplyNotice.Kind.RECEIPT
    assert receipt.issued_on == R
    assert case.number in receipt.body
    assert "2026年3月30日" in receipt.body
    assert case.check_query_password("cx-123456")
    assert not case.check_query_password("wrong")


def test_received_on_may_not_be_in_the_future(org_a):
    with pytest.raises(services.CaseError, match="不能晚于今天"):
        submit(org_a, received_on=timezone.localdate() + dt.timedelta(days=1))
    assert not Application.objects.exists()


def test_unknown_applicant_fields_are_a_programming_error(org_a):
    with pytest.raises(TypeError):
        submit(org_a, status="closed")


def test_offline_registration_requires_a_staff_actor(org_a, outsider):
    kwargs = {
        "organisation": org_a,
        "data": applicant(),
        "query_password": "cx-123456",
        "channel": Channel.IN_PERSON,
        "received_on": R,
    }
    with pytest.raises(services.NotAllowed):
        services.submit_application(**kwargs)
    with pytest.raises(services.NotAllowed):
        services.submit_application(**kwargs, actor=outsider)
    assert not Application.objects.exists()


def test_offline_registration_requires_a_receipt_date(org_a, worker):
    with pytest.raises(services.CaseError, match="收到申请的日期"):
        services.submit_application(
            organisation=org_a,
            data=applicant(),
            query_password="cx-123456",
            channel=Channel.REGISTERED_MAIL,
            actor=worker,
        )


def test_offline_registration_records_the_staff_member(org_a, worker):
    application = services.submit_application(
        organisation=org_a,
        data=applicant(),
        query_password="cx-123456",
        channel=Channel.REGISTERED_MAIL,
        received_on=R,
        actor=worker,
    )
    event = application.events.get()
    assert (event.action, event.actor) == ("register", worker)
    assert "2026-03-02" in event.note


# --------------------------------------------------------------------------- assignment


def test_assign_sets_the_handler_with_an_internal_event(case, worker):
    case = services.assign(actor=worker, application=case, handler=worker)
    assert case.handler == worker
    event = case.events.latest("id")
    assert event.action == "assign"
    assert event.public is False


def test_the_handler_must_belong_to_the_organisation(case, worker, outsider):
    with pytest.raises(services.CaseError, match="本机关工作人员"):
        services.assign(actor=worker, application=case, handler=outsider)


# --------------------------------------------------------------------------- 补正 (Art. 30)


def correct(worker, case, on, due=None, items="请写明所需信息的名称或文号。"):
    return services.request_correction(
        actor=worker,
        application=case,
        items=items,
        correction_due_on=due or on + dt.timedelta(days=21),
        on=on,
    )


def test_correction_may_be_requested_on_the_seventh_working_day(case, worker, wd):
    case = correct(worker, case, wd(7))
    assert case.status == Status.CORRECTING
    assert case.correction_requested_on == wd(7)
    event = case.events.latest("id")
    assert (event.action, event.from_status, event.to_status) == (
        "request_correction",
        Status.RECEIVED,
        Status.CORRECTING,
    )
    notice = case.notices.get(kind=ReplyNotice.Kind.CORRECTION)
    assert notice.issued_on == wd(7)
    assert "请写明所需信息的名称或文号" in notice.body


def test_correction_is_refused_after_seven_working_days(case, worker, wd):
    with pytest.raises(services.CaseError, match="7个工作日内"):
        correct(worker, case, wd(8))
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert events(case) == ["submit"]


def test_correction_is_requested_only_once(case, worker, wd):
    case = correct(worker, case, wd(1))
    case = services.receive_correction(actor=worker, application=case, received_on=wd(3))
    with pytest.raises(services.CaseError, match="一次性告知"):
        correct(worker, case, wd(4, wd(3)))


@pytest.mark.parametrize(
    ("items", "due_offset", "message"),
    [("  ", 10, "补正的事项"), ("请写明文号。", 0, "补正期限应晚于告知日期")],
)
def test_correction_needs_items_and_a_later_deadline(case, worker, wd, items, due_offset, message):
    on = wd(2)
    with pytest.raises(services.CaseError, match=message):
        correct(worker, case, on, due=on + dt.timedelta(days=due_offset), items=items)


def test_receiving_the_correction_restarts_the_clock(case, worker, wd, cal):
    case = correct(worker, case, wd(5))
    corrected = wd(4, wd(5))
    case = services.receive_correction(
        actor=worker, application=case, received_on=corrected, description="补正后的描述"
    )
    assert case.status == Status.RECEIVED
    assert case.corrected_received_on == corrected
    # the 20 working days run from the corrected receipt; nothing before it counts
    assert case.due_on == cal.add_working_days(corrected, 20)
    assert case.due_on > cal.add_working_days(R, 20)
    assert case.description == "补正后的描述"
    assert events(case)[-1] == "receive_correction"


@pytest.mark.parametrize("when", ["before_notice", "future"])
def test_correction_receipt_date_is_checked(case, worker, wd, when):
    case = correct(worker, case, wd(3))
    day = wd(2) if when == "before_notice" else timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(services.CaseError, match="收到补正日期"):
        services.receive_correction(actor=worker, application=case, received_on=day)


def test_correction_lapses_only_after_the_correction_deadline(case, worker, wd):
    due = wd(10, wd(2))
    case = correct(worker, case, wd(2), due=due)
    with pytest.raises(services.CaseError, match="尚未届满"):
        services.correction_lapsed(actor=worker, application=case, on=due)
    case = services.correction_lapsed(actor=worker, application=case, on=wd(1, due))
    assert case.status == Status.CLOSED
    assert case.outcome == Outcome.OTHER_NO_CORRECTION
    assert case.closed_on == wd(1, due)
    assert events(case)[-1] == "correction_lapsed"
    assert notice_kinds(case)[-1] == ReplyNotice.Kind.CLOSURE


def test_correction_cannot_lapse_when_none_was_requested(case, worker, wd):
    with pytest.raises(services.CaseError, match="不能执行"):
        services.correction_lapsed(actor=worker, application=case, on=wd(5))


# --------------------------------------------------------------------------- consultation


def test_consultation_stops_the_clock_and_moves_the_due_date(case, worker, wd, cal):
    case = services.start_consultation(
        actor=worker,
        application=case,
        kind=Pause.Kind.THIRD_PARTY,
        party="示例县某养老服务有限公司",
        sent_on=wd(3),
    )
    assert case.status == Status.CONSULTING
    assert case.due_on is None  # stopped, open-ended
    notice = case.notices.get(kind=ReplyNotice.Kind.CONSULTATION)
    assert notice.issued_on == wd(3)
    case = services.end_consultation(actor=worker, application=case, ended_on=wd(8))
    assert case.status == Status.RECEIVED
    # the five working days of consultation (wd 4..8) are not counted
    assert case.due_on == wd(25)
    pause = case.pauses.get()
    assert (pause.start, pause.end) == (wd(3), wd(8))
    assert events(case)[-2:] == ["start_consultation", "end_consultation"]


def test_consultation_event_states_the_third_partys_deadline(case, worker, wd, cal):
    case = services.start_consultation(
        actor=worker, application=case, kind=Pause.Kind.OTHER_AGENCY, party="县财政局", sent_on=R
    )
    note = case.events.latest("id").note
    assert deadlines.third_party_reply_due(R, cal).isoformat() in note


@pytest.mark.parametrize(("kind", "party"), [("fee", "某公司"), ("third_party", "  ")])
def test_consultation_needs_a_party_and_a_consultation_kind(case, worker, kind, party):
    with pytest.raises(services.CaseError):
        services.start_consultation(
            actor=worker, application=case, kind=kind, party=party, sent_on=R
        )
    assert not case.pauses.exists()


def test_consultation_cannot_end_before_it_started(case, worker, wd):
    case = services.start_consultation(
        actor=worker, application=case, kind="third_party", party="某公司", sent_on=wd(3)
    )
    with pytest.raises(services.CaseError, match="不能早于开始日期"):
        services.end_consultation(actor=worker, application=case, ended_on=wd(2))


# --------------------------------------------------------------------------- extension


def extend(worker, case, on, days=10, approver="李晓红", reason="需要调取档案核查"):
    return services.extend(
        actor=worker,
        application=case,
        working_days=days,
        approver=approver,
        reason=reason,
        on=on,
    )


def test_extension_moves_the_due_date_and_tells_the_applicant(case, worker, wd):
    case = extend(worker, case, wd(15), days=10)
    assert case.extension_working_days == 10
    assert case.extension_approved_by == "李晓红"
    assert case.due_on == wd(30)
    event = case.events.latest("id")
    assert event.action == "extend"
    assert event.data["new_due_on"] == wd(30).isoformat()
    notice = case.notices.get(kind=ReplyNotice.Kind.EXTENSION)
    assert "延长10个工作日" in notice.body
    assert f"{wd(30):%Y年%-m月%-d日}" in notice.body


def test_extension_is_granted_only_once(case, worker, wd):
    case = extend(worker, case, wd(5), days=5)
    with pytest.raises(services.CaseError, match="只能延长一次"):
        extend(worker, case, wd(6), days=5)


@pytest.mark.parametrize("days", [0, 21])
def test_extension_is_one_to_twenty_working_days(case, worker, wd, days):
    with pytest.raises(services.CaseError, match="20个工作日"):
        extend(worker, case, wd(5), days=days)


def test_twenty_working_days_is_the_longest_extension(case, worker, wd):
    assert extend(worker, case, wd(5), days=20).due_on == wd(40)


def test_extension_is_allowed_on_the_due_date_and_refused_after_it(case, worker, wd):
    with pytest.raises(services.CaseError, match="已届满"):
        extend(worker, case, wd(20) + dt.timedelta(days=1))
    assert extend(worker, case, wd(20)).due_on == wd(30)


@pytest.mark.parametrize(("approver", "reason"), [("", "需要核查"), ("李晓红", " ")])
def test_extension_needs_an_approver_and_a_reason(case, worker, wd, approver, reason):
    with pytest.raises(services.CaseError, match="批准人"):
        extend(worker, case, wd(5), approver=approver, reason=reason)


# --------------------------------------------------------------------------- fees


def fee_notice(worker, case, on, amount=700):
    return services.issue_fee_notice(
        actor=worker,
        application=case,
        amount=amount,
        basis="国办函〔2020〕109号，按量计收",
        notice_received_on=on,
    )


def test_fee_notice_stops_the_clock_until_payment(case, worker, wd, cal):
    case = fee_notice(worker, case, wd(3))
    assert case.status == Status.AWAITING_FEE
    assert case.due_on is None
    assert case.fee_amount == 700
    assert case.fee_due_on == cal.add_working_days(wd(3), 20)
    assert "700" in case.notices.get(kind=ReplyNotice.Kind.FEE).body
    case = services.record_payment(actor=worker, application=case, paid_on=wd(7))
    assert case.status == Status.RECEIVED
    assert case.fee_paid_amount == 700
    assert case.due_on == wd(24)  # the four working days wd 4..7 are not counted
    assert events(case)[-2:] == ["issue_fee_notice", "record_payment"]


def test_fee_lapses_only_after_the_payment_deadline(case, worker, wd):
    case = fee_notice(worker, case, wd(3))
    with pytest.raises(services.CaseError, match="尚未届满"):
        services.fee_lapsed(actor=worker, application=case, on=case.fee_due_on)
    lapsed_on = wd(1, case.fee_due_on)
    case = services.fee_lapsed(actor=worker, application=case, on=lapsed_on)
    assert case.status == Status.CLOSED
    assert case.outcome == Outcome.OTHER_NO_FEE
    assert case.pauses.get().end == lapsed_on
    assert notice_kinds(case)[-1] == ReplyNotice.Kind.CLOSURE


def test_fee_must_be_positive(case, worker, wd):
    with pytest.raises(services.CaseError, match="大于零"):
        fee_notice(worker, case, wd(3), amount=0)


def test_payment_cannot_precede_the_fee_notice(case, worker, wd):
    case = fee_notice(worker, case, wd(3))
    with pytest.raises(services.CaseError, match="不能早于收费通知日期"):
        services.record_payment(actor=worker, application=case, paid_on=wd(2))


# --------------------------------------------------------------------------- answer


def answer(worker, case, outcome, on, reasons=REASONS, provided=""):
    return services.answer(
        actor=worker,
        application=case,
        outcome=outcome,
        reasons=reasons,
        provided=provided,
        answered_on=on,
    )


WITH_REASONS = [o for o, info in OUTCOMES.items() if info.by_staff_answer and info.needs_reasons]


@pytest.mark.parametrize("outcome", WITH_REASONS, ids=str)
def test_withholding_and_refusing_answers_need_reasons(case, worker, wd, outcome):
    with pytest.raises(services.CaseError, match="理由和依据"):
        answer(worker, case, outcome, wd(5), reasons="  ", provided=PROVIDED)
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


@pytest.mark.parametrize("outcome", [Outcome.DISCLOSE, Outcome.PARTIAL], ids=str)
def test_disclosing_answers_say_how_the_information_is_provided(case, worker, wd, outcome):
    with pytest.raises(services.CaseError, match="提供信息的方式"):
        answer(worker, case, outcome, wd(5))
    case = answer(worker, case, outcome, wd(5), provided=PROVIDED)
    assert case.outcome == outcome


def test_disclosure_needs_no_reasons(case, worker, wd):
    case = answer(worker, case, Outcome.DISCLOSE, wd(5), reasons="", provided=PROVIDED)
    assert case.status == Status.CLOSED


def test_still_unclear_is_only_possible_after_a_correction(case, worker, wd):
    with pytest.raises(services.CaseError, match="补正后"):
        answer(worker, case, Outcome.UNABLE_UNCLEAR, wd(5))
    case = correct(worker, case, wd(2))
    case = services.receive_correction(actor=worker, application=case, received_on=wd(4))
    case = answer(worker, case, Outcome.UNABLE_UNCLEAR, wd(9))
    assert case.outcome == Outcome.UNABLE_UNCLEAR


@pytest.mark.parametrize(
    "outcome", [o for o, info in OUTCOMES.items() if not info.by_staff_answer], ids=str
)
def test_closing_outcomes_cannot_be_given_as_an_answer(case, worker, wd, outcome):
    with pytest.raises(services.CaseError, match="相应的办结操作"):
        answer(worker, case, outcome, wd(5))


def test_an_unknown_outcome_is_refused(case, worker, wd):
    with pytest.raises(services.CaseError, match="请选择办理结果"):
        answer(worker, case, "maybe", wd(5))


@pytest.mark.parametrize("when", ["before_receipt", "future"])
def test_answer_date_lies_between_receipt_and_today(case, worker, when):
    day = R - dt.timedelta(days=1) if when == "before_receipt" else timezone.localdate()
    day += dt.timedelta(days=1) if when == "future" else dt.timedelta(0)
    with pytest.raises(services.CaseError, match="办结日期"):
        answer(worker, case, Outcome.WITHHOLD_SECRET, day)


def test_answer_closes_the_case_with_an_event_and_a_reply(case, worker, wd):
    case = answer(worker, case, Outcome.PARTIAL, wd(12), provided=PROVIDED)
    assert (case.status, case.closed_on, case.outcome_reasons) == (Status.CLOSED, wd(12), REASONS)
    event = case.events.latest("id")
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "answer",
        Status.RECEIVED,
        Status.CLOSED,
        worker,
    )
    assert event.data == {"outcome": "partial"}
    reply = case.notices.get(kind=ReplyNotice.Kind.ANSWER)
    assert reply.issued_on == wd(12)
    for text in (OUTCOMES[Outcome.PARTIAL].decision, REASONS, PROVIDED, "第三十七条"):
        assert text in reply.body


def test_a_closed_case_cannot_be_answered_again(case, worker, wd):
    case = answer(worker, case, Outcome.WITHHOLD_SECRET, wd(5))
    with pytest.raises(services.CaseError, match="已办结"):
        answer(worker, case, Outcome.WITHHOLD_SECRET, wd(6))


# --------------------------------------------------------------------------- other closure


def reach(state, worker, case, wd):
    """Bring ``case`` to an open ``state`` through the services."""
    if state == Status.CORRECTING:
        return correct(worker, case, wd(2))
    if state == Status.CONSULTING:
        return services.start_consultation(
            actor=worker, application=case, kind="third_party", party="某公司", sent_on=wd(2)
        )
    if state == Status.AWAITING_FEE:
        return fee_notice(worker, case, wd(2))
    return case


@pytest.mark.parametrize(
    "state", [Status.RECEIVED, Status.CORRECTING, Status.CONSULTING, Status.AWAITING_FEE], ids=str
)
def test_any_open_case_can_be_closed_for_another_reason(case, worker, wd, state):
    case = reach(state, worker, case, wd)
    case = services.close_other(
        actor=worker, application=case, reason="申请人书面撤回申请。", on=wd(4)
    )
    assert (case.status, case.outcome, case.closed_on) == (Status.CLOSED, Outcome.OTHER, wd(4))
    assert not case.pauses.filter(end__isnull=True).exists()
    assert events(case)[-1] == "close_other"
    assert notice_kinds(case)[-1] == ReplyNotice.Kind.CLOSURE


def test_closing_for_another_reason_needs_the_reason(case, worker, wd):
    with pytest.raises(services.CaseError, match="办结原因"):
        services.close_other(actor=worker, application=case, reason=" ", on=wd(4))


# --------------------------------------------------------------------------- delivery


def test_delivery_is_recorded_on_the_notice_with_an_event(case, worker, wd):
    receipt = case.notices.get()
    with pytest.raises(services.CaseError, match="送达日期"):
        services.record_delivery(
            actor=worker, notice=receipt, method="网上送达", delivered_on=R - dt.timedelta(1)
        )
    with pytest.raises(services.CaseError, match="送达方式"):
        services.record_delivery(actor=worker, notice=receipt, method=" ", delivered_on=R)
    services.record_delivery(actor=worker, notice=receipt, method="网上送达", delivered_on=R)
    receipt.refresh_from_db()
    assert (receipt.delivery_method, receipt.delivered_on) == ("网上送达", R)
    assert events(case)[-1] == "deliver"


# --------------------------------------------------------------------------- every action


def _prepare(action, worker, case, wd):
    """The state each action starts from, reached through the services."""
    if action == "receive_correction":
        return correct(worker, case, wd(2))
    if action == "correction_lapsed":
        return correct(worker, case, wd(2), due=wd(5))
    if action == "end_consultation":
        return reach(Status.CONSULTING, worker, case, wd)
    if action in {"record_payment", "fee_lapsed"}:
        return reach(Status.AWAITING_FEE, worker, case, wd)
    return case


def _act(action, worker, case, wd):
    match action:
        case "request_correction":
            return correct(worker, case, wd(2))
        case "receive_correction":
            return services.receive_correction(actor=worker, application=case, received_on=wd(4))
        case "correction_lapsed":
            return services.correction_lapsed(actor=worker, application=case, on=wd(6))
        case "start_consultation":
            return reach(Status.CONSULTING, worker, case, wd)
        case "end_consultation":
            return services.end_consultation(actor=worker, application=case, ended_on=wd(4))
        case "extend":
            return extend(worker, case, wd(5))
        case "issue_fee_notice":
            return reach(Status.AWAITING_FEE, worker, case, wd)
        case "record_payment":
            return services.record_payment(actor=worker, application=case, paid_on=wd(4))
        case "fee_lapsed":
            return services.fee_lapsed(actor=worker, application=case, on=wd(23))
        case "answer":
            return answer(worker, case, Outcome.DISCLOSE, wd(5), provided=PROVIDED)
        case "close_other":
            return services.close_other(actor=worker, application=case, reason="撤回", on=wd(3))
    raise AssertionError(action)


EVERY_ACTION = [
    # action, status after, the notice it issues (None: no document of its own)
    ("request_correction", Status.CORRECTING, ReplyNotice.Kind.CORRECTION),
    ("receive_correction", Status.RECEIVED, None),
    ("correction_lapsed", Status.CLOSED, ReplyNotice.Kind.CLOSURE),
    ("start_consultation", Status.CONSULTING, ReplyNotice.Kind.CONSULTATION),
    ("end_consultation", Status.RECEIVED, None),
    ("extend", Status.RECEIVED, ReplyNotice.Kind.EXTENSION),
    ("issue_fee_notice", Status.AWAITING_FEE, ReplyNotice.Kind.FEE),
    ("record_payment", Status.RECEIVED, None),
    ("fee_lapsed", Status.CLOSED, ReplyNotice.Kind.CLOSURE),
    ("answer", Status.CLOSED, ReplyNotice.Kind.ANSWER),
    ("close_other", Status.CLOSED, ReplyNotice.Kind.CLOSURE),
]


@pytest.mark.parametrize(("action", "status", "notice"), EVERY_ACTION, ids=lambda v: str(v))
def test_every_action_writes_an_event_and_the_right_notice(
    case, worker, wd, action, status, notice
):
    case = _prepare(action, worker, case, wd)
    from_status = case.status
    seen_events = list(case.events.values_list("pk", flat=True))
    seen_notices = list(case.notices.values_list("pk", flat=True))
    case = _act(action, worker, case, wd)
    event = case.events.exclude(pk__in=seen_events).get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        action,
        from_status,
        status,
        worker,
    )
    assert case.status == status
    issued = list(case.notices.exclude(pk__in=seen_notices).values_list("kind", flat=True))
    assert issued == ([] if notice is None else [notice])


def test_an_issued_notice_keeps_its_text_when_the_case_is_edited(case, worker, wd):
    case = answer(worker, case, Outcome.PARTIAL, wd(5), provided=PROVIDED)
    reply = case.notices.get(kind=ReplyNotice.Kind.ANSWER)
    frozen = reply.body
    Application.objects.filter(pk=case.pk).update(name="李四光", description="另一项信息")
    case.refresh_from_db()
    # rendering now would say something else; the issued document does not
    again = render_to_string(
        "requests_app/notices/answer.html",
        {"application": case, "organisation": case.organisation, "info": OUTCOMES[Outcome.PARTIAL]},
    )
    assert "李四光" in again
    reply.refresh_from_db()
    assert reply.body == frozen
    assert NAME in reply.body
    assert DESCRIPTION in reply.body
    assert "李四光" not in reply.body


# --------------------------------------------------------------------------- permissions


def _every_call(actor, case, wd):
    return {
        "assign": lambda: services.assign(actor=actor, application=case, handler=None),
        "request_correction": lambda: correct(actor, case, wd(2)),
        "receive_correction": lambda: services.receive_correction(
            actor=actor, application=case, received_on=wd(2)
        ),
        "correction_lapsed": lambda: services.correction_lapsed(
            actor=actor, application=case, on=wd(2)
        ),
        "start_consultation": lambda: services.start_consultation(
            actor=actor, application=case, kind="third_party", party="某公司", sent_on=wd(2)
        ),
        "end_consultation": lambda: services.end_consultation(
            actor=actor, application=case, ended_on=wd(2)
        ),
        "extend": lambda: extend(actor, case, wd(2)),
        "issue_fee_notice": lambda: fee_notice(actor, case, wd(2)),
        "record_payment": lambda: services.record_payment(
            actor=actor, application=case, paid_on=wd(2)
        ),
        "fee_lapsed": lambda: services.fee_lapsed(actor=actor, application=case, on=wd(2)),
        "answer": lambda: answer(actor, case, Outcome.DISCLOSE, wd(2), provided=PROVIDED),
        "close_other": lambda: services.close_other(
            actor=actor, application=case, reason="撤回", on=wd(2)
        ),
        "record_delivery": lambda: services.record_delivery(
            actor=actor, notice=case.notices.get(), method="网上送达", delivered_on=R
        ),
    }


CALLS = list(_every_call(None, None, None))


@pytest.mark.parametrize("call", CALLS)
def test_staff_of_another_organisation_may_not_act(case, outsider, wd, call):
    with pytest.raises(services.NotAllowed, match="本机关"):
        _every_call(outsider, case, wd)[call]()
    assert events(case) == ["submit"]


@pytest.mark.parametrize("call", CALLS)
def test_staff_without_the_caseworker_role_may_not_act(case, org_a, wd, call):
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    with pytest.raises(services.NotAllowed, match="权限"):
        _every_call(officer, case, wd)[call]()


@pytest.mark.parametrize("call", ["answer", "extend", "close_other"])
def test_anonymous_callers_may_not_act(case, wd, call):
    with pytest.raises(services.NotAllowed, match="登录"):
        _every_call(None, case, wd)[call]()


# --------------------------------------------------------------------------- dates of steps


def _tomorrow():
    return timezone.localdate() + dt.timedelta(days=1)


FUTURE_DATED = {
    "request_correction": lambda w, a: correct(w, a, _tomorrow()),
    "start_consultation": lambda w, a: services.start_consultation(
        actor=w, application=a, kind="third_party", party="某公司", sent_on=_tomorrow()
    ),
    "end_consultation": lambda w, a: services.end_consultation(
        actor=w,
        application=services.start_consultation(
            actor=w, application=a, kind="third_party", party="某公司"
        ),
        ended_on=_tomorrow(),
    ),
    "extend": lambda w, a: extend(w, a, _tomorrow()),
    "issue_fee_notice": lambda w, a: fee_notice(w, a, _tomorrow()),
    "record_payment": lambda w, a: services.record_payment(
        actor=w, application=fee_notice(w, a, timezone.localdate()), paid_on=_tomorrow()
    ),
}


@pytest.mark.parametrize("action", list(FUTURE_DATED))
def test_no_step_can_be_dated_in_the_future(org_a, worker, action):
    """A notice, consultation or payment dated tomorrow has not happened: like receipt,
    correction receipt, answer and delivery, every dated step must be today or earlier."""
    case = submit(org_a, received_on=timezone.localdate())
    with pytest.raises(services.CaseError):
        FUTURE_DATED[action](worker, case)


def test_a_case_cannot_be_closed_before_its_corrected_application_arrived(case, worker, wd):
    """The reply answers the corrected application, so it cannot predate it."""
    case = correct(worker, case, wd(2))
    case = services.receive_correction(actor=worker, application=case, received_on=wd(6))
    with pytest.raises(services.CaseError):
        answer(worker, case, Outcome.UNABLE_UNCLEAR, wd(4))


# --------------------------------------------------------------------------- Table B


def _reach_outcome(outcome, worker, org, wd):
    case = submit(org)
    info = OUTCOMES[outcome]
    if outcome == Outcome.OTHER_NO_CORRECTION:
        case = correct(worker, case, wd(2), due=wd(5))
        return services.correction_lapsed(actor=worker, application=case, on=wd(6))
    if outcome == Outcome.OTHER_NO_FEE:
        case = fee_notice(worker, case, wd(2))
        return services.fee_lapsed(actor=worker, application=case, on=wd(1, case.fee_due_on))
    if outcome == Outcome.OTHER:
        return services.close_other(actor=worker, application=case, reason="撤回", on=wd(3))
    if outcome == Outcome.UNABLE_UNCLEAR:
        case = correct(worker, case, wd(2))
        case = services.receive_correction(actor=worker, application=case, received_on=wd(3))
    assert info.by_staff_answer
    if outcome == Outcome.UNABLE_NOT_OURS:
        return services.answer(
            actor=worker,
            application=case,
            outcome=outcome,
            reasons=REASONS,
            answered_on=wd(8),
            responsible_agency="测试县城关镇人民政府",
            responsible_agency_contact="0570-8012345",
        )
    return answer(worker, case, outcome, wd(8), provided=PROVIDED)


def test_every_outcome_is_reachable_and_counts_in_its_own_table_b_row(org_a, worker, wd):
    for outcome in Outcome:
        assert _reach_outcome(outcome, worker, org_a, wd).outcome == outcome
    counts = dict(
        Application.objects.closed_in(2026)
        .values_list("outcome")
        .annotate(n=Count("id"))
        .values_list("outcome", "n")
    )
    rows = Counter()
    for o, n in counts.items():
        rows[OUTCOMES[reported_as(o)].label] += n
    assert sorted(rows) == sorted(TABLE_B_RESULT_ROWS)
    # Art. 36(1) counts with 36(2) under （一）, Art. 36(5) with 36(4) under （四）1.
    assert rows["（一）予以公开"] == rows["1.本机关不掌握相关政府信息"] == 2
    assert sum(rows.values()) == len(Outcome) == 23
    assert set(rows.values()) == {1, 2}


# --------------------------------------------------------------------------- the demo


def test_demo_cases_go_through_the_services_and_a_second_run_adds_nothing(settings):
    from portal.demo import applications as demo
    from portal.demo import organisations as catalog_demo

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    catalog_demo.seed()
    created = demo.seed()
    assert created == Application.objects.count() >= 50
    apps = Application.objects.all()
    assert set(apps.values_list("organisation__slug", flat=True)) == {"mzj", "czj", "tyjrj"}
    assert {a.received_on.year for a in apps} == {2025, 2026}
    assert set(apps.values_list("status", flat=True)) == set(Status)
    assert set(apps.exclude(outcome="").values_list("outcome", flat=True)) == set(Outcome)
    today = timezone.localdate()
    assert apps.overdue(on=today).exists()
    assert apps.filter(status=Status.RECEIVED, handler__isnull=True).exists()
    assert apps.filter(extension_working_days__gt=0, status=Status.CLOSED).exists()
    assert apps.filter(extension_working_days__gt=0, status=Status.RECEIVED).exists()
    appeals = Appeal.objects.all()
    assert set(appeals.values_list("kind", flat=True)) == set(Appeal.Kind)
    assert {"maintained", "corrected", "pending"} <= set(appeals.values_list("result", flat=True))
    for application in apps:
        if application.applicant_type == "natural":
            assert is_valid_id_number(application.id_number, today=timezone.localdate())
        else:
            assert is_valid_credit_code(application.id_number)
        # every case has its history: registration first, then events in date order
        assert application.events.order_by("created_at", "id").first().action in {
            "submit",
            "register",
        }
    event_count = ApplicationEvent.objects.count()

    assert demo.seed() == 0
    assert Application.objects.count() == created
    assert ApplicationEvent.objects.count() == event_count

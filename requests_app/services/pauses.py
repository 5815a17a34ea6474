"""While a case is open: correction (补正), consultation (征求意见), extension (延期) and the fee
(信息处理费); the clock stops or restarts as the 条例 says."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from requests_app import deadlines
from requests_app.models import Application, ApplicationEvent, Pause, ReplyNotice
from requests_app.outcomes import Outcome
from requests_app.services.closing import close_case
from requests_app.services.common import (
    CaseError,
    calendar,
    issue_notice,
    lock,
    not_future,
    refresh_due,
    require_handler,
    today,
    transition,
)
from requests_app.workflow import Action


@transaction.atomic
def request_correction(
    *,
    actor,
    application: Application,
    items: str,
    correction_due_on: dt.date,
    on: dt.date | None = None,
) -> Application:
    """条例 Art. 30: one notice, within 7 working days of receipt, naming everything to fix."""
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.REQUEST_CORRECTION)
    on = not_future(on or today(), "告知补正日期")
    if application.correction_requested_on is not None:
        raise CaseError("补正只能一次性告知，本申请已告知过补正。")
    latest = deadlines.correction_notice_due(application.received_on, calendar())
    if on > latest:
        raise CaseError(f"补正告知应在收到申请之日起7个工作日内（即{latest:%Y年%m月%d日}前）作出。")
    if not items.strip():
        raise CaseError("请写明需要补正的事项。")
    if correction_due_on <= on:
        raise CaseError("补正期限应晚于告知日期。")
    application.status = new
    application.correction_requested_on = on
    application.correction_due_on = correction_due_on
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.REQUEST_CORRECTION,
        from_status=old,
        to_status=new,
        note=items.strip(),
        data={"correction_due_on": correction_due_on.isoformat()},
    )
    issue_notice(
        application,
        ReplyNotice.Kind.CORRECTION,
        {"items": items.strip(), "correction_due_on": correction_due_on},
        on,
    )
    return application


@transaction.atomic
def receive_correction(
    *, actor, application: Application, received_on: dt.date, description: str = ""
) -> Application:
    """The corrected application arrived: the reply period restarts from that day."""
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.RECEIVE_CORRECTION)
    if received_on < application.correction_requested_on or received_on > today():
        raise CaseError("收到补正日期应在告知补正之后且不晚于今天。")
    if description.strip():
        application.description = description.strip()
    application.status = new
    application.corrected_received_on = received_on
    refresh_due(application)
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.RECEIVE_CORRECTION,
        from_status=old,
        to_status=new,
        note=f"收到补正材料，答复期限自{received_on:%Y-%m-%d}起重新计算",
    )
    return application


@transaction.atomic
def correction_lapsed(*, actor, application: Application, on: dt.date | None = None):
    """No correction by the stated date: treated as abandoned (Table B （六）1)."""
    require_handler(actor, application)
    application = lock(application)
    on = on or today()
    if application.correction_due_on and on <= application.correction_due_on:
        raise CaseError(f"补正期限（{application.correction_due_on:%Y-%m-%d}）尚未届满。")
    return close_case(
        application,
        actor,
        Action.CORRECTION_LAPSED,
        Outcome.OTHER_NO_CORRECTION,
        "申请人无正当理由逾期未补正，视为放弃申请。",
        on,
    )


@transaction.atomic
def start_consultation(
    *, actor, application: Application, kind: str, party: str, sent_on: dt.date | None = None
) -> Application:
    """条例 Arts. 32, 34: written consultation; the time it takes is not counted."""
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.START_CONSULTATION)
    sent_on = not_future(sent_on or today(), "发出征求意见日期")
    if kind not in {Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY}:
        raise CaseError("征求意见类型无效。")
    if not party.strip():
        raise CaseError("请填写征求意见的对象。")
    Pause.objects.create(application=application, kind=kind, start=sent_on, party=party.strip())
    application.status = new
    refresh_due(application)
    application.save()
    reply_due = deadlines.third_party_reply_due(sent_on, calendar())
    ApplicationEvent.record(
        application,
        actor,
        Action.START_CONSULTATION,
        from_status=old,
        to_status=new,
        note=f"向{party.strip()}征求意见，应于{reply_due:%Y-%m-%d}前答复；征求意见时间不计入答复期限",
    )
    issue_notice(
        application,
        ReplyNotice.Kind.CONSULTATION,
        {"party_kind": Pause.Kind(kind).label, "sent_on": sent_on, "reply_due": reply_due},
        sent_on,
    )
    return application


@transaction.atomic
def end_consultation(
    *, actor, application: Application, ended_on: dt.date | None = None, note: str = ""
) -> Application:
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.END_CONSULTATION)
    ended_on = not_future(ended_on or today(), "征求意见结束日期")
    pause = application.pauses.filter(end__isnull=True).exclude(kind=Pause.Kind.FEE).first()
    if pause is None or ended_on < pause.start:
        raise CaseError("征求意见结束日期不能早于开始日期。")
    pause.end = ended_on
    pause.save(update_fields=["end"])
    application.status = new
    refresh_due(application)
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.END_CONSULTATION,
        from_status=old,
        to_status=new,
        note=note.strip() or f"{pause.party}意见已收到或期限届满",
    )
    return application


@transaction.atomic
def extend(
    *,
    actor,
    application: Application,
    working_days: int,
    approver: str,
    reason: str,
    on: dt.date | None = None,
) -> Application:
    """条例 Art. 33 ¶2: once, at most 20 working days, approved, and the applicant told."""
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.EXTEND)
    on = not_future(on or today(), "延期日期")
    if application.extension_working_days:
        raise CaseError("答复期限只能延长一次。")
    if not 1 <= working_days <= deadlines.MAX_EXTENSION_WORKING_DAYS:
        raise CaseError("延长的期限最长不得超过20个工作日。")
    if not approver.strip() or not reason.strip():
        raise CaseError("请填写延期理由和批准人（政府信息公开工作机构负责人）。")
    if application.due_on and on > application.due_on:
        raise CaseError("答复期限已届满，不能再延期。")
    old_due = application.due_on
    application.extension_working_days = working_days
    application.extension_approved_by = approver.strip()
    refresh_due(application)
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.EXTEND,
        from_status=old,
        to_status=new,
        note=reason.strip(),
        data={
            "working_days": working_days,
            "approver": approver.strip(),
            "old_due_on": old_due.isoformat() if old_due else "",
            "new_due_on": application.due_on.isoformat() if application.due_on else "",
        },
    )
    issue_notice(
        application,
        ReplyNotice.Kind.EXTENSION,
        {"reason": reason.strip(), "working_days": working_days, "new_due_on": application.due_on},
        on,
    )
    return application


@transaction.atomic
def issue_fee_notice(
    *,
    actor,
    application: Application,
    amount: int,
    basis: str,
    notice_received_on: dt.date | None = None,
) -> Application:
    """国办函〔2020〕109号: a written 收费通知; the time until payment is not counted."""
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.ISSUE_FEE_NOTICE)
    if amount <= 0:
        raise CaseError("收费金额应大于零。")
    start = not_future(notice_received_on or today(), "收费通知送达日期")
    Pause.objects.create(application=application, kind=Pause.Kind.FEE, start=start)
    application.status = new
    application.fee_amount = amount
    application.fee_due_on = deadlines.fee_payment_due(start, calendar())
    refresh_due(application)
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.ISSUE_FEE_NOTICE,
        from_status=old,
        to_status=new,
        note=basis.strip(),
        data={"amount": amount, "fee_due_on": application.fee_due_on.isoformat()},
    )
    issue_notice(
        application,
        ReplyNotice.Kind.FEE,
        {"amount": amount, "basis": basis.strip(), "fee_due_on": application.fee_due_on},
        start,
    )
    return application


@transaction.atomic
def record_payment(*, actor, application: Application, paid_on: dt.date | None = None):
    require_handler(actor, application)
    application = lock(application)
    old, new = transition(application, Action.RECORD_PAYMENT)
    paid_on = not_future(paid_on or today(), "缴费日期")
    pause = application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).first()
    if pause is None or paid_on < pause.start:
        raise CaseError("缴费日期不能早于收费通知日期。")
    pause.end = paid_on
    pause.save(update_fields=["end"])
    application.status = new
    application.fee_paid_amount = application.fee_amount
    refresh_due(application)
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        Action.RECORD_PAYMENT,
        from_status=old,
        to_status=new,
        note=f"已缴纳信息处理费{application.fee_amount}元",
    )
    return application


@transaction.atomic
def fee_lapsed(*, actor, application: Application, on: dt.date | None = None):
    """Unpaid by the date: no further handling (Table B （六）2)."""
    require_handler(actor, application)
    application = lock(application)
    on = on or today()
    if application.fee_due_on and on <= application.fee_due_on:
        raise CaseError(f"缴费期限（{application.fee_due_on:%Y-%m-%d}）尚未届满。")
    pause = application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).first()
    if pause is not None:
        pause.end = on
        pause.save(update_fields=["end"])
    return close_case(
        application,
        actor,
        Action.FEE_LAPSED,
        Outcome.OTHER_NO_FEE,
        "申请人逾期未缴纳信息处理费，不再处理。",
        on,
    )

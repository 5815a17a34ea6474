"""Use cases of a 依申请公开 case. Views, admin, commands and the import all call these.

Each validates, runs in one transaction, locks the case row, recomputes the statutory due date
from the stored clock inputs (requests_app.deadlines) and appends an immutable event.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay, Counter, Organisation
from requests_app import deadlines, delivery, notices
from requests_app.models import Application, ApplicationEvent, Channel, Pause, ReplyNotice
from requests_app.outcomes import OUTCOMES, Outcome
from requests_app.workflow import OPEN, Action, InvalidTransition, Status, next_status

logger = logging.getLogger(__name__)


class CaseError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class NotAllowed(CaseError):
    pass


# --------------------------------------------------------------------------- helpers


def calendar():
    return CalendarDay.objects.work_calendar()


def clock_of(application: Application) -> deadlines.CaseClock:
    pauses = ()
    if application.pk:
        pauses = tuple(
            deadlines.Pause(start=p.start, end=p.end) for p in application.pauses.order_by("start")
        )
    return deadlines.CaseClock(
        received_on=application.received_on,
        corrected_received_on=application.corrected_received_on,
        pauses=pauses,
        extension_working_days=application.extension_working_days,
        custom_due_on=application.custom_due_on,
    )


def _refresh_due(application: Application, cal=None) -> None:
    application.due_on = deadlines.reply_due(clock_of(application), cal or calendar())


def _require(actor, application: Application | Organisation) -> None:
    org_id = (
        application.pk if isinstance(application, Organisation) else application.organisation_id
    )
    if actor is None:
        raise NotAllowed("需要登录的工作人员办理。")
    if not actor.has_perm("requests_app.handle_application"):
        raise NotAllowed("您没有办理政府信息公开申请的权限。")
    if not Organisation.objects.for_staff(actor).filter(pk=org_id).exists():
        raise NotAllowed("您只能办理本机关的申请。")


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _transition(application: Application, action: Action) -> tuple[str, Status]:
    old = application.status
    try:
        return old, next_status(old, action)
    except InvalidTransition as exc:
        raise CaseError(str(exc)) from exc


def _log(
    application, actor, action, *, from_status="", to_status="", note="", data=None, public=True
):
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=str(action),
        from_status=from_status,
        to_status=to_status,
        note=note,
        data=data or {},
        public=public,
    )


def _today() -> dt.date:
    return timezone.localdate()


def _not_future(day: dt.date, label: str) -> dt.date:
    if day > _today():
        raise CaseError(f"{label}不能晚于今天。")
    return day


def _issue_notice(
    application: Application,
    kind: str,
    context: dict | None = None,
    issued_on: dt.date | None = None,
    *,
    info=None,
) -> ReplyNotice:
    """Render and freeze a notice (requests_app.notices) and send it to the applicant."""
    notice = notices.issue(application, kind, context, issued_on=issued_on or _today(), info=info)
    delivery.notify_issued(notice)
    return notice


# --------------------------------------------------------------------------- intake


@transaction.atomic
def submit_application(
    *,
    organisation: Organisation,
    data: dict,
    query_password: str,
    id_proof=None,
    channel: str = Channel.ONLINE,
    received_on: dt.date | None = None,
    submitted_at: dt.datetime | None = None,
    actor=None,
    notify: bool = True,
) -> Application:
    """Register an application (online by the citizen, or offline by staff) with its number.

    The 申请编号 comes from a locked per-organisation yearly counter, so parallel submissions
    never share a number, and a failed submission rolls its number back (no gaps).
    """
    if channel != Channel.ONLINE:
        _require(actor, organisation)
        if received_on is None:
            raise CaseError("请填写收到申请的日期（《条例》第三十一条）。")
    submitted_at = submitted_at or timezone.now()
    received_on = received_on or timezone.localdate(submitted_at)
    if received_on > _today():
        raise CaseError("收到申请日期不能晚于今天。")
    unknown = set(data) - set(Application.APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown applicant fields: {sorted(unknown)}")
    application = Application(
        organisation=organisation,
        channel=channel,
        submitted_at=submitted_at,
        received_on=received_on,
        **data,
    )
    application.set_query_password(query_password)
    year = received_on.year
    seq = Counter.next_value(organisation=organisation, name="application", year=year)
    application.number = f"{organisation.slug.upper()}-YSQ-{year}-{seq:05d}"
    _refresh_due(application)
    application.full_clean(exclude=["id_proof", "query_password"])
    if id_proof is not None:
        application.id_proof.save(id_proof.name, id_proof, save=False)
    try:
        application.save()
    except Exception:
        # A failed submission must not leave the applicant's ID document behind.
        if application.id_proof:
            application.id_proof.storage.delete(application.id_proof.name)
        raise
    _log(
        application,
        actor,
        "submit" if channel == Channel.ONLINE else "register",
        to_status=Status.RECEIVED,
        note=f"{application.get_channel_display()}，收到申请日期{received_on:%Y-%m-%d}",
    )
    with delivery.suppressed(not notify):  # the receipt is mailed like every notice
        _issue_notice(application, ReplyNotice.Kind.RECEIPT, issued_on=received_on)
    return application


def find_for_applicant(number: str, password: str) -> Application | None:
    """The case for the progress page, or None; a wrong number and a wrong password look alike."""
    application = Application.objects.filter(number=number.strip().upper()).first()
    if application is None:
        make_password(password)  # same work as a real check: timing does not reveal numbers
        return None
    if not application.check_query_password(password):
        return None
    return application


@transaction.atomic
def assign(*, actor, application: Application, handler) -> Application:
    _require(actor, application)
    application = _lock(application)
    if (
        handler is not None
        and not Organisation.objects.for_staff(handler)
        .filter(pk=application.organisation_id)
        .exists()
    ):
        raise CaseError("经办人须为本机关工作人员。")
    application.handler = handler
    application.save(update_fields=["handler", "updated_at"])
    _log(application, actor, "assign", note=str(handler or "取消分派"), public=False)
    return application


# --------------------------------------------------------------------------- actions


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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.REQUEST_CORRECTION)
    on = _not_future(on or _today(), "告知补正日期")
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
    _log(
        application,
        actor,
        Action.REQUEST_CORRECTION,
        from_status=old,
        to_status=new,
        note=items.strip(),
        data={"correction_due_on": correction_due_on.isoformat()},
    )
    _issue_notice(
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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.RECEIVE_CORRECTION)
    if received_on < application.correction_requested_on or received_on > _today():
        raise CaseError("收到补正日期应在告知补正之后且不晚于今天。")
    if description.strip():
        application.description = description.strip()
    application.status = new
    application.corrected_received_on = received_on
    _refresh_due(application)
    application.save()
    _log(
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
    _require(actor, application)
    application = _lock(application)
    on = on or _today()
    if application.correction_due_on and on <= application.correction_due_on:
        raise CaseError(f"补正期限（{application.correction_due_on:%Y-%m-%d}）尚未届满。")
    return _close(
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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.START_CONSULTATION)
    sent_on = _not_future(sent_on or _today(), "发出征求意见日期")
    if kind not in {Pause.Kind.THIRD_PARTY, Pause.Kind.OTHER_AGENCY}:
        raise CaseError("征求意见类型无效。")
    if not party.strip():
        raise CaseError("请填写征求意见的对象。")
    Pause.objects.create(application=application, kind=kind, start=sent_on, party=party.strip())
    application.status = new
    _refresh_due(application)
    application.save()
    reply_due = deadlines.third_party_reply_due(sent_on, calendar())
    _log(
        application,
        actor,
        Action.START_CONSULTATION,
        from_status=old,
        to_status=new,
        note=f"向{party.strip()}征求意见，应于{reply_due:%Y-%m-%d}前答复；征求意见时间不计入答复期限",
    )
    _issue_notice(
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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.END_CONSULTATION)
    ended_on = _not_future(ended_on or _today(), "征求意见结束日期")
    pause = application.pauses.filter(end__isnull=True).exclude(kind=Pause.Kind.FEE).first()
    if pause is None or ended_on < pause.start:
        raise CaseError("征求意见结束日期不能早于开始日期。")
    pause.end = ended_on
    pause.save(update_fields=["end"])
    application.status = new
    _refresh_due(application)
    application.save()
    _log(
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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.EXTEND)
    on = _not_future(on or _today(), "延期日期")
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
    _refresh_due(application)
    application.save()
    _log(
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
    _issue_notice(
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
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.ISSUE_FEE_NOTICE)
    if amount <= 0:
        raise CaseError("收费金额应大于零。")
    start = _not_future(notice_received_on or _today(), "收费通知送达日期")
    Pause.objects.create(application=application, kind=Pause.Kind.FEE, start=start)
    application.status = new
    application.fee_amount = amount
    application.fee_due_on = deadlines.fee_payment_due(start, calendar())
    _refresh_due(application)
    application.save()
    _log(
        application,
        actor,
        Action.ISSUE_FEE_NOTICE,
        from_status=old,
        to_status=new,
        note=basis.strip(),
        data={"amount": amount, "fee_due_on": application.fee_due_on.isoformat()},
    )
    _issue_notice(
        application,
        ReplyNotice.Kind.FEE,
        {"amount": amount, "basis": basis.strip(), "fee_due_on": application.fee_due_on},
        start,
    )
    return application


@transaction.atomic
def record_payment(*, actor, application: Application, paid_on: dt.date | None = None):
    _require(actor, application)
    application = _lock(application)
    old, new = _transition(application, Action.RECORD_PAYMENT)
    paid_on = _not_future(paid_on or _today(), "缴费日期")
    pause = application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).first()
    if pause is None or paid_on < pause.start:
        raise CaseError("缴费日期不能早于收费通知日期。")
    pause.end = paid_on
    pause.save(update_fields=["end"])
    application.status = new
    application.fee_paid_amount = application.fee_amount
    _refresh_due(application)
    application.save()
    _log(
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
    _require(actor, application)
    application = _lock(application)
    on = on or _today()
    if application.fee_due_on and on <= application.fee_due_on:
        raise CaseError(f"缴费期限（{application.fee_due_on:%Y-%m-%d}）尚未届满。")
    pause = application.pauses.filter(kind=Pause.Kind.FEE, end__isnull=True).first()
    if pause is not None:
        pause.end = on
        pause.save(update_fields=["end"])
    return _close(
        application,
        actor,
        Action.FEE_LAPSED,
        Outcome.OTHER_NO_FEE,
        "申请人逾期未缴纳信息处理费，不再处理。",
        on,
    )


@transaction.atomic
def answer(
    *,
    actor,
    application: Application,
    outcome: str,
    reasons: str = "",
    provided: str = "",
    answered_on: dt.date | None = None,
    responsible_agency: str = "",
    responsible_agency_contact: str = "",
    responsible_agency_unknown: bool = False,
) -> Application:
    """Decide the case with one Table B outcome and issue the reply (答复书).

    Art. 36(1) needs where the information was published; Art. 36(5) needs the name and
    contact of the agency that holds it, unless staff state it cannot be determined.
    """
    _require(actor, application)
    application = _lock(application)
    try:
        outcome = Outcome(outcome)
    except ValueError as exc:
        raise CaseError("请选择办理结果。") from exc
    info = OUTCOMES[outcome]
    if not info.by_staff_answer:
        raise CaseError("该结果只能通过相应的办结操作产生。")
    if info.needs_reasons and not reasons.strip():
        raise CaseError(f"“{info.label}”须写明理由和依据。")
    if outcome == Outcome.UNABLE_UNCLEAR and application.corrected_received_on is None:
        raise CaseError("只有经补正后内容仍不明确的申请，才能以“补正后申请内容仍不明确”答复。")
    if outcome == Outcome.DISCLOSE_PUBLISHED and not provided.strip():
        raise CaseError("请写明该信息已主动公开的位置（公开渠道、栏目名称或网址）。")
    if outcome in {Outcome.DISCLOSE, Outcome.PARTIAL} and not provided.strip():
        raise CaseError("请写明提供信息的方式（提供形式和获取方式）。")
    agency, contact = responsible_agency.strip(), responsible_agency_contact.strip()
    if outcome == Outcome.UNABLE_NOT_OURS:
        if agency and not contact:
            raise CaseError(
                "请填写负责公开该信息的行政机关的联系方式（《条例》第三十六条第（五）项）。"
            )
        if not agency and not responsible_agency_unknown:
            raise CaseError(
                "请填写负责公开该信息的行政机关；确实无法确定的，请勾选“无法确定负责公开的行政机关”。"
            )
    else:
        agency = contact = ""
    application.responsible_agency = agency
    application.responsible_agency_contact = contact
    return _close(
        application,
        actor,
        Action.ANSWER,
        outcome,
        reasons.strip(),
        answered_on or _today(),
        provided=provided.strip(),
    )


@transaction.atomic
def close_other(
    *, actor, application: Application, reason: str, on: dt.date | None = None
) -> Application:
    """Close for any other reason (withdrawn by the applicant …): Table B （六）3."""
    _require(actor, application)
    application = _lock(application)
    if not reason.strip():
        raise CaseError("请写明办结原因。")
    for pause in application.pauses.filter(end__isnull=True):
        pause.end = on or _today()
        pause.save(update_fields=["end"])
    return _close(
        application, actor, Action.CLOSE_OTHER, Outcome.OTHER, reason.strip(), on or _today()
    )


def _check_closing_date(application: Application, on: dt.date) -> None:
    """A case closes after its (corrected) receipt and after every pause began, never later
    than today."""
    earliest = application.corrected_received_on or application.received_on
    starts = list(application.pauses.values_list("start", flat=True))
    ends = [e for e in application.pauses.values_list("end", flat=True) if e]
    earliest = max([earliest, *starts, *ends])
    if on < earliest or on > _today():
        raise CaseError(f"办结日期应在{earliest:%Y-%m-%d}至今天之间。")


def _close(application, actor, action, outcome, reasons, on, provided=""):
    old, new = _transition(application, action)
    _check_closing_date(application, on)
    application.status = new
    application.outcome = outcome
    application.outcome_reasons = reasons
    application.closed_on = on
    application.save()
    _log(
        application,
        actor,
        action,
        from_status=old,
        to_status=new,
        note=reasons,
        data={"outcome": str(outcome)},
    )
    kind = ReplyNotice.Kind.ANSWER if action == Action.ANSWER else ReplyNotice.Kind.CLOSURE
    _issue_notice(
        application, kind, {"reasons": reasons, "provided": provided}, on, info=OUTCOMES[outcome]
    )
    return application


@transaction.atomic
def record_delivery(*, actor, notice: ReplyNotice, method: str, delivered_on: dt.date):
    """送达: how and when a notice reached the applicant (kept in the case file)."""
    _require(actor, notice.application)
    if delivered_on < notice.issued_on or delivered_on > _today():
        raise CaseError("送达日期应在签发之后且不晚于今天。")
    if not method.strip():
        raise CaseError("请填写送达方式。")
    notice.delivery_method = method.strip()
    notice.delivered_on = delivered_on
    notice.save(update_fields=["delivery_method", "delivered_on"])
    _log(
        notice.application,
        actor,
        "deliver",
        note=f"{notice.title}已于{delivered_on:%Y-%m-%d}以{method.strip()}方式送达",
    )
    return notice


def open_statuses() -> list[str]:
    return [str(s) for s in OPEN]


@transaction.atomic
def purge_personal_data(*, application: Application) -> Application:
    """Retention: drop the applicant's personal data from a long-closed case, keep the record
    (type, dates, outcome) that the annual reports count."""
    application = _lock(application)
    if application.status != Status.CLOSED:
        raise CaseError("只能删除已办结申请的个人信息。")
    masked = application.masked_name
    for notice in application.notices.all():
        notice.body = notice.body.replace(application.name, masked)
        notice.save(update_fields=["body"])
    if application.id_proof:
        application.id_proof.delete(save=False)
    application.name = Application.PURGED_NAME
    for field in (
        "id_number",
        "phone",
        "address",
        "postcode",
        "email",
        "work_unit",
        "legal_representative",
        "contact_name",
    ):
        setattr(application, field, "")
    application.save()
    _log(application, None, "purge", note="已按保存期限删除申请人个人信息", public=False)
    return application

"""Closing a case: the answer (答复), other closures, delivery of notices, and the purge of
personal data once the retention period has passed."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent, ReplyNotice
from requests_app.outcomes import OUTCOMES, Outcome
from requests_app.services.common import (
    CaseError,
    issue_notice,
    lock,
    require_handler,
    today,
    transition,
)
from requests_app.workflow import Action, Status


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
    require_handler(actor, application)
    application = lock(application)
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
    return close_case(
        application,
        actor,
        Action.ANSWER,
        outcome,
        reasons.strip(),
        answered_on or today(),
        provided=provided.strip(),
    )


@transaction.atomic
def close_other(
    *, actor, application: Application, reason: str, on: dt.date | None = None
) -> Application:
    """Close for any other reason (withdrawn by the applicant …): Table B （六）3."""
    require_handler(actor, application)
    application = lock(application)
    if not reason.strip():
        raise CaseError("请写明办结原因。")
    for pause in application.pauses.filter(end__isnull=True):
        pause.end = on or today()
        pause.save(update_fields=["end"])
    return close_case(
        application, actor, Action.CLOSE_OTHER, Outcome.OTHER, reason.strip(), on or today()
    )


def _check_closing_date(application: Application, on: dt.date) -> None:
    """A case closes after its (corrected) receipt and after every pause began, never later
    than today."""
    earliest = application.corrected_received_on or application.received_on
    starts = list(application.pauses.values_list("start", flat=True))
    ends = [e for e in application.pauses.values_list("end", flat=True) if e]
    earliest = max([earliest, *starts, *ends])
    if on < earliest or on > today():
        raise CaseError(f"办结日期应在{earliest:%Y-%m-%d}至今天之间。")


def close_case(application, actor, action, outcome, reasons, on, provided=""):
    old, new = transition(application, action)
    _check_closing_date(application, on)
    application.status = new
    application.outcome = outcome
    application.outcome_reasons = reasons
    application.closed_on = on
    application.save()
    ApplicationEvent.record(
        application,
        actor,
        action,
        from_status=old,
        to_status=new,
        note=reasons,
        data={"outcome": str(outcome)},
    )
    kind = ReplyNotice.Kind.ANSWER if action == Action.ANSWER else ReplyNotice.Kind.CLOSURE
    issue_notice(
        application, kind, {"reasons": reasons, "provided": provided}, on, info=OUTCOMES[outcome]
    )
    return application


@transaction.atomic
def record_delivery(*, actor, notice: ReplyNotice, method: str, delivered_on: dt.date):
    """送达: how and when a notice reached the applicant (kept in the case file)."""
    require_handler(actor, notice.application)
    if delivered_on < notice.issued_on or delivered_on > today():
        raise CaseError("送达日期应在签发之后且不晚于今天。")
    if not method.strip():
        raise CaseError("请填写送达方式。")
    notice.delivery_method = method.strip()
    notice.delivered_on = delivered_on
    notice.save(update_fields=["delivery_method", "delivered_on"])
    ApplicationEvent.record(
        notice.application,
        actor,
        EventAction.DELIVER,
        note=f"{notice.title}已于{delivered_on:%Y-%m-%d}以{method.strip()}方式送达",
    )
    return notice


@transaction.atomic
def purge_personal_data(*, application: Application) -> Application:
    """Retention: drop the applicant's personal data from a long-closed case, keep the record
    (type, dates, outcome) that the annual reports count."""
    application = lock(application)
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
    ApplicationEvent.record(
        application, None, EventAction.PURGE, note="已按保存期限删除申请人个人信息", public=False
    )
    return application

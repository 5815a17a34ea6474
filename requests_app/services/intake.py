"""Intake: an application is submitted online or registered by staff, found by its applicant,
and assigned to a caseworker."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from catalog.models import Counter, Organisation
from requests_app import delivery
from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent, Channel, ReplyNotice
from requests_app.services.common import (
    APPLICANT_FIELDS,
    CaseError,
    issue_notice,
    lock,
    refresh_due,
    require_handler,
    today,
)
from requests_app.workflow import Status


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
    suggests_proactive: bool = False,
) -> Application:
    """Register an application (online by the citizen, or offline by staff) with its number.

    The 申请编号 comes from a locked per-organisation yearly counter, so parallel submissions
    never share a number, and a failed submission rolls its number back (no gaps).
    ``suggests_proactive``: the applicant suggests making the information proactive (条例
    Art. 44; requests_app.proactive).
    """
    if channel != Channel.ONLINE:
        require_handler(actor, organisation)
        if received_on is None:
            raise CaseError("请填写收到申请的日期（《条例》第三十一条）。")
    submitted_at = submitted_at or timezone.now()
    received_on = received_on or timezone.localdate(submitted_at)
    if received_on > today():
        raise CaseError("收到申请日期不能晚于今天。")
    unknown = set(data) - set(APPLICANT_FIELDS)
    if unknown:
        raise TypeError(f"unknown applicant fields: {sorted(unknown)}")
    application = Application(
        organisation=organisation,
        channel=channel,
        submitted_at=submitted_at,
        received_on=received_on,
        suggests_proactive=suggests_proactive,
        **data,
    )
    application.set_query_password(query_password)
    year = received_on.year
    seq = Counter.next_value(organisation=organisation, name="application", year=year)
    application.number = f"{organisation.slug.upper()}-YSQ-{year}-{seq:05d}"
    refresh_due(application)
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
    ApplicationEvent.record(
        application,
        actor,
        EventAction.SUBMIT if channel == Channel.ONLINE else EventAction.REGISTER,
        to_status=Status.RECEIVED,
        note=f"{application.get_channel_display()}，收到申请日期{received_on:%Y-%m-%d}",
    )
    with delivery.suppressed(not notify):  # the receipt is mailed like every notice
        issue_notice(application, ReplyNotice.Kind.RECEIPT, issued_on=received_on)
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
    require_handler(actor, application)
    application = lock(application)
    if (
        handler is not None
        and not Organisation.objects.for_staff(handler)
        .filter(pk=application.organisation_id)
        .exists()
    ):
        raise CaseError("经办人须为本机关工作人员。")
    application.handler = handler
    application.save(update_fields=["handler", "updated_at"])
    ApplicationEvent.record(
        application, actor, EventAction.ASSIGN, note=str(handler or "取消分派"), public=False
    )
    return application

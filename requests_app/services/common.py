"""What every use case of a case shares: errors, the staff check, the lock, the clock, notices."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import CalendarDay
from requests_app import deadlines, delivery, notices
from requests_app.models import Application, ReplyNotice
from requests_app.workflow import OPEN, Action, InvalidTransition, Status, next_status

APPLICANT_FIELDS = Application.APPLICANT_FIELDS  # the one list, on the model


class CaseError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class NotAllowed(CaseError):
    pass


REFUSALS = Refusals(
    anonymous="需要登录的工作人员办理。",
    permission="您没有办理政府信息公开申请的权限。",
    organisation="您只能办理本机关的申请。",
)

# The staff check of every use case: require_handler(actor, application_or_organisation).
require_handler = partial(
    require_staff,
    permission="requests_app.handle_application",
    refusals=REFUSALS,
    error=NotAllowed,
)


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


def refresh_due(application: Application, cal=None) -> None:
    application.due_on = deadlines.reply_due(clock_of(application), cal or calendar())


def lock(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def transition(application: Application, action: Action) -> tuple[str, Status]:
    old = application.status
    try:
        return old, next_status(old, action)
    except InvalidTransition as exc:
        raise CaseError(str(exc)) from exc


def today() -> dt.date:
    return timezone.localdate()


def not_future(day: dt.date, label: str) -> dt.date:
    if day > today():
        raise CaseError(f"{label}不能晚于今天。")
    return day


def issue_notice(
    application: Application,
    kind: str,
    context: dict | None = None,
    issued_on: dt.date | None = None,
    *,
    info=None,
) -> ReplyNotice:
    """Render and freeze a notice (requests_app.notices) and send it to the applicant."""
    notice = notices.issue(application, kind, context, issued_on=issued_on or today(), info=info)
    delivery.notify_issued(notice)
    return notice


def open_statuses() -> list[str]:
    return [str(s) for s in OPEN]

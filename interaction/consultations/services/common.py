"""What the consultation services share: the error, permissions, locking, transitions, the log."""

from __future__ import annotations

from catalog.access import Refusals, require_staff
from catalog.models import CalendarDay
from catalog.workdays import WorkCalendar
from interaction.consultations.models import Comment, Consultation, ConsultationEvent
from interaction.consultations.workflow import Action, InvalidTransition, Status, next_status

REFUSALS = Refusals(
    permission="您没有办理意见征集的权限。",
    organisation="您只能办理本机构的意见征集。",
)

PERM_CHANGE = "interaction.change_consultation"
PERM_SUBMIT = "interaction.submit_consultation"
PERM_OPEN = "interaction.open_consultation"
PERM_PUBLISH_FEEDBACK = "interaction.publish_feedback"
PERM_MODERATE = "interaction.moderate_comment"
PERM_EXPORT_CONTACTS = "interaction.export_comment_contacts"


class ConsultationError(Exception):
    """A rule stops the action; the message is shown to staff (or the commenter) as it is."""


def calendar() -> WorkCalendar:
    return CalendarDay.objects.work_calendar()


def check_staff(actor, organisation, permission: str) -> None:
    require_staff(actor, organisation, permission, refusals=REFUSALS, error=ConsultationError)


def lock(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def lock_comment(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


def transition(consultation: Consultation, action: Action) -> tuple[str, Status]:
    old = consultation.status
    try:
        return old, next_status(old, action)
    except InvalidTransition as exc:
        raise ConsultationError(str(exc)) from exc


def log(
    consultation: Consultation,
    actor,
    action: Action,
    *,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    comment: Comment | None = None,
) -> ConsultationEvent:
    """Append the event row of ``action`` (a member of the closed vocabulary)."""
    return ConsultationEvent.objects.create(
        consultation=consultation,
        comment=comment,
        actor=actor,
        action=Action(action),
        from_status=from_status,
        to_status=to_status or consultation.status,
        note=note,
    )


def four_eyes(actor, *drafters) -> None:
    """The approver is nobody who drafted or submitted what is approved."""
    if any(d is not None and d == actor.pk for d in drafters):
        raise ConsultationError("审核人不能是起草人或提交人，请由另一名审核人员审核（双人审核）。")

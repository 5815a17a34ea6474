"""What a citizen does in 点题公开: suggest what an organisation should publish.

The use case validates everything again (the form is only the first line), runs in one
transaction and writes the SUBMIT event. The name and contact are stored for the handling staff
only: never in an event note, a log line or a public page.

The number is ``DT`` + the local date + a four-digit sequence of that day (``DT202612060001``),
site-wide, taken under a transaction-scoped advisory lock as the letters' 查询码 is.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay, Category, Organisation, TopicCategory
from interaction.numbering import next_daily_number
from interaction.services.intake import clean_email, clean_phone
from interaction.topics.models import Suggestion, SuggestionEvent, TopicCall
from interaction.topics.rules import DEFAULT_ANSWER_DAYS, answer_due
from interaction.topics.workflow import Action, Status

NUMBER_PREFIX = "DT"
MAX_NAME = 50
MAX_SUBJECT = 100
MAX_DESCRIPTION = 2000
MAX_REASON = 1000

MESSAGES = {
    "closed": "该机构目前未开展点题公开，暂不接受建议。",
    "subject_required": "请填写建议公开的信息。",
    "subject_long": f"建议公开的信息不能超过{MAX_SUBJECT}个字。",
    "description_required": "请填写具体内容，说明希望公开哪些信息。",
    "description_long": f"具体内容不能超过{MAX_DESCRIPTION}个字。",
    "reason_long": f"建议理由不能超过{MAX_REASON}个字。",
    "name_required": "请填写姓名。",
    "name_long": f"姓名不能超过{MAX_NAME}个字。",
    "contact_required": "请至少填写联系电话或电子邮箱中的一项，以便答复。",
    "column": "所选栏目不存在，请重新选择。",
    "topic": "所选主题分类不存在，请重新选择。",
}


def open_call(organisation: Organisation) -> TopicCall | None:
    """The organisation's call when it accepts suggestions now, else None."""
    return (
        TopicCall.objects.filter(
            organisation=organisation, is_open=True, organisation__is_active=True
        )
        .select_related("organisation")
        .first()
    )


def _text(value: str | None, *, required: str | None, too_long: str, limit: int) -> str:
    value = (value or "").strip()
    if not value and required:
        raise ValidationError(MESSAGES[required], code="required")
    if len(value) > limit:
        raise ValidationError(MESSAGES[too_long], code="max_length")
    return value


@transaction.atomic
def submit_suggestion(
    *,
    organisation: Organisation,
    subject: str,
    description: str,
    reason: str = "",
    column: Category | None = None,
    topic: TopicCategory | None = None,
    name: str,
    phone: str = "",
    email: str = "",
    publish_consent: bool = False,
    today=None,
) -> Suggestion:
    """Register a suggestion to ``organisation``; ValidationError (by field) on bad input."""
    call = open_call(organisation)
    if call is None:
        raise ValidationError(MESSAGES["closed"], code="closed")
    errors: dict[str, list[str]] = {}
    values: dict = {}

    def check(field: str, fn, *args, **kwargs):
        try:
            values[field] = fn(*args, **kwargs)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    check(
        "subject",
        _text,
        subject,
        required="subject_required",
        too_long="subject_long",
        limit=MAX_SUBJECT,
    )
    check(
        "description",
        _text,
        description,
        required="description_required",
        too_long="description_long",
        limit=MAX_DESCRIPTION,
    )
    check("reason", _text, reason, required=None, too_long="reason_long", limit=MAX_REASON)
    check("name", _text, name, required="name_required", too_long="name_long", limit=MAX_NAME)
    check("phone", clean_phone, phone)
    check("email", clean_email, email)
    no_contact = not values.get("phone") and not values.get("email")
    if no_contact and not errors.get("phone") and not errors.get("email"):
        errors["phone"] = [MESSAGES["contact_required"]]
    if column is not None and not Category.objects.filter(pk=column.pk).exists():
        errors["column"] = [MESSAGES["column"]]
    if topic is not None and not TopicCategory.objects.filter(pk=topic.pk).exists():
        errors["topic"] = [MESSAGES["topic"]]
    if errors:
        raise ValidationError(errors)

    received_on = today or timezone.localdate()
    answer_days = call.answer_days or DEFAULT_ANSWER_DAYS
    due = answer_due(received_on, answer_days, CalendarDay.objects.work_calendar())
    suggestion = Suggestion.objects.create(
        number=next_daily_number(Suggestion, NUMBER_PREFIX, received_on),
        organisation=organisation,
        column=column,
        topic=topic,
        publish_consent=bool(publish_consent),
        received_on=received_on,
        answer_days=answer_days,
        due_on=due.on,
        due_provisional=due.provisional,
        **values,
    )
    SuggestionEvent.objects.create(
        suggestion=suggestion, action=Action.SUBMIT, to_status=Status.RECEIVED
    )
    return suggestion

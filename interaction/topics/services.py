"""What staff do with a 点题公开 suggestion: draft the answer, have a second person approve it,
publish the moderated suggestion with its answer, keep a promise by linking the item.

Every function checks the staff member first (catalog.access.require_staff), runs in one
transaction, locks the suggestion, follows the transition table (interaction.topics.workflow)
and writes the event row; SuggestionError carries the message shown to staff as it is.

* Four eyes: the answer is drafted by a holder of ``handle_suggestion`` and approved by a
  second person holding ``publish_suggestion``; the drafter is refused. Linking the published
  item to a promise (将予公开) later also takes ``publish_suggestion``: it changes a public
  answer, the item itself went through the catalogue's own review.
* Moderation: what goes online is ``public_subject`` / ``public_description`` (staff-edited),
  with the answer, only with consent, and only while the privacy scan (kernel.privacy) finds
  no personal number and the suggester's name, phone and e-mail do not appear in it. Findings
  are listed masked; ``mask=True`` masks numbers and the name in place (the staff's choice).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from disclosures.models import Disclosure
from interaction.topics.models import Suggestion, SuggestionEvent
from interaction.topics.notifications import notify_answered
from interaction.topics.workflow import (
    Action,
    AnswerKind,
    InvalidTransition,
    RefusalReason,
    Status,
    next_status,
)
from kernel import privacy

HANDLE = "interaction.handle_suggestion"
PUBLISH = "interaction.publish_suggestion"
MAX_ANSWER_TEXT = 3000

REFUSALS = Refusals(
    permission="您没有办理或审核点题建议的权限。",
    organisation="您只能办理本机构收到的点题建议。",
)
FOUR_EYES = "答复须由拟稿人以外的人员审核。"
NO_CONSENT = "建议人未同意公开，不能公开发布。"


class SuggestionError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class PublicationRefused(SuggestionError):
    """The public texts still hold personal data; ``findings`` lists it, masked."""

    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__("公开内容中含有个人信息，不能公开发布：" + "；".join(findings) + "。")


def _check(user, organisation, permission: str) -> None:
    require_staff(user, organisation, permission, refusals=REFUSALS, error=SuggestionError)


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().get(pk=suggestion.pk)


def _transition(suggestion: Suggestion, action: Action) -> tuple[str, Status]:
    old = suggestion.status
    try:
        return old, next_status(old, action)
    except InvalidTransition as exc:
        raise SuggestionError(str(exc)) from exc


def log(
    suggestion: Suggestion, actor, action: Action, *, from_status: str = "", note: str = ""
) -> SuggestionEvent:
    """Append the event row of ``action`` (a member of the closed vocabulary)."""
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        actor=actor,
        action=Action(action),
        from_status=from_status,
        to_status=suggestion.status,
        note=note,
    )


def linkable_items(user, organisation: Organisation | int | None = None):
    """Published items a staff member may link: listed items of the user's organisations
    (and of the suggestion's organisation)."""
    items = Disclosure.objects.listed()
    if getattr(user, "is_superuser", False):
        return items
    org_ids = set(Organisation.objects.for_staff(user).values_list("pk", flat=True))
    if organisation is not None:
        org_ids.add(organisation.pk if isinstance(organisation, Organisation) else organisation)
    return items.filter(organisation_id__in=org_ids)


def _linkable(user, suggestion: Suggestion, disclosure: Disclosure | None) -> Disclosure:
    if disclosure is None:
        raise SuggestionError("请选择已公开的政府信息。")
    if not linkable_items(user, suggestion.organisation_id).filter(pk=disclosure.pk).exists():
        raise SuggestionError("只能关联本机构已发布、仍在公开的政府信息。")
    return disclosure


def _answer_fields(
    *,
    user,
    suggestion: Suggestion,
    answer_kind: str,
    answer_text: str,
    planned_on: dt.date | None,
    disclosure: Disclosure | None,
    refusal_reason: str,
    today: dt.date,
) -> dict:
    """The answer's fields by its kind; SuggestionError when one the kind needs is missing."""
    try:
        kind = AnswerKind(answer_kind)
    except ValueError as exc:
        raise SuggestionError("请选择答复类型。") from exc
    text = (answer_text or "").strip()
    if len(text) > MAX_ANSWER_TEXT:
        raise SuggestionError(f"答复说明不能超过{MAX_ANSWER_TEXT}个字。")
    fields = {
        "answer_kind": kind.value,
        "answer_text": text,
        "planned_on": None,
        "disclosure": None,
        "refusal_reason": "",
    }
    if kind is AnswerKind.WILL_PUBLISH:
        if planned_on is None:
            raise SuggestionError("答复“将予公开”须填写计划公开日期。")
        if planned_on < today:
            raise SuggestionError("计划公开日期不能早于今天。")
        fields["planned_on"] = planned_on
        if disclosure is not None:
            raise SuggestionError("尚未公开的信息请在公开后再关联；已公开的请选择“已经公开”。")
    elif kind is AnswerKind.PUBLISHED:
        fields["disclosure"] = _linkable(user, suggestion, disclosure)
    elif kind is AnswerKind.NOT_PUBLISHED:
        try:
            fields["refusal_reason"] = RefusalReason(refusal_reason).value
        except ValueError as exc:
            raise SuggestionError("答复“不予公开”须选择理由及依据。") from exc
        if not text:
            raise SuggestionError("答复“不予公开”须写明具体说明。")
    return fields


def _set_public_texts(suggestion: Suggestion, subject: str | None, description: str | None):
    if subject is not None:
        suggestion.public_subject = subject.strip()[:100]
    if description is not None:
        suggestion.public_description = description.strip()


def public_sources(suggestion: Suggestion) -> list[tuple[str, str]]:
    """(location, text) of everything the public entry shows."""
    return [
        ("公开标题", suggestion.public_subject),
        ("公开建议内容", suggestion.public_description),
        ("答复说明", suggestion.answer_text),
    ]


def findings_of(suggestion: Suggestion) -> list[str]:
    """Every reason the public texts may not go online, worded for staff (masked)."""
    sources = public_sources(suggestion)
    found = [f"{f.location}有{f.label}（{f.masked}）" for f in privacy.scan_sources(sources)]
    own = [
        ("建议人姓名", suggestion.name, privacy.mask_name),
        ("建议人电话", suggestion.phone, privacy.mask_phone),
        ("建议人电子邮箱", suggestion.email, lambda v: v[:1] + "***"),
    ]
    for location, text in sources:
        for label, value, mask in own:
            value = (value or "").strip()
            if len(value) >= 2 and value in (text or ""):
                found.append(f"{location}有{label}（{mask(value)}）")
    return found


def mask_public_texts(suggestion: Suggestion) -> None:
    """Mask personal numbers and the suggester's name and contact in the public texts."""
    replacements = [
        (v.strip(), m(v.strip()))
        for v, m in (
            (suggestion.name, privacy.mask_name),
            (suggestion.phone, privacy.mask_phone),
            (suggestion.email, lambda v: v[:1] + "***"),
        )
        if v and len(v.strip()) >= 2
    ]
    for field in ("public_subject", "public_description", "answer_text"):
        text = privacy.redact(getattr(suggestion, field) or "")
        for value, masked in replacements:
            text = text.replace(value, masked)
        setattr(suggestion, field, text)


def _publish(
    actor, suggestion: Suggestion, *, subject: str | None, description: str | None, mask: bool
) -> None:
    """Put the locked, answered suggestion online or raise SuggestionError / PublicationRefused."""
    old, _new = _transition(suggestion, Action.PUBLISH)
    if not suggestion.publish_consent:
        raise SuggestionError(NO_CONSENT)
    if suggestion.is_public:
        raise SuggestionError("该点题建议已公开。")
    _set_public_texts(suggestion, subject, description)
    if mask:
        mask_public_texts(suggestion)
    missing = [
        label
        for label, text in (
            ("公开标题", suggestion.public_subject),
            ("公开建议内容", suggestion.public_description),
        )
        if not (text or "").strip()
    ]
    if missing:
        raise SuggestionError("请先填写" + "、".join(missing) + "。")
    findings = findings_of(suggestion)
    if findings:
        raise PublicationRefused(findings)
    suggestion.is_public, suggestion.published_at = True, timezone.now()
    suggestion.save()
    log(suggestion, actor, Action.PUBLISH, from_status=old)


# --------------------------------------------------------------------------- answering


@transaction.atomic
def submit_answer(
    *,
    actor,
    suggestion: Suggestion,
    answer_kind: str,
    answer_text: str = "",
    planned_on: dt.date | None = None,
    disclosure: Disclosure | None = None,
    refusal_reason: str = "",
    public_subject: str | None = None,
    public_description: str | None = None,
    today: dt.date | None = None,
) -> Suggestion:
    """Draft the answer (and the public version of the suggestion) for a second person's review."""
    _check(actor, suggestion.organisation_id, HANDLE)
    suggestion = _lock(suggestion)
    old, new = _transition(suggestion, Action.SUBMIT_ANSWER)
    today = today or timezone.localdate()
    fields = _answer_fields(
        user=actor,
        suggestion=suggestion,
        answer_kind=answer_kind,
        answer_text=answer_text,
        planned_on=planned_on,
        disclosure=disclosure,
        refusal_reason=refusal_reason,
        today=today,
    )
    for name, value in fields.items():
        setattr(suggestion, name, value)
    # The public version starts as the suggester's own text; the reviewer sees it on approval.
    _set_public_texts(
        suggestion,
        public_subject
        if public_subject is not None
        else suggestion.public_subject or suggestion.subject,
        public_description
        if public_description is not None
        else suggestion.public_description or suggestion.description,
    )
    suggestion.drafted_by = actor
    suggestion.status = new
    suggestion.save()
    log(suggestion, actor, Action.SUBMIT_ANSWER, from_status=old, note=suggestion.answer_label)
    return suggestion


@transaction.atomic
def return_answer(*, actor, suggestion: Suggestion, note: str) -> Suggestion:
    """Send the draft back to the handler with the reviewer's reason."""
    _check(actor, suggestion.organisation_id, PUBLISH)
    suggestion = _lock(suggestion)
    old, new = _transition(suggestion, Action.RETURN_ANSWER)
    note = (note or "").strip()
    if not note:
        raise SuggestionError("请填写退回理由。")
    suggestion.status = new
    suggestion.save(update_fields=["status", "updated_at"])
    log(suggestion, actor, Action.RETURN_ANSWER, from_status=old, note=note[:500])
    return suggestion


@transaction.atomic
def approve_answer(
    *,
    actor,
    suggestion: Suggestion,
    publish: bool = True,
    public_subject: str | None = None,
    public_description: str | None = None,
    mask: bool = False,
    today: dt.date | None = None,
) -> Suggestion:
    """Approve the drafted answer (not the drafter's own) and, with consent, publish the
    moderated suggestion with it; the suggester is mailed the number and where to read it."""
    _check(actor, suggestion.organisation_id, PUBLISH)
    suggestion = _lock(suggestion)
    old, new = _transition(suggestion, Action.APPROVE)
    if actor.pk == suggestion.drafted_by_id:
        raise SuggestionError(FOUR_EYES)
    if suggestion.answer_kind == AnswerKind.PUBLISHED:
        _linkable(actor, suggestion, suggestion.disclosure)
    suggestion.status = new
    suggestion.approved_by = actor
    suggestion.answered_on = today or timezone.localdate()
    suggestion.save()
    log(suggestion, actor, Action.APPROVE, from_status=old, note=suggestion.answer_label)
    if publish and suggestion.publish_consent:
        _publish(
            actor, suggestion, subject=public_subject, description=public_description, mask=mask
        )
    notify_answered(suggestion)
    return suggestion


@transaction.atomic
def close_invalid(*, actor, suggestion: Suggestion, note: str) -> Suggestion:
    """Close a suggestion that asks for nothing (advertising, abuse) without an answer."""
    _check(actor, suggestion.organisation_id, HANDLE)
    suggestion = _lock(suggestion)
    old, new = _transition(suggestion, Action.CLOSE_INVALID)
    note = (note or "").strip()
    if not note:
        raise SuggestionError("请填写作无效处理的理由。")
    suggestion.status = new
    suggestion.save(update_fields=["status", "updated_at"])
    log(suggestion, actor, Action.CLOSE_INVALID, from_status=old, note=note[:500])
    return suggestion


# --------------------------------------------------------------------------- after the answer


@transaction.atomic
def publish(
    *,
    actor,
    suggestion: Suggestion,
    public_subject: str | None = None,
    public_description: str | None = None,
    mask: bool = False,
) -> Suggestion:
    """Moderation: put an answered suggestion (consented) online with its approved answer."""
    _check(actor, suggestion.organisation_id, HANDLE)
    suggestion = _lock(suggestion)
    _publish(actor, suggestion, subject=public_subject, description=public_description, mask=mask)
    return suggestion


@transaction.atomic
def unpublish(*, actor, suggestion: Suggestion, note: str) -> Suggestion:
    """Take the entry off the public list (it keeps its answer)."""
    _check(actor, suggestion.organisation_id, HANDLE)
    suggestion = _lock(suggestion)
    old, _new = _transition(suggestion, Action.UNPUBLISH)
    if not suggestion.is_public:
        raise SuggestionError("该点题建议尚未公开。")
    note = (note or "").strip()
    if not note:
        raise SuggestionError("请填写撤销公开的理由。")
    suggestion.is_public = False
    suggestion.save(update_fields=["is_public", "updated_at"])
    log(suggestion, actor, Action.UNPUBLISH, from_status=old, note=note[:500])
    return suggestion


@transaction.atomic
def link_item(
    *, actor, suggestion: Suggestion, disclosure: Disclosure, today: dt.date | None = None
) -> Suggestion:
    """Keep a promise: link the item published after a 将予公开 answer (shown at once)."""
    _check(actor, suggestion.organisation_id, PUBLISH)
    suggestion = _lock(suggestion)
    old, _new = _transition(suggestion, Action.LINK_ITEM)
    if suggestion.answer_kind != AnswerKind.WILL_PUBLISH:
        raise SuggestionError("只有答复为“将予公开”的点题建议可以在公开后关联信息。")
    if suggestion.disclosure_id is not None:
        raise SuggestionError("该点题建议已关联公开信息。")
    item = _linkable(actor, suggestion, disclosure)
    suggestion.disclosure = item
    suggestion.linked_on = today or timezone.localdate()
    suggestion.save(update_fields=["disclosure", "linked_on", "updated_at"])
    log(suggestion, actor, Action.LINK_ITEM, from_status=old, note=item.title[:200])
    return suggestion

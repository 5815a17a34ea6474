"""What staff do with a letter: accept or refuse it, transfer (转办) or assign (交办) it, draft,
review and approve the reply (four eyes), extend, merge, close, publish.

Every function is keyword-only, checks the actor first (catalog.access.require_staff: the role
permission and the organisation), locks the letter, follows the transition table
(interaction.workflow), writes one LetterEvent and queues the writer's mail where the writer
must be told. A refusal is a LetterError whose message is shown to staff as it is.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from interaction import purging
from interaction.deadlines import MAX_EXTENSION_DAYS
from interaction.models import Letter, Reply
from interaction.notifications import notify_writer
from interaction.services import publication
from interaction.services.common import LetterError, lock, log, refresh_due, transition
from interaction.workflow import (
    REJECTION_GUIDANCE,
    REJECTION_LABELS,
    Action,
    InvalidTransition,
    RejectionReason,
    Status,
    next_status,
)

HANDLE = "interaction.handle_letter"
REVIEW = "interaction.review_letter"

REFUSALS = Refusals(
    permission="您没有办理来信的权限。",
    organisation="您只能办理本机构的来信。",
)
REVIEW_REFUSALS = Refusals(
    permission="答复审核、延期批准和公开发布须由有审核权限的人员办理。",
    organisation="您只能审核本机构的来信。",
)
FOUR_EYES = "答复须由拟稿人以外的人员审核。"


def _locked(actor, letter: Letter, permission: str) -> Letter:
    """Check the actor, then lock the row; check again if a transfer moved it meanwhile."""
    refusals = REVIEW_REFUSALS if permission == REVIEW else REFUSALS
    require_staff(actor, letter.organisation_id, permission, refusals=refusals, error=LetterError)
    current = lock(letter)
    if current.organisation_id != letter.organisation_id:
        require_staff(
            actor, current.organisation_id, permission, refusals=refusals, error=LetterError
        )
    return current


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise LetterError(message)
    return value


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def accept_letter(*, actor, letter: Letter, note: str = "") -> Letter:
    """受理: the answer clock starts today (unless the category counts from receipt)."""
    letter = _locked(actor, letter, HANDLE)
    old, new = transition(letter, Action.ACCEPT)
    letter.status, letter.accepted_on = new, max(_today(), letter.received_on)
    refresh_due(letter)
    letter.save()
    log(letter, actor, Action.ACCEPT, from_status=old, to_status=new, note=note.strip())
    notify_writer(letter, Action.ACCEPT)
    return letter


@transaction.atomic
def reject_letter(*, actor, letter: Letter, reason: str, note: str = "") -> Letter:
    """不予受理 with a reason from the closed list; the writer reads the reason and the channel."""
    try:
        reason = RejectionReason(reason)
    except ValueError as exc:
        raise LetterError("请从列表中选择不予受理的理由。") from exc
    letter = _locked(actor, letter, HANDLE)
    old, new = transition(letter, Action.REJECT)
    letter.status, letter.rejection_reason, letter.closed_on = new, reason, _today()
    letter.save()
    text = f"不予受理理由：{REJECTION_LABELS[reason]}。{REJECTION_GUIDANCE[reason]}"
    if note.strip():
        text += f"\n{note.strip()}"
    log(letter, actor, Action.REJECT, from_status=old, to_status=new, note=text)
    notify_writer(letter, Action.REJECT)
    return letter


@transaction.atomic
def transfer_letter(*, actor, letter: Letter, to_organisation: Organisation, note: str) -> Letter:
    """转办 to another active organisation, which handles (and answers) it from now on."""
    note = _required(note, "请写明转办理由。")
    letter = _locked(actor, letter, HANDLE)
    if not to_organisation.is_active:
        raise LetterError("只能转办给已启用的机构。")
    if to_organisation.pk == letter.organisation_id:
        raise LetterError("来信已由该机构办理，请选择其他机构。")
    old, new = transition(letter, Action.TRANSFER)
    source = letter.organisation
    letter.status, letter.organisation = new, to_organisation
    letter.handler, letter.office = None, ""
    refresh_due(letter)  # the receiving organisation's own time limits
    letter.save()
    log(
        letter,
        actor,
        Action.TRANSFER,
        from_status=old,
        to_status=new,
        from_organisation=source,
        to_organisation=to_organisation,
        note=note,
    )
    notify_writer(letter, Action.TRANSFER)
    return letter


@transaction.atomic
def assign_letter(
    *, actor, letter: Letter, office: str = "", handler=None, note: str = ""
) -> Letter:
    """交办 to a 股室 and/or a handler of the letter's own organisation (internal step)."""
    office = (office or "").strip()
    if not office and handler is None:
        raise LetterError("请填写承办股室或选择经办人。")
    letter = _locked(actor, letter, HANDLE)
    if handler is not None:
        require_staff(
            handler,
            letter.organisation_id,
            HANDLE,
            refusals=Refusals(
                permission="所选经办人没有办理来信的权限。",
                organisation="经办人须为本机构的工作人员。",
            ),
            error=LetterError,
        )
    old, new = transition(letter, Action.ASSIGN)
    letter.status = new
    if office:
        letter.office = office
    if handler is not None:
        letter.handler = handler
    letter.save()
    parts = [f"承办股室：{office}" if office else "", f"经办人：{handler}" if handler else ""]
    text = "；".join(p for p in [*parts, note.strip()] if p)
    log(letter, actor, Action.ASSIGN, from_status=old, to_status=new, note=text, public=False)
    return letter


def _round(letter: Letter) -> int:
    return 2 if letter.followed_up_on else 1


@transaction.atomic
def save_reply(*, actor, letter: Letter, text: str, public_text: str = "") -> Reply:
    """Save the draft of the current round's reply (no status change, no event)."""
    text = _required(text, "请填写答复内容。")
    letter = _locked(actor, letter, HANDLE)
    try:
        next_status(letter.status, Action.SUBMIT_REPLY)
    except InvalidTransition as exc:
        raise LetterError("当前状态下不能拟写答复。") from exc
    reply = letter.replies.filter(round=_round(letter)).first()
    if reply is None:
        reply = Reply(letter=letter, round=_round(letter))
    elif reply.state in (Reply.State.SUBMITTED, Reply.State.APPROVED):
        raise LetterError("答复已提交审核，不能再修改。")
    reply.organisation_id = letter.organisation_id
    reply.text, reply.public_text = text, (public_text or "").strip()
    reply.state, reply.drafted_by = Reply.State.DRAFT, actor
    reply.save()
    return reply


@transaction.atomic
def submit_reply(*, actor, letter: Letter, text: str, public_text: str = "") -> Reply:
    """Save the draft and send it to review (答复待审核)."""
    reply = save_reply(actor=actor, letter=letter, text=text, public_text=public_text)
    letter = lock(letter)
    old, new = transition(letter, Action.SUBMIT_REPLY)
    letter.status = new
    letter.save()
    reply.state = Reply.State.SUBMITTED
    reply.save()
    log(letter, actor, Action.SUBMIT_REPLY, from_status=old, to_status=new, public=False)
    return reply


def _submitted(letter: Letter) -> Reply:
    reply = letter.replies.filter(round=_round(letter), state=Reply.State.SUBMITTED).first()
    if reply is None:
        raise LetterError("没有待审核的答复。")
    return reply


@transaction.atomic
def return_reply(*, actor, letter: Letter, note: str) -> Reply:
    """退回修改: the reviewer sends the draft back with a note (internal step)."""
    note = _required(note, "请写明退回修改的意见。")
    letter = _locked(actor, letter, REVIEW)
    old, new = transition(letter, Action.RETURN_REPLY)
    reply = _submitted(letter)
    letter.status = new
    letter.save()
    reply.state, reply.review_note, reply.reviewed_by = Reply.State.RETURNED, note, actor
    reply.save()
    log(letter, actor, Action.RETURN_REPLY, from_status=old, to_status=new, note=note, public=False)
    return reply


@transaction.atomic
def approve_reply(
    *,
    actor,
    letter: Letter,
    publish: bool = False,
    public_subject: str | None = None,
    public_content: str | None = None,
    public_text: str | None = None,
) -> Letter:
    """审核通过并答复 (four eyes: not by the drafter); optionally publish in the same step.

    A publication refused (no consent, personal data found) refuses the approval too, so the
    reviewer corrects the public texts and approves again: nothing half done.
    """
    letter = _locked(actor, letter, REVIEW)
    old, new = transition(letter, Action.APPROVE)
    reply = _submitted(letter)
    if reply.drafted_by_id == actor.pk:
        raise LetterError(FOUR_EYES)
    now = timezone.now()
    if public_text is not None:
        reply.public_text = public_text.strip()
    reply.state, reply.reviewed_by, reply.approved_at = Reply.State.APPROVED, actor, now
    reply.save()
    letter.status, letter.answered_on = new, _today()
    letter.answered_by_organisation_id = letter.organisation_id
    publication.set_public_texts(letter, public_subject, public_content)
    letter.save()
    log(letter, actor, Action.APPROVE, from_status=old, to_status=new)
    if publish:
        publication.publish(actor=actor, letter=letter)
    notify_writer(letter, Action.APPROVE)
    return letter


@transaction.atomic
def publish_letter(
    *, actor, letter: Letter, public_subject: str | None = None, public_content: str | None = None
) -> Letter:
    """公开发布 an answered letter: consent, then the privacy scan (see services.publication)."""
    letter = _locked(actor, letter, REVIEW)
    publication.publish(
        actor=actor, letter=letter, public_subject=public_subject, public_content=public_content
    )
    purging.purge_letter(letter)
    return letter


@transaction.atomic
def unpublish_letter(*, actor, letter: Letter, reason: str) -> Letter:
    """撤销公开: off the public list, with the reason on the record."""
    reason = _required(reason, "请写明撤销公开的理由。")
    letter = _locked(actor, letter, REVIEW)
    old, new = transition(letter, Action.UNPUBLISH)
    if not letter.is_public:
        raise LetterError("该来信未公开。")
    letter.is_public = False
    letter.save()
    log(letter, actor, Action.UNPUBLISH, from_status=old, to_status=new, note=reason, public=False)
    purging.purge_letter(letter)
    return letter


@transaction.atomic
def extend_letter(*, actor, letter: Letter, days: int, reason: str, approver) -> Letter:
    """延期办理: once, by at most MAX_EXTENSION_DAYS working days, approved by a reviewer."""
    reason = _required(reason, "请写明延期理由。")
    if not 1 <= int(days) <= MAX_EXTENSION_DAYS:
        raise LetterError(f"延期天数应为1至{MAX_EXTENSION_DAYS}个工作日。")
    letter = _locked(actor, letter, HANDLE)
    old, new = transition(letter, Action.EXTEND)
    if letter.extension_days:
        raise LetterError("每件来信只能延期一次。")
    require_staff(
        approver,
        letter.organisation_id,
        REVIEW,
        refusals=Refusals(
            permission="延期须经本机构有审核权限的负责人批准。",
            organisation="批准人须为本机构的工作人员。",
        ),
        error=LetterError,
    )
    before = letter.due_on
    letter.extension_days, letter.extension_reason = int(days), reason
    letter.extension_approved_by = approver
    refresh_due(letter)
    letter.save()
    log(
        letter,
        actor,
        Action.EXTEND,
        from_status=old,
        to_status=new,
        note=f"延期{days}个工作日，答复期限由{before:%Y-%m-%d}调整为{letter.due_on:%Y-%m-%d}。"
        f"理由：{reason}",
    )
    notify_writer(letter, Action.EXTEND)
    return letter


@transaction.atomic
def merge_letter(*, actor, letter: Letter, into: Letter, reason: str) -> Letter:
    """合并办理: a duplicate closes and points to the letter that is answered instead."""
    reason = _required(reason, "请写明合并理由。")
    letter = _locked(actor, letter, HANDLE)
    if into.pk == letter.pk:
        raise LetterError("不能合并到来信本身。")
    if into.organisation_id != letter.organisation_id:
        raise LetterError("只能合并到本机构办理的来信。")
    if into.merged_into_id is not None or into.status == Status.REJECTED:
        raise LetterError(f"来信{into.number}已合并或不予受理，请选择其他来信。")
    old, new = transition(letter, Action.MERGE)
    letter.status, letter.merged_into, letter.closed_on = new, into, _today()
    letter.save()
    log(
        letter,
        actor,
        Action.MERGE,
        from_status=old,
        to_status=new,
        note=f"与来信{into.number}内容相同，合并办理。{reason}",
    )
    notify_writer(letter, Action.MERGE)
    return letter


@transaction.atomic
def close_abusive(*, actor, letter: Letter, reason: str) -> Letter:
    """作无效来信办结: abusive, meaningless or repeated letters, with the reason on record."""
    reason = _required(reason, "请写明作无效来信处理的理由。")
    letter = _locked(actor, letter, HANDLE)
    old, new = transition(letter, Action.CLOSE_ABUSIVE)
    letter.status, letter.closed_on = new, _today()
    letter.save()
    log(letter, actor, Action.CLOSE_ABUSIVE, from_status=old, to_status=new, note=reason)
    notify_writer(letter, Action.CLOSE_ABUSIVE)
    return letter


@transaction.atomic
def close_letter(*, actor, letter: Letter, note: str = "") -> Letter:
    """办结 an answered or rated letter."""
    letter = _locked(actor, letter, HANDLE)
    return _close(letter, actor, note.strip())


def _close(letter: Letter, actor, note: str) -> Letter:
    old, new = transition(letter, Action.CLOSE)
    letter.status, letter.closed_on = new, _today()
    letter.save()
    log(letter, actor, Action.CLOSE, from_status=old, to_status=new, note=note)
    notify_writer(letter, Action.CLOSE)
    return letter


@transaction.atomic
def auto_close_letter(*, letter: Letter, after_days: int) -> Letter | None:
    """The daily command's close (no staff actor): answered ``after_days`` days ago or more
    and not followed up since. Returns None when the letter no longer qualifies."""
    letter = lock(letter)
    if letter.status not in (Status.ANSWERED, Status.RATED) or letter.answered_on is None:
        return None
    if (_today() - letter.answered_on).days < after_days:
        return None
    return _close(letter, None, f"答复后{after_days}日内未追问，系统自动办结。")


def reviewers_of(organisation_id: int):
    """Active staff of the organisation who may approve (extensions, replies)."""
    return _holders_of(organisation_id, REVIEW)


def handlers_of(organisation_id: int):
    """Active staff of the organisation who handle letters."""
    return _holders_of(organisation_id, HANDLE)


def _holders_of(organisation_id: int, permission: str):
    """Active members of the organisation whose role holds ``interaction.<permission>``."""
    app_label, codename = permission.split(".")
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        .distinct()
        .order_by("username")
    )

"""Comments on a draft: received through the public form, shown only after moderation.

Moderation puts a comment online (已公开) in its public version, which the moderator may edit,
or keeps it off (不予公开) with a reason from the closed list. Before it goes online the
catalogue's privacy scan (kernel.privacy) reads the public version: an ID, phone or bank card
number, or the commenter's own name (without consent), phone or e-mail refuses publication,
with every finding masked so the moderator can de-identify the text.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from interaction import purging
from interaction.consultations.models import Comment, Consultation, DraftArticle
from interaction.consultations.services.common import (
    PERM_MODERATE,
    ConsultationError,
    check_staff,
    lock,
    lock_comment,
    log,
    transition,
)
from interaction.consultations.workflow import (
    REJECTION_LABELS,
    Action,
    CommentState,
    RejectionReason,
)
from kernel import privacy

CLOSED_MESSAGE = "该意见征集已截止或尚未开始，不能再提交意见。"


class PublicationRefused(ConsultationError):
    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__("公开内容中含有个人信息，不能公开：" + "；".join(findings) + "。")


@transaction.atomic
def submit_comment(
    *,
    consultation: Consultation,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    organisation_name: str = "",
    show_name: bool = False,
    article: DraftArticle | None = None,
    today: date | None = None,
) -> Comment:
    """A comment from the public form, 待审核, with its receipt number."""
    consultation = lock(consultation)
    if not consultation.accepts_comments(today or timezone.localdate()):
        raise ConsultationError(CLOSED_MESSAGE)
    if article is not None and article.consultation_id != consultation.pk:
        raise ConsultationError("所选条文不属于本草案。")
    if not content.strip() or not name.strip():
        raise ConsultationError("请填写意见内容和姓名。")
    if not (phone.strip() or email.strip()):
        raise ConsultationError("请至少填写一种联系方式（电话或电子邮箱）。")
    sequence = consultation.comments.count() + 1
    number = f"YJ{consultation.starts_on:%Y}{consultation.pk:05d}{sequence:04d}"
    return Comment.objects.create(
        consultation=consultation,
        article=article,
        number=number,
        content=content.strip(),
        commenter_name=name.strip(),
        commenter_phone=phone.strip(),
        commenter_email=email.strip(),
        commenter_organisation=organisation_name.strip(),
        show_name=show_name,
    )


def findings_of(comment: Comment, text: str) -> list[str]:
    """Every reason ``text`` may not be shown as the comment's public version (masked)."""
    found = [f"{f.label}（{f.masked}）" for f in privacy.scan_sources([("公开内容", text)])]
    own = [
        ("意见人电话", comment.commenter_phone, privacy.mask_phone),
        ("意见人电子邮箱", comment.commenter_email, lambda v: v[:1] + "***"),
    ]
    if not comment.show_name:
        own.append(("意见人姓名", comment.commenter_name, privacy.mask_name))
    for label, value, mask in own:
        value = (value or "").strip()
        if len(value) >= 2 and value in text:
            found.append(f"{label}（{mask(value)}）")
    return found


@transaction.atomic
def publish_comment(*, actor, comment: Comment, public_content: str | None = None) -> Comment:
    """已公开: the public version (the moderator's edit, else the comment as written)."""
    check_staff(actor, comment.consultation.organisation_id, PERM_MODERATE)
    consultation = lock(comment.consultation)
    comment = lock_comment(comment)
    old, _ = transition(consultation, Action.PUBLISH_COMMENT)
    text = (public_content if public_content is not None else comment.public_content).strip()
    text = text or comment.content
    findings = findings_of(comment, text)
    if findings:
        raise PublicationRefused(findings)
    before = comment.state
    comment.public_content, comment.state, comment.rejection_reason = (
        text,
        CommentState.PUBLISHED,
        "",
    )
    comment.moderated_by, comment.moderated_at = actor, timezone.now()
    comment.save()
    note = f"意见{comment.number}：{'公开' if before == CommentState.PENDING else '改为公开'}"
    log(consultation, actor, Action.PUBLISH_COMMENT, from_status=old, note=note, comment=comment)
    purging.purge_consultation(consultation)
    return comment


@transaction.atomic
def reject_comment(*, actor, comment: Comment, reason: str) -> Comment:
    """不予公开, with a reason from the closed list (kept with the comment)."""
    check_staff(actor, comment.consultation.organisation_id, PERM_MODERATE)
    try:
        reason = RejectionReason(reason)
    except ValueError as exc:
        raise ConsultationError("请选择不予公开的理由。") from exc
    consultation = lock(comment.consultation)
    comment = lock_comment(comment)
    old, _ = transition(consultation, Action.REJECT_COMMENT)
    comment.state, comment.rejection_reason = CommentState.REJECTED, reason
    comment.moderated_by, comment.moderated_at = actor, timezone.now()
    comment.save()
    note = f"意见{comment.number}：{REJECTION_LABELS[reason]}"
    log(consultation, actor, Action.REJECT_COMMENT, from_status=old, note=note, comment=comment)
    return comment

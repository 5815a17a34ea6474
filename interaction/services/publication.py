"""Putting an answered letter online: consent first, then nothing personal in the public texts.

The public version is what staff wrote for the public: ``public_subject``, ``public_content``
and each approved reply's ``public_text``. Publication is refused while the catalogue's privacy
scan (kernel.privacy.scan_sources: ID, mobile and bank card numbers) flags anything in them, or
while the writer's own name, phone or e-mail appears in them verbatim; the refusal lists every
finding (masked) so the reviewer can correct the texts. Called by services.handling, which has
checked the actor and locked the letter.
"""

from __future__ import annotations

from django.utils import timezone

from interaction.models import Letter, Reply
from interaction.services.common import LetterError, log, transition
from interaction.workflow import Action
from kernel import privacy

NO_CONSENT = "来信人未同意公开，不能公开发布。"


class PublicationRefused(LetterError):
    """The public texts still hold personal data; ``findings`` lists it, masked."""

    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__("公开内容中含有个人信息，不能公开发布：" + "；".join(findings) + "。")


def set_public_texts(letter: Letter, subject: str | None, content: str | None) -> None:
    if subject is not None:
        letter.public_subject = subject.strip()
    if content is not None:
        letter.public_content = content.strip()


def public_sources(letter: Letter) -> list[tuple[str, str]]:
    """(location, text) of everything the public page would show."""
    sources = [("公开标题", letter.public_subject), ("公开来信内容", letter.public_content)]
    for reply in letter.replies.filter(state=Reply.State.APPROVED).order_by("round"):
        label = "公开答复内容" if reply.round == 1 else "追问公开答复内容"
        sources.append((label, reply.public_text))
    return sources


def findings_of(letter: Letter) -> list[str]:
    """Every reason the public texts may not go online, worded for the reviewer."""
    sources = public_sources(letter)
    found = [f"{f.location}有{f.label}（{f.masked}）" for f in privacy.scan_sources(sources)]
    writer = [
        ("来信人姓名", letter.writer_name, privacy.mask_name),
        ("来信人电话", letter.writer_phone, privacy.mask_phone),
        ("来信人电子邮箱", letter.writer_email, lambda v: v[:1] + "***"),
    ]
    for location, text in sources:
        for label, value, mask in writer:
            value = (value or "").strip()
            if len(value) >= 2 and value in text:
                found.append(f"{location}有{label}（{mask(value)}）")
    return found


def publish(
    *, actor, letter: Letter, public_subject: str | None = None, public_content: str | None = None
) -> Letter:
    """Publish ``letter`` (locked by the caller) or raise LetterError / PublicationRefused."""
    old, new = transition(letter, Action.PUBLISH)
    if not letter.publish_consent:
        raise LetterError(NO_CONSENT)
    if letter.merged_into_id is not None:
        raise LetterError("已合并办理的来信不单独公开。")
    if letter.is_public:
        raise LetterError("该来信已公开。")
    set_public_texts(letter, public_subject, public_content)
    missing = [label for label, text in public_sources(letter) if not (text or "").strip()]
    if missing:
        raise LetterError("请先填写" + "、".join(missing) + "。")
    findings = findings_of(letter)
    if findings:
        raise PublicationRefused(findings)
    letter.is_public, letter.published_at = True, timezone.now()
    letter.save()
    log(letter, actor, Action.PUBLISH, from_status=old, to_status=new, public=False)
    return letter

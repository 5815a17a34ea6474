"""政策问答: staff write an entry, a second person publishes it (four eyes), and may take it off.

An entry has no event table: ``created_by``, ``reviewed_by`` and ``published_at`` are its trail
(the author, the person who last published it and when; kept when the entry goes offline). Every function checks the staff member first
(catalog.access.require_staff), locks the row it changes and raises KnowledgeError with a
message shown as it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from disclosures.models import Disclosure
from interaction.models import KnowledgeEntry, Letter, Reply

ADD = "interaction.add_knowledgeentry"
CHANGE = "interaction.change_knowledgeentry"
PUBLISH = "interaction.publish_knowledgeentry"

REFUSALS = Refusals(
    permission="您没有编写或发布政策问答的权限。",
    organisation="您只能管理本机构的政策问答。",
)


class KnowledgeError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


def _check(user, organisation, permission: str) -> None:
    require_staff(user, organisation, permission, refusals=REFUSALS, error=KnowledgeError)


def _lock(entry: KnowledgeEntry) -> KnowledgeEntry:
    return KnowledgeEntry.objects.select_for_update().get(pk=entry.pk)


def _policies(organisation: Organisation, policies: Iterable[Disclosure]) -> list[Disclosure]:
    """Only the organisation's own published items can be linked as its policies."""
    chosen = list(policies)
    ids = [p.pk for p in chosen]
    allowed = set(
        Disclosure.objects.listed()
        .filter(organisation=organisation, pk__in=ids)
        .values_list("pk", flat=True)
    )
    if len(allowed) != len(set(ids)):
        raise KnowledgeError("相关政策只能选择本机构已发布的政府信息。")
    return chosen


def _clean_text(question: str, answer: str) -> tuple[str, str]:
    question, answer = (question or "").strip(), (answer or "").strip()
    if not question:
        raise KnowledgeError("请填写问题。")
    if len(question) > 200:
        raise KnowledgeError("问题不能超过200个字。")
    if not answer:
        raise KnowledgeError("请填写解答。")
    return question, answer


@transaction.atomic
def create_entry(
    *,
    user,
    organisation: Organisation,
    question: str,
    answer: str,
    topic: str = "",
    policies: Iterable[Disclosure] = (),
    source_letter: Letter | None = None,
) -> KnowledgeEntry:
    """A new entry, not yet published; its author cannot publish it."""
    _check(user, organisation, ADD)
    question, answer = _clean_text(question, answer)
    chosen = _policies(organisation, policies)
    entry = KnowledgeEntry.objects.create(
        organisation=organisation,
        question=question,
        answer=answer,
        topic=(topic or "").strip()[:50],
        source_letter=source_letter,
        created_by=user,
    )
    entry.policies.set(chosen)
    return entry


@transaction.atomic
def update_entry(
    *,
    user,
    entry: KnowledgeEntry,
    question: str,
    answer: str,
    topic: str = "",
    policies: Iterable[Disclosure] = (),
) -> KnowledgeEntry:
    """Change the text; a published entry goes offline until someone else publishes it again."""
    _check(user, entry.organisation_id, CHANGE)
    entry = _lock(entry)
    question, answer = _clean_text(question, answer)
    organisation = Organisation.objects.get(pk=entry.organisation_id)
    chosen = _policies(organisation, policies)
    entry.question, entry.answer, entry.topic = question, answer, (topic or "").strip()[:50]
    entry.edited_by = user
    # A published entry goes offline; reviewed_by and published_at stay as the trail of its
    # last publication until someone else publishes the new text.
    entry.is_published = False
    entry.save()
    entry.policies.set(chosen)
    return entry


@transaction.atomic
def publish_entry(*, user, entry: KnowledgeEntry) -> KnowledgeEntry:
    """Publish after review by a second person: neither the author nor the last editor."""
    _check(user, entry.organisation_id, PUBLISH)
    entry = _lock(entry)
    if entry.is_published:
        raise KnowledgeError("该问答已经发布。")
    if user.pk in (entry.created_by_id, entry.edited_by_id):
        raise KnowledgeError("不能审核发布本人编写或修改的问答，请由其他审核人员发布。")
    entry.is_published = True
    entry.published_at = timezone.now()
    entry.reviewed_by = user
    entry.save(update_fields=["is_published", "published_at", "reviewed_by", "updated_at"])
    return entry


@transaction.atomic
def unpublish_entry(*, user, entry: KnowledgeEntry) -> KnowledgeEntry:
    """Take the entry off the public pages; who published it and when stay as its trail."""
    _check(user, entry.organisation_id, PUBLISH)
    entry = _lock(entry)
    if not entry.is_published:
        raise KnowledgeError("该问答尚未发布。")
    entry.is_published = False
    entry.save(update_fields=["is_published", "updated_at"])
    return entry


def published_letters_for(user):
    """Published letters of the user's organisations not yet turned into an entry."""
    return (
        Letter.objects.published()
        .for_staff(user)
        .filter(faq_entries__isnull=True)
        .select_related("organisation")
        .order_by("-published_at", "-pk")
    )


@transaction.atomic
def entry_from_letter(*, user, letter: Letter) -> KnowledgeEntry:
    """A draft entry from a published letter in one step: its public subject (or the public
    letter when short enough) as the question, the approved reply's public text as the answer.

    Only the public, de-identified texts are copied, never the letter or reply sent to the
    writer. One entry per letter: a second click finds the first entry and is refused.
    """
    organisation = letter.answered_by_organisation or letter.organisation
    _check(user, organisation, ADD)
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not Letter.objects.published().filter(pk=letter.pk).exists():
        raise KnowledgeError("只有已公开的来信可以生成政策问答。")
    if KnowledgeEntry.objects.filter(source_letter=letter).exists():
        raise KnowledgeError(f"来信{letter.number}已生成过政策问答，请直接修改该问答。")
    reply = (
        Reply.objects.filter(letter=letter, round=1, state=Reply.State.APPROVED)
        .exclude(public_text="")
        .first()
    )
    if reply is None:
        raise KnowledgeError("该来信的答复没有公开文本，无法生成政策问答。")
    content = letter.public_content.strip()
    question = content if 0 < len(content) <= 200 else letter.public_subject.strip()
    return create_entry(
        user=user,
        organisation=organisation,
        question=question or letter.number,
        answer=reply.public_text,
        source_letter=letter,
    )

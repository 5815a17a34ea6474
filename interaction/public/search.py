"""互动交流 in the site search: published letters (the public version and the approved
replies' public text), published 政策问答 entries, 意见征集 (public consultations by title and
summary, published 采纳情况 by title and overview), answered 点题公开 suggestions and published
在线访谈 / 新闻发布会 (topic, summary, record text and the shown questions' public text) and
visible 网上调查 (title and introduction; the same page carries the published results), in one
query of at most ``LIMIT`` rows.

The catalogue's search index holds items only; these tables are small, so the words of the
parsed query (disclosures.search.text, already normalised) are matched with ILIKE, every word
in one of the public fields, as the catalogue's recheck does. Only the public gates
(``Letter.objects.published()``, ``KnowledgeEntry.objects.published()``) are read, and only
public columns.

The hits of a query are kept in a per-process memo (kernel.memo, as the catalogue's search is),
emptied when a letter, a reply or an entry is saved or deleted anywhere: the block costs the
search page no query once warm (``make bench``: without it the search page served half as many
requests per second).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString

from disclosures.search import text as text_search
from interaction.interviews.workflow import QUESTION_PUBLIC
from interaction.models import (
    Consultation,
    Feedback,
    Interview,
    KnowledgeEntry,
    Letter,
    Question,
    RecordEntry,
    Reply,
    Suggestion,
)
from interaction.surveys.models import Survey
from interaction.topics import search as topics_search
from kernel.memo import Memo

LIMIT = 10
SNIPPET_CHARS = 120

hits_memo = Memo("interaction:search:version", max_entries=2000)


@dataclass(frozen=True)
class Hit:
    kind: str  # a key of LABELS
    label: str  # 来信公开 / 政策问答 / 意见征集 / 意见采纳情况 / 点题公开 / 在线访谈 / 网上调查
    title: SafeString
    snippet: SafeString
    url: str
    on: datetime | None


def _letters(words: list[str]):
    letters = Letter.objects.published()
    for word in words:
        reply = Reply.objects.filter(
            letter=OuterRef("pk"), state=Reply.State.APPROVED, public_text__icontains=word
        )
        letters = letters.filter(
            Q(public_subject__icontains=word) | Q(public_content__icontains=word) | Exists(reply)
        )
    return letters.annotate(
        kind=Value("letter", output_field=CharField()),
        title=F("public_subject"),
        body=F("public_content"),
        on=F("published_at"),
    ).values_list("kind", "id", "title", "body", "on")


def _entries(words: list[str]):
    entries = KnowledgeEntry.objects.published()
    for word in words:
        entries = entries.filter(Q(question__icontains=word) | Q(answer__icontains=word))
    return entries.annotate(
        kind=Value("faq", output_field=CharField()),
        title=F("question"),
        body=F("answer"),
        on=F("published_at"),
    ).values_list("kind", "id", "title", "body", "on")


def _consultations(words: list[str]):
    """意见征集 from their opening on, and their published 采纳情况 (linked to the consultation)."""
    opened = Consultation.objects.public()
    answered = Feedback.objects.filter(
        published_at__isnull=False, consultation__organisation__is_active=True
    )
    for word in words:
        opened = opened.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        answered = answered.filter(
            Q(consultation__title__icontains=word) | Q(overview__icontains=word)
        )
    opened = opened.annotate(
        kind=Value("consultation", output_field=CharField()),
        ref=F("id"),
        heading=F("title"),
        body=F("summary"),
        on=F("opened_at"),
    ).values_list("kind", "ref", "heading", "body", "on")
    answered = answered.annotate(
        kind=Value("consultation_feedback", output_field=CharField()),
        ref=F("consultation_id"),
        heading=F("consultation__title"),
        body=F("overview"),
        on=F("published_at"),
    ).values_list("kind", "ref", "heading", "body", "on")
    return opened, answered


def _interviews(words: list[str]):
    """Published 在线访谈 and 新闻发布会: topic, summary or the text of their record."""
    events = Interview.objects.published()
    for word in words:
        entry = RecordEntry.objects.filter(interview=OuterRef("pk"), text__icontains=word)
        asked = Question.objects.filter(
            interview=OuterRef("pk"), status__in=QUESTION_SHOWN, public_text__icontains=word
        )
        events = events.filter(
            Q(topic__icontains=word) | Q(summary__icontains=word) | Exists(entry) | Exists(asked)
        )
    # Interview has a ``kind`` field of its own: the union reads its columns by position.
    return events.annotate(
        hit_kind=Value("interview", output_field=CharField()),
        title=F("topic"),
        body=F("summary"),
        on=F("published_at"),
    ).values_list("hit_kind", "id", "title", "body", "on")


def _surveys(words: list[str]):
    """Visible 网上调查 by title and introduction (their results pages are the same URL)."""
    surveys = Survey.objects.visible()
    for word in words:
        surveys = surveys.filter(Q(title__icontains=word) | Q(introduction__icontains=word))
    return surveys.annotate(
        kind=Value("survey", output_field=CharField()),
        heading=F("title"),
        body=F("introduction"),
        on=F("opens_at"),
    ).values_list("kind", "id", "heading", "body", "on")


QUESTION_SHOWN = sorted(s.value for s in QUESTION_PUBLIC)

# Each kind of hit: its label in the block and the URL name of its public page.
LABELS = {
    "letter": "来信公开",
    "faq": "政策问答",
    "consultation": "意见征集",
    "consultation_feedback": "意见采纳情况",
    topics_search.KIND: topics_search.LABEL,
    "interview": "在线访谈",
    "survey": "网上调查",
}
DETAIL_URLS = {
    "letter": "interaction:published-detail",
    "consultation": "interaction:consultation-detail",
    topics_search.KIND: "interaction:topics-detail",
    "interview": "interaction:interview-detail",
    "survey": "interaction:survey-detail",
}


def _url(kind: str, pk: int) -> str:
    if kind == "consultation_feedback":
        return reverse("interaction:consultation-detail", args=[pk]) + "#feedback"
    if kind in DETAIL_URLS:
        return reverse(DETAIL_URLS[kind], args=[pk])
    return _faq_url(pk)


def _faq_url(pk: int) -> str:
    try:
        return reverse("interaction:knowledge-detail", args=[pk])
    except NoReverseMatch:
        return f"{reverse('interaction:index')}zswd/"


def search(query: text_search.Query) -> list[Hit]:
    """The newest ``LIMIT`` published letters and 政策问答 entries holding every query word."""
    if not query.ok:
        return []
    return hits_memo.get(tuple(query.texts), lambda: _search(list(query.texts)))


def connect_signals() -> None:
    """Every write of what the block shows empties the memo (called from the app's ready)."""
    from django.core.signals import setting_changed
    from django.db.models.signals import post_delete, post_save

    shown = (Letter, Reply, KnowledgeEntry, Consultation, Feedback, Suggestion, Survey)
    for model in (*shown, Interview, RecordEntry, Question):
        for signal in (post_save, post_delete):
            signal.connect(
                hits_memo.on_model_change,
                sender=model,
                dispatch_uid=f"interaction.search.{model.__name__}.{signal is post_save}",
            )
    setting_changed.connect(hits_memo.reset, dispatch_uid="interaction.search.settings")


def _search(words: list[str]) -> list[Hit]:
    rows = (
        _letters(words)
        .union(
            _entries(words),
            *_consultations(words),
            topics_search.matching(words),
            _interviews(words),
            _surveys(words),
            all=True,
        )
        .order_by("-on", "-id")[:LIMIT]
    )
    hits = []
    for kind, pk, title, body, on in rows:
        snippet = body[:SNIPPET_CHARS] + ("…" if len(body) > SNIPPET_CHARS else "")
        hits.append(
            Hit(
                kind=kind,
                label=LABELS[kind],
                title=text_search.highlight(title, words),
                snippet=text_search.highlight(snippet, words),
                url=_url(kind, pk),
                on=on,
            )
        )
    return hits

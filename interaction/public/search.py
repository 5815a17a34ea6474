"""互动交流 in the site search: published letters (the public version and the approved
replies' public text), published 政策问答 entries and visible 网上调查 (title and
introduction; the same page carries the published results), in one query of at most ``LIMIT`` rows.

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
from interaction.models import KnowledgeEntry, Letter, Reply
from interaction.surveys.models import Survey
from kernel.memo import Memo

LIMIT = 10
SNIPPET_CHARS = 120

hits_memo = Memo("interaction:search:version", max_entries=2000)


@dataclass(frozen=True)
class Hit:
    kind: str  # "letter", "faq" or "survey"
    label: str  # 来信公开 / 政策问答 / 网上调查
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


LABELS = {"letter": "来信公开", "faq": "政策问答", "survey": "网上调查"}


def _url(kind: str, pk: int) -> str:
    if kind == "letter":
        return reverse("interaction:published-detail", args=[pk])
    if kind == "survey":
        return reverse("interaction:survey-detail", args=[pk])
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

    for model in (Letter, Reply, KnowledgeEntry, Survey):
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
        .union(_entries(words), _surveys(words), all=True)
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

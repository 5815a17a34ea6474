"""``{% related_faq item %}``: the published 政策问答 entries linked to a disclosure item.

Disclosures may not import interaction (ADR 0011), so the item page does not ask for these
entries itself: its template loads this tag library, and the query stays here with the
knowledge base's own public gate. The item page (disclosures.item_page) is memoised and
held to a fixed number of queries, so adding the tag there, one query per view, is left to
the disclosures owner: ``{% load interaction_knowledge %}{% related_faq pk %}``.
"""

from __future__ import annotations

from django import template

from interaction.models import KnowledgeEntry

register = template.Library()

MAX_ENTRIES = 10


@register.inclusion_tag("interaction/knowledge/_related.html")
def related_faq(disclosure) -> dict:
    """``disclosure`` is the item or its id (the memoised item page holds only the id)."""
    pk = disclosure if isinstance(disclosure, int) else getattr(disclosure, "pk", None)
    if not isinstance(pk, int):
        return {"entries": []}
    entries = (
        KnowledgeEntry.objects.published()
        .filter(policies=pk)
        .order_by("-published_at", "-pk")
        .only("pk", "question")[:MAX_ENTRIES]
    )
    return {"entries": list(entries)}

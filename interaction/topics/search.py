"""Published 点题公开 suggestions for the 互动交流 block of the site search (interaction.public.
search): public text only (the moderated suggestion and the approved answer), every word in
one of them, as rows of the block's union (kind, id, title, body, on)."""

from __future__ import annotations

from django.db.models import CharField, F, Q, Value

from interaction.topics.models import Suggestion

KIND = "suggestion"
LABEL = "点题公开"


def matching(words: list[str]):
    suggestions = Suggestion.objects.published()
    for word in words:
        suggestions = suggestions.filter(
            Q(public_subject__icontains=word)
            | Q(public_description__icontains=word)
            | Q(answer_text__icontains=word)
        )
    return suggestions.annotate(
        kind=Value(KIND, output_field=CharField()),
        title=F("public_subject"),
        body=F("public_description"),
        on=F("published_at"),
    ).values_list("kind", "id", "title", "body", "on")

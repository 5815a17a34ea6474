"""Atom feed of the newest published 点题公开 suggestions with their answers (public text only)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalog import sitecache
from interaction.topics.models import Suggestion
from interaction.topics.workflow import ANSWER_LABELS, AnswerKind

FEED_SIZE = 30


class AnsweredSuggestionsFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return f"{sitecache.site_settings().site_name} · 点题公开"

    def link(self):
        return reverse("interaction:topics-list")

    def subtitle(self):
        return "公众点题建议公开的信息及答复"

    def items(self):
        return (
            Suggestion.objects.published()
            .select_related("organisation")
            .only(
                "public_subject",
                "public_description",
                "answer_kind",
                "answered_on",
                "published_at",
                "updated_at",
                "organisation__name",
            )
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.public_subject

    def item_description(self, item):
        answer = ANSWER_LABELS[AnswerKind(item.answer_kind)]
        return (
            f"答复机构：{item.organisation.name}；答复：{answer}；{item.public_description[:200]}"
        )

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organisation.name

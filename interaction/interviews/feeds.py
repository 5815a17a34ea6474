"""Atom feed of 在线访谈 and 新闻发布会: announced, live and archived events, newest first."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from catalog import sitecache
from interaction.interviews.models import Interview

FEED_SIZE = 30


class InterviewFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"{sitecache.site_settings().site_name} · 在线访谈和新闻发布会"

    def link(self):
        return reverse("interaction:interview-list")

    def subtitle(self):
        return "在线访谈、新闻发布会的预告和往期回顾"

    def items(self):
        return (
            Interview.objects.published()
            .select_related("organisation")
            .only(
                "id", "kind", "topic", "summary", "starts_at", "published_at", "organisation__name"
            )
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"【{item.get_kind_display()}】{item.topic}"

    def item_description(self, item):
        starts = timezone.localtime(item.starts_at)
        return f"{item.organisation.name}　{starts:%Y-%m-%d %H:%M}　{item.summary[:200]}"

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.organisation.name

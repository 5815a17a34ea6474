"""Atom feed of 意见征集: newly opened consultations and newly published 采纳情况."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalog import sitecache
from interaction.consultations.models import ConsultationEvent
from interaction.consultations.windows import chinese_date
from interaction.consultations.workflow import Action

FEED_SIZE = 30


class ConsultationFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return f"{sitecache.site_settings().site_name} · 意见征集"

    def link(self):
        return reverse("interaction:consultation-list")

    def subtitle(self):
        return "新发布的意见征集和公布的意见采纳情况"

    def items(self):
        return (
            ConsultationEvent.objects.filter(
                action__in=[Action.OPEN, Action.PUBLISH_FEEDBACK],
                consultation__organisation__is_active=True,
            )
            .select_related("consultation", "consultation__organisation")
            .only(
                "pk",
                "at",
                "action",
                "consultation__id",
                "consultation__title",
                "consultation__summary",
                "consultation__starts_on",
                "consultation__ends_on",
                "consultation__organisation__name",
            )
            .order_by("-at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        prefix = "意见征集" if item.action == Action.OPEN else "意见采纳情况"
        return f"【{prefix}】{item.consultation.title}"

    def item_description(self, item):
        c = item.consultation
        return (
            f"征集机构：{c.organisation.name}；征集时间：{chinese_date(c.starts_on)}至"
            f"{chinese_date(c.ends_on)}。{c.summary[:200]}"
        )

    def item_link(self, item):
        url = item.consultation.get_absolute_url()
        return url + "#feedback" if item.action == Action.PUBLISH_FEEDBACK else url

    def item_guid(self, item):
        return f"consultation-event-{item.pk}"

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

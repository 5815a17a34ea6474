"""Atom feed of 网上调查: an entry when a survey opens and one when its results are published
(at its end; a 实时公布 survey's results are public from its opening, one entry says both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from catalog import sitecache
from interaction.surveys.models import Survey
from interaction.surveys.workflow import ResultsPolicy

FEED_SIZE = 30


@dataclass(frozen=True)
class Entry:
    survey: Survey
    kind: str  # "open" or "results"
    on: datetime


class SurveyFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self):
        return f"{sitecache.site_settings().site_name} · 网上调查"

    def link(self):
        return reverse("interaction:survey-list")

    def subtitle(self):
        return "新开始的网上调查和已公布的调查结果"

    def items(self):
        now = timezone.now()
        surveys = (
            Survey.objects.visible(now)
            .select_related("organisation")
            .only(
                "id",
                "title",
                "introduction",
                "opens_at",
                "closes_at",
                "results_policy",
                "status",
                "organisation__name",
            )
            .order_by("-closes_at", "-id")[: FEED_SIZE * 2]
        )
        entries = []
        for survey in surveys:
            entries.append(Entry(survey, "open", survey.opens_at))
            if survey.results_policy != ResultsPolicy.LIVE and survey.closes_at <= now:
                entries.append(Entry(survey, "results", survey.closes_at))
        entries.sort(key=lambda e: (e.on, e.survey.pk), reverse=True)
        return entries[:FEED_SIZE]

    def item_title(self, item: Entry):
        if item.kind == "results":
            return f"调查结果：{item.survey.title}"
        return f"网上调查：{item.survey.title}"

    def item_description(self, item: Entry):
        survey = item.survey
        period = f"调查时间：{timezone.localtime(survey.opens_at):%Y-%m-%d %H:%M}至{timezone.localtime(survey.closes_at):%Y-%m-%d %H:%M}"
        if item.kind == "results":
            return f"发布机构：{survey.organisation.name}；{period}；调查结果已公布。"
        return f"发布机构：{survey.organisation.name}；{period}；{survey.introduction[:200]}"

    def item_link(self, item: Entry):
        return item.survey.get_absolute_url()

    def item_guid(self, item: Entry):
        return f"{item.survey.get_absolute_url()}#{item.kind}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry):
        return item.on

    def item_author_name(self, item: Entry):
        return item.survey.organisation.name

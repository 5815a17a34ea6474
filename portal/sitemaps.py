"""sitemap.xml (an index of per-section sitemaps) and what it lists."""

from __future__ import annotations

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import cached_property

from catalog.models import Category, Organisation
from disclosures.models import Disclosure
from interaction.models import Consultation, Interview
from interaction.surveys.models import Survey
from interaction.topics.models import Suggestion
from reports.models import AnnualReport


class StaticPagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return [
            "home",
            "catalog:channel",
            "catalog:guide-index",
            "disclosures:rules",
            "disclosures:statutory",
            "disclosures:catalogue",
            "directory:index",
            "reports:annual-list",
            "requests_app:index",
            "disclosures:interpretations",
            "disclosures:service-guides",
            "statistics:series-index",
            "site-map",
            "contact",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class OrganisationSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Organisation.objects.active().order_by("sort_order", "id")

    def lastmod(self, obj):
        return obj.updated_at


class GuideSitemap(OrganisationSitemap):
    def location(self, obj):
        return obj.get_guide_url()


class DirectorySitemap(Sitemap):
    """The 标准目录 page of each active organisation that has one."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Organisation.objects.active()
            .filter(directory_rows__isnull=False)
            .annotate(last_row=Max("directory_rows__updated_at"))
            .order_by("sort_order", "id")
        )

    def location(self, obj):
        return reverse("directory:organisation", args=[obj.slug])

    def lastmod(self, obj):
        return obj.last_row


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.filter(kind__in=["statutory", "rules"]).order_by("id")


class IdBlockPaginator:
    """Pages of a sitemap by blocks of ids instead of OFFSET: page n lists the rows with
    ``(n - 1) * size < id <= n * size``. A page may hold fewer than ``size`` URLs (drafts and
    withdrawn items leave gaps) but never more, and page 100 costs what page 1 costs; Django's
    own paginator counts every row and skips (n - 1) * size of them with OFFSET (seconds at a
    million items, for every crawler)."""

    def __init__(self, queryset, size: int):
        self.queryset, self.size = queryset, size

    @cached_property
    def num_pages(self) -> int:
        last = self.queryset.order_by().aggregate(last=Max("id"))["last"] or 0
        return max(math.ceil(last / self.size), 1)

    @property
    def page_range(self) -> range:
        return range(1, self.num_pages + 1)

    def page(self, number) -> Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("页码必须是整数。") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("没有这一页。")
        low = (number - 1) * self.size
        rows = self.queryset.filter(id__gt=low, id__lte=low + self.size)
        return Page(list(rows), number, self)


class DisclosureSitemap(Sitemap):
    """Every listed item, in pages of at most ``limit`` URLs by id block under the index."""

    changefreq = "monthly"
    priority = 0.5
    limit = 10_000

    def items(self):
        return (
            Disclosure.objects.listed()
            .only("id", "published_at", "content_updated_at")
            .order_by("id")
        )

    def lastmod(self, obj):
        return obj.content_updated_at or obj.published_at

    @property
    def paginator(self):
        return IdBlockPaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        """One aggregate (Django's default calls ``lastmod`` on every item in Python)."""
        return (
            Disclosure.objects.listed()
            .order_by()
            .aggregate(latest=Max(Coalesce("content_updated_at", "published_at")))["latest"]
        )


class AnnualReportSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return AnnualReport.objects.published().order_by("id")

    def lastmod(self, obj):
        return obj.published_at


class SuggestionSitemap(Sitemap):
    """点题公开: the section's pages and every published suggestion with its answer."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        pages = ["interaction:topics-index", "interaction:topics-list"]
        entries = list(
            Suggestion.objects.published().only("pk", "updated_at").order_by("-published_at", "-id")
        )
        return pages + entries

    def location(self, item):
        return reverse(item) if isinstance(item, str) else item.get_absolute_url()

    def lastmod(self, item):
        return None if isinstance(item, str) else item.updated_at


class InterviewSitemap(Sitemap):
    """在线访谈 and 新闻发布会: the list and every published event (预告, live and archive)."""

    changefreq = "daily"
    priority = 0.5

    def items(self):
        return [None, *Interview.objects.published().only("id", "updated_at").order_by("id")]

    def location(self, obj):
        return reverse("interaction:interview-list") if obj is None else obj.get_absolute_url()

    def lastmod(self, obj):
        return None if obj is None else obj.updated_at


class ConsultationSitemap(Sitemap):
    """意见征集: the list and every consultation from its opening on (互动交流, #17)."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["list", *Consultation.objects.public().order_by("-starts_on", "-id")]

    def location(self, item):
        if item == "list":
            return reverse("interaction:consultation-list")
        return item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "list" else item.updated_at


class SurveySitemap(Sitemap):
    """网上调查: the list and every visible survey (its form, later its results)."""

    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["list", *Survey.objects.visible().order_by("id")]

    def location(self, item):
        return reverse("interaction:survey-list") if item == "list" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "list" else item.updated_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "guides": GuideSitemap,
    "directories": DirectorySitemap,
    "columns": ColumnSitemap,
    "items": DisclosureSitemap,
    "reports": AnnualReportSitemap,
    "topics": SuggestionSitemap,
    "interviews": InterviewSitemap,
    "consultations": ConsultationSitemap,
    "surveys": SurveySitemap,
}

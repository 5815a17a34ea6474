"""sitemap.xml (an index of per-section sitemaps) and what it lists."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Category, Organisation
from disclosures.models import Disclosure
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
            "reports:annual-list",
            "requests_app:index",
            "disclosures:interpretations",
            "disclosures:service-guides",
            "statistics:series-index",
            "site-map",
            "contact",
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


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.filter(kind__in=["statutory", "rules"]).order_by("id")


class DisclosureSitemap(Sitemap):
    """Every listed item; Django splits it into pages of ``limit`` URLs under the index."""

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


class AnnualReportSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.6

    def items(self):
        return AnnualReport.objects.published().order_by("id")

    def lastmod(self, obj):
        return obj.published_at


SITEMAPS = {
    "pages": StaticPagesSitemap,
    "organisations": OrganisationSitemap,
    "guides": GuideSitemap,
    "columns": ColumnSitemap,
    "items": DisclosureSitemap,
    "reports": AnnualReportSitemap,
}

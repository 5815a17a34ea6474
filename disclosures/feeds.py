"""Atom feeds of newly published items: site-wide, per organisation and per 栏目."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalog.models import Category, Organisation, SiteSettings
from disclosures.models import Disclosure

FEED_SIZE = 30


class LatestItemsFeed(Feed):
    """The newest published items of the whole portal (listed items only: no drafts, no
    scheduled or withdrawn items)."""

    feed_type = Atom1Feed
    description_template = None

    def title(self, obj=None):
        return f"{SiteSettings.load().site_name} · 最新公开信息"

    def link(self, obj=None):
        return reverse("disclosures:catalogue")

    def subtitle(self, obj=None):
        return "政府信息公开目录中最新发布的信息"

    def base_queryset(self, obj):
        return Disclosure.objects.listed()

    def items(self, obj=None):
        return (
            self.base_queryset(obj)
            .select_related("organisation")
            .only(
                "id",
                "title",
                "summary",
                "published_at",
                "content_updated_at",
                "organisation__name",
                "document_number",
                "index_number",
            )
            .order_by("-published_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        parts = [f"发布机构：{item.organisation.name}", f"索引号：{item.index_number}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        if item.summary:
            parts.append(item.summary)
        return "；".join(parts)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.content_updated_at or item.published_at

    def item_author_name(self, item):
        return item.organisation.name


class OrganisationFeed(LatestItemsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Organisation.objects.active(), slug=slug)

    def title(self, obj=None):
        return f"{obj.name} · 最新公开信息"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return f"{obj.name}最新主动公开的政府信息"

    def base_queryset(self, obj):
        return Disclosure.objects.listed().filter(organisation=obj)


class ColumnFeed(LatestItemsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj=None):
        return f"{SiteSettings.load().site_name} · {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return f"“{obj.name}”栏目最新发布的信息"

    def base_queryset(self, obj):
        ids = [obj.pk, *obj.children.values_list("pk", flat=True)]
        return Disclosure.objects.listed().in_columns(ids)

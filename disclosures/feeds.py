"""Atom feeds of newly published items: site-wide, per organisation and per 栏目."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from catalog import sitecache
from disclosures import listing
from disclosures.models import Disclosure
from disclosures.pagination import cached

FEED_SIZE = 30


class LatestItemsFeed(Feed):
    """The newest published items of the whole portal (listed items only: no drafts, no
    scheduled or withdrawn items).

    The XML is built once per data version (``pagination.cached``: every change to an item,
    a site change or a scheduled item going public renews it) and per host it is served on,
    since its links are absolute.
    """

    feed_type = Atom1Feed
    description_template = None

    def __call__(self, request, *args, **kwargs):
        key = ("feed", type(self).__name__, request.scheme, request.get_host(), *kwargs.items())

        def build():
            response = super(LatestItemsFeed, self).__call__(request, *args, **kwargs)
            return response.content, response["Content-Type"], response.get("Last-Modified")

        content, content_type, last_modified = cached(key, build)
        response = HttpResponse(content, content_type=content_type)
        if last_modified:
            response["Last-Modified"] = last_modified
        return response

    def title(self, obj=None):
        return f"{sitecache.site_settings().site_name} · 最新公开信息"

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
        organisation = sitecache.organisation_by_slug(slug)
        if organisation is None:
            raise Http404("机构不存在")
        return organisation

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
        column = sitecache.column_tree().by_slug.get(slug)
        if column is None:
            raise Http404("栏目不存在")
        return column

    def title(self, obj=None):
        return f"{sitecache.site_settings().site_name} · {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return f"“{obj.name}”栏目最新发布的信息"

    def base_queryset(self, obj):
        # The column's newest items from the column listing (one index range), sub-columns'
        # items included.
        return listing.newest(obj.pk, FEED_SIZE)

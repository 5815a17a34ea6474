"""Which public pages a change to a disclosure item alters: the purge list the HTTP cache is
told to forget after the commit (kernel.httpcache.purge, ADR 0022).

The list is exact and computed from the item as it is when the service calls it; a service
that can move an item between columns or organisations calls ``purge_item`` before and after
the change, so both the old and the new lists are forgotten. Search results are not listed:
they carry a short lifetime instead (a change cannot tell which queries it affects).
"""

from __future__ import annotations

from django.urls import reverse

from catalog.models import Category
from disclosures.models import Attachment, Disclosure, Genre
from disclosures.rosters.models import Roster
from disclosures.service_guides.models import ServiceGuide
from kernel.httpcache.purge import enabled, purge_paths

# Pages of the 信息公开 channel that list recent or all items, whatever their column.
CHANNEL_PAGES = (
    "catalog:channel",
    "disclosures:statutory",
    "disclosures:catalogue",
)
GENRE_PAGES = {
    Genre.INTERPRETATION: "disclosures:interpretations",
    Genre.SERVICE_GUIDE: "disclosures:service-guides",
}
SITEMAP_SECTION = "items"


def column_slugs(category_ids: set[int]) -> list[str]:
    """The slugs of these columns and of every column above them."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    slugs = dict(Category.objects.values_list("pk", "slug"))
    found: set[int] = set()
    for pk in category_ids:
        while pk is not None and pk not in found and pk in parents:
            found.add(pk)
            pk = parents[pk]
    return sorted(slugs[pk] for pk in found)


def item_paths(disclosure: Disclosure) -> set[str]:
    """Every public page whose content depends on ``disclosure`` (its own, its downloads, the
    lists and feeds that may show it, the sitemap section, its organisation's pages)."""
    pk, org = disclosure.pk, disclosure.organisation.slug
    columns = column_slugs(set(disclosure.categories.values_list("pk", flat=True)))
    paths = {
        reverse("home"),
        reverse("disclosures:detail", args=[pk]),
        reverse("disclosures:organisation", args=[org]),
        reverse("directory:organisation", args=[org]),
        reverse("directory:xlsx", args=[org]),
        reverse("disclosures:catalogue-export", args=["csv"]),
        reverse("disclosures:catalogue-export", args=["json"]),
        reverse("feed-latest"),
        reverse("feed-organisation", args=[org]),
        reverse("sitemap-index"),
        reverse("sitemap-section", args=[SITEMAP_SECTION]),
        *(reverse(name) for name in CHANNEL_PAGES),
    }
    for slug in columns:
        paths.add(reverse("disclosures:column", args=[slug]))
        paths.add(reverse("feed-column", args=[slug]))
    if disclosure.genre in GENRE_PAGES:
        paths.add(reverse(GENRE_PAGES[disclosure.genre]))
    for attachment in Attachment.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures:attachment", args=[attachment]))
    for roster in Roster.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures_roster", args=[roster]))
        paths.add(reverse("disclosures_roster_csv", args=[roster]))
    for guide in ServiceGuide.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures_guide", args=[guide]))
    return paths


def purge_item(disclosure: Disclosure) -> None:
    """Forget, after the commit, every cached page that shows ``disclosure``."""
    if enabled():  # the list costs a few queries: none without a cache in front
        purge_paths(item_paths(disclosure))

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


def listing_paths(*, organisations: set[str], category_ids: set[int], genres: set[str]) -> set[str]:
    """The pages that list items of these organisations, columns and 文种: the home, the
    channel pages, each organisation's pages, each column list and its parents', feeds, the
    catalogue exports and the sitemap section."""
    paths = {
        reverse("home"),
        reverse("disclosures:catalogue-export", args=["csv"]),
        reverse("disclosures:catalogue-export", args=["json"]),
        reverse("feed-latest"),
        reverse("sitemap-index"),
        reverse("sitemap-section", args=[SITEMAP_SECTION]),
        *(reverse(name) for name in CHANNEL_PAGES),
    }
    for org in organisations:
        paths.add(reverse("disclosures:organisation", args=[org]))
        paths.add(reverse("directory:organisation", args=[org]))
        paths.add(reverse("directory:xlsx", args=[org]))
        paths.add(reverse("feed-organisation", args=[org]))
    for slug in column_slugs(category_ids):
        paths.add(reverse("disclosures:column", args=[slug]))
        paths.add(reverse("feed-column", args=[slug]))
    paths.update(reverse(GENRE_PAGES[genre]) for genre in genres if genre in GENRE_PAGES)
    return paths


def item_paths(disclosure: Disclosure) -> set[str]:
    """Every public page whose content depends on ``disclosure`` (its own, its downloads, the
    lists and feeds that may show it, the sitemap section, its organisation's pages)."""
    pk = disclosure.pk
    paths = listing_paths(
        organisations={disclosure.organisation.slug},
        category_ids=set(disclosure.categories.values_list("pk", flat=True)),
        genres={disclosure.genre},
    )
    paths.add(reverse("disclosures:detail", args=[pk]))
    for attachment in Attachment.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures:attachment", args=[attachment]))
    for roster in Roster.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures_roster", args=[roster]))
        paths.add(reverse("disclosures_roster_csv", args=[roster]))
    for guide in ServiceGuide.objects.filter(disclosure=disclosure).values_list("pk", flat=True):
        paths.add(reverse("disclosures_guide", args=[guide]))
    return paths


def purge_new_items(*, organisations: set[str], category_ids: set[int], genres: set[str]) -> None:
    """Forget, after the commit, the lists that items published in bulk (a catalogue import)
    appear in. Their own pages and files are new, so no cache holds them (a 404 asked for
    before lives ``HTTP_CACHE_NOT_FOUND_S_MAXAGE`` at most)."""
    if enabled():
        purge_paths(
            listing_paths(organisations=organisations, category_ids=category_ids, genres=genres)
        )


def purge_item(disclosure: Disclosure) -> None:
    """Forget, after the commit, every cached page that shows ``disclosure``."""
    if enabled():  # the list costs a few queries: none without a cache in front
        purge_paths(item_paths(disclosure))

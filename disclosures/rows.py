"""Rows of items as the list templates show them, and the newest items for the home pages.

Plain, pre-formatted dicts (no per-row template work). Used by the public lists
(disclosures.views) and the portal's home page (portal.views), which must not import views.
"""

from __future__ import annotations

from django.utils import timezone

from disclosures.links import detail_prefix
from disclosures.models import Disclosure, Validity
from disclosures.pagination import cached

VALIDITY_LABELS = dict(Validity.choices)
ROW_FIELDS = ("id", "title", "document_number", "published_at", "validity", "organisation__name")


def list_rows(queryset, *, start: int = 1) -> list[dict]:
    """Plain, pre-formatted rows for the list templates (no per-row template work)."""
    prefix = detail_prefix()
    tz = timezone.get_current_timezone()
    rows = []
    for no, (pk, title, number, published_at, validity, org) in enumerate(
        queryset.values_list(*ROW_FIELDS), start
    ):
        rows.append(
            {
                "no": no,
                "url": f"{prefix}{pk}/",
                "title": title,
                "docno": number,
                "date": published_at.astimezone(tz).strftime("%Y-%m-%d"),
                "validity": validity,
                "badge": "" if validity == Validity.VALID else VALIDITY_LABELS.get(validity, ""),
                "org": org,
            }
        )
    return rows


def latest_rows(organisation_id: int | None = None, size: int = 10) -> list[dict]:
    """The newest listed items (of one organisation), for the home pages."""

    def build():
        items = Disclosure.objects.listed()
        if organisation_id is not None:
            items = items.filter(organisation_id=organisation_id)
        return list_rows(items.order_by("-published_at", "-id")[:size])

    return cached(("latest", organisation_id, size), build)

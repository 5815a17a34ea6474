"""The old site's addresses answered with 301 to the imported item.

Asked only from the 404 handler (portal.views.page_not_found): a page that exists never looks
the table up, so normal pages pay no query for it; and a portal without old addresses (most of
them) answers its 404s without a query either, from a per-process memo of whether the table
holds any (emptied on every save or delete of an address, kernel.memo).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponsePermanentRedirect

from disclosures.imports.models import LegacyAddress
from kernel.memo import Memo

_memo = Memo("disclosures:legacy-addresses:version")


def _any_addresses() -> bool:
    return _memo.get("any", lambda: LegacyAddress.objects.filter(redirect=True).exists())


def connect_signals() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            _memo.on_model_change,
            sender=LegacyAddress,
            dispatch_uid=f"disclosures.legacy_addresses.{signal is post_save}",
        )


def legacy_redirect(request: HttpRequest) -> HttpResponsePermanentRedirect | None:
    """A 301 to the item the old address of this request became, if any (and still public)."""
    if request.method not in ("GET", "HEAD") or not _any_addresses():
        return None
    path = request.get_full_path()
    candidates = [path] if path == request.path else [path, request.path]
    address = (
        LegacyAddress.objects.filter(path__in=candidates, redirect=True)
        .select_related("disclosure")
        .order_by("-path")  # the path with its query first
        .first()
    )
    if (
        address is None
        or not type(address.disclosure).objects.visible().filter(pk=address.disclosure_id).exists()
    ):
        return None
    return HttpResponsePermanentRedirect(address.disclosure.get_absolute_url())

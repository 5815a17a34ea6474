"""The old site's addresses answered with 301 to the imported item.

Asked only from the 404 handler (portal.views.page_not_found): a page that exists never looks
the table up, so normal pages pay no query for it; and a missing page at one of the portal's own
addresses (an item that does not exist) is answered without asking it either. An old address
that happens to match one of the portal's own patterns is therefore not redirected (the old
sites' addresses seen so far, /art/…/art_….html and /gkml/…, do not).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve

from disclosures.imports.models import LegacyAddress


def _ours(path: str) -> bool:
    """The address is one of the portal's own patterns (an item that does not exist, say):
    never an old site's address, so the table is not asked."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def legacy_redirect(request: HttpRequest) -> HttpResponsePermanentRedirect | None:
    """A 301 to the item the old address of this request became, if any (and still public)."""
    if request.method not in ("GET", "HEAD") or _ours(request.path_info):
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

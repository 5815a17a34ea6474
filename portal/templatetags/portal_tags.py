"""Site-wide template helpers."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb(context, *parts: str) -> str:
    """Render 当前位置 from label/URL pairs; a URL may be a URL name, a path or "" (current)."""
    crumbs = []
    for label, target in zip(parts[::2], parts[1::2], strict=False):
        url = ""
        if target:
            try:
                url = reverse(target)
            except NoReverseMatch:
                url = target
        crumbs.append((label, url))
    if len(parts) % 2:
        crumbs.append((parts[-1], ""))
    return render_to_string("includes/_breadcrumb.html", {"crumbs": crumbs})

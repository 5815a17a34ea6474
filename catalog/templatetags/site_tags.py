"""``{% site_fragment %}``: include a template rendered once per site version in this process."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from catalog import sitecache

register = template.Library()


@register.simple_tag(takes_context=True)
def site_fragment(context, template_name: str, *vary) -> str:
    """Render ``template_name`` like ``{% include %}``, but once per site version and ``vary``.

    The fragment may use only site-wide values (``site``, the navigation URLs, ``{% static %}``,
    ``{% url %}``) and the values passed as ``vary``: never the request, the user, a cookie or a
    CSRF token, since every visitor gets the same copy.
    """

    def build() -> str:
        fragment = context.template.engine.get_template(template_name)
        return mark_safe(fragment.render(context))  # noqa: S308 - our own rendered template

    site = context.get("site")
    if site is None:  # rendered without the site context processor: do not keep it
        return build()
    # Keyed by the settings row's last change: every process shows a change at once.
    return sitecache.memo(("fragment", template_name, site.updated_at, *vary), build)

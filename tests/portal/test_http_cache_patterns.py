"""The caching headers of EVERY URL pattern of portal.urls (issue #21, ADR 0021).

The demo county is seeded and crawled as a visitor (tests/portal/crawling): every response on
the way is checked against the policy table, so each public pattern is checked with real
objects, many times over. The patterns a visitor cannot reach by links are built below, each
with its reason; the admin's patterns are built from their converters (a made-up object id
is enough: every admin response must be private, found or not). Then a logged-in member of
staff asks for one URL of every pattern, and must get private responses only.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from catalog.httpcache import lifetimes
from kernel.httpcache import policy as httpcache
from tests.factories import UserFactory
from tests.portal.crawling import NOT_LINKED, crawl, public_url_names

pytestmark = pytest.mark.django_db


def first_pk(model_path: str) -> int:
    """The first row's id of a demo model (or 1 when the demo has none: a 404 is checked)."""
    from django.apps import apps

    row = apps.get_model(model_path).objects.order_by("pk").first()
    return row.pk if row is not None else 1


# The patterns no link leads to (tests/portal/crawling.NOT_LINKED), built by hand.
UNLINKED_URLS = {
    "healthz": lambda: reverse("healthz"),
    "requests_app:receipt": lambda: reverse("requests_app:receipt"),
    "requests_app:notice": lambda: reverse(
        "requests_app:notice", args=[first_pk("requests_app.ReplyNotice")]
    ),
    "requests_app:notice-pdf": lambda: reverse(
        "requests_app:notice-pdf", args=[first_pk("requests_app.ReplyNotice")]
    ),
    "requests_app:released-file": lambda: reverse(
        "requests_app:released-file", args=[first_pk("requests_app.ReleasedFile")]
    ),
    "interaction:receipt": lambda: reverse("interaction:receipt"),
    "interaction:topics-receipt": lambda: reverse("interaction:topics-receipt"),
    # the signed token of a mail cannot be built here: a wrong one must be private too
    "interaction:topics-answer": lambda: reverse("interaction:topics-answer", args=["x"]),
    "interaction:interview-entries": lambda: reverse(
        "interaction:interview-entries", args=[first_pk("interaction.Interview")]
    ),
    # the demo has no recording: its 404 is checked (public, short)
    "interaction:interview-video": lambda: reverse(
        "interaction:interview-video", args=[first_pk("interaction.Interview")]
    ),
    "interaction:consultation-receipt": lambda: reverse("interaction:consultation-receipt"),
    "interaction:survey-thanks": lambda: reverse(
        "interaction:survey-thanks", args=[first_pk("interaction.Survey")]
    ),
}
# Values for the admin's converters and regex groups.
SAMPLE_VALUES = {"IntConverter": "1", "SlugConverter": "x", "app_label": "catalog"}


def admin_pk(name: str) -> str:
    """The first row of the model an admin URL name is about (``admin:<app>_<model>_<view>``),
    or 1: a found object shows its page, a missing one its redirect."""
    from django.apps import apps

    for model in apps.get_models():
        if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
            row = model._default_manager.order_by("pk").first()
            return str(row.pk) if row is not None else "1"
    return "1"


def admin_urls(patterns=None, prefix="", namespace=""):
    """(name, url) for every pattern of the admin site, built from its converters."""
    found = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if patterns is None and pattern.app_name != "admin":
                continue
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += admin_urls(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name and patterns is not None:
            name = namespace + pattern.name
            if isinstance(pattern.pattern, RoutePattern):
                kwargs = {
                    key: SAMPLE_VALUES.get(key, SAMPLE_VALUES.get(type(conv).__name__, "1"))
                    for key, conv in pattern.pattern.converters.items()
                }
                kwargs.update(dict.fromkeys(set(kwargs) & {"object_id", "pk"}, admin_pk(name)))
            else:
                kwargs = {
                    key: SAMPLE_VALUES.get(key, "1") for key in pattern.pattern.regex.groupindex
                }
            found.append(
                (namespace + pattern.name, reverse(namespace + pattern.name, kwargs=kwargs))
            )
    return found


def expected_headers(name: str, response) -> dict[str, str | None]:
    """What the policy requires of this response."""
    content_type = response.get("Content-Type", "")
    token = (
        not response.streaming
        and content_type.startswith("text/html")
        and b"csrfmiddlewaretoken" in response.content
    )
    cache_class = httpcache.class_for(name)
    if (
        cache_class == httpcache.PRIVATE
        or response.cookies
        or token
        or response.status_code not in httpcache.CACHEABLE_STATUSES
    ):
        return {"Cache-Control": httpcache.PRIVATE_CACHE_CONTROL, "X-Vary-Cookies": None}
    return {
        "Cache-Control": httpcache.cache_control(
            cache_class, status=response.status_code, lifetimes=lifetimes()
        ),
        "X-Vary-Cookies": "fs,care,hc" if httpcache.is_html(cache_class) else None,
    }


class RecordingClient:
    """The test client, checking the headers of every response the crawl gets."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.problems: list[str] = []
        self.seen: dict[str, set[str]] = {}

    def get(self, url, *args, **kwargs):
        name = resolve(url.split("?")[0]).view_name
        try:
            response = self.client.get(url, *args, **kwargs)
        except Exception as exc:
            self.problems.append(f"{name} {url}: raised {exc!r}")
            raise
        self.check(name, url, response)
        return response

    def check(self, name: str, url: str, response) -> None:
        got = {key: response.get(key) for key in ("Cache-Control", "X-Vary-Cookies")}
        want = expected_headers(name, response)
        if got != want:
            self.problems.append(f"{name} {url} {response.status_code}: {got} != {want}")
        public = want["Cache-Control"] != httpcache.PRIVATE_CACHE_CONTROL
        if public and response.status_code == 200 and "ETag" not in response:
            self.problems.append(f"{name} {url}: public without an ETag")
        if public and "cookie" in response.get("Vary", "").lower():
            self.problems.append(f"{name} {url}: public but varies by Cookie")
        # The table must not promise a public page that is private in fact (a form, a cookie).
        table = httpcache.class_for(name)
        if table != httpcache.PRIVATE and response.status_code == 200 and not public:
            self.problems.append(f"{name} {url}: the table says {table}, the page is private")
        self.seen.setdefault(name, set()).add(want["Cache-Control"])


def test_every_url_pattern_is_in_the_policy_table():
    assert public_url_names() - set(httpcache.POLICY) == set()
    assert set(httpcache.POLICY) - public_url_names() == set(), "remove these from the table"
    assert set(UNLINKED_URLS) == set(NOT_LINKED)
    assert all(httpcache.class_for(name) == "private" for name, _url in admin_urls())


def test_every_pattern_answers_with_the_headers_of_its_class_anonymous_and_as_staff():
    call_command("seed_demo")
    visitor = RecordingClient(Client())
    reached, _pages, _leaks = crawl(visitor, [])
    for build in UNLINKED_URLS.values():
        visitor.get(build())
    for _name, url in admin_urls():
        try:
            visitor.get(url)
        except Exception:  # noqa: S112 - listed in visitor.problems
            continue
    assert visitor.problems == []
    assert public_url_names() - set(visitor.seen) == set()
    # every class of the table occurs (the check is not vacuous)
    assert {
        httpcache.cache_control(c, status=200, lifetimes=lifetimes()) for c in httpcache.CLASSES
    } <= set().union(*visitor.seen.values())

    staff = Client()
    staff.force_login(UserFactory(username="http-cache-root", is_superuser=True, is_staff=True))
    urls = [*reached.items(), *((n, b()) for n, b in UNLINKED_URLS.items()), *admin_urls()]
    leaks = []
    for name, url in urls:
        try:
            response = staff.get(url)
        except Exception as exc:
            leaks.append(f"{name} {url}: raised {exc!r}")
            continue
        if response["Cache-Control"] != "private, no-store" or "ETag" in response:
            leaks.append(f"{name} {url} {response.status_code}: {response['Cache-Control']}")
    assert leaks == []

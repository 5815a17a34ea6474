"""Hostile input on every public page, filter, form and download of the demo portal.

The demo is seeded, every public page type is reached by following links (tests/portal/crawling),
and then each page's query parameters (those its own GET forms name, and the usual paging and
filter names) and each public POST form are sent malformed values. No answer may be a server
error, no value may come back unescaped, and no applicant's or roster person's personal data may
appear on any page reached.
"""

import re
from html import unescape
from urllib.parse import quote, urlsplit

import pytest
from django.core.management import call_command
from django.urls import resolve

from catalog.models import Organisation
from portal.demo import rosters as demo_rosters
from requests_app.models import ApplicantType, Application
from tests.portal.crawling import crawl

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE_VALUES = (
    SCRIPT,
    "'; DROP TABLE x; --",
    "-1",
    "9" * 40,
    "２０２６",  # full-width digits
    "a" * 3000,
    "2026-02-30",
    "\u202e\ufeff\u0000",
)
RAW_QUERIES = ("%ff%fe", "%00", "%E4%B8")  # invalid UTF-8, a NUL, a cut multi-byte character
USUAL_PARAMETERS = ("page", "p", "q", "year", "org", "sort", "format", "kind", "topic")

FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
ATTRIBUTE = re.compile(r"(\w+)=\"([^\"]*)\"")
NOT_SENT = {"csrfmiddlewaretoken"}


def personal_data():
    """What no public page may show: applicants' identifiers and the raw roster values."""
    values = set(demo_rosters.raw_values())
    # A demo applicant may share a name with an official the portal rightly names as a head.
    officials = set(Organisation.objects.values_list("head", flat=True))
    for name, id_number, phone, email, address, kind in Application.objects.values_list(
        "name", "id_number", "phone", "email", "address", "applicant_type"
    ):
        values |= {v for v in (id_number, phone, email, address) if v and len(v) >= 6}
        if kind == ApplicantType.NATURAL and len(name) >= 3 and name not in officials:
            values.add(name)
    return values


def forms_of(html: str, page_path: str):
    """(method, action path, field names) of each form on a page."""
    found = []
    for attributes, body in FORM.findall(html):
        attrs = {k.lower(): unescape(v) for k, v in ATTRIBUTE.findall(attributes)}
        action = urlsplit(attrs.get("action") or page_path).path or page_path
        names = sorted(set(FIELD_NAME.findall(body)) - NOT_SENT)
        found.append((attrs.get("method", "get").lower(), action, names))
    return found


def assert_survives(response, url):
    assert response.status_code < 500, (url, response.status_code)
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not response.streaming:
        assert SCRIPT not in response.content.decode("utf-8", errors="replace"), url


def test_every_public_page_and_form_survives_hostile_input_and_shows_no_personal_data(client):
    call_command("seed_demo")
    reached, pages, leaks = crawl(client, personal_data())
    assert leaks == {}
    assert {url: status for url, status in pages.items() if status >= 500} == {}
    assert len(reached) > 40  # the crawl really went through the portal

    sent = 0
    post_forms = set()
    for name, url in sorted(reached.items()):
        response = client.get(url)
        path = urlsplit(url).path
        parameters = set(USUAL_PARAMETERS)
        if response.get("Content-Type", "").startswith("text/html"):
            for method, action, fields in forms_of(response.content.decode(), path):
                if method == "get":
                    parameters |= set(fields)
                elif not action.startswith("/admin/"):
                    post_forms.add((action, tuple(fields)))
        for parameter in sorted(parameters):
            for value in HOSTILE_VALUES:
                hostile = f"{path}?{quote(parameter)}={quote(value)}"
                assert_survives(client.get(hostile), hostile)
                sent += 1
            doubled = f"{path}?{quote(parameter)}=1&{quote(parameter)}=x"
            assert_survives(client.get(doubled), doubled)
        for raw in RAW_QUERIES:
            hostile = f"{path}?page={raw}&q={raw}"
            assert_survives(client.get(hostile), hostile)
            sent += 1
        assert name == resolve(path).view_name

    # Every public POST form (the application, the progress query, ...): junk in every field.
    assert post_forms, "the demo has public forms"
    for action, fields in sorted(post_forms):
        for value in HOSTILE_VALUES:
            response = client.post(action, dict.fromkeys(fields, value))
            assert_survives(response, action)
            sent += 1
        response = client.post(action, {field: [value, value] for field in fields})
        assert_survives(response, action)
    assert sent > 1000

"""Exactly which pages each change to an item makes the HTTP cache forget, sent after commit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from disclosures import services
from disclosures.models import Genre, Validity
from tests.disclosures import samples
from tests.disclosures.builders import edit_published
from tests.disclosures.factories import DraftFactory, column, make_published, make_submitted, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def expected(item, *, columns=("gzdt", "fdzdgk"), extra=()) -> set[str]:
    org = item.organisation.slug
    return {
        "/",
        f"/xxgk/xx/{item.pk}/",
        f"/xxgk/jg/{org}/",
        f"/xxgk/bzml/{org}/",
        f"/xxgk/bzml/{org}.xlsx",
        "/xxgk/",
        "/xxgk/fdzdgk/",
        "/xxgk/ml/",
        "/xxgk/ml.csv",
        "/xxgk/ml.json",
        "/feeds/atom/",
        f"/feeds/atom/jg/{org}/",
        "/sitemap.xml",
        "/sitemap-items.xml",
        *(f"/xxgk/lm/{slug}/" for slug in columns),
        *(f"/feeds/atom/lm/{slug}/" for slug in columns),
        *extra,
    }


def published(bans, org_a, author, reviewer, capture):
    """An item published (and its purge sent) before the change under test."""
    with capture(execute=True):
        item = make_published(author=author, reviewer=reviewer, organisation=org_a).disclosure
    bans.patterns.clear()
    return item


def test_publishing_an_item_purges_exactly_its_pages_after_commit(
    bans, org_a, reviewer, author, django_capture_on_commit_callbacks
):
    item = make_submitted(author=author, organisation=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_disclosure(actor=reviewer, disclosure=item)
        assert bans.patterns == []
    assert bans.paths() == expected(item)


def test_a_publication_rolled_back_purges_nothing(
    bans, org_a, reviewer, author, django_capture_on_commit_callbacks
):
    item = make_submitted(author=author, organisation=org_a)

    def publish_then_fail():
        with transaction.atomic():
            services.publish_disclosure(actor=reviewer, disclosure=item)
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        publish_then_fail()
    assert bans.patterns == []


def test_an_interpretation_with_an_attachment_also_purges_its_download_and_genre_page(
    bans, org_a, reviewer, author, django_capture_on_commit_callbacks
):
    org = org_a
    item = DraftFactory(
        actor=author, organisation=org, genre=Genre.INTERPRETATION, categories=[column("zcjd")]
    )
    attachment = services.add_attachment(
        actor=author,
        disclosure=item,
        upload=upload("解读.pdf", samples.make_pdf("Policy interpretation")),
    )
    item = services.submit_disclosure(actor=author, disclosure=item)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_disclosure(actor=reviewer, disclosure=item)
    slugs = ("zcjd", column("zcjd").parent.slug)  # the column and the one above it
    assert bans.paths() == expected(
        item, columns=slugs, extra=["/xxgk/zcjd/", f"/xxgk/fj/{attachment.pk}/"]
    )


def test_withdrawing_and_changing_validity_purge_the_same_pages(
    bans, org_a, reviewer, author, django_capture_on_commit_callbacks
):
    item = published(bans, org_a, author, reviewer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_validity(
            actor=reviewer,
            disclosure=item,
            validity=Validity.EXPIRED,
            changed_on=dt.date(2026, 1, 1),
        )
    assert bans.paths() == expected(item)
    bans.patterns.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_disclosure(actor=reviewer, disclosure=item, reason="内容已过时")
    assert bans.paths() == expected(item)


def test_an_approved_revision_moving_the_item_purges_the_old_and_new_columns(
    bans, org_a, reviewer, author, django_capture_on_commit_callbacks
):
    item = published(bans, org_a, author, reviewer, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        edit_published(actor=author, disclosure=item, categories=[column("tzgg")])
    assert bans.paths() == expected(item, columns=("gzdt", "tzgg", "fdzdgk"))


def test_editing_a_draft_purges_nothing(bans, org_a, author, django_capture_on_commit_callbacks):
    draft = services.create_draft(
        actor=author,
        organisation=org_a,
        categories=[column()],
        title="关于开展年度工作检查的通知",
        written_on=dt.date(2026, 1, 5),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.update_disclosure(
            actor=author, disclosure=draft, values={"title": "关于开展年度工作自查的通知"}
        )
    assert bans.patterns == []

"""Builders of published disclosure items for view and browser tests.

Every item goes through the real services (create_draft → add_attachment → submit_disclosure →
publish_disclosure), so tests can only reach states the workflow allows. ``publish_at`` in the
past backdates test data, which the publishing service accepts for imported items.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from catalog import roles
from catalog.catalogue_tree import seed_reference_data
from catalog.models import Category, Organisation, TopicCategory
from disclosures import services
from disclosures.models import Disclosure
from tests.factories import make_staff


def edit_published(
    *, actor, disclosure: Disclosure, values: dict | None = None, categories=None, reviewer=None
) -> Disclosure:
    """Edit a published item and have the change approved (four eyes) by ``reviewer``, by
    default a new 审核员 of its organisation who did not make the edit."""
    from disclosures.revisions import services as revisions

    services.update_disclosure(
        actor=actor, disclosure=disclosure, values=values or {}, categories=categories
    )
    if revisions.pending_revision(disclosure) is not None:
        approver = reviewer or make_staff(
            role=roles.REVIEWER, organisations=[disclosure.organisation]
        )
        revisions.approve_revision(actor=approver, disclosure=disclosure)
    disclosure.refresh_from_db()
    return disclosure


def ensure_reference_data() -> None:
    """Reload the column tree and topics (idempotent).

    A data migration loads them, but a ``transaction=True`` test (the browser journeys) is
    followed by a flush of every table, so a later transactional test starts without them.
    """
    seed_reference_data(Category, TopicCategory)


def staff_pair(organisation: Organisation, *, prefix: str = "") -> tuple:
    """An 信息员 (author) and a 审核员 (reviewer) of ``organisation``: the four-eyes pair."""
    author = make_staff(
        role=roles.INFO_OFFICER,
        organisations=[organisation],
        username=f"{prefix or organisation.slug}-author",
    )
    reviewer = make_staff(
        role=roles.REVIEWER,
        organisations=[organisation],
        username=f"{prefix or organisation.slug}-reviewer",
    )
    return author, reviewer


def at(year: int, month: int = 3, day: int = 2, hour: int = 10, minute: int = 0) -> dt.datetime:
    """An aware datetime in the portal's time zone (Asia/Shanghai)."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _columns(column: str | Sequence[str]) -> list[Category]:
    slugs = [column] if isinstance(column, str) else list(column)
    found = {c.slug: c for c in Category.objects.filter(slug__in=slugs)}
    missing = set(slugs) - set(found)
    if missing:
        raise LookupError(f"unknown column slugs: {sorted(missing)}")
    return [found[s] for s in slugs]


def draft_item(
    organisation: Organisation,
    *,
    author,
    title: str,
    column: str | Sequence[str] = "gzdt",
    written_on: dt.date | None = None,
    attachments: Iterable[tuple[str, bytes]] = (),
    **values,
) -> Disclosure:
    """A draft with its attachments, written by ``author``."""
    disclosure = services.create_draft(
        actor=author,
        organisation=organisation,
        title=title,
        written_on=written_on or timezone.localdate(),
        categories=_columns(column),
        **values,
    )
    for order, (name, content) in enumerate(attachments):
        services.add_attachment(
            actor=author, disclosure=disclosure, upload=upload(name, content), sort_order=order
        )
    return disclosure


def submitted_item(organisation: Organisation, *, author, **kwargs) -> Disclosure:
    disclosure = draft_item(organisation, author=author, **kwargs)
    return services.submit_disclosure(actor=author, disclosure=disclosure)


def publish_item(
    organisation: Organisation,
    *,
    author,
    reviewer,
    title: str,
    publish_at: dt.datetime | None = None,
    **kwargs,
) -> Disclosure:
    """One item published by ``reviewer`` at ``publish_at`` (now when omitted), with its
    search entry written as after a real commit (the catalogue's text filter reads it)."""
    if publish_at is not None:
        kwargs.setdefault("written_on", timezone.localdate(publish_at))
    disclosure = submitted_item(organisation, author=author, title=title, **kwargs)
    with TestCase.captureOnCommitCallbacks(execute=True):
        result = services.publish_disclosure(
            actor=reviewer, disclosure=disclosure, publish_at=publish_at
        )
    return result.disclosure


def publish_items(
    organisation: Organisation,
    n: int,
    *,
    author,
    reviewer,
    column: str | Sequence[str] = "gzdt",
    years: Sequence[int] = (2024, 2025),
    title: str = "{org}测试信息{i:03d}",
    start: int = 0,
    **overrides,
) -> list[Disclosure]:
    """Publish ``n`` items, spread round-robin over ``years``, each an hour after the last.

    Item ``i`` (counting from ``start``) is published in ``years[i % len(years)]`` on 2 March
    plus ``i`` hours, so every item has its own 发布日期 and "newest first" is unambiguous.
    ``title`` is formatted with ``i`` and ``org`` (the organisation's slug); ``overrides`` go to
    ``create_draft`` (genre, document_number, body, keywords, topic, attachments, ...).
    """
    items = []
    for i in range(start, start + n):
        year = years[i % len(years)]
        when = at(year) + dt.timedelta(hours=i)
        items.append(
            publish_item(
                organisation,
                author=author,
                reviewer=reviewer,
                title=title.format(i=i, org=organisation.slug),
                column=column,
                publish_at=when,
                **overrides,
            )
        )
    return items

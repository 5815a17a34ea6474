"""Demo 互动交流 (portal.demo.letters): every status, consistent histories, idempotent."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from disclosures.models import Disclosure
from interaction.models import KnowledgeEntry, Letter, LetterEvent, Mailbox, Reply, TimeLimit
from interaction.workflow import Action, Category, Status, next_status
from portal.demo import letters, organisations
from portal.demo.items import NORMATIVE

pytestmark = pytest.mark.django_db


def _policies():
    from catalog.models import Organisation

    for n, (slug, titles) in enumerate(
        (slug, title) for slug, docs in NORMATIVE.items() for title, _prefix in docs
    ):
        Disclosure.objects.create(
            organisation=Organisation.objects.get(slug=slug),
            title=titles,
            written_on=timezone.localdate(),
            status="published",
            published_at=timezone.now(),
            index_number=f"DEMO-TEST-{n:04d}",
        )


@pytest.fixture
def seeded(db):
    organisations.seed()
    _policies()  # the demo's normative documents, without the whole catalogue
    return letters.seed(), letters.seed()


def test_seeding_twice_creates_nothing_the_second_time(seeded):
    first, second = seeded
    assert first == Letter.objects.count() > 40
    assert second == 0
    assert TimeLimit.objects.filter(organisation__isnull=True).count() == len(Category)


def test_every_status_occurs(seeded):
    assert set(Letter.objects.values_list("status", flat=True)) == {s.value for s in Status}


def test_mailboxes_for_the_government_each_department_and_the_shared_boxes(seeded):
    kinds = set(Mailbox.objects.values_list("organisation__slug", "kind"))
    assert ("xzf", "leader") in kinds
    assert ("xzf", "consultation") in kinds
    assert ("xzf", "site_error") in kinds
    for slug in letters.DEPARTMENTS:
        assert (slug, "leader") in kinds
    assert Mailbox.objects.get(slug="xzf-xzxx").name == "县长信箱"


def test_the_letters_span_fourteen_months_and_are_all_in_the_past(seeded):
    today = timezone.localdate()
    dates = list(Letter.objects.values_list("received_on", flat=True))
    assert max(dates) <= today
    months = {(d.year, d.month) for d in dates}
    assert len(months) >= 12
    assert (today - min(dates)).days <= 14 * 31
    assert LetterEvent.objects.filter(created_at__date__gt=today).count() == 0


def test_overdue_transferred_rated_followed_up_merged_and_abusive_letters_exist(seeded):
    today = timezone.localdate()
    assert Letter.objects.overdue(today).exists()
    transfer = LetterEvent.objects.filter(action=Action.TRANSFER).first()
    assert transfer.from_organisation != transfer.to_organisation
    assert transfer.letter.organisation == transfer.to_organisation
    assert transfer.letter.mailbox.organisation == transfer.from_organisation
    assert Letter.objects.exclude(satisfaction="").exists()
    assert Letter.objects.filter(status=Status.FOLLOWED_UP, followed_up_on__isnull=False).exists()
    assert Letter.objects.filter(merged_into__isnull=False).exists()
    assert LetterEvent.objects.filter(action=Action.CLOSE_ABUSIVE).exists()
    assert Letter.objects.filter(category=Category.SITE_ERROR).exclude(page_url="").exists()


def test_every_letter_has_an_event_per_step_ending_in_its_status(seeded):
    for letter in Letter.objects.prefetch_related("events"):
        events = list(letter.events.all())
        assert events[0].action == Action.SUBMIT
        assert events[-1].to_status == letter.status
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status
            assert after.created_at >= before.created_at
        assert letter.accept_due_on > letter.received_on


def test_every_demo_step_is_one_the_transition_table_allows(seeded):
    """The demo writes rows directly (see portal.demo.letters); each step must still be one the
    services could have taken."""
    steps = LetterEvent.objects.exclude(action=Action.SUBMIT).values_list(
        "letter__number", "action", "from_status", "to_status"
    )
    assert steps
    for number, action, from_status, to_status in steps:
        assert next_status(from_status, action) == to_status, (number, action)


def test_approved_replies_were_reviewed_by_a_second_person(seeded):
    replies = Reply.objects.filter(state=Reply.State.APPROVED)
    assert replies.exists()
    for reply in replies:
        assert reply.reviewed_by_id is not None
        assert reply.reviewed_by_id != reply.drafted_by_id
    answered = Letter.objects.filter(answered_on__isnull=False)
    assert all(letter.answered_on >= letter.received_on for letter in answered)


def test_published_letters_hold_no_writer_name(seeded):
    published = list(Letter.objects.published())
    assert published
    names = set(Letter.objects.values_list("writer_name", flat=True))
    for letter in published:
        public = letter.public_subject + letter.public_content
        public += "".join(letter.replies.values_list("public_text", flat=True))
        assert not any(name in public for name in names)
        assert "某某" not in public
        assert letter.writer_phone not in public


def test_knowledge_entries_are_published_reviewed_by_another_and_linked(seeded):
    entries = KnowledgeEntry.objects.published()
    assert entries.count() >= 10
    assert all(e.reviewed_by_id != e.created_by_id for e in entries)
    assert entries.filter(policies__isnull=False).distinct().count() >= 10

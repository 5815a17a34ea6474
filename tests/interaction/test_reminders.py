"""The daily commands: remind_letters (a digest per organisation and handler, nothing personal,
one REMIND event a day) and close_answered_letters (办结 after N days without a follow-up)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog.models import CalendarDay
from interaction.models import Letter, LetterEvent
from interaction.services import handling
from interaction.workflow import Action, Status
from tests.interaction.factories import (
    QUERY_PASSWORD,
    WRITER_EMAIL,
    WRITER_NAME,
    WRITER_PHONE,
    handler_of,
    make_letter,
    supervisor_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(org_a):
    return handler_of(org_a)


@pytest.fixture
def chief(org_a):
    return supervisor_of(org_a)


def accepted(org, handler, **fields):
    letter = handling.accept_letter(actor=handler, letter=make_letter(org, **fields))
    return letter


def run(command, *args) -> str:
    from io import StringIO

    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_digest_lists_numbers_categories_and_dates_and_nothing_personal(
    org_a, org_b, handler, chief
):
    today = timezone.localdate()
    cal = CalendarDay.objects.work_calendar()
    late = accepted(org_a, handler, category="complaint")
    Letter.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=3))
    soon = accepted(org_a, handler)
    Letter.objects.filter(pk=soon.pk).update(due_on=cal.add_working_days(today, 2))
    far = accepted(org_a, handler)
    Letter.objects.filter(pk=far.pk).update(due_on=cal.add_working_days(today, 9))
    elsewhere = accepted(org_b, handler_of(org_b))
    Letter.objects.filter(pk=elsewhere.pk).update(due_on=today - dt.timedelta(days=3))

    output = run("remind_letters")

    assert "[1/2]" in output
    assert "[2/2]" in output
    to_a = [m for m in mail.outbox if org_a.name in m.subject]
    assert sorted(m.to[0] for m in to_a) == sorted([handler.email, chief.email])
    body = to_a[0].body
    assert late.number in body
    assert "投诉" in body
    assert soon.number in body
    assert far.number not in body
    assert elsewhere.number not in body
    for personal in (WRITER_NAME, WRITER_PHONE, WRITER_EMAIL, QUERY_PASSWORD, late.subject):
        assert personal not in body
        assert personal not in to_a[0].subject
    assert late.content not in body
    reminded = LetterEvent.objects.filter(action=Action.REMIND)
    assert set(reminded.values_list("letter__number", flat=True)) == {
        late.number,
        soon.number,
        elsewhere.number,
    }
    assert not reminded.filter(public=True).exists()


def test_a_second_run_the_same_day_reminds_nobody_again(org_a, handler):
    late = accepted(org_a, handler)
    Letter.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    run("remind_letters")
    assert len(mail.outbox) == 1
    run("remind_letters")
    assert len(mail.outbox) == 1
    assert LetterEvent.objects.filter(letter=late, action=Action.REMIND).count() == 1


def test_a_dry_run_sends_and_writes_nothing(org_a, handler):
    late = accepted(org_a, handler)
    Letter.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    assert "试运行" in run("remind_letters", "--dry-run")
    assert not mail.outbox
    assert not LetterEvent.objects.filter(action=Action.REMIND).exists()


def test_answered_letters_close_after_the_set_number_of_days(org_a, handler, chief, settings):
    def answered():
        letter = accepted(org_a, handler)
        handling.submit_reply(actor=handler, letter=letter, text="答复如下。")
        return handling.approve_reply(actor=chief, letter=letter)

    old, recent = answered(), answered()
    today = timezone.localdate()
    Letter.objects.filter(pk=old.pk).update(answered_on=today - dt.timedelta(days=10))
    Letter.objects.filter(pk=recent.pk).update(answered_on=today - dt.timedelta(days=9))
    output = run("close_answered_letters")
    assert "已自动办结1件" in output
    old.refresh_from_db()
    assert old.status == Status.CLOSED
    assert old.closed_on == today
    event = LetterEvent.objects.get(letter=old, action=Action.CLOSE)
    assert event.actor is None
    assert "自动办结" in event.note
    assert Letter.objects.get(pk=recent.pk).status == Status.ANSWERED
    settings.INTERACTION_AUTO_CLOSE_DAYS = 5
    run("close_answered_letters")
    assert Letter.objects.get(pk=recent.pk).status == Status.CLOSED

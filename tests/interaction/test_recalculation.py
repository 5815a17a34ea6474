"""Entering a holiday notice recomputes open letters' due dates (interaction.recalculation,
called by portal.calendar_admin with requests_app's recalculation, in one transaction).

The 2027 notice below is FICTIONAL test data (as in tests/requests_app/test_recalculation.py):
the real 2027 arrangement is entered only from the published notice itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import CalendarDay, HolidayArrangement
from interaction.models import Letter, LetterEvent
from interaction.services import handling
from interaction.services.common import refresh_due
from interaction.workflow import Action, Status
from tests.interaction.factories import handler_of, make_letter, supervisor_of
from tests.requests_app.test_admin import text_of
from tests.requests_app.test_recalculation import FICTIONAL_NUMBER, enter_fictional_2027

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")


def accepted_on(org, day: dt.date) -> Letter:
    """An accepted 咨询 letter (5 working days) accepted on ``day``."""
    letter = make_letter(org, received_on=day)
    letter.status, letter.accepted_on = Status.ACCEPTED, day
    refresh_due(letter)
    letter.save()
    return letter


@pytest.fixture(autouse=True)
def _2027_is_provisional(db):
    if HolidayArrangement.objects.filter(year=2027).exists():
        pytest.skip("the 2027 notice is entered: nothing provisional left to recompute")


def test_a_letter_due_on_a_provisional_2027_day_moves_when_the_notice_is_entered(
    client, org_a, admin_user
):
    # Accepted Mon 28 Dec 2026: 29, 30, 31 Dec, [1 Jan 元旦, provisional], 4 Jan, 5 Jan.
    running = accepted_on(org_a, D(2026, 12, 28))
    assert running.due_on == D(2027, 1, 5)
    # Received Thu 31 Dec 2026: acceptance due the next working day, Mon 4 Jan 2027.
    waiting = make_letter(org_a, received_on=D(2026, 12, 31))
    assert waiting.accept_due_on == D(2027, 1, 4)
    handler, chief = handler_of(org_a), supervisor_of(org_a)
    done = accepted_on(org_a, D(2026, 12, 28))
    handling.submit_reply(actor=handler, letter=done, text="答复如下。")
    handling.approve_reply(actor=chief, letter=done)

    client.force_login(admin_user)
    response = enter_fictional_2027(
        client,
        [
            ("2027-01-01", "holiday", "元旦"),
            ("2027-01-02", "holiday", "元旦"),
            ("2027-01-03", "holiday", "元旦"),
            ("2027-01-04", "holiday", "元旦"),  # invented: a longer block moves the dates
            ("2027-01-09", "workday", "元旦"),
        ],
    )
    assert response.status_code == 302
    assert 2027 in CalendarDay.objects.work_calendar().official_years

    running.refresh_from_db()
    assert running.due_on == D(2027, 1, 6)
    event = LetterEvent.objects.get(letter=running, action=Action.RECOMPUTE)
    assert event.actor == admin_user
    assert event.public
    assert "答复期限由2027-01-05调整为2027-01-06" in event.note
    assert FICTIONAL_NUMBER in event.note

    waiting.refresh_from_db()
    assert waiting.accept_due_on == D(2027, 1, 5)
    assert "受理期限由2027-01-04调整为2027-01-05" in (
        LetterEvent.objects.get(letter=waiting, action=Action.RECOMPUTE).note
    )
    assert Letter.objects.get(pk=done.pk).due_on == D(2027, 1, 5)  # answered: history stays
    assert not LetterEvent.objects.filter(letter=done, action=Action.RECOMPUTE).exists()

    page = text_of(client.get(response["Location"]))
    assert "重新计算2件在办来信的期限" in page


def test_a_letter_within_official_years_does_not_move(client, org_a, admin_user):
    settled = accepted_on(org_a, D(2026, 11, 2))
    client.force_login(admin_user)
    response = enter_fictional_2027(client, [("2027-01-01", "holiday", "元旦")])
    assert response.status_code == 302
    assert Letter.objects.get(pk=settled.pk).due_on == settled.due_on
    assert not LetterEvent.objects.filter(action=Action.RECOMPUTE).exists()
    assert "在办来信的期限均无变化" in text_of(client.get(response["Location"]))


def test_the_notice_admin_is_registered_from_portal():
    from django.contrib import admin

    registered = admin.site._registry[HolidayArrangement]
    assert type(registered).__module__ == "portal.calendar_admin"
    assert reverse("admin:catalog_holidayarrangement_add")

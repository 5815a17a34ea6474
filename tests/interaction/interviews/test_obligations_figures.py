"""The quarterly press-conference obligation and the year figures, against the database."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from interaction.interviews import services
from interaction.interviews.figures import year_figures
from interaction.interviews.models import Interview
from interaction.interviews.obligations import press_conference_quarters
from interaction.interviews.quarters import QuarterState
from tests.factories import OrganisationFactory
from tests.interaction.interviews.helpers import ask, chief_of, draft, drafter_of, published

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def org():
    return OrganisationFactory(name="示例县民政局", slug="mzj")


@pytest.fixture
def drafter(org):
    return drafter_of(org)


@pytest.fixture
def chief(org):
    return chief_of(org)


def press(org, drafter, chief, start, **kwargs):
    return published(
        org,
        drafter,
        chief,
        kind=Interview.Kind.PRESS,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        **kwargs,
    )


def test_quarters_done_overdue_and_open(org, drafter, chief):
    other = OrganisationFactory(name="示例县财政局", slug="czj")
    held = press(org, drafter, chief, at(2025, 2, 10), topic="一季度发布会")
    press(org, drafter, chief, at(2025, 12, 30, 23), topic="年末发布会")  # 30 Dec, after today
    draft(
        org,
        drafter,
        kind=Interview.Kind.PRESS,
        starts_at=at(2025, 5, 10),
        ends_at=at(2025, 5, 10, 11),
    )  # never published: does not count
    published(org, drafter, chief, starts_at=at(2025, 8, 1), ends_at=at(2025, 8, 1, 11))  # 访谈
    rows = press_conference_quarters(
        organisation_ids=[org.pk, other.pk], year=2025, today=dt.date(2025, 11, 15)
    )
    mine = [(r.quarter, r.state, len(r.held)) for r in rows if r.organisation_id == org.pk]
    assert mine == [
        (1, QuarterState.DONE, 1),
        (2, QuarterState.OVERDUE, 0),
        (3, QuarterState.OVERDUE, 0),
        (4, QuarterState.OPEN, 0),  # the December conference lies after ``today``
    ]
    assert rows[0].held[0].topic == held.topic
    assert rows[0].held[0].url == held.get_absolute_url()
    assert rows[0].label == "2025年第一季度"
    theirs = [r.state for r in rows if r.organisation_id == other.pk]
    assert theirs == [
        QuarterState.OVERDUE,
        QuarterState.OVERDUE,
        QuarterState.OVERDUE,
        QuarterState.OPEN,
    ]
    at_year_end = press_conference_quarters(
        organisation_ids=[org.pk], year=2025, today=dt.date(2026, 1, 5)
    )
    assert at_year_end[3].state is QuarterState.DONE


def test_a_conference_later_today_is_not_yet_held(org, drafter, chief):
    later = timezone.now() + dt.timedelta(hours=2)
    press(org, drafter, chief, later)
    today = timezone.localdate()
    rows = press_conference_quarters(organisation_ids=[org.pk], year=today.year, today=today)
    quarter = (timezone.localtime(later).month - 1) // 3 + 1
    if timezone.localtime(later).date() != today:
        pytest.skip("two hours from now is already tomorrow")
    assert rows[quarter - 1].state is QuarterState.OPEN
    assert rows[quarter - 1].held == ()


def test_year_figures(org, drafter, chief):
    now = timezone.now()
    past = now - dt.timedelta(hours=2)
    interview = published(org, drafter, chief, starts_at=past, ends_at=now + dt.timedelta(hours=1))
    press(org, drafter, chief, past - dt.timedelta(hours=3))
    published(
        org,
        drafter,
        chief,
        starts_at=now + dt.timedelta(days=400),
        ends_at=now + dt.timedelta(days=400, hours=1),
    )  # not held yet
    draft(org, drafter, starts_at=past, ends_at=now + dt.timedelta(hours=1))  # not published
    answered = ask(interview)
    services.accept_question(user=drafter, question=answered)
    services.answer_question(
        user=drafter, question=answered, guest=interview.guests.get(), text="答复。"
    )
    ask(interview, text="第二个问题？")
    other = OrganisationFactory(name="示例县财政局", slug="czj")
    published(
        other,
        drafter_of(other),
        chief_of(other),
        starts_at=past,
        ends_at=now + dt.timedelta(hours=1),
    )
    year = timezone.localtime(now).year
    figures = year_figures(organisation_ids=[org.pk], year=year)
    expected = {
        "interviews_held": 1,
        "press_conferences_held": 1,
        "questions_received": 2,
        "questions_answered": 1,
    }
    if timezone.localtime(past - dt.timedelta(hours=3)).year != year:
        pytest.skip("the test runs within hours of new year")
    assert figures == expected
    assert year_figures(organisation_ids=[org.pk], year=year - 1) == dict.fromkeys(expected, 0)

"""Demo 在线访谈 (portal.demo.interviews): an archive with answers, a live event, quarterly
press conferences with one quarter overdue; idempotent; nothing personal on the public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import Organisation
from interaction.interviews.models import Interview, Question
from interaction.interviews.obligations import press_conference_quarters
from interaction.interviews.quarters import QuarterState, quarter_of
from interaction.interviews.workflow import Phase, QuestionStatus
from portal.demo import interviews, organisations

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 6)


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    organisations.seed()
    return interviews.seed(today=TODAY), interviews.seed(today=TODAY)


def test_the_demo_is_idempotent(seeded):
    first, second = seeded
    assert first == 5
    assert second == 0


def test_archive_and_live_events(seeded, client):
    archive = Interview.objects.get(topic=interviews.ARCHIVED_TOPIC)
    assert archive.phase() is Phase.ARCHIVE
    assert archive.approved_by != archive.created_by
    assert archive.guests.count() == 2
    answered = archive.questions.filter(status=QuestionStatus.ANSWERED)
    assert answered.count() == 2
    assert all(q.answered_at < archive.ends_at for q in answered)
    assert archive.questions.filter(status=QuestionStatus.REJECTED).count() == 1
    running = Interview.objects.get(topic=interviews.LIVE_TOPIC)
    assert running.phase() is Phase.LIVE
    assert running.questions.filter(status=QuestionStatus.PENDING).count() == 1
    for event in (archive, running):
        page = client.get(event.get_absolute_url()).content.decode()
        assert "13800000" not in page
    live_page = client.get(running.get_absolute_url()).content.decode()
    assert "临时救助一年可以申请几次？" not in live_page  # waits for moderation
    assert client.get(reverse("interaction:interview-list")).status_code == 200
    photo = archive.guests.first()
    response = client.get(reverse("interaction:interview-guest-photo", args=[photo.pk]))
    assert response["Content-Type"] == "image/png"
    archive_page = client.get(archive.get_absolute_url()).content.decode()
    assert f'alt="{photo.title}{photo.name}"' in archive_page


def test_press_conferences_leave_the_last_quarter_overdue(seeded):
    org = Organisation.objects.get(slug="mzj")
    rows = press_conference_quarters(organisation_ids=[org.pk], year=2026, today=TODAY)
    states = [row.state for row in rows]
    assert quarter_of(TODAY) == 4
    assert states[:3] == [QuarterState.DONE, QuarterState.DONE, QuarterState.OVERDUE]
    # the fourth-quarter conference is announced for later this month
    assert states[3] is QuarterState.OPEN
    assert Question.objects.filter(interview__organisation=org).exists()

"""Demo 意见征集 (portal.demo.consultations): the three stories, walked through the services,
idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from catalog.models import Organisation
from disclosures.models import Disclosure
from interaction.consultations import obligations
from interaction.consultations.models import Comment, Consultation
from interaction.consultations.workflow import CommentState, Status
from portal.demo import consultations, organisations

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the demo stores a placeholder PDF
    organisations.seed()
    org = Organisation.objects.get(slug="mzj")
    Disclosure.objects.create(
        organisation=org,
        title="示例县临时救助实施办法",
        written_on=timezone.localdate(),
        status="published",
        published_at=timezone.now(),
        index_number="DEMO-TEST-0001",
    )
    return consultations.seed(), consultations.seed()


def test_the_three_stories_are_seeded_once(seeded, client):
    assert seeded == (3, 0)
    done = Consultation.objects.get(title=consultations.CLOSED_TITLE)
    assert done.status == Status.PUBLISHED
    assert done.final_disclosure.title == "示例县临时救助实施办法"
    assert done.feedback.total_count == 2 + 6
    running = Consultation.objects.get(title=consultations.OPEN_TITLE)
    assert running.accepts_comments()
    assert running.articles.count() == 5
    attachment = running.attachments.get()
    url = f"{running.get_absolute_url()}fj/{attachment.pk}/"
    assert client.get(url)["Content-Type"] == "application/pdf"
    states = sorted(Comment.objects.filter(consultation=running).values_list("state", flat=True))
    assert states == sorted([CommentState.PUBLISHED, CommentState.PUBLISHED,
                             CommentState.REJECTED, CommentState.PENDING])  # fmt: skip
    late = Consultation.objects.get(title=consultations.OVERDUE_TITLE)
    rows = obligations.feedback_rows(
        organisation_ids=[late.organisation_id], today=timezone.localdate()
    )
    assert {r.consultation.pk: r.state for r in rows}[late.pk] == obligations.OVERDUE
    page = client.get(running.get_absolute_url()).content.decode()
    assert "13912345678" not in page
    assert "钱国栋" not in page
    assert "林雅琴" in page

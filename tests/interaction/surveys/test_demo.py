"""Demo 网上调查 (portal.demo.surveys): a closed survey with public results and moderated texts,
an open one; idempotent; nothing personal on the results page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interaction.surveys.models import Response, Survey, SurveyEvent, TextAnswer
from portal.demo import organisations, surveys

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    organisations.seed()
    return surveys.seed(), surveys.seed()


def test_the_demo_creates_two_surveys_once(seeded):
    assert seeded == (2, 0)
    closed = Survey.objects.get(title=surveys.CLOSED_TITLE)
    current = Survey.objects.get(title=surveys.OPEN_TITLE)
    assert closed.phase().value == "ended"
    assert closed.results_are_public()
    assert current.phase().value == "open"
    assert Response.objects.filter(survey=closed).count() == surveys.RESPONSES
    assert closed.approved_by_id != closed.created_by_id  # four eyes through the services
    assert list(SurveyEvent.objects.filter(survey=closed).values_list("action", flat=True)) == [
        "create",
        "submit",
        "approve",
    ]
    states = set(TextAnswer.objects.values_list("state", flat=True))
    assert states == {"public", "hidden", "pending"}


def test_the_demo_results_page_shows_counts_and_only_de_identified_texts(client, seeded):
    closed = Survey.objects.get(title=surveys.CLOSED_TITLE)
    page = client.get(reverse("interaction:survey-detail", args=[closed.pk])).content.decode()
    assert f"共收到答卷<strong>{surveys.RESPONSES}</strong>份" in page
    assert "13812345678" not in page
    assert "人民路12号" not in page
    assert "广告" not in page
    assert "希望在老旧小区多设几个老年助餐点" in page

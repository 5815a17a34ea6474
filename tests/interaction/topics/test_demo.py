"""Demo 点题公开 (portal.demo.topics): every state through the real services, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from disclosures.models import Disclosure
from interaction.topics.models import Suggestion, SuggestionEvent, TopicCall
from interaction.topics.workflow import AnswerKind, Status
from portal.demo import organisations, topics

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    from catalog.models import Organisation

    organisations.seed()
    for n, slug in enumerate(["xzf", "mzj", "czj", "xzf", "mzj", "czj"]):
        Disclosure.objects.create(
            organisation=Organisation.objects.get(slug=slug),
            title=f"演示信息{n}",
            written_on=timezone.localdate(),
            status="published",
            published_at=timezone.now() - timezone.timedelta(days=n),
            index_number=f"DEMO-DT-{n:04d}",
        )
    return topics.seed(), topics.seed()


def test_seeding_twice_creates_nothing_the_second_time(seeded):
    first, second = seeded
    assert first == Suggestion.objects.count() == len(topics.PLAN)
    assert second == 0
    assert TopicCall.objects.count() == 3


def test_the_demo_has_each_state_a_kept_and_an_overdue_promise(seeded):
    today = timezone.localdate()
    assert set(Suggestion.objects.values_list("status", flat=True)) == {
        Status.RECEIVED,
        Status.REVIEWING,
        Status.ANSWERED,
    }
    assert set(Suggestion.objects.answered().values_list("answer_kind", flat=True)) == {
        k.value for k in AnswerKind
    }
    kept = Suggestion.objects.get(answer_kind=AnswerKind.WILL_PUBLISH, disclosure__isnull=False)
    assert kept.linked_on <= today
    assert Suggestion.objects.promises_overdue(today).count() == 1
    assert Suggestion.objects.overdue(today).count() == 1
    assert not Suggestion.objects.published().filter(publish_consent=False).exists()
    assert not SuggestionEvent.objects.filter(created_at__date__gt=today).exists()
    for suggestion in Suggestion.objects.published():
        assert suggestion.name not in suggestion.public_description

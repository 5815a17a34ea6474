"""The annual work report's 点题公开 keys (interaction.topics.figures.year_figures)."""

from __future__ import annotations

import datetime as dt

import pytest

from interaction.topics.figures import counts_by_organisation, year_figures
from interaction.topics.workflow import AnswerKind, RefusalReason
from tests.interaction.topics.factories import (
    answered,
    handler_of,
    item_of,
    make_suggestion,
    reviewer_of,
)

pytestmark = pytest.mark.django_db
D = dt.date


def test_year_figures_count_receipts_answers_and_publishing_answers(org_a, org_b):
    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    item = item_of(org_a)

    def answer(received, on, **kw):
        return answered(
            make_suggestion(org_a, today=received),
            handler=handler,
            reviewer=reviewer,
            today=on,
            **kw,
        )

    answer(D(2026, 3, 2), D(2026, 3, 10), disclosure=item)  # 已经公开
    answer(D(2026, 3, 2), D(2026, 3, 10), kind=AnswerKind.WILL_PUBLISH, planned_on=D(2026, 6, 1))
    answer(
        D(2026, 3, 2),
        D(2026, 3, 10),
        kind=AnswerKind.NOT_PUBLISHED,
        refusal_reason=RefusalReason.NOT_OURS,
        answer_text="请向市教育局提出。",
    )
    answer(D(2026, 3, 2), D(2026, 3, 10), kind=AnswerKind.APPLY)
    answer(D(2025, 12, 29), D(2026, 1, 5), disclosure=item)  # received last year
    make_suggestion(org_a, today=D(2026, 12, 30))  # not yet answered
    make_suggestion(org_b, today=D(2026, 3, 2))  # another organisation

    assert year_figures(organisation_ids=[org_a.pk], year=2026) == {
        "suggestions_received": 5,
        "suggestions_answered": 5,
        "suggestions_published": 3,
    }
    assert year_figures(organisation_ids=[org_a.pk], year=2025) == {
        "suggestions_received": 1,
        "suggestions_answered": 0,
        "suggestions_published": 0,
    }
    assert (
        year_figures(organisation_ids=[org_a.pk, org_b.pk], year=2026)["suggestions_received"] == 6
    )
    assert year_figures(organisation_ids=[], year=2026)["suggestions_received"] == 0

    counts = counts_by_organisation()
    assert (counts[org_a.pk].received, counts[org_a.pk].answered) == (6, 5)
    assert (
        counts[org_a.pk].will_publish,
        counts[org_a.pk].published,
        counts[org_a.pk].not_published,
    ) == (1, 2, 1)
    assert counts[org_b.pk].answered == 0

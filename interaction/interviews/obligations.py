"""The quarterly 例行新闻发布会 per organisation, for the supervisor's dashboard.

Counts published 新闻发布会 (not drafts, not withdrawn) whose start lies in the quarter and has
passed by ``today``; the state follows interaction.interviews.quarters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation
from interaction.interviews.models import Interview
from interaction.interviews.quarters import (
    STATE_LABELS,
    QuarterState,
    quarter_bounds,
    quarter_state,
)


@dataclass(frozen=True)
class HeldConference:
    pk: int
    topic: str
    starts_at: dt.datetime
    url: str


@dataclass(frozen=True)
class QuarterRow:
    organisation_id: int
    organisation_name: str
    year: int
    quarter: int
    held: tuple[HeldConference, ...]
    state: QuarterState

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def label(self) -> str:
        return f"{self.year}年第{'一二三四'[self.quarter - 1]}季度"


def press_conference_quarters(
    *, organisation_ids: Iterable[int], year: int, today: dt.date | None = None
) -> list[QuarterRow]:
    """One row per organisation and quarter of ``year`` (organisation order, then quarter)."""
    today = today or timezone.localdate()
    ids = list(organisation_ids)
    organisations = Organisation.objects.filter(pk__in=ids).order_by("sort_order", "id")
    first, _ = quarter_bounds(year, 1)
    _, last = quarter_bounds(year, 4)
    # Held: its start has passed by the end of ``today``, and never lies ahead of the clock
    # (a conference announced for this afternoon is not held this morning).
    cutoff = min(
        timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time())),
        timezone.now(),
    )
    conferences = (
        Interview.objects.published()
        .filter(
            organisation_id__in=ids,
            kind=Interview.Kind.PRESS,
            starts_at__date__gte=first,
            starts_at__date__lte=last,
            starts_at__lt=cutoff,
        )
        .order_by("starts_at", "id")
        .values_list("pk", "organisation_id", "topic", "starts_at")
    )
    held: dict[tuple[int, int], list[HeldConference]] = {}
    for pk, organisation_id, topic, starts_at in conferences:
        quarter = (timezone.localtime(starts_at).month - 1) // 3 + 1
        held.setdefault((organisation_id, quarter), []).append(
            HeldConference(
                pk=pk,
                topic=topic,
                starts_at=starts_at,
                url=reverse("interaction:interview-detail", args=[pk]),
            )
        )
    rows = []
    for organisation in organisations:
        for quarter in (1, 2, 3, 4):
            found = tuple(held.get((organisation.pk, quarter), ()))
            rows.append(
                QuarterRow(
                    organisation_id=organisation.pk,
                    organisation_name=organisation.name,
                    year=year,
                    quarter=quarter,
                    held=found,
                    state=quarter_state(year=year, quarter=quarter, held=len(found), today=today),
                )
            )
    return rows

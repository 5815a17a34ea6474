"""Finding the groups of repeated applications of an organisation (reads only).

One query per call loads what the rule reads (numbers and request texts, never applicant
data) for the applications received in the look-back period that no decision covers yet; the
pure rule (requests_app.proactive.rules) groups them. A county organisation receives tens to a
few hundred applications a year, so the comparison is bounded; ``MAX_CANDIDATES`` caps it
anyway (the newest are kept).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from requests_app.models import Application
from requests_app.proactive import rules

MAX_CANDIDATES = 5000


def look_back_days() -> int:
    return int(getattr(settings, "PROACTIVE_CONVERSION_LOOK_BACK_DAYS", rules.LOOK_BACK_DAYS))


def undecided(applications):
    """Applications that no 转主动公开 decision covers yet."""
    return applications.filter(proactive_decisions__isnull=True)


def request_texts(organisation_ids, *, on: dt.date, days: int) -> list[rules.RequestText]:
    rows = (
        undecided(Application.objects.filter(organisation_id__in=organisation_ids))
        .filter(received_on__range=(on - dt.timedelta(days=days), on))
        .order_by("-received_on", "-pk")
        .values_list(
            "pk",
            "organisation_id",
            "received_on",
            "description",
            "info_title",
            "info_document_number",
            "info_index_number",
        )[:MAX_CANDIDATES]
    )
    return [rules.RequestText(*row) for row in rows]


@dataclass(frozen=True)
class Found:
    """A group of similar applications, with what the queue shows: numbers, dates, counts."""

    group: rules.Group
    numbers: tuple[str, ...]
    organisation_name: str
    suggested: int  # how many applicants suggested making it proactive

    @property
    def pks(self) -> tuple[int, ...]:
        return self.group.pks


def similar_groups(organisations, *, on: dt.date | None = None) -> list[Found]:
    """The undecided groups of ``MIN_APPLICATIONS`` or more similar applications of each of
    ``organisations`` (a queryset or list), largest first."""
    on = on or timezone.localdate()
    days = look_back_days()
    org_ids = [getattr(o, "pk", o) for o in organisations]
    groups: list[rules.Group] = []
    for org_id in org_ids:
        groups += rules.group(request_texts([org_id], on=on, days=days), on=on, look_back_days=days)
    pks = [pk for g in groups for pk in g.pks]
    info = {
        row["pk"]: row
        for row in Application.objects.filter(pk__in=pks).values(
            "pk", "number", "suggests_proactive", "organisation__name"
        )
    }
    return [
        Found(
            group=g,
            numbers=tuple(info[pk]["number"] for pk in g.pks),
            organisation_name=info[g.pks[0]]["organisation__name"],
            suggested=sum(info[pk]["suggests_proactive"] for pk in g.pks),
        )
        for g in groups
    ]


def group_of(application: Application, *, on: dt.date | None = None) -> Found | None:
    """The undecided group the application belongs to, if any (for its change page)."""
    for found in similar_groups([application.organisation_id], on=on):
        if application.pk in found.pks:
            return found
    return None


def flagged_pks(organisations, *, on: dt.date | None = None) -> set[int]:
    """Applications in an undecided group, and undecided applications whose applicant
    suggested making the information proactive: the admin filter “可转主动公开”."""
    on = on or timezone.localdate()
    pks = {pk for found in similar_groups(organisations, on=on) for pk in found.pks}
    suggested = undecided(
        Application.objects.filter(
            organisation__in=organisations,
            suggests_proactive=True,
            received_on__gte=on - dt.timedelta(days=look_back_days()),
        )
    ).values_list("pk", flat=True)
    return pks | set(suggested)

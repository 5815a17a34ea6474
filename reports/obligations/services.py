"""Recording that a period of a disclosure obligation was fulfilled, and the dashboard rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from disclosures.models import Disclosure
from reports.models import Obligation, ObligationFulfilment
from reports.obligations import rules as obligations


class ObligationError(Exception):
    pass


REFUSALS = Refusals(
    permission="您没有登记公开义务履行情况的权限。",
    organisation="您只能登记本机构的公开义务。",
)


@dataclass(frozen=True)
class Row:
    obligation: Obligation
    period: obligations.Period
    due: dt.date
    state: obligations.State
    fulfilment: ObligationFulfilment | None

    @property
    def state_label(self) -> str:
        return obligations.STATE_LABELS[self.state]


def dashboard_rows(organisations, *, today: dt.date | None = None, count: int = 4) -> list[Row]:
    """Each active obligation's recent periods with due date and state (two queries)."""
    today = today or timezone.localdate()
    items = list(
        Obligation.objects.filter(organisation__in=organisations, is_active=True).select_related(
            "organisation", "column"
        )
    )
    done = {
        (f.obligation_id, f.period_key): f
        for f in ObligationFulfilment.objects.filter(obligation__in=items).select_related(
            "disclosure"
        )
    }
    rows = []
    for item in items:
        for period, due in obligations.periods_to_watch(
            item.frequency, item.months_after, today, count, in_period=item.due_in_period
        ):
            fulfilment = done.get((item.pk, period.key))
            state = obligations.state_of(due, fulfilment is not None, today)
            rows.append(Row(item, period, due, state, fulfilment))
    order = {
        obligations.State.OVERDUE: 0,
        obligations.State.DUE_SOON: 1,
        obligations.State.OPEN: 2,
        obligations.State.DONE: 3,
    }
    rows.sort(key=lambda r: (order[r.state], r.due, r.obligation.pk))
    return rows


@transaction.atomic
def record_fulfilment(
    *, actor, obligation: Obligation, period_key: str, disclosure: Disclosure
) -> ObligationFulfilment:
    """Link a published item of the same organisation to a period of the obligation."""
    require_staff(
        actor,
        obligation,
        "reports.add_obligationfulfilment",
        refusals=REFUSALS,
        error=ObligationError,
    )
    if disclosure.organisation_id != obligation.organisation_id:
        raise ObligationError("只能选择本机构发布的信息。")
    if not Disclosure.objects.listed().filter(pk=disclosure.pk).exists():
        raise ObligationError("只能选择已公开的信息。")
    if ObligationFulfilment.objects.filter(obligation=obligation, period_key=period_key).exists():
        raise ObligationError("该周期已登记。")
    return ObligationFulfilment.objects.create(
        obligation=obligation, period_key=period_key, disclosure=disclosure, recorded_by=actor
    )

"""Recording that a period of a disclosure obligation was fulfilled, and the dashboard rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from disclosures.models import ColumnListing, DirectoryRow, Disclosure
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
    # For an obligation derived from a 标准目录 row without a fulfilment record: the first
    # item of the row's columns published in the window (previous period's due, this due].
    published_item: Disclosure | None = None

    @property
    def state_label(self) -> str:
        return obligations.STATE_LABELS[self.state]

    @property
    def disclosure(self) -> Disclosure | None:
        """The item that fulfilled the period: recorded by hand, or found in the columns."""
        return self.fulfilment.disclosure if self.fulfilment else self.published_item


def _column_items(items: list[Obligation]) -> dict[int, list[tuple[dt.date, Disclosure]]]:
    """Per derived obligation, the listed items of its organisation in its row's columns (and
    their direct sub-columns, as a column list shows them), oldest first. Two queries."""
    derived = [o for o in items if o.directory_row_id]
    if not derived:
        return {}
    through = DirectoryRow.columns.through
    columns: dict[int, set[int]] = {}
    for row_id, column_id in through.objects.filter(
        directoryrow_id__in=[o.directory_row_id for o in derived]
    ).values_list("directoryrow_id", "category_id"):
        columns.setdefault(row_id, set()).add(column_id)
    wanted = {c for ids in columns.values() for c in ids}
    if not wanted:
        return {}
    listings = (
        ColumnListing.objects.filter(
            column_id__in=wanted,
            organisation_id__in={o.organisation_id for o in derived},
            published_at__lte=timezone.now(),
        )
        .select_related("disclosure")
        .only("column_id", "organisation_id", "published_at", "disclosure__id", "disclosure__title")
        .order_by("published_at", "disclosure_id")
    )
    by_key: dict[tuple[int, int], list[tuple[dt.date, Disclosure]]] = {}
    for listing in listings:
        day = timezone.localtime(listing.published_at).date()
        by_key.setdefault((listing.organisation_id, listing.column_id), []).append(
            (day, listing.disclosure)
        )
    result = {}
    for obligation in derived:
        found = [
            entry
            for column_id in columns.get(obligation.directory_row_id, ())
            for entry in by_key.get((obligation.organisation_id, column_id), ())
        ]
        result[obligation.pk] = sorted(found, key=lambda e: (e[0], e[1].pk))
    return result


def _published_in(
    entries: list[tuple[dt.date, Disclosure]], after: dt.date, until: dt.date
) -> Disclosure | None:
    for day, item in entries:
        if after < day <= until:
            return item
    return None


def dashboard_rows(organisations, *, today: dt.date | None = None, count: int = 4) -> list[Row]:
    """Each active obligation's recent periods with due date and state (four queries).

    A period is done when a fulfilment is recorded for it, or, for an obligation derived from
    a 标准目录 row, when an item of the row's columns was published after the previous
    period's due date and by this period's.
    """
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
    published = _column_items(items)
    rows = []
    for item in items:
        for period, due in obligations.periods_to_watch(
            item.frequency, item.months_after, today, count, in_period=item.due_in_period
        ):
            fulfilment = done.get((item.pk, period.key))
            found = None
            if fulfilment is None and item.pk in published:
                before = obligations.previous_period(item.frequency, period)
                previous_due = obligations.due_date(before, item.months_after, item.due_in_period)
                found = _published_in(published[item.pk], previous_due, due)
            fulfilled = fulfilment is not None or found is not None
            state = obligations.state_of(due, fulfilled, today)
            rows.append(Row(item, period, due, state, fulfilment, found))
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

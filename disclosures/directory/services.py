"""Use cases of the 标准目录: saving and deleting rows, and what depends on a row.

Rows feed two things above this layer: the obligations calendar (reports derives an Obligation
from every periodic row) and nothing else yet. reports registers its sync with
``on_rows_changed`` at start-up (reports.apps); each write path here then calls it explicitly,
in the same transaction, once the row and its columns are saved (ADR 0015). A hook list rather
than a Django signal: there is one write path, it is called by name, and its caller sees any
error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from catalog.access import Refusals, require_staff
from catalog.models import CalendarDay, Category
from catalog.workdays import WorkCalendar
from disclosures.directory import timelimits
from disclosures.directory.models import DirectoryRow


class DirectoryError(Exception):
    pass


REFUSALS = Refusals(
    permission="您没有维护标准目录的权限。",
    organisation="您只能维护本机构的标准目录。",
)

_ROW_HOOKS: list[Callable[[int], object]] = []


def on_rows_changed(hook: Callable[[int], object]) -> None:
    """Call ``hook(organisation_id)`` after every change of an organisation's rows."""
    if hook not in _ROW_HOOKS:
        _ROW_HOOKS.append(hook)


def rows_changed(*, organisation_id: int) -> None:
    """Tell what depends on the rows (the obligations calendar) that they changed."""
    for hook in list(_ROW_HOOKS):
        hook(organisation_id)


@transaction.atomic
def save_row(*, actor, row: DirectoryRow, columns=None, items=None) -> DirectoryRow:
    """Check, save and (when given) link the columns and items of a row, then notify."""
    permission = "disclosures.change_directoryrow" if row.pk else "disclosures.add_directoryrow"
    require_staff(actor, row.organisation_id, permission, refusals=REFUSALS, error=DirectoryError)
    if row.pk:
        before = DirectoryRow.objects.select_for_update().get(pk=row.pk)
        if before.organisation_id != row.organisation_id:
            # Moving a row to another organisation needs that one too.
            require_staff(
                actor, before.organisation_id, permission, refusals=REFUSALS, error=DirectoryError
            )
    try:
        row.apply_rule(timelimits.parse(row.time_limit))
    except timelimits.TimeLimitError as exc:
        raise DirectoryError(str(exc)) from None
    row.save()
    if columns is not None:
        row.columns.set(columns)
    if items is not None:
        row.items.set(items)
    rows_changed(organisation_id=row.organisation_id)
    return row


@transaction.atomic
def delete_row(*, actor, row: DirectoryRow) -> None:
    require_staff(
        actor,
        row.organisation_id,
        "disclosures.delete_directoryrow",
        refusals=REFUSALS,
        error=DirectoryError,
    )
    organisation_id = row.organisation_id
    DirectoryRow.objects.select_for_update().filter(pk=row.pk).delete()
    rows_changed(organisation_id=organisation_id)


def row_for_column(*, organisation_id: int, category: Category | None) -> DirectoryRow | None:
    """The row of ``organisation_id`` that sets the 公示 period of items in ``category``."""
    if category is None:
        return None
    return (
        DirectoryRow.objects.filter(
            organisation_id=organisation_id,
            rule_kind=timelimits.Kind.PUBLICITY,
            columns=category,
        )
        .order_by("sort_order", "id")
        .first()
    )


def publicity_end(
    *, start: dt.date, row: DirectoryRow | None, default_days: int
) -> timelimits.DueDate:
    """Last day of a 公示 starting on ``start``: by the row's rule (on the held calendar when
    counted in working days), or ``default_days`` calendar days when there is no row."""
    if row is None or row.rule_kind != timelimits.Kind.PUBLICITY:
        rule = timelimits.TimeRule(timelimits.Kind.PUBLICITY, days=default_days)
        return timelimits.publicity_end(rule, start, WorkCalendar())  # calendar days: unused
    calendar = CalendarDay.objects.work_calendar(through_year=start.year + 1)
    return timelimits.publicity_end(row.rule, start, calendar)

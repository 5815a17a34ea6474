"""Recording a past year's annual report that was published before the agency used the portal.

An agency adopting the portal enters its earlier reports (2019 on) as they were published: the
original publication date, the texts, and every table figure by hand, in the form of that year
(official_forms). The report is published at once with its original date, so the public 年报
list shows the whole history and lateness is judged against that date. A reason is mandatory
and kept on the report and in its event row.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from catalog.models import Organisation
from reports.annual import figures, official_forms
from reports.annual.completeness import text_problems
from reports.annual.services import (
    Action,
    ReportBlocked,
    ReportError,
    log_event,
    require_supervisor,
)
from reports.annual.tables import (
    APPLICANT_COLUMNS,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
    TableB,
    TableC,
    Tables,
)
from reports.models import AnnualReport

FIRST_YEAR = 2019  # the 2019 条例 and the first national form (国办公开办函〔2019〕60号)
C_RESULTS = tuple(key for key, _ in TABLE_C_RESULTS if key != "total")


def table_b_entry_rows(form: str):
    """The Table B rows a person enters: every row of the form except （七）总计 (computed)."""
    return tuple(row for row in official_forms.table_b_rows(form) if row.key != "closed_total")


def build_tables(
    *,
    form: str,
    table_a: dict[str, int | Decimal],
    table_b: dict[str, dict[str, int]],
    table_c: dict[str, dict[str, int]],
) -> Tables:
    """Tables from hand-entered figures; totals are computed, never entered."""
    a = official_forms.table_a_class(form)(**table_a)
    counts: dict[str, dict[str, int]] = {}
    for row in table_b_entry_rows(form):
        key = official_forms.MERGED_ROW_STORED_AS.get(row.key, row.key)
        counts[key] = {col: int(table_b.get(row.key, {}).get(col, 0)) for col in APPLICANT_COLUMNS}
    c = {
        group: {res: int(table_c.get(group, {}).get(res, 0)) for res in C_RESULTS}
        for group, _ in TABLE_C_GROUPS
    }
    return Tables(a=a, b=TableB.from_counts(counts), c=TableC.from_counts(c), form=form)


@transaction.atomic
def record_past_report(
    *,
    actor,
    organisation: Organisation,
    year: int,
    scope: str,
    published_on: dt.date,
    reason: str,
    texts: dict[str, str],
    table_a: dict[str, int | Decimal],
    table_b: dict[str, dict[str, int]],
    table_c: dict[str, dict[str, int]],
    npc_suggestions: int | None = None,
    cppcc_proposals: int | None = None,
) -> AnnualReport:
    """Create a published report for a past year with its original publication date."""
    require_supervisor(actor, organisation.pk)
    today = timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("请说明补录的原因。")
    if not FIRST_YEAR <= year < today.year:
        raise ReportError(f"只能补录{FIRST_YEAR}年度至{today.year - 1}年度的报告。")
    if not dt.date(year + 1, 1, 1) <= published_on <= today:
        raise ReportError("原发布日期应在报告年度结束之后，且不晚于今天。")
    # Two records for one year at once would both pass the check below: serialise on the agency.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if AnnualReport.objects.filter(organisation=organisation, year=year, scope=scope).exists():
        raise ReportError(f"{organisation.name}{year}年度的该类报告已存在，不能重复补录。")
    unfinished = text_problems(texts)
    if unfinished:
        raise ReportBlocked(unfinished, action="补录")
    form = official_forms.form_for_year(year)
    tables = build_tables(form=form, table_a=table_a, table_b=table_b, table_c=table_c)
    blocking = [p for p in tables.problems() if p.blocking]
    if blocking:
        raise ReportBlocked(blocking, action="补录")
    published_at = timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 0)))
    # The Table A cells kept as model fields too, so the change page shows what was entered.
    fields = {
        name: value
        for name, value in table_a.items()
        if name in {f.name for f in AnnualReport._meta.fields}
    }
    report = AnnualReport.objects.create(
        organisation=organisation,
        year=year,
        scope=scope,
        status=AnnualReport.Status.PUBLISHED,
        snapshot=figures.tables_to_json(tables),
        frozen_at=published_at,
        published_at=published_at,
        recorded_note=reason,
        section_overview=texts["section_overview"].strip(),
        section_problems=texts["section_problems"].strip(),
        section_other=texts["section_other"].strip(),
        npc_suggestions=npc_suggestions,
        cppcc_proposals=cppcc_proposals,
        **fields,
    )
    log_event(
        report,
        actor,
        Action.RECORD_PAST,
        f"原发布日期{published_on.year}年{published_on.month}月{published_on.day}日。"
        f"补录原因：{reason}",
    )
    return report

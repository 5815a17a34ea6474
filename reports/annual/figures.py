"""Compute the annual report's figures from the portal's data, in the database.

Each table is one aggregate query with ``Count(..., filter=Q(...))`` per cell, so the cost
does not grow with the number of cases in Python. Counting rules (law-and-annual-report §1.4):
* 一 本年新收: received in the year; 二 上年结转: received earlier and not closed before the
  year began; 三 rows: closed in the year, by outcome; 四 结转下年度: received by year end and
  not closed by then. So 一 + 二 = （七） + 四 holds by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally
from decimal import Decimal

from django.db.models import Count, Q, Sum

from catalog.models import Category, Organisation
from disclosures.models import Disclosure, Genre, Validity
from disclosures.workflow import Status as DisclosureStatus
from reports.annual import official_forms
from reports.annual.tables import (
    OUTCOME_ROWS,
    TABLE_C_GROUPS,
    TableA,
    TableB,
    TableC,
    Tables,
)
from requests_app.models import Appeal, Application, ReplyNotice
from requests_app.outcomes import reported_as
from requests_app.proactive.models import ConversionDecision


def _bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def table_b(organisations, year: int) -> TableB:
    """Two grouped queries: intake and carry-over per applicant type, outcomes per type and
    outcome. (One filtered count per cell made PostgreSQL evaluate 144 filters on every row.)"""
    start, end = _bounds(year)
    cases = Application.objects.filter(organisation__in=organisations)
    counts: dict[str, dict[str, int]] = {"new": {}, "carried_in": {}, "carried_out": {}}
    intake = (
        cases.filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .values("applicant_type")
        .annotate(
            new=Count("id", filter=Q(received_on__gte=start)),
            carried_in=Count("id", filter=Q(received_on__lt=start)),
            carried_out=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)),
        )
        .order_by()
    )
    for row in intake:
        for key in ("new", "carried_in", "carried_out"):
            counts[key][row["applicant_type"]] = row[key]
    outcomes = (
        cases.filter(closed_on__range=(start, end))
        .exclude(outcome="")
        .values("applicant_type", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    row_of = {row.outcome: row.key for row in OUTCOME_ROWS}
    for row in outcomes:
        key = row_of.get(reported_as(row["outcome"]))
        if key is not None:
            cells = counts.setdefault(key, {})
            cells[row["applicant_type"]] = cells.get(row["applicant_type"], 0) + row["n"]
    return TableB.from_counts(counts)


def table_c(organisations, year: int) -> TableC:
    """Appeals filed in the year, with their result as it stood at year end."""
    start, end = _bounds(year)
    decided = Q(decided_on__lte=end)
    aggregates = {}
    for group, _ in TABLE_C_GROUPS:
        kind = Q(kind=group)
        for result in ("maintained", "corrected", "other"):
            aggregates[f"{group}__{result}"] = Count("id", filter=kind & Q(result=result) & decided)
        aggregates[f"{group}__pending"] = Count(
            "id",
            filter=kind
            & (Q(result="pending") | Q(decided_on__isnull=True) | Q(decided_on__gt=end)),
        )
    values = Appeal.objects.filter(
        application__organisation__in=organisations, filed_on__range=(start, end)
    ).aggregate(**aggregates)
    counts: dict[str, dict[str, int]] = {}
    for name, value in values.items():
        group, result = name.split("__")
        counts.setdefault(group, {})[result] = value or 0
    return TableC.from_counts(counts)


def table_a_catalogue(organisations, year: int) -> dict[str, int]:
    """规章 and 行政规范性文件 issued, repealed and in force, from the catalogue."""
    start, end = _bounds(year)
    public = Q(status__in=[DisclosureStatus.PUBLISHED, DisclosureStatus.WITHDRAWN])
    ended = Q(validity__in=[Validity.REPEALED, Validity.EXPIRED], validity_changed_on__lte=end)
    aggregates = {}
    for genre, prefix in ((Genre.RULE, "rules"), (Genre.NORMATIVE, "normative")):
        g = Q(genre=genre) & public
        aggregates[f"{prefix}_issued"] = Count("id", filter=g & Q(written_on__range=(start, end)))
        aggregates[f"{prefix}_repealed"] = Count(
            "id", filter=g & Q(validity=Validity.REPEALED, validity_changed_on__range=(start, end))
        )
        aggregates[f"{prefix}_in_force"] = Count(
            "id", filter=g & Q(status=DisclosureStatus.PUBLISHED, written_on__lte=end) & ~ended
        )
    return {
        k: v or 0
        for k, v in Disclosure.objects.filter(organisation__in=organisations)
        .aggregate(**aggregates)
        .items()
    }


def table_a_2019_catalogue(organisations, year: int) -> dict[str, int]:
    """2019 trial form, 第二十条第（一）项: 规章 and 规范性文件 made (成文) in the year, published
    in the year, and publicly available at year end (published by then, not withdrawn by then)."""
    start, end = _bounds(year)
    public_at_end = Q(published_at__date__lte=end) & (
        Q(status=DisclosureStatus.PUBLISHED)
        | Q(status=DisclosureStatus.WITHDRAWN, withdrawn_at__date__gt=end)
    )
    public = Q(status__in=[DisclosureStatus.PUBLISHED, DisclosureStatus.WITHDRAWN])
    aggregates = {}
    for genre, prefix in ((Genre.RULE, "rules"), (Genre.NORMATIVE, "normative")):
        g = Q(genre=genre)
        aggregates[f"{prefix}_made"] = Count(
            "id", filter=g & public & Q(written_on__range=(start, end))
        )
        aggregates[f"{prefix}_published"] = Count(
            "id", filter=g & public & Q(published_at__date__range=(start, end))
        )
        aggregates[f"{prefix}_total"] = Count("id", filter=g & public_at_end)
    return {
        k: v or 0
        for k, v in Disclosure.objects.filter(organisation__in=organisations)
        .aggregate(**aggregates)
        .items()
    }


def table_a(report, organisations):
    """Table A in the report's form: catalogue counts plus the cells entered by staff."""
    if report.form == official_forms.FORM_2019:
        entered = {name: getattr(report, name) for name in official_forms.TABLE_A_2019_ENTERED}
        entered["procurement_amount"] = Decimal(entered["procurement_amount"])
        return official_forms.TableA2019(
            **table_a_2019_catalogue(organisations, report.year), **entered
        )
    return TableA(
        **table_a_catalogue(organisations, report.year),
        licensing_decisions=report.licensing_decisions,
        penalty_decisions=report.penalty_decisions,
        coercion_decisions=report.coercion_decisions,
        fee_amount_wan=Decimal(report.fee_amount_wan),
    )


def proactive_summary(organisations, year: int):
    """Items published in the year: total, by column (first level under 法定主动公开内容), by 文种."""
    items = Disclosure.objects.filter(
        organisation__in=organisations,
        published_at__year=year,
        status__in=[DisclosureStatus.PUBLISHED, DisclosureStatus.WITHDRAWN],
    )
    total = items.count()
    root = Category.objects.filter(slug="fdzdgk").first()
    by_column: Tally = Tally()
    rows = Disclosure.categories.through.objects.filter(disclosure__in=items).values_list(
        "disclosure_id",
        "category__name",
        "category__parent_id",
        "category__parent__name",
        "category__kind",
    )
    seen = set()
    for disclosure_id, name, parent_id, parent_name, kind in rows:
        label = name if (root is None or parent_id == root.pk or parent_id is None) else parent_name
        if kind != "statutory" or (disclosure_id, label) in seen:
            continue
        seen.add((disclosure_id, label))
        by_column[label] += 1
    labels = dict(Genre.choices)
    by_genre = items.values("genre").annotate(n=Count("id")).order_by("-n", "genre")
    return (
        total,
        tuple(sorted(by_column.items(), key=lambda kv: (-kv[1], kv[0]))),
        tuple((labels.get(row["genre"], row["genre"]), row["n"]) for row in by_genre),
    )


def fees(organisations, year: int) -> tuple[int, int, int]:
    """信息处理费: notices issued in the year, amount billed, amount collected (yuan)."""
    totals = ReplyNotice.objects.filter(
        application__organisation__in=organisations,
        kind=ReplyNotice.Kind.FEE,
        issued_on__year=year,
    ).aggregate(
        count=Count("id"),
        billed=Sum("application__fee_amount"),
        collected=Sum("application__fee_paid_amount"),
    )
    return totals["count"], totals["billed"] or 0, totals["collected"] or 0


def converted_to_proactive(organisations, year: int) -> int:
    """Items made proactive in ``year`` on a 转为主动公开 decision (条例 Art. 44), each once."""
    return (
        ConversionDecision.objects.filter(organisation__in=organisations)
        .converted_in(year)
        .values("disclosure")
        .distinct()
        .count()
    )


def compute(report) -> Tables:
    """Live figures of a report (drafts); frozen and published reports use their snapshot."""
    organisations = report_organisations(report)
    a = table_a(report, organisations)
    total, by_column, by_genre = proactive_summary(organisations, report.year)
    notice_count, billed, collected = fees(organisations, report.year)
    return Tables(
        a=a,
        b=table_b(organisations, report.year),
        c=table_c(organisations, report.year),
        proactive_total=total,
        proactive_by_column=by_column,
        proactive_by_genre=by_genre,
        proactive_converted=converted_to_proactive(organisations, report.year),
        fee_notices=notice_count,
        fee_billed_yuan=billed,
        fee_collected_yuan=collected,
        form=report.form,
    )


def report_organisations(report):
    members = list(report.members.all()) if report.pk else []
    if members:
        return members
    if report.scope == report.Scope.GOVERNMENT:
        return list(
            Organisation.objects.filter(
                Q(pk=report.organisation_id) | Q(parent_id=report.organisation_id)
            )
        )
    return [report.organisation]


def tables_to_json(tables: Tables) -> dict:
    return {
        "form": tables.form,
        "table_a": tables.a.as_dict(),
        "table_b": tables.b.as_dict(),
        "table_c": tables.c.as_dict(),
        "proactive": {
            "total": tables.proactive_total,
            "by_column": [list(x) for x in tables.proactive_by_column],
            "by_genre": [list(x) for x in tables.proactive_by_genre],
            "converted": tables.proactive_converted,
        },
        "fees": {
            "notices": tables.fee_notices,
            "billed_yuan": tables.fee_billed_yuan,
            "collected_yuan": tables.fee_collected_yuan,
        },
    }


def tables_from_json(data: dict) -> Tables:
    """Snapshots made before the 2019 form existed have no "form": they are 2021-form tables."""
    form = data.get("form", official_forms.FORM_2021)
    if form == official_forms.FORM_2019:
        a = official_forms.TableA2019.from_dict(data["table_a"])
    else:
        values = dict(data["table_a"])
        values["fee_amount_wan"] = Decimal(values["fee_amount_wan"])
        a = TableA(**values)
    return Tables(
        form=form,
        a=a,
        b=TableB.from_dict(data["table_b"]),
        c=TableC.from_dict(data["table_c"]),
        proactive_total=data["proactive"]["total"],
        proactive_by_column=tuple(tuple(x) for x in data["proactive"]["by_column"]),
        proactive_by_genre=tuple(tuple(x) for x in data["proactive"]["by_genre"]),
        # Snapshots frozen before the figure existed hold no "converted".
        proactive_converted=data["proactive"].get("converted", 0),
        fee_notices=data["fees"]["notices"],
        fee_billed_yuan=data["fees"]["billed_yuan"],
        fee_collected_yuan=data["fees"]["collected_yuan"],
    )


def tables_of(report) -> Tables:
    if report.snapshot:
        return tables_from_json(report.snapshot)
    return compute(report)

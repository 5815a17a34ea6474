"""The 年报 says how many items were made proactive on request in the year (条例 Art. 44)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from catalog import roles
from reports.annual import figures, services
from requests_app.proactive.models import DecisionKind, DeclineReason
from requests_app.proactive.services import record_decision
from tests.disclosures.factories import make_published
from tests.factories import make_staff
from tests.requests_app.test_admin import submit

pytestmark = pytest.mark.django_db

D = dt.date
FIGURE = re.compile(r"本年度依申请转为主动公开政府信息(\d+)条。")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def converted_figure(text: str) -> int:
    match = FIGURE.search(text)
    assert match, text
    return int(match.group(1))


def decide(worker, org, kind, on, *, item=None, reason=""):
    cases = [submit(org, received_on=on - dt.timedelta(days=10)) for _ in range(3)]
    return record_decision(
        actor=worker,
        organisation=org,
        kind=kind,
        applications=cases,
        disclosure=item,
        reason=reason,
        decided_on=on,
    )


def test_the_drafted_overview_counts_the_items_converted_in_the_year(org_a, org_b):
    worker = make_staff(role=roles.CASEWORKER, organisations=[org_a, org_b])
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    item_1 = make_published(organisation=org_a, title="城乡低保资金发放汇总表").disclosure
    item_2 = make_published(organisation=org_a, title="敬老院床位收费标准").disclosure
    other_org_item = make_published(organisation=org_b, title="部门预算").disclosure
    decide(worker, org_a, DecisionKind.CONVERT, D(2025, 3, 2), item=item_1)
    decide(worker, org_a, DecisionKind.CONVERT, D(2025, 9, 8), item=item_2)
    decide(worker, org_a, DecisionKind.CONVERT, D(2025, 11, 3), item=item_2)  # same item again
    decide(worker, org_a, DecisionKind.CONVERT, D(2024, 12, 30), item=item_1)  # other year
    decide(worker, org_a, DecisionKind.DECLINE, D(2025, 5, 5), reason=DeclineReason.NOT_SAME)
    decide(worker, org_b, DecisionKind.CONVERT, D(2025, 5, 5), item=other_org_item)

    report = services.create_report(actor=supervisor, organisation=org_a, year=2025)

    assert converted_figure(report.section_overview) == 2
    assert figures.compute(report).proactive_converted == 2
    assert "（一）主动公开。" in report.section_overview.split("本年度依申请转为主动公开")[0]
    report_2024 = services.create_report(actor=supervisor, organisation=org_a, year=2024)
    assert converted_figure(report_2024.section_overview) == 1


def test_the_figure_is_kept_in_the_snapshot(org_a):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    report = services.create_report(actor=supervisor, organisation=org_a, year=2025)
    tables = figures.compute(report)

    assert converted_figure(report.section_overview) == 0
    assert figures.tables_from_json(figures.tables_to_json(tables)) == tables
    old = figures.tables_to_json(tables)
    del old["proactive"]["converted"]  # a snapshot frozen before the figure existed
    assert figures.tables_from_json(old).proactive_converted == 0

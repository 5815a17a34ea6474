"""The pure rules of the self-audit (国办秘函〔2019〕19号): thresholds, points, verdict."""

import datetime as dt

import pytest

from reports.selfaudit import rules
from reports.selfaudit.rules import RULES, ColumnKind, Finding, Page, Result, Verdict

D = dt.date
TODAY = D(2026, 12, 7)


@pytest.mark.parametrize(
    ("newest", "stale"),
    [(None, True), (D(2026, 11, 23), False), (D(2026, 11, 22), True), (TODAY, False)],
)
def test_home_page_not_updated_for_two_weeks(newest, stale):
    assert rules.home_is_stale(newest, TODAY) is stale


@pytest.mark.parametrize(
    ("name", "cycle", "kind"),
    [
        ("工作动态", 180, ColumnKind.DYNAMIC),
        ("要闻", 180, ColumnKind.DYNAMIC),
        ("社会救助", 14, ColumnKind.DYNAMIC),
        ("通知公告", 180, ColumnKind.NOTICE),
        ("政策文件", 180, ColumnKind.NOTICE),
        ("行政规范性文件", 180, ColumnKind.NOTICE),
        ("机构职能", 365, ColumnKind.OTHER),
    ],
)
def test_column_kind(name, cycle, kind):
    assert rules.column_kind(name, cycle) == kind


@pytest.mark.parametrize(
    ("kind", "newest", "stale"),
    [
        (ColumnKind.DYNAMIC, D(2026, 11, 23), False),
        (ColumnKind.DYNAMIC, D(2026, 11, 22), True),
        (ColumnKind.NOTICE, D(2026, 6, 7), False),
        (ColumnKind.NOTICE, D(2026, 6, 6), True),
        (ColumnKind.OTHER, D(2020, 1, 1), False),
        (ColumnKind.DYNAMIC, None, False),  # empty columns are counted as empty
    ],
)
def test_column_staleness_for_the_veto(kind, newest, stale):
    assert rules.column_is_stale_for_veto(kind, newest, TODAY) is stale


@pytest.mark.parametrize(
    ("counts", "vetoed"),
    [
        ({"stale_dynamic": 4, "stale_notice": 0, "should_update": 9, "empty": 4}, 0),
        ({"stale_dynamic": 5, "stale_notice": 0, "should_update": 0, "empty": 0}, 1),
        ({"stale_dynamic": 0, "stale_notice": 1, "should_update": 0, "empty": 0}, 1),
        ({"stale_dynamic": 0, "stale_notice": 0, "should_update": 10, "empty": 0}, 1),
        ({"stale_dynamic": 0, "stale_notice": 0, "should_update": 0, "empty": 5}, 1),
        ({"stale_dynamic": 6, "stale_notice": 2, "should_update": 12, "empty": 7}, 4),
    ],
)
def test_column_veto_thresholds(counts, vetoed):
    assert len(rules.column_vetoes(**counts)) == vetoed


@pytest.mark.parametrize(
    ("received", "answered", "is_open", "late"),
    [
        (D(2026, 9, 7), None, True, False),  # exactly three months: not yet over
        (D(2026, 9, 6), None, True, True),
        (D(2026, 3, 1), D(2026, 6, 2), False, True),  # answered after more than 3 months
        (D(2026, 3, 1), D(2026, 6, 1), False, False),
        (D(2025, 12, 6), None, True, False),  # older than a year: outside the window
        (D(2026, 1, 5), None, False, False),  # closed without an answer (rejected, merged)
    ],
)
def test_letter_unanswered_for_more_than_three_months(received, answered, is_open, late):
    assert (
        rules.letter_unanswered_too_long(
            received_on=received, answered_on=answered, is_open=is_open, today=TODAY
        )
        is late
    )


@pytest.mark.parametrize(
    ("due", "answered", "is_open", "late"),
    [
        (D(2026, 12, 1), D(2026, 12, 1), False, False),
        (D(2026, 12, 1), D(2026, 12, 2), False, True),
        (D(2026, 12, 6), None, True, True),
        (D(2026, 12, 7), None, True, False),
        (None, None, True, False),
    ],
)
def test_letter_answered_late(due, answered, is_open, late):
    assert (
        rules.letter_answered_late(due_on=due, answered_on=answered, is_open=is_open, today=TODAY)
        is late
    )


@pytest.mark.parametrize(
    ("today", "government", "year", "deadline"),
    [
        (D(2026, 12, 7), False, 2025, D(2026, 1, 31)),
        (D(2026, 1, 31), False, 2024, D(2025, 1, 31)),
        (D(2026, 2, 1), False, 2025, D(2026, 1, 31)),
        (D(2026, 3, 31), True, 2024, D(2025, 3, 31)),
        (D(2026, 4, 1), True, 2025, D(2026, 3, 31)),
    ],
)
def test_annual_report_due(today, government, year, deadline):
    assert rules.annual_report_due(today, government=government) == (year, deadline)


@pytest.mark.parametrize(
    ("published", "late"), [(None, True), (D(2026, 1, 31), False), (D(2026, 2, 1), True)]
)
def test_annual_report_late(published, late):
    assert rules.annual_report_late(published, D(2026, 1, 31)) is late


@pytest.mark.parametrize(
    ("approved", "published", "late"),
    [
        (D(2026, 3, 1), D(2026, 3, 21), False),
        (D(2026, 3, 1), D(2026, 3, 22), True),
        (D(2026, 11, 17), None, False),
        (D(2026, 11, 16), None, True),
    ],
)
def test_budget_within_twenty_days_of_approval(approved, published, late):
    assert rules.budget_late(approved_on=approved, published_on=published, today=TODAY) is late


FULL_GUIDE = {
    "matter_name": "最低生活保障审批",
    "legal_basis": "《社会救助暂行办法》",
    "conditions": "共同生活的家庭成员人均收入低于当地最低生活保障标准",
    "materials": 2,
    "steps": 3,
    "time_limit": "30个工作日",
    "location": "县政务服务中心",
    "office_hours": "工作日",
    "consult_phone": "0570-1234567",
    "fee": "不收费",
}


@pytest.mark.parametrize(
    ("blank", "missing"),
    [
        ({}, []),
        ({"materials": 0}, ["办理材料"]),
        ({"steps": 0, "legal_basis": "  "}, ["设定依据", "办理流程"]),
        ({"location": ""}, ["办理时间地点"]),
        ({"location": "", "office_hours": ""}, ["办理时间地点"]),
        ({"consult_phone": "", "fee": ""}, ["联系方式", "收费"]),
    ],
)
def test_missing_guide_elements(blank, missing):
    assert rules.missing_guide_elements({**FULL_GUIDE, **blank}) == missing


@pytest.mark.parametrize(
    ("code", "count", "points"),
    [
        ("links", 0, 0),
        ("links", 3, 3),
        ("links", 30, 10),
        ("guides", 2, 4),
        ("annual_report", 1, 5),
        ("budgets", 5, 6),
        ("home", 3, 0),  # a veto item takes no points: it fails the site
    ],
)
def test_deduction_points_are_capped(code, count, points):
    assert rules.deduction(RULES[code], count) == points


def _finding(code, n, vetoed=False):
    return Finding(RULES[code], [Page(f"页面{i}") for i in range(n)], vetoed=vetoed)


@pytest.mark.parametrize(
    ("findings", "score", "verdict"),
    [
        ([], 100, Verdict.PASS),
        ([_finding("links", 3), _finding("annual_report", 1)], 92, Verdict.PASS),
        ([_finding("home", 1, vetoed=True)], 100, Verdict.FAIL),  # any veto fails
        (
            [_finding(c, 10) for c in ("schedule", "links", "guides", "interpretations")]
            + [_finding("annual_report", 1)],
            55,
            Verdict.FAIL,
        ),
        (
            [_finding(c, 10) for c in ("schedule", "links", "guides", "interpretations")],
            60,
            Verdict.PASS,
        ),
    ],
)
def test_score_and_verdict(findings, score, verdict):
    result = Result(tuple(findings))
    assert (result.score, result.verdict) == (score, verdict)


def test_iso_week():
    assert rules.iso_week(D(2026, 12, 7)) == "2026-W50"
    assert rules.iso_week(D(2027, 1, 1)) == "2026-W53"

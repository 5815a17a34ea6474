"""The due rules of the Hohhot 民政局's 2018 要点, checked day by day over 2023-2029.

interaction-and-supervision.md: 社会救助 figures quarterly by the end of the quarter's following
second month, 灾情 half-yearly by the end of August and of February, 民政事业统计表 monthly (no
deadline given: by the end of the next month), 预算 by 31 May and 决算 by 30 September. The
expected dates are computed here from the doc's words, independently of the rule module.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from catalog.models import Category
from reports.models import Obligation
from reports.obligations import rules
from tests.factories import OrganisationFactory

D = dt.date
DAYS = [D(2023, 1, 1) + dt.timedelta(days=n) for n in range((D(2030, 1, 1) - D(2023, 1, 1)).days)]


def last_day(year: int, month: int) -> dt.date:
    """The last day of a month, as the day before the first of the next one."""
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return D(year, month, 1) - dt.timedelta(days=1)


def month_after(year: int, month: int, n: int) -> tuple[int, int]:
    month += n
    while month > 12:
        year, month = year + 1, month - 12
    return year, month


def expected_disaster(day):  # 灾情: first half by 31 August, second half by end of February
    return D(day.year, 8, 31) if day.month <= 6 else last_day(day.year + 1, 2)


def expected_monthly(day):  # 民政事业统计表: by the end of the next month
    return last_day(*month_after(day.year, day.month, 1))


def expected_assistance(day):  # 社会救助: the quarter's following second month
    quarter_end = (day.month - 1) // 3 * 3 + 3
    return last_day(*month_after(day.year, quarter_end, 2))


def expected_budget(day):  # 预算 by 31 May of the budget year
    return D(day.year, 5, 31)


def expected_final_accounts(day):  # 决算 by 30 September of the next year
    return D(day.year + 1, 9, 30)


RULES = [
    ("half_yearly", 2, False, expected_disaster),
    ("monthly", 1, False, expected_monthly),
    ("quarterly", 2, False, expected_assistance),
    ("yearly", 5, True, expected_budget),
    ("yearly", 9, False, expected_final_accounts),
]


@pytest.mark.parametrize(("frequency", "months", "in_period", "expected"), RULES)
def test_due_date_of_every_day_follows_the_doc(frequency, months, in_period, expected):
    for day in DAYS:
        period = rules.period_containing(frequency, day)
        assert period.start <= day <= period.end
        assert rules.due_date(period, months, in_period) == expected(day), day


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (D(2023, 12, 31), D(2024, 2, 29)),  # second half of 2023, leap February
        (D(2024, 7, 1), D(2025, 2, 28)),
        (D(2027, 12, 1), D(2028, 2, 29)),
        (D(2028, 6, 30), D(2028, 8, 31)),
    ],
)
def test_disaster_figures_are_due_at_the_end_of_august_and_february(day, due):
    assert rules.due_date(rules.period_containing("half_yearly", day), 2) == due


@pytest.mark.parametrize(
    ("frequency", "months", "in_period", "today", "keys", "dues"),
    [
        # the day before a half-year ends, the first half is not watched yet
        ("half_yearly", 2, False, D(2026, 6, 30), ["2025-H2", "2025-H1"], [D(2026, 2, 28), D(2025, 8, 31)]),
        ("half_yearly", 2, False, D(2026, 7, 1), ["2026-H1", "2025-H2"], [D(2026, 8, 31), D(2026, 2, 28)]),
        ("monthly", 1, False, D(2024, 3, 1), ["2024-02", "2024-01"], [D(2024, 3, 31), D(2024, 2, 29)]),
        ("monthly", 1, False, D(2026, 1, 1), ["2025-12", "2025-11"], [D(2026, 1, 31), D(2025, 12, 31)]),
        # 预算: the budget year is watched from its first day, since it is due within the year
        ("yearly", 5, True, D(2026, 1, 1), ["2026", "2025"], [D(2026, 5, 31), D(2025, 5, 31)]),
        ("yearly", 5, True, D(2025, 12, 31), ["2025", "2024"], [D(2025, 5, 31), D(2024, 5, 31)]),
        ("yearly", 9, False, D(2026, 12, 6), ["2025", "2024"], [D(2026, 9, 30), D(2025, 9, 30)]),
    ],
)  # fmt: skip
def test_periods_to_watch_at_period_boundaries(frequency, months, in_period, today, keys, dues):
    watched = rules.periods_to_watch(frequency, months, today, count=2, in_period=in_period)
    assert [p.key for p, _ in watched] == keys
    assert [due for _, due in watched] == dues


@pytest.mark.parametrize(
    ("frequency", "months", "in_period", "text"),
    [
        ("half_yearly", 2, False, "每半年，上半年8月底前，下半年次年2月底前"),
        ("monthly", 1, False, "每月，次月底前"),
        ("quarterly", 2, False, "每季度，次季度第二个月底前"),
        ("yearly", 5, True, "每年，当年5月底前"),
        ("yearly", 9, False, "每年，次年9月底前"),
        ("yearly", 1, False, "每年，次年1月底前"),
        ("quarterly", 4, False, "每季度，周期结束后第四个月底前"),
        ("quarterly", 2, True, "每季度，周期内第二个月底前"),
        ("monthly", 0, False, "每月，周期结束前"),
    ],
)
def test_rule_in_words(frequency, months, in_period, text):
    assert rules.describe(frequency, months, in_period) == text


@pytest.mark.parametrize(
    ("frequency", "months", "in_period", "ok"),
    [
        ("yearly", 12, True, True),
        ("yearly", 13, True, False),
        ("quarterly", 3, True, True),
        ("quarterly", 4, True, False),
        ("monthly", 0, True, False),
        ("monthly", 13, False, True),
        ("half_yearly", -1, False, False),
    ],
)
def test_rule_error_refuses_a_due_month_outside_the_period(frequency, months, in_period, ok):
    assert (rules.rule_error(frequency, months, in_period) is None) == ok


@pytest.mark.django_db
def test_model_explains_and_database_refuses_an_impossible_rule():
    org = OrganisationFactory(name="测试县民政局", slug="rule-mzj")
    obligation = Obligation(
        organisation=org,
        name="部门预算",
        frequency="quarterly",
        months_after=5,
        due_in_period=True,
        column=Category.objects.filter(slug="bmys").first(),
    )
    with pytest.raises(ValidationError) as error:
        obligation.full_clean()
    assert "月数应在1至3之间" in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        obligation.save()
    obligation.frequency = "yearly"
    obligation.full_clean()
    obligation.save()
    assert obligation.due_rule == "每年，当年5月底前"

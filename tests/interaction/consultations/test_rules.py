"""The pure rules of 意见征集: minimum windows, the article splitter, the workflow table."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog.workdays import WorkCalendar
from interaction.consultations import windows
from interaction.consultations.articles import (
    article_label,
    chinese_number,
    chinese_numeral,
    split_articles,
)
from interaction.consultations.windows import DraftKind
from interaction.consultations.workflow import (
    SIDE_ACTIONS,
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
    next_status,
)

D = dt.date

# 2025 国庆节、中秋节: 10月1日至8日放假，9月28日（周日）、10月11日（周六）上班;
# 2026 元旦: 1月1日至3日放假，1月4日（周日）上班 (国办发明电〔2024〕12号, 〔2025〕7号).
CALENDAR = WorkCalendar.from_days(
    holidays=[D(2025, 10, d) for d in range(1, 9)] + [D(2026, 1, d) for d in (1, 2, 3)],
    workdays=[D(2025, 9, 28), D(2025, 10, 11), D(2026, 1, 4)],
)
ONLY_2025_OFFICIAL = WorkCalendar.from_days(
    holidays=[D(2025, 10, d) for d in range(1, 9)] + [D(2026, 1, 1)],
    workdays=[D(2025, 9, 28), D(2025, 10, 11)],
    official_years=[2025],
)

THIRTY_DAY_KINDS = [DraftKind.RULES, DraftKind.MAJOR_DECISION, DraftKind.NORMATIVE_MARKET,
                    DraftKind.OTHER]  # fmt: skip


@pytest.mark.parametrize("kind", THIRTY_DAY_KINDS)
@pytest.mark.parametrize(
    ("start", "earliest"),
    [
        (D(2026, 3, 2), D(2026, 3, 31)),  # both ends counted: 30 days end on start + 29
        (D(2025, 12, 15), D(2026, 1, 13)),  # across the year boundary
        (D(2025, 9, 20), D(2025, 10, 19)),  # holidays do not shorten a calendar-day window
        (D(2028, 2, 1), D(2028, 3, 1)),  # leap February
    ],
)
def test_thirty_day_kinds_count_calendar_days_inclusive(kind, start, earliest):
    assert windows.earliest_end(kind, start, CALENDAR) == earliest
    assert windows.check_window(kind, start, earliest, CALENDAR).meets_minimum
    short = windows.check_window(kind, start, earliest - dt.timedelta(days=1), CALENDAR)
    assert not short.meets_minimum
    assert short.length == 29


@pytest.mark.parametrize(
    ("start", "earliest"),
    [
        # Mon 29 Sep: 29, 30 Sep, [1–8 Oct holiday], 9, 10, Sat 11 (make-up), 13, 14 Oct.
        (D(2025, 9, 29), D(2025, 10, 14)),
        # Sun 28 Sep is a make-up working day and counts as the first.
        (D(2025, 9, 28), D(2025, 10, 13)),
        # Starting on a holiday: the count begins on 9 Oct.
        (D(2025, 10, 1), D(2025, 10, 16)),
        # Sat 27 Sep is an ordinary weekend day.
        (D(2025, 9, 27), D(2025, 10, 13)),
        # Year boundary: 29, 30, 31 Dec, [1–3 Jan], Sun 4 Jan (make-up), 5, 6, 7 Jan.
        (D(2025, 12, 29), D(2026, 1, 7)),
        # An ordinary week: Fri 6 Mar 2026 then 9–13 and 16 Mar.
        (D(2026, 3, 6), D(2026, 3, 16)),
        (D(2026, 3, 9), D(2026, 3, 17)),
    ],
)
def test_normative_documents_need_seven_working_days_start_included(start, earliest):
    assert windows.earliest_end(DraftKind.NORMATIVE, start, CALENDAR) == earliest
    ok = windows.check_window(DraftKind.NORMATIVE, start, earliest, CALENDAR)
    assert ok.meets_minimum
    assert ok.length == 7
    short = windows.check_window(
        DraftKind.NORMATIVE, start, earliest - dt.timedelta(days=1), CALENDAR
    )
    assert not short.meets_minimum
    assert short.length < 7


def test_market_actor_documents_need_thirty_days_not_seven_working_days():
    start = D(2025, 9, 29)
    end = D(2025, 10, 14)
    assert windows.check_window(DraftKind.NORMATIVE, start, end, CALENDAR).meets_minimum
    assert not windows.check_window(DraftKind.NORMATIVE_MARKET, start, end, CALENDAR).meets_minimum


def test_the_refusal_names_the_minimum_and_the_earliest_end_date():
    check = windows.check_window(DraftKind.NORMATIVE, D(2025, 9, 29), D(2025, 10, 10), CALENDAR)
    message = check.refusal()
    assert "不少于7个工作日" in message
    assert "2025年10月14日" in message
    assert "暂估" not in message
    rules = windows.check_window(DraftKind.RULES, D(2026, 3, 2), D(2026, 3, 20), CALENDAR)
    assert "不少于30日" in rules.refusal()
    assert "2026年3月31日" in rules.refusal()
    assert "《规章制定程序条例》第十六条" in rules.refusal()


def test_a_count_over_a_provisional_year_says_so():
    check = windows.check_window(
        DraftKind.NORMATIVE, D(2025, 12, 29), D(2025, 12, 31), ONLY_2025_OFFICIAL
    )
    assert check.provisional
    assert "按2026年法定节假日暂估" in check.refusal()
    inside = windows.check_window(
        DraftKind.NORMATIVE, D(2025, 9, 29), D(2025, 10, 1), ONLY_2025_OFFICIAL
    )
    assert not inside.provisional


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2025, 9, 29), D(2025, 9, 29), 1),
        (D(2025, 10, 1), D(2025, 10, 8), 0),
        (D(2025, 9, 27), D(2025, 10, 12), 6),  # Sun 28, Mon 29, Tue 30, Thu 9, Fri 10, Sat 11
        (D(2025, 10, 2), D(2025, 10, 1), 0),
    ],
)
def test_working_days_between_counts_both_ends(start, end, count):
    assert windows.working_days_between(start, end, CALENDAR) == count


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError, match="截止日期不能早于开始日期"):
        windows.check_window(DraftKind.OTHER, D(2026, 3, 2), D(2026, 3, 1), CALENDAR)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20),
        ("二十一", 21), ("九十九", 99), ("一百", 100), ("一百零五", 105), ("一百一十", 110),
        ("一百二十三", 123), ("两百", 200), ("二百〇一", 201), ("一千零一", 1001),
        ("3", 3), ("１２", 12), ("45", 45),
    ],
)  # fmt: skip
def test_chinese_numerals(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "条", "三三", "a"])
def test_not_a_numeral(text):
    with pytest.raises(ValueError, match="numeral"):
        chinese_number(text)


@pytest.mark.parametrize("n", range(1, 400))
def test_numeral_round_trip(n):
    assert chinese_number(chinese_numeral(n)) == n


@pytest.mark.parametrize(
    ("n", "label"),
    [(1, "第一条"), (10, "第十条"), (11, "第十一条"), (20, "第二十条"), (105, "第一百零五条"),
     (110, "第一百一十条")],
)  # fmt: skip
def test_article_labels(n, label):
    assert article_label(n) == label


def test_a_draft_splits_into_its_articles_skipping_title_and_headings():
    text = """某某县城市绿化管理办法（征求意见稿）
第一章　总则
第一条　为了加强城市绿化管理，制定本办法。
第二条 本办法适用于本县城市规划区。
本办法所称城市绿化，包括公共绿地。
第二章 管理
第三条　县住房和城乡建设局负责城市绿化工作。
第十一条　违反本办法的，依法处理。
第12条　本办法自发布之日起施行。"""
    found = split_articles(text)
    assert [a.number for a in found] == [1, 2, 3, 11, 12]
    assert found[1].text == "本办法适用于本县城市规划区。\n本办法所称城市绿化，包括公共绿地。"
    assert found[2].text == "县住房和城乡建设局负责城市绿化工作。"
    assert found[2].label == "第三条"
    assert "第二章" not in found[1].text


def test_text_mentioning_an_article_mid_line_is_not_a_new_article():
    found = split_articles("第一条　依照本办法第三条的规定执行。\n违反第二条的，依法处理。")
    assert [a.number for a in found] == [1]
    assert found[0].text.endswith("违反第二条的，依法处理。")


def test_no_articles_in_plain_text():
    assert split_articles("一段没有条文的说明。") == []


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(Action))
def test_every_status_action_pair_follows_the_table(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    elif status in SIDE_ACTIONS.get(action, frozenset()):
        assert next_status(status, action) == status
    else:
        with pytest.raises(InvalidTransition) as info:
            next_status(status, action)
        assert str(info.value)


def test_the_happy_path():
    status = Status.DRAFT
    for action in (Action.SUBMIT, Action.OPEN, Action.CLOSE, Action.SUBMIT_FEEDBACK,
                   Action.PUBLISH_FEEDBACK):  # fmt: skip
        status = next_status(status, action)
    assert status == Status.PUBLISHED


def test_an_unknown_status_is_refused():
    with pytest.raises(InvalidTransition):
        next_status("deleted", Action.OPEN)

"""reports.website.template: the rows of the national table and the check of entered values."""

from __future__ import annotations

import pytest

from reports.website.template import (
    ENTERED_KEYS,
    ROWS,
    SECTIONS,
    Source,
    add_sums,
    clean_entered,
    display,
    missing_entries,
)


def test_the_sections_are_the_national_tables():
    assert [s.title for s in SECTIONS] == [
        "网站基本信息",
        "信息发布",
        "专栏专题",
        "解读回应",
        "办事服务",
        "互动交流",
        "安全防护",
        "移动新媒体",
        "创新发展",
    ]
    assert ROWS["unique_visitors"].source is Source.ENTERED  # no identifiers, no count
    assert ROWS["total_visits"].source is Source.COMPUTED
    for row in ROWS.values():
        assert all(part in ROWS for part in row.parts)


@pytest.mark.parametrize("raw", ["-1", "1.5", "十", "1e3", True])
def test_counts_must_be_whole_numbers_not_below_zero(raw):
    clean, problems = clean_entered({"registered_users": raw})
    assert "registered_users" not in clean
    assert problems["registered_users"] == "“注册用户数”应填写不小于0的整数。"


def test_good_values_are_cleaned():
    clean, problems = clean_entered(
        {
            "registered_users": " 1200 ",
            "monitoring": "是",
            "drills": False,
            "site_type": "部门网站",
            "weibo_name": "示例县发布",
            "weibo_posts": 30,
            "columns_new": "",
        }
    )
    assert problems == {}
    assert clean == {
        "registered_users": 1200,
        "monitoring": "是",
        "drills": "否",
        "site_type": "部门网站",
        "weibo_name": "示例县发布",
        "weibo_posts": 30,
        "columns_new": None,
    }


def test_yes_no_and_the_site_type_come_from_their_lists():
    _, problems = clean_entered({"monitoring": "有", "site_type": "门户"})
    assert problems == {
        "monitoring": "“是否建立安全监测预警机制”应选择“是”或“否”。",
        "site_type": "“网站类型”应为政府门户网站或部门网站。",
    }


def test_cross_row_rules():
    _, problems = clean_entered({"problems_found": 3, "problems_fixed": 4, "wechat_posts": 5})
    assert problems["problems_fixed"] == "问题整改数量不能多于发现问题数量。"
    assert "微信" in problems["wechat_name"]
    _, fine = clean_entered({"problems_found": 4, "problems_fixed": 4})
    assert fine == {}


def test_a_computed_row_cannot_be_entered():
    with pytest.raises(KeyError):
        clean_entered({"total_visits": 10})


def test_sums_and_display():
    values = add_sums({"info_overview": 2, "info_news": 10, "info_catalogue": 30})
    assert values["info_total"] == 42
    assert values["cases_total"] == 0
    assert display(ROWS["letters_days"], 3.25) == "3.2"
    assert display(ROWS["letters_days"], None) == ""


def test_missing_entries_skip_unnamed_accounts_and_texts():
    everything = {key: 0 for key in ENTERED_KEYS if ROWS[key].kind == "int"}
    everything |= {key: "是" for key in ENTERED_KEYS if ROWS[key].kind == "bool"}
    everything["site_type"] = "政府门户网站"
    for key in ("weibo_posts", "weibo_followers", "wechat_posts", "wechat_subscribers"):
        del everything[key]
    assert missing_entries(everything) == []
    assert missing_entries({**everything, "weibo_name": "示例县发布"}) == [
        "移动新媒体：信息发布量",
        "移动新媒体：关注量",
    ]
    assert "安全防护：是否开展应急演练" in missing_entries({})

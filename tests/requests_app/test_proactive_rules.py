"""The pure similarity rule of 依申请转主动公开 (requests_app.proactive.rules): no database."""

from __future__ import annotations

import datetime as dt

import pytest

from requests_app.proactive import rules
from requests_app.proactive.rules import RequestText

ON = dt.date(2026, 6, 30)
LOW_INCOME = "申请公开2025年度城乡最低生活保障资金发放汇总表。"


def req(description, *, pk=1, org=1, received_on=ON, **kwargs) -> RequestText:
    return RequestText(pk, org, received_on, description, **kwargs)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        pytest.param(req(LOW_INCOME), req(LOW_INCOME, pk=2), True, id="same wording"),
        pytest.param(
            req(LOW_INCOME),
            req("请提供2025年城乡最低生活保障资金发放情况汇总表", pk=2),
            True,
            id="near wording",
        ),
        pytest.param(
            req(LOW_INCOME),
            req("我想了解2024年城乡最低生活保障资金的发放汇总表", pk=2),
            True,
            id="near wording, other year",
        ),
        pytest.param(
            req(LOW_INCOME),
            req("本人申请公开2025年度全县城乡低保资金发放明细", pk=2),
            False,
            id="abbreviation 低保 is not recognised (known limit)",
        ),
        pytest.param(
            req(LOW_INCOME),
            req("申请公开人民路道路拓宽工程的建设工程规划许可证", pk=2),
            False,
            id="different topic",
        ),
        pytest.param(
            req("申请公开2025年度城乡最低生活保障资金发放汇总表"),
            req("申请公开2025年度养老服务机构运营补贴资金发放汇总表", pk=2),
            False,
            id="same formula, different subject",
        ),
        pytest.param(req(LOW_INCOME), req(LOW_INCOME, pk=2, org=2), False, id="other organisation"),
        pytest.param(
            req("请公开该文件", document_number="示民发〔2025〕12号"),
            req("需要这份通知全文", pk=2, document_number="示民发 [2025] 12号"),
            True,
            id="same 文号 in other brackets",
        ),
        pytest.param(
            req("请公开该文件", document_number="示民发〔2025〕12号"),
            req("请公开该文件", pk=2, document_number="示民发〔2025〕13号"),
            False,
            id="other 文号, short text",
        ),
        pytest.param(
            req("申请公开相关信息"), req("申请公开相关信息", pk=2), False, id="only formula"
        ),
    ],
)
def test_similar(first, second, expected):
    assert rules.similar(first, second) is expected
    assert rules.similar(second, first) is expected


def test_the_request_formula_carries_no_topic():
    assert req("本人申请公开相关政府信息的复印件").topic == frozenset()
    assert "低保" in req("申请公开低保名单").topic


@pytest.mark.parametrize(
    ("received_on", "inside"),
    [
        (ON, True),
        (ON - dt.timedelta(days=730), True),
        (ON - dt.timedelta(days=731), False),
        (ON + dt.timedelta(days=1), False),
    ],
)
def test_the_look_back_period(received_on, inside):
    assert rules.within(received_on, on=ON, look_back_days=730) is inside


def three(description=LOW_INCOME, *, org=1, start_pk=1, received_on=ON):
    return [
        req(description, pk=start_pk + i, org=org, received_on=received_on - dt.timedelta(days=i))
        for i in range(3)
    ]


def test_three_similar_applications_form_a_group():
    groups = rules.group(three(), on=ON)

    assert [g.pks for g in groups] == [(3, 2, 1)]  # in order of receipt
    assert groups[0].first_received == ON - dt.timedelta(days=2)
    assert groups[0].last_received == ON


def test_two_are_not_enough():
    assert rules.group(three()[:2], on=ON) == []


def test_applications_of_other_organisations_do_not_add_up():
    requests = [*three()[:2], req(LOW_INCOME, pk=9, org=2)]
    assert rules.group(requests, on=ON) == []


def test_an_application_outside_the_look_back_does_not_count():
    requests = [*three()[:2], req(LOW_INCOME, pk=9, received_on=ON - dt.timedelta(days=800))]
    assert rules.group(requests, on=ON, look_back_days=730) == []
    assert len(rules.group(requests, on=ON, look_back_days=900)) == 1


def test_different_topics_make_separate_groups_largest_first():
    roads = "申请公开人民路道路拓宽工程的建设工程规划许可证"
    requests = [*three(), *three(roads, start_pk=10), req(roads, pk=20)]

    groups = rules.group(requests, on=ON)

    assert [len(g) for g in groups] == [4, 3]
    assert set(groups[0].pks) == {10, 11, 12, 20}
    assert set(groups[1].pks) == {1, 2, 3}


def test_members_are_compared_with_the_anchor_so_topics_do_not_chain():
    # Each text is close to the next one, but the last is not close to the first.
    chain = [
        req(
            "申请公开2025年度城乡最低生活保障资金发放汇总表", pk=1, received_on=ON - dt.timedelta(3)
        ),
        req("申请公开2025年度城乡最低生活保障资金审计报告", pk=2, received_on=ON - dt.timedelta(2)),
        req("申请公开2025年度专项资金审计报告整改情况", pk=3, received_on=ON - dt.timedelta(1)),
    ]
    assert rules.similar(chain[1], chain[2]) or rules.similar(chain[0], chain[1])
    assert not rules.similar(chain[0], chain[2])
    assert rules.group(chain, on=ON) == []

"""点题公开 public pages through the test client: the calls, the form with its gate and its
errors, the receipt, the answered list and entry, the feed, the sitemap and the site search;
the suggester's name and contact never on any of them."""

from __future__ import annotations

import html as htmllib
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from interaction.topics.models import Suggestion
from interaction.topics.workflow import AnswerKind, RefusalReason
from tests.interaction.topics.factories import (
    EMAIL,
    NAME,
    PHONE,
    answered,
    call_of,
    handler_of,
    item_of,
    make_suggestion,
    reviewer_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, db):
    settings.TOPIC_MIN_FILL_SECONDS = 0
    cache.clear()


@pytest.fixture
def call(org_a):
    return call_of(org_a, introduction="欢迎就教育、医疗等领域提出公开建议。")


def url_of(call) -> str:
    return reverse("interaction:topics-suggest", args=[call.organisation.slug])


def form_token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return htmllib.unescape(re.search(r'name="form_token" value="([^"]+)"', page).group(1))


def data(**overrides) -> dict:
    values = {
        "subject": "城区学校学位分配情况",
        "description": "希望公开各小学的招生计划。",
        "reason": "家长关心。",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "publish_consent": "on",
    }
    values.update(overrides)
    return values


def suggest(client: Client, call, *, token=None, **overrides):
    url = url_of(call)
    payload = data(**overrides)
    payload["form_token"] = form_token(client, url) if token is None else token
    return client.post(url, payload)


def test_the_index_lists_open_calls_with_their_form(client, call, org_b):
    call_of(org_b, is_open=False)
    page = client.get(reverse("interaction:topics-index")).content.decode()
    assert url_of(call) in page
    assert org_b.name not in page
    form_page = client.get(url_of(call)).content.decode()
    assert "欢迎就教育、医疗等领域提出公开建议。" in form_page
    assert 'name="website"' in form_page  # the honeypot
    assert "15个工作日内答复" in form_page


def test_a_closed_or_unknown_call_is_404(client, org_a):
    call_of(org_a, is_open=False)
    assert client.get(reverse("interaction:topics-suggest", args=[org_a.slug])).status_code == 404
    assert client.get(reverse("interaction:topics-suggest", args=["nope"])).status_code == 404


def test_a_suggestion_is_registered_and_the_receipt_shows_its_number(client, call):
    response = suggest(client, call)
    assert response.status_code == 302
    assert response["Location"] == reverse("interaction:topics-receipt")
    suggestion = Suggestion.objects.get()
    assert suggestion.name == NAME
    assert suggestion.publish_consent
    page = client.get(response["Location"]).content.decode()
    assert suggestion.number in page
    assert f"{suggestion.due_on:%Y年%-m月%-d日}" in page
    assert NAME not in page
    assert PHONE not in page
    assert Client().get(reverse("interaction:topics-receipt")).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"subject": ""}, "请填写建议公开的信息。"),
        ({"description": ""}, "请填写具体内容"),
        ({"name": ""}, "请填写姓名。"),
        ({"phone": "", "email": ""}, "请至少填写联系电话或电子邮箱中的一项"),
        ({"phone": "12345"}, "请填写有效的联系电话"),
        ({"email": "nope"}, "有效的电子邮箱地址"),
        ({"subject": "长" * 101}, "不能超过100个字"),
        ({"column": "999999"}, "所选栏目不存在"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(client, call, overrides, message):
    response = suggest(client, call, **overrides)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "error-summary" in page
    assert "家长关心。" in page  # what was typed is kept
    assert not Suggestion.objects.exists()
    # the page can be corrected and sent again
    assert suggest(client, call).status_code == 302


def test_the_same_form_sent_twice_creates_one_suggestion(client, call):
    token = form_token(client, url_of(call))
    first = suggest(client, call, token=token)
    second = suggest(client, call, token=token)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == reverse("interaction:topics-receipt")
    assert Suggestion.objects.count() == 1


def test_a_filled_honeypot_or_a_missing_token_creates_nothing(client, call):
    url = url_of(call)
    response = client.post(url, {**data(), "form_token": form_token(client, url), "website": "x"})
    assert response.status_code == 200
    assert "希望公开各小学的招生计划。" in response.content.decode()
    response = client.post(url, {**data(), "form_token": "forged"})
    assert response.status_code == 200
    assert "页面停留时间过长" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_submissions_beyond_the_limit_are_refused_with_429(client, call, settings):
    settings.TOPIC_SUGGEST_RATE = (1, 3600)
    assert suggest(client, call).status_code == 302
    response = suggest(client, call)
    assert response.status_code == 429
    assert Suggestion.objects.count() == 1


# ---- the answered list


@pytest.fixture
def published(org_a, call):
    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    item = item_of(org_a, title="2026年城区小学招生计划")
    shown = answered(
        make_suggestion(org_a, subject="学位分配情况"),
        handler=handler,
        reviewer=reviewer,
        disclosure=item,
    )
    refused = answered(
        make_suggestion(org_a, subject="干部考核细则"),
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.NOT_PUBLISHED,
        refusal_reason=RefusalReason.INTERNAL,
        answer_text="属于内部管理事项。",
    )
    hidden = answered(
        make_suggestion(org_a, subject="未同意公开的建议", consent=False),
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.APPLY,
    )
    make_suggestion(org_a, subject="尚未答复的建议")
    return shown, refused, hidden, item


def test_the_answered_list_shows_consented_answers_with_links_and_counts(client, published):
    _shown, _refused, _hidden, item = published
    page = client.get(reverse("interaction:topics-list")).content.decode()
    assert "学位分配情况" in page
    assert "干部考核细则" in page
    assert item.get_absolute_url() in page
    assert "未同意公开的建议" not in page
    assert "尚未答复的建议" not in page
    assert NAME not in page
    assert PHONE not in page
    assert EMAIL not in page
    counts = re.search(r'<table class="data-table topic-counts">.*?</table>', page, re.S).group(0)
    cells = re.findall(r'<td data-label="[^"]+">(\d+)</td>', counts)
    assert cells == ["4", "3", "0", "1", "1"]  # received, answered, 将予, 已经, 不予
    assert reverse("interaction:topics-feed") in page  # rel=alternate


def test_the_answered_list_filters_by_answer(client, published):
    page = client.get(reverse("interaction:topics-list"), {"answer": "not_published"})
    assert "干部考核细则" in page.content.decode()
    assert "学位分配情况" not in page.content.decode()
    junk = client.get(reverse("interaction:topics-list"), {"answer": "x", "jg": "nope"})
    assert junk.status_code == 200


def test_the_entry_shows_the_answer_with_the_link_or_the_legal_basis(client, published):
    shown, refused, hidden, item = published
    page = client.get(reverse("interaction:topics-detail", args=[shown.pk])).content.decode()
    assert "已经公开" in page
    assert item.get_absolute_url() in page
    page = client.get(reverse("interaction:topics-detail", args=[refused.pk])).content.decode()
    assert "不予公开" in page
    assert "第十六条第一款" in page
    for suggestion in (shown, refused):
        page = client.get(suggestion.get_absolute_url()).content.decode()
        assert NAME not in page
        assert PHONE not in page
        assert EMAIL not in page
    assert client.get(reverse("interaction:topics-detail", args=[hidden.pk])).status_code == 404


def test_the_list_costs_the_same_queries_for_more_rows(client, published, org_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("interaction:topics-list")).status_code == 200
        return len(captured)

    before = queries()
    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    for n in range(3):
        answered(
            make_suggestion(org_a, subject=f"更多建议{n}"),
            handler=handler,
            reviewer=reviewer,
            disclosure=item_of(org_a, title=f"信息{n}"),
        )
    assert queries() == before


def test_feed_sitemap_and_search_carry_the_public_text_only(client, published):
    shown, _refused, hidden, _item = published
    feed = client.get(reverse("interaction:topics-feed")).content.decode()
    assert "学位分配情况" in feed
    assert "未同意公开的建议" not in feed
    sitemap = client.get(reverse("sitemap-section", args=["topics"])).content.decode()
    assert shown.get_absolute_url() in sitemap
    assert reverse("interaction:topics-detail", args=[hidden.pk]) not in sitemap
    search = client.get(reverse("search"), {"q": "学位分配"}).content.decode()
    assert shown.get_absolute_url() in search
    assert "点题公开" in search
    for text in (feed, sitemap, search):
        assert NAME not in text
        assert PHONE not in text
        assert EMAIL not in text


def test_a_promise_shows_its_planned_date_then_the_linked_item(client, org_a, call):
    import datetime as dt

    from interaction.topics import services

    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    suggestion = answered(
        make_suggestion(org_a, subject="公交线路调整方案"),
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.WILL_PUBLISH,
        planned_on=dt.date(2099, 1, 31),
    )
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert "将予公开" in page
    assert "2099年1月31日" in page
    assert "尚未公开" in page
    item = item_of(org_a, title="公交线路调整方案（2026年）")
    services.link_item(actor=reviewer, suggestion=suggestion, disclosure=item)
    page = client.get(suggestion.get_absolute_url()).content.decode()
    assert item.get_absolute_url() in page
    assert "尚未公开" not in page


def test_the_interaction_index_links_the_section(client, call):
    page = client.get(reverse("interaction:index")).content.decode()
    assert reverse("interaction:topics-index") in page


def test_a_provisional_due_date_says_so_on_the_receipt(client, org_a, call):
    import datetime as dt

    from catalog.models import HolidayArrangement
    from catalog.statutory_holidays import PROVISIONAL_NOTE

    if HolidayArrangement.objects.filter(year=2027).exists():
        pytest.skip("the 2027 notice is entered: nothing provisional")
    suggestion = make_suggestion(org_a, today=dt.date(2026, 12, 28))
    assert suggestion.due_provisional
    session = client.session
    session["interaction.topics.receipt"] = suggestion.pk
    session.save()
    page = client.get(reverse("interaction:topics-receipt")).content.decode()
    assert "2027年1月19日前" in page
    assert PROVISIONAL_NOTE in page


def test_the_entry_page_costs_a_fixed_number_of_queries(client, published):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for suggestion in published[:2]:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(suggestion.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    assert max(counts) <= 3  # the entry, and the linked item's public gate when there is one

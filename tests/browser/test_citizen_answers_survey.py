"""A citizen answers an open 网上调查 and later sees its results (#17).

The citizen opens the survey from 互动交流, answers a single-choice, a multiple-choice, a rating
and a free-text question, and is told the answer was recorded; the survey page then says she
has taken part, and a second try from a fresh browser (same address) is told the same and not
counted. When the survey has ended (its dates moved, as time would), the page shows the results
with counts and percentages and, under each chart, the table that is its text alternative.
"""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from interaction.surveys.models import Response, Survey, TextAnswer
from tests.factories import OrganisationFactory
from tests.interaction.surveys.factories import make_published

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.SURVEY_MIN_FILL_SECONDS = 0
    cache.clear()


def _answer(page) -> None:
    page.get_by_role("group", name=re.compile("您的年龄段")).get_by_label("60至79岁").check()
    services = page.get_by_role("group", name=re.compile("您最需要哪些服务"))
    services.get_by_label("助餐").check()
    services.get_by_label("上门探访").check()
    page.get_by_role("group", name=re.compile("总体满意度")).get_by_label("4", exact=True).check()
    page.get_by_label(re.compile("其他意见建议")).fill("希望增加社区助餐点。")
    page.get_by_role("button", name="提交答卷").click()


def test_citizen_answers_a_survey_and_later_sees_the_results(page, browser, live_server):
    civil = OrganisationFactory(slug="mzj", name="示例县民政局")
    survey = make_published(civil, title="养老服务需求调查")

    page.goto("/hdjl/")
    page.get_by_role("link", name="养老服务需求调查").click()
    page.wait_for_url(f"**/hdjl/dc/{survey.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("养老服务需求调查")
    _answer(page)

    page.wait_for_url(f"**/hdjl/dc/{survey.pk}/yt/")
    expect(page.get_by_role("status")).to_contain_text("答卷已经记录")
    response = Response.objects.get()
    assert response.answers.count() == 4  # one age, two services, one rating
    assert TextAnswer.objects.get().text == "希望增加社区助餐点。"

    page.goto(f"/hdjl/dc/{survey.pk}/")
    expect(page.get_by_role("status")).to_contain_text("您已经参与过本次调查")
    expect(page.get_by_role("button", name="提交答卷")).to_have_count(0)

    # A second try from a fresh browser on the same address: told, not counted.
    other = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    second = other.new_page()
    second.goto(f"/hdjl/dc/{survey.pk}/")
    _answer(second)
    expect(second.get_by_role("heading", level=1)).to_have_text("您已参与本次调查")
    other.close()
    assert Response.objects.count() == 1

    # The survey ends.
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    page.goto(f"/hdjl/dc/{survey.pk}/")
    results = page.locator("section.survey-results")
    expect(results).to_contain_text("共收到答卷1份")
    expect(results).to_contain_text("回答该题的人数")
    age_table = results.get_by_role("table", name=re.compile("第1题"))
    expect(age_table.get_by_role("row", name=re.compile("60至79岁"))).to_contain_text("100.0%")
    service_table = results.get_by_role("table", name=re.compile("第2题"))
    expect(service_table.get_by_role("row", name=re.compile("助餐"))).to_contain_text("1")
    expect(service_table.get_by_role("row", name=re.compile("助浴"))).to_contain_text("0.0%")
    expect(results.locator("svg[role=img]").first).to_have_attribute(
        "aria-labelledby", re.compile("title")
    )
    expect(results).to_contain_text("平均4.00分")
    # the free text is not public before moderation
    expect(results).not_to_contain_text("希望增加社区助餐点")

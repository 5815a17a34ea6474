"""A caseworker handles an online application in the admin, then the applicant reads the answer.

告知补正 → 收到补正 → 延期答复 (10 working days) → 答复 (部分公开, with reasons); then the
applicant's progress page shows 已办结 and the answer document opens.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.models import Application, ReplyNotice
from requests_app.outcomes import OUTCOMES, Outcome
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY_PASSWORD = "Cx-2026-query"
REASONS = "申请公开的名单中含有其他低保对象的身份证号码和家庭住址，属于个人隐私，已作区分处理。"


def _iso(day: dt.date) -> str:
    # <input type="date"> takes ISO dates whatever the page's language
    return day.isoformat()


def test_handler_answers_partially_after_correction_and_extension(page, browser, live_server):
    org = OrganisationFactory(slug="mzj", name="示例县民政局", short_name="县民政局")
    handler = make_staff(role=roles.CASEWORKER, organisations=[org], username="mzj_jbr")
    device = enrolled_device(handler)
    first17 = "33109919800101001"
    application = services.submit_application(
        organisation=org,
        data={
            "name": "张三丰",
            "id_type": "resident_id",
            "id_number": first17 + id_number_check_char(first17),
            "phone": "13800004444",
            "address": "示例县城关镇人民路1号",
            "description": "申请公开低保名单。",
        },
        query_password=QUERY_PASSWORD,
    )
    today = timezone.localdate()
    calendar = CalendarDay.objects.work_calendar()

    # the handler logs in and opens the new application from the list
    page.goto("/admin/")
    page.get_by_label("用户名").fill("mzj_jbr")
    page.get_by_label("密码").fill("Secret-Pass-123")
    page.get_by_role("button", name="登录").click()
    enter_code(page, device)  # handlers see personal data: password and TOTP code
    page.wait_for_url("**/admin/")
    page.goto("/admin/requests_app/application/?queue=new")
    page.get_by_role("link", name=application.number).click()
    change_page = re.compile(rf"/admin/requests_app/application/{application.pk}/change/")
    page.wait_for_url(change_page)

    # 告知补正
    page.get_by_role("link", name="告知补正").click()
    page.get_by_label("需要补正的事项").fill("请写明所需低保名单的年度和所在乡镇、社区。")
    page.get_by_label("补正期限").fill(_iso(calendar.add_working_days(today, 15)))
    page.get_by_role("button", name="确认告知补正").click()
    page.wait_for_url(change_page)
    assert page.get_by_text(f"已告知补正：{application.number}").is_visible()

    # 收到补正: the reply period restarts today
    page.get_by_role("link", name="收到补正").click()
    page.get_by_label("收到补正日期").fill(_iso(today))
    page.get_by_label("补正后的内容描述").fill("申请公开城关镇幸福社区2025年第四季度低保对象名单。")
    page.get_by_role("button", name="确认收到补正").click()
    page.wait_for_url(change_page)

    # 延期答复 by 10 working days
    page.get_by_role("link", name="延期答复").click()
    page.get_by_label("延长工作日数").fill("10")
    page.get_by_label("批准人").fill("李晓红")
    page.get_by_label("延期理由").fill("需要逐户核对名单中的个人信息")
    page.get_by_role("button", name="确认延期答复").click()
    page.wait_for_url(change_page)
    application.refresh_from_db()
    assert application.due_on == calendar.add_working_days(today, 30)

    # 答复: 部分公开 with reasons
    page.get_by_role("link", name="答复", exact=True).click()
    page.get_by_label("办理结果").select_option(Outcome.PARTIAL.value)
    page.get_by_label("理由和依据").fill(REASONS)
    page.get_by_label("提供方式").fill("以电子文档形式通过本平台提供。")
    page.get_by_label("答复日期").fill(_iso(today))
    page.get_by_role("button", name="确认答复").click()
    page.wait_for_url(change_page)
    assert page.get_by_text(f"已答复：{application.number}").is_visible()

    application.refresh_from_db()
    assert application.status == "closed"
    assert application.outcome == Outcome.PARTIAL
    assert list(application.notices.order_by("id").values_list("kind", flat=True)) == [
        ReplyNotice.Kind.RECEIPT,
        ReplyNotice.Kind.CORRECTION,
        ReplyNotice.Kind.EXTENSION,
        ReplyNotice.Kind.ANSWER,
    ]
    assert list(application.events.order_by("id").values_list("action", flat=True)) == [
        "submit",
        "request_correction",
        "receive_correction",
        "extend",
        "answer",
    ]

    # the applicant, in a browser of their own, checks the progress and opens the answer
    context = browser.new_context(locale="zh-CN", base_url=live_server.url)
    citizen = context.new_page()
    citizen.set_default_timeout(15_000)
    try:
        citizen.goto("/ysqgk/cx/")
        citizen.get_by_label("申请编号").fill(application.number.lower())
        citizen.get_by_label("查询密码").fill(QUERY_PASSWORD)
        citizen.get_by_role("button", name="查询").click()
        citizen.wait_for_url("**/ysqgk/cx/")
        assert citizen.locator(".status").inner_text() == "已办结"
        assert "部分公开" in citizen.locator("main").inner_text()
        citizen.get_by_role("link", name=re.compile("政府信息部分公开告知书")).click()
        citizen.wait_for_url("**/ysqgk/cx/ws/*/")
        text = citizen.locator("body").inner_text()
        assert OUTCOMES[Outcome.PARTIAL].decision in text
        assert REASONS in text
        assert Application.objects.get(pk=application.pk).status == "closed"
    finally:
        context.close()

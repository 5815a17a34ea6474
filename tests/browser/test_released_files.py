"""A caseworker answers 予以公开 with the released file attached in the admin; the applicant
proves number and password on the progress page and downloads exactly that file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import timezone

from catalog import roles
from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.outcomes import Outcome
from tests.browser.second_factor import enrolled_device, enter_code
from tests.factories import OrganisationFactory, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY_PASSWORD = "Cx-2026-query"
RELEASED = (
    b"%PDF-1.4\n% 2025\xe5\xb9\xb4\xe4\xbd\x8e\xe4\xbf\x9d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_handler_answers_with_a_released_file_and_the_citizen_downloads_it(
    page, browser, live_server, tmp_path
):
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
            "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
        },
        query_password=QUERY_PASSWORD,
    )
    source = tmp_path / "2025年度低保资金汇总表.pdf"
    source.write_bytes(RELEASED)

    # the handler answers 予以公开 and attaches the file on the answer page
    page.goto("/admin/")
    page.get_by_label("用户名").fill("mzj_jbr")
    page.get_by_label("密码").fill("Secret-Pass-123")
    page.get_by_role("button", name="登录").click()
    enter_code(page, device)  # handlers see personal data: password and TOTP code
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/requests_app/application/{application.pk}/change/")
    page.get_by_role("link", name="答复", exact=True).click()
    page.get_by_label("办理结果").select_option(Outcome.DISCLOSE.value)
    page.get_by_label("提供方式").fill("以电子文档形式通过本平台提供。")
    page.get_by_label("答复日期").fill(timezone.localdate().isoformat())
    page.get_by_label("提供的政府信息文件").set_input_files(str(source))
    page.get_by_role("button", name="确认答复").click()
    page.wait_for_url(re.compile(rf"/admin/requests_app/application/{application.pk}/change/"))
    assert page.get_by_text(f"已答复：{application.number}").is_visible()
    assert page.get_by_role("link", name=source.name).is_visible()

    # the applicant, in a browser of their own, proves number and password and downloads it
    context = browser.new_context(locale="zh-CN", base_url=live_server.url, accept_downloads=True)
    citizen = context.new_page()
    citizen.set_default_timeout(15_000)
    try:
        citizen.goto("/ysqgk/cx/")
        citizen.get_by_label("申请编号").fill(application.number)
        citizen.get_by_label("查询密码").fill(QUERY_PASSWORD)
        citizen.get_by_role("button", name="查询").click()
        section = citizen.get_by_role("region", name="提供的政府信息")
        assert section.get_by_role("cell", name=source.name, exact=True).is_visible()
        with citizen.expect_download() as info:
            section.get_by_role("link", name=f"下载 {source.name}").click()
        download = info.value
        assert download.suggested_filename == source.name
        saved = Path(tmp_path / "saved.pdf")
        download.save_as(saved)
        assert saved.read_bytes() == RELEASED
    finally:
        context.close()

"""A 依申请经办人 must enrol a TOTP second factor, then logs in with password and code."""

import pytest

from catalog import roles
from tests.browser.second_factor import code_from_secret
from tests.factories import OrganisationFactory, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Secret-Pass-123"  # set by tests.factories.UserFactory


def password_step(page) -> None:
    page.goto("/admin/login/")
    page.get_by_label("用户名").fill("mzj_jbr")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_handler_enrols_totp_and_logs_in_with_password_and_code(page):
    organisation = OrganisationFactory(name="测试县民政局", slug="mzj")
    make_staff(role=roles.CASEWORKER, organisations=[organisation], username="mzj_jbr")

    # the password alone leads to enrolment, not to the cases
    password_step(page)
    page.wait_for_url("**/admin/security/otp/enrol/**")
    assert "须启用动态口令" in page.content()
    assert page.locator("#otp-qr").is_visible()
    page.goto("/admin/requests_app/application/")
    page.wait_for_url("**/admin/security/otp/enrol/**")

    # the handler adds the key to an authenticator app and types its code
    secret = page.locator("#otp-secret").inner_text()
    page.get_by_label("动态验证码").fill(code_from_secret(secret))
    page.get_by_role("button", name="启用动态口令").click()
    page.wait_for_url("**/admin/requests_app/application/")
    assert "动态口令已启用" in page.locator(".messagelist").inner_text()

    # next time: password, then the code (the next period's, as a used code is refused)
    page.locator("#logout-form").get_by_role("button").click()
    page.wait_for_url("**/admin/logout/")
    password_step(page)
    page.wait_for_url("**/admin/security/otp/verify/**")
    page.get_by_label("动态验证码").fill("000000")
    page.get_by_role("button", name="验证并登录").click()
    assert "动态验证码不正确" in page.locator(".errorlist").inner_text()
    page.wait_for_timeout(1100)  # django-otp waits a second after a wrong code
    page.get_by_label("动态验证码").fill(code_from_secret(secret, steps_ahead=1))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url("**/admin/")
    assert "依申请公开" in page.content()

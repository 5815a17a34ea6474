"""Admin login: lockout after repeated failures (django-axes), TOTP second factor, idle expiry,
password length. Logins go through the real login page, not force_login."""

from __future__ import annotations

import time

import pytest
import segno
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalog import roles
from portal.security.sessions import LAST_SEEN_KEY
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "Secret-Pass-123"  # tests.factories.UserFactory
LOGIN = "/admin/login/"


def log_in(client, username, password=PASSWORD, address="10.0.0.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The device's current code, computed from its key as an authenticator app does."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


@pytest.fixture
def officer(org_a):
    return make_staff(role=roles.INFO_OFFICER, organisations=[org_a], username="czj_xxy")


@pytest.fixture
def handler(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a], username="czj_jbr")


# --------------------------------------------------------------------------- lockout


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    client, officer, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "czj_xxy", "wrong-password-1").status_code == 200
    locked = log_in(client, "czj_xxy", "wrong-password-1")

    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.content.decode()
    assert "30分钟后再试" in locked.content.decode()
    right = log_in(client, "czj_xxy", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.filter(username="czj_xxy").count() >= 5


def test_the_account_stays_locked_from_another_address(client, officer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "czj_xxy", "wrong-password-1", address="10.0.0.7")
    assert log_in(client, "czj_xxy", PASSWORD, address="10.9.9.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, org_a, officer, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, f"guess{n}", "wrong-password-1", address="10.0.0.66")
    assert log_in(client, "czj_xxy", PASSWORD, address="10.0.0.66").status_code == 429
    assert log_in(client, "czj_xxy", PASSWORD, address="10.0.0.67").status_code == 302


def test_a_superuser_unlocks_a_locked_account_in_the_admin(client, officer, superuser, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "czj_xxy", "wrong-password-1")
    assert log_in(client, "czj_xxy", PASSWORD).status_code == 429

    from django.test import Client

    admin_client = Client()
    admin_client.force_login(superuser)
    attempts = list(AccessAttempt.objects.values_list("pk", flat=True))
    listing = admin_client.get(reverse("admin:portal_loginlockout_changelist"))
    assert "czj_xxy" in listing.content.decode()
    assert "已锁定" in listing.content.decode()
    response = admin_client.post(
        reverse("admin:portal_loginlockout_changelist"),
        {"action": "unlock", "_selected_action": attempts},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert LogEntry.objects.filter(user=superuser, action_flag=DELETION).count() == len(attempts)

    assert log_in(client, "czj_xxy", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_see_or_clear_lockouts(client, org_a, officer):
    supervisor = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    client.force_login(supervisor)
    assert client.get(reverse("admin:portal_loginlockout_changelist")).status_code == 403
    assert client.get(reverse("admin:portal_loginfailure_changelist")).status_code == 403


# --------------------------------------------------------------------------- second factor


def test_a_handler_must_enrol_totp_before_using_the_admin(client, handler):
    assert log_in(client, "czj_jbr").status_code == 302

    response = client.get(reverse("admin:requests_app_application_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:otp-enrol"))

    page = client.get(reverse("admin:otp-enrol"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "须启用动态口令" in text
    assert 'src="data:image/svg+xml' in text
    device = TOTPDevice.objects.get(user=handler, confirmed=False)
    # The QR code's box is reserved before it loads: its size as drawn (4 px a module).
    width, height = segno.make(device.config_url, error="m").symbol_size(scale=4)
    assert f'width="{width}" height="{height}" alt="动态口令二维码"' in text

    wrong = client.post(reverse("admin:otp-enrol"), {"token": "000000"})
    assert "动态验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles: one second after the first wrong code
    done = client.post(reverse("admin:otp-enrol"), {"token": code_for(device), "next": "/admin/"})

    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("admin:requests_app_application_changelist")).status_code == 200


def test_login_asks_for_the_code_after_the_password(client, handler):
    device = TOTPDevice.objects.create(user=handler, name="手机", confirmed=True)
    assert log_in(client, "czj_jbr").status_code == 302

    blocked = client.get("/admin/")
    assert blocked.status_code == 302
    assert blocked["Location"].startswith(reverse("admin:otp-verify"))
    wrong = client.post(reverse("admin:otp-verify"), {"token": "12345x"})
    assert "动态验证码为6位数字" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    ok = client.post(reverse("admin:otp-verify"), {"token": code_for(device), "next": "/admin/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_used_code_cannot_be_replayed(client, handler):
    device = TOTPDevice.objects.create(user=handler, name="手机", confirmed=True)
    code = code_for(device)
    log_in(client, "czj_jbr")
    client.post(reverse("admin:otp-verify"), {"token": code})
    client.post(reverse("admin:logout"))

    log_in(client, "czj_jbr")
    replay = client.post(reverse("admin:otp-verify"), {"token": code})
    assert replay.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_password_alone_cannot_enrol_a_second_device(client, handler):
    TOTPDevice.objects.create(user=handler, name="手机", confirmed=True)
    log_in(client, "czj_jbr")

    response = client.get(reverse("admin:otp-enrol"))

    assert response.status_code == 302
    assert TOTPDevice.objects.filter(user=handler).count() == 1
    assert client.get("/admin/").status_code == 302  # still held at the code page


def test_an_officer_without_a_device_is_not_forced_unless_configured(client, officer, settings):
    log_in(client, "czj_xxy")
    assert client.get("/admin/").status_code == 200

    settings.OTP_REQUIRED_FOR_ALL_STAFF = True
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:otp-enrol"))


def test_superusers_need_the_second_factor(client, superuser):
    log_in(client, "root")
    response = client.get("/admin/auth/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:otp-enrol"))


def test_the_verify_page_does_not_redirect_off_site(client, handler):
    device = TOTPDevice.objects.create(user=handler, name="手机", confirmed=True)
    log_in(client, "czj_jbr")
    response = client.post(
        reverse("admin:otp-verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


# --------------------------------------------------------------------------- sessions


def test_a_staff_session_ends_after_thirty_idle_minutes(client, officer, settings):
    assert settings.STAFF_SESSION_IDLE_SECONDS == 30 * 60
    client.force_login(officer)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 31 * 60
    session.save()

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    assert "为保护信息安全已自动退出" in login_page.content.decode()


def test_an_active_staff_session_continues(client, officer):
    client.force_login(officer)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 29 * 60
    session.save()
    assert client.get("/admin/").status_code == 200


def test_public_pages_create_no_session(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies


# --------------------------------------------------------------------------- passwords


@pytest.mark.parametrize("password", ["Short-pass1", "12345678901234", "password1234"])
def test_weak_staff_passwords_are_refused(officer, password):
    with pytest.raises(ValidationError):
        validate_password(password, user=officer)


def test_twelve_characters_and_the_demo_password_are_accepted(officer):
    validate_password("Qiang-Kou-12", user=officer)
    validate_password("Sunshine-2026", user=officer)

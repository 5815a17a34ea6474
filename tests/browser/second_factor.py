"""Helpers for journeys of staff who log in with a TOTP code after the password."""

from __future__ import annotations

import time
from base64 import b32decode

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_from_key(key: bytes, *, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for ``key`` now (or ``steps_ahead`` periods later)."""
    totp = TOTP(key, step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def code_from_secret(secret: str, *, steps_ahead: int = 0) -> str:
    """The code for the base32 key shown on the enrolment page (spaces as displayed)."""
    return code_from_key(b32decode(secret.replace(" ", "")), steps_ahead=steps_ahead)


def enrolled_device(user) -> TOTPDevice:
    """A confirmed TOTP device, as after the user enrolled it in the admin."""
    return TOTPDevice.objects.create(user=user, name="手机", confirmed=True)


def enter_code(page, device: TOTPDevice, *, steps_ahead: int = 0) -> None:
    """On the code page after the password, type the device's current code."""
    page.wait_for_url("**/admin/security/otp/verify/**")
    page.get_by_label("动态验证码").fill(code_from_key(device.bin_key, steps_ahead=steps_ahead))
    page.get_by_role("button", name="验证并登录").click()

"""Second factor for staff (TOTP through django-otp): who needs it, enrolment and the login step.

After the password (Django's admin login, throttled by django-axes) a staff member who has a
confirmed device must enter its current code before any other admin page; one who must have a
device (superusers, ``OTP_REQUIRED_ROLES``, or everyone with ``OTP_REQUIRED_FOR_ALL_STAFF``)
but has none is sent to enrolment first. A device is enrolled only while the account has no
confirmed one, so a stolen password cannot add a second device.
"""

from __future__ import annotations

import logging
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_totp.models import TOTPDevice

logger = logging.getLogger("portal.security")

DEVICE_NAME = "后台登录动态口令"


def otp_required(user) -> bool:
    """Superusers and the roles that see applicants' personal data must use a second factor."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser or settings.OTP_REQUIRED_FOR_ALL_STAFF:
        return True
    return user.groups.filter(name__in=settings.OTP_REQUIRED_ROLES).exists()


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


class SecondFactorMiddleware:
    """Hold a staff member at the code or enrolment page until the second factor is done."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        redirect = self._gate(request)
        return redirect or self.get_response(request)

    def _gate(self, request: HttpRequest):
        admin_root = reverse("admin:index")
        if not request.path.startswith(admin_root):
            return None  # public pages never touch the session here
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        verify_url = reverse("admin:otp-verify")
        enrol_url = reverse("admin:otp-enrol")
        if request.path in {verify_url, enrol_url, reverse("admin:logout")}:
            return None
        target = None
        if confirmed_device(user) is not None:
            target = verify_url
        elif otp_required(user):
            target = enrol_url
        if target is None:
            return None
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


class TokenForm(forms.Form):
    token = forms.CharField(
        label="动态验证码",
        min_length=6,
        max_length=6,
        help_text="打开手机上的身份验证器应用，输入显示的6位数字。",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={
            "required": "请输入6位动态验证码。",
            "min_length": "动态验证码为6位数字。",
            "max_length": "动态验证码为6位数字。",
        },
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("动态验证码为6位数字。")
        return token


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


WRONG_CODE = "动态验证码不正确或已过期，请核对手机时间后重新输入。"
THROTTLED = "动态验证码错误次数过多，请稍候几秒再试。"


def _audit(request: HttpRequest, device: TOTPDevice, *, flag: int, message: str) -> None:
    LogEntry.objects.log_actions(
        user_id=request.user.pk, queryset=[device], action_flag=flag, change_message=message
    )


@never_cache
@sensitive_post_parameters("token")
def enrol_view(request: HttpRequest):
    """Show a new TOTP key as a QR code; a correct code from it confirms the device."""
    user = request.user
    if confirmed_device(user) is not None:
        messages.info(request, "您已启用动态口令。如需更换手机，请联系系统管理员重置。")
        return HttpResponseRedirect(reverse("admin:index"))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by(
        "pk"
    ).first() or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()  # django-otp's throttling after wrong codes
        if not allowed:
            form.add_error("token", THROTTLED)
        elif device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            django_otp.login(request, device)
            _audit(request, device, flag=ADDITION, message="启用动态口令（双因素认证）")
            logger.info("second factor enrolled for staff user %s", user.pk)
            messages.success(request, "动态口令已启用。今后登录时，输入密码后还需输入动态验证码。")
            return HttpResponseRedirect(_next_url(request))
        else:
            form.add_error("token", WRONG_CODE)
    secret = b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, error="m")
    qr_width, qr_height = qr.symbol_size(scale=4)
    context = {
        **admin.site.each_context(request),
        "title": "启用动态口令（双因素认证）",
        "form": form,
        "qr_data_uri": qr.svg_data_uri(scale=4),
        "qr_size": {"width": qr_width, "height": qr_height},  # reserved before the image loads
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": otp_required(user),
        "next": _next_url(request),
    }
    return TemplateResponse(request, "admin/security/otp_enrol.html", context)


@never_cache
@sensitive_post_parameters("token")
def verify_view(request: HttpRequest):
    """The login step after the password: the current code of the user's confirmed device."""
    user = request.user
    device = confirmed_device(user)
    if device is None or user.is_verified():
        return HttpResponseRedirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        verified = (
            django_otp.verify_token(user, device.persistent_id, form.cleaned_data["token"])
            if allowed
            else None
        )
        if verified is not None:
            django_otp.login(request, verified)
            _audit(request, verified, flag=CHANGE, message="动态口令验证通过，登录后台")
            return HttpResponseRedirect(_next_url(request))
        logger.warning("second factor refused for staff user %s", user.pk)
        form.add_error("token", WRONG_CODE if allowed else THROTTLED)
    context = {
        **admin.site.each_context(request),
        "title": "输入动态验证码",
        "form": form,
        "next": _next_url(request),
    }
    return TemplateResponse(request, "admin/security/otp_verify.html", context)

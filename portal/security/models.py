"""Chinese admin views of django-axes' login records (proxy models: no tables of their own)."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog


class LoginLockout(AccessAttempt):
    """Failed-login counters per account and address; deleting a row lifts its lockout."""

    class Meta:
        proxy = True
        verbose_name = "登录失败计数与锁定"
        verbose_name_plural = "登录失败计数与锁定"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"


class LoginRecord(AccessLog):
    class Meta:
        proxy = True
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"

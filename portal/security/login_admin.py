"""Superusers read login records and lift lockouts here (django-axes' own admin is off)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages

from catalog.admin import ReadOnlyAdminMixin
from portal.security.models import LoginFailure, LoginLockout, LoginRecord


class _ReadOnly(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Audit records: nobody adds or edits them; only superusers (no role has these permissions)."""


@admin.register(LoginLockout)
class LoginLockoutAdmin(_ReadOnly):
    list_display = ["username", "ip_address", "failures_since_start", "locked", "attempt_time"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    actions = ["unlock"]

    @admin.display(description="状态", boolean=False)
    def locked(self, obj) -> str:
        return "已锁定" if obj.failures_since_start >= settings.AXES_FAILURE_LIMIT else "未锁定"

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description="解除所选账号或地址的锁定", permissions=["delete"])
    def unlock(self, request, queryset):
        rows = list(queryset)
        self.log_deletions(request, rows)  # who unlocked what stays in the admin log
        queryset.delete()
        messages.success(request, f"已解除{len(rows)}条登录失败计数，相应账号或地址可以重新登录。")


@admin.register(LoginFailure)
class LoginFailureAdmin(_ReadOnly):
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "user_agent"]
    list_filter = ["locked_out"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


@admin.register(LoginRecord)
class LoginRecordAdmin(_ReadOnly):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "user_agent"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"

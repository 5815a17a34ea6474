"""List filters of the staff item list: published late, with a pending revision."""

from __future__ import annotations

from django.contrib import admin


class LateFilter(admin.SimpleListFilter):
    title = "发布时效"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", "超过20个工作日"), ("0", "按时发布")]

    def queryset(self, request, queryset):
        if self.value() in {"0", "1"}:
            return queryset.filter(is_late=self.value() == "1", published_at__isnull=False)
        return queryset


class PendingRevisionFilter(admin.SimpleListFilter):
    """Reviewers find the published items whose changes wait for them."""

    title = "待审核的修改"
    parameter_name = "revision"

    def lookups(self, request, model_admin):
        return [("pending", "有待审核的修改稿")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(revisions__state="pending")
        return queryset

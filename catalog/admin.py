"""Admin for organisations, memberships and site settings, plus the organisation gate mixin."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from catalog import pageview_admin  # noqa: F401 - registers 页面访问量
from catalog.admin_scoping import ReadOnlyAdminMixin, ScopedInline, StaffScopedChoicesMixin
from catalog.models import (
    CalendarDay,
    Category,
    Membership,
    Organisation,
    SiteSettings,
    TopicCategory,
)

admin.site.site_header = "阳光政务公开平台 · 管理后台"
admin.site.site_title = "阳光政务公开平台管理后台"
admin.site.index_title = "工作台"


class OrganisationScopedAdmin(StaffScopedChoicesMixin, admin.ModelAdmin):
    """Staff see and change only objects of their own organisations; superusers see all.

    The model's QuerySet must offer ``for_staff(user)`` (the per-model gate). Every relation
    chooser (Organisation, and any other gated model) offers only what the user may see.
    """

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).for_staff(request.user)

    def _in_scope(self, request: HttpRequest, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)


class ReadOnlyInline(ScopedInline):
    """An audit or document list shown on a change page: nothing added, changed or deleted.

    It belongs to the record it hangs on: whoever may view that record sees its trail (a
    handler reads the 办理记录 of the cases she handles without a permission of its own).
    """

    extra = 0
    can_delete = False

    def has_view_permission(self, request, obj=None):
        opts = self.parent_model._meta
        return any(
            request.user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")
            for action in ("view", "change")
        )

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(OrganisationScopedAdmin):
    list_display = ("name", "short_name", "kind", "parent", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name", "credit_code")
    fieldsets = (
        (
            "基本信息",
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "parent",
                    "credit_code",
                    "head",
                    "sort_order",
                    "is_active",
                )
            },
        ),
        ("机构职能", {"fields": ("functions",)}),
        (
            "政府信息公开指南",
            {
                "fields": (
                    "disclosure_office",
                    "address",
                    "office_hours",
                    "phone",
                    "fax",
                    "email",
                    "postcode",
                    "reading_room",
                    "guide_notes",
                    "guide_revised_on",
                ),
            },
        ),
        (
            "答复书救济条款",
            {
                "fields": ("review_body", "court"),
                "description": "依申请公开答复书、告知书写明的行政复议机关和管辖人民法院。",
            },
        ),
        ("信息公开目录", {"fields": ("columns", "index_pattern")}),
    )
    filter_horizontal = ("columns",)
    guide_fields = (
        "disclosure_office",
        "address",
        "office_hours",
        "phone",
        "fax",
        "email",
        "postcode",
        "reading_room",
        "guide_notes",
        "name",
    )
    # Identity fields decide URLs, index numbers and the hierarchy: superusers only.
    identity_fields = (
        "slug",
        "kind",
        "parent",
        "credit_code",
        "is_active",
        "sort_order",
        "index_pattern",
    )

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ("guide_revised_on",)
        return (*self.identity_fields, "guide_revised_on")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "columns":
            kwargs["queryset"] = Category.objects.filter(
                kind=Category.Kind.STATUTORY, parent__isnull=False
            ).select_related("parent")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not obj.remedy_is_complete and request.method == "GET":
            messages.warning(
                request,
                "本机构尚未设置完整的行政复议机关或管辖人民法院，答复书的救济条款将无法写明具体机关，"
                "请在“答复书救济条款”中填写。",
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        # 条例 Art. 12: the guide must be kept current; its revision date follows its content.
        if not change or set(form.changed_data) & set(self.guide_fields):
            obj.guide_revised_on = timezone.localdate()
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class MembershipInline(ScopedInline):
    model = Membership
    extra = 1
    verbose_name = "所属机构"
    verbose_name_plural = "所属机构（工作人员只能看到和处理本机构的信息）"
    autocomplete_fields = ("organisation",)


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    list_display = ("username", "last_name", "first_name", "is_staff", "is_active", "roles")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "memberships__organisation")

    @admin.display(description="角色")
    def roles(self, obj) -> str:
        return "、".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (
            "网站标识",
            {
                "fields": (
                    "site_name",
                    "sponsor",
                    "organizer",
                    "site_code",
                    "icp_number",
                    "police_record_number",
                    "party_gov_badge_url",
                )
            },
        ),
        ("联系我们", {"fields": ("contact_phone", "contact_email", "contact_address")}),
    )

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row only: go straight to its form.
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        obj = SiteSettings.objects.first()
        if obj is None:
            return HttpResponseRedirect(reverse("admin:catalog_sitesettings_add"))
        return HttpResponseRedirect(reverse("admin:catalog_sitesettings_change", args=[obj.pk]))


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "parent",
        "kind",
        "slug",
        "legal_basis",
        "update_cycle_days",
        "sort_order",
    )
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    list_select_related = ("parent",)
    ordering = ("kind", "parent__sort_order", "sort_order", "id")


@admin.register(TopicCategory)
class TopicCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "sort_order")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)
    list_select_related = ("parent",)


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The days, read-only: they change only with their notice (节假日安排通知), so that every
    change recomputes the open cases' deadlines."""

    list_display = ("date", "weekday", "kind", "name", "source")
    list_filter = ("kind", "name")
    date_hierarchy = "date"
    search_fields = ("name", "source")

    @admin.display(description="星期")
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

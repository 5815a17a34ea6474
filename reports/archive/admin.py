"""Admin: the yearly archive packages (生成, 下载) and their log, each list downloadable."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin import OrganisationScopedAdmin, ReadOnlyAdminMixin
from catalog.admin_exports import ChangeListDownloadMixin
from catalog.models import Organisation
from kernel.downloads import file_download
from reports.archive.models import ArchiveEvent, ArchivePackage
from reports.archive.services import ArchiveRefused, archive_year, open_package


class ArchiveForm(forms.Form):
    organisation = forms.ModelChoiceField(label="机构", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=9999)
    restricted = forms.BooleanField(
        label="含申请人个人信息（档案室版本）",
        required=False,
        help_text="不勾选时，依申请公开案卷中的申请人个人信息一律遮盖。生成和下载均记入个人信息访问记录。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_staff(user).active()
        if not user.has_perm("reports.archive_restricted"):
            del self.fields["restricted"]


PACKAGE_HEADER = ["机构", "年度", "含个人信息", "信息（条）", "案卷（件）", "年报（份）",
                  "网页（页）", "大小（字节）", "SHA-256", "生成人", "生成时间"]  # fmt: skip
EVENT_HEADER = ["时间", "操作", "机构", "年度", "含个人信息", "操作人", "SHA-256", "说明"]


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else ""


@admin.register(ArchivePackage)
class ArchivePackageAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    list_display = ["__str__", "year", "restricted", "item_count", "case_count", "report_count",
                    "capture_count", "size", "created_at", "created_by", "download_link"]  # fmt: skip
    list_filter = ["year", "restricted", ("organisation", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = ["organisation", "year", "restricted", "sha256", "size", "item_count",
                       "case_count", "report_count", "capture_count", "created_by", "created_at"]  # fmt: skip
    change_list_template = "admin/reports/archivepackage/change_list.html"
    export_name = "年度归档包"
    export_select_related = ["organisation", "created_by"]

    def export_header(self) -> list[str]:
        return PACKAGE_HEADER

    def export_rows(self, queryset) -> list[list]:
        return [
            [p.organisation.name, p.year, "是" if p.restricted else "否", p.item_count,
             p.case_count, p.report_count, p.capture_count, p.size, p.sha256,
             p.created_by.get_username() if p.created_by else "（服务器命令行）",
             _when(p.created_at)]
            for p in queryset
        ]  # fmt: skip

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="下载")
    def download_link(self, obj: ArchivePackage) -> str:
        url = reverse("admin:reports_archivepackage_download", args=[obj.pk])
        return format_html('<a href="{}">下载ZIP</a>', url)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/download/",
                wrap(self.download_view),
                name="reports_archivepackage_download",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        """The 生成归档包 page: organisation, year, kind; runs the same service as the command."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ArchiveForm(request.POST or None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                package = archive_year(
                    actor=request.user,
                    organisation=form.cleaned_data["organisation"],
                    year=form.cleaned_data["year"],
                    restricted=form.cleaned_data.get("restricted", False),
                )
            except ArchiveRefused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    f"已生成{package}：主动公开信息{package.item_count}条，"
                    f"依申请公开案卷{package.case_count}件，SHA-256 {package.sha256}。",
                )
                return HttpResponseRedirect(reverse("admin:reports_archivepackage_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "生成年度归档包",
            "form": form,
        }
        return TemplateResponse(request, "admin/reports/archivepackage/generate.html", context)

    def download_view(self, request: HttpRequest, pk: int):
        package = get_object_or_404(self.get_queryset(request), pk=pk)
        try:
            handle = open_package(actor=request.user, package=package)
        except ArchiveRefused as exc:
            raise PermissionDenied(str(exc)) from exc
        return file_download(handle, filename=package.file.name.rsplit("/", 1)[-1])


@admin.register(ArchiveEvent)
class ArchiveEventAdmin(ReadOnlyAdminMixin, ChangeListDownloadMixin, OrganisationScopedAdmin):
    list_display = ["created_at", "action", "organisation", "year", "restricted", "username"]
    list_filter = ["action", "year", "restricted"]
    search_fields = ["username"]
    export_name = "归档操作记录"
    export_select_related = ["organisation"]

    def export_header(self) -> list[str]:
        return EVENT_HEADER

    def export_rows(self, queryset) -> list[list]:
        return [
            [_when(e.created_at), e.get_action_display(), e.organisation.name, e.year,
             "是" if e.restricted else "否", e.username or "（服务器命令行）", e.sha256, e.note]
            for e in queryset
        ]  # fmt: skip

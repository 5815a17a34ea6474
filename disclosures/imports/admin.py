"""Staff UI of the catalogue import: the old addresses (原网址) and the two-step import page
for a 主管 — upload and check (a dry run: nothing is written), then confirm."""

from __future__ import annotations

import io

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from catalog.admin_scoping import StaffScopedChoicesMixin
from catalog.models import Organisation
from disclosures.imports import staging
from disclosures.imports.columns import COLUMNS, TEMPLATE_HEADER
from disclosures.imports.forms import CatalogueUploadForm
from disclosures.imports.loading import check_file
from disclosures.imports.models import LegacyAddress
from disclosures.imports.services import import_catalogue
from disclosures.models import Disclosure
from disclosures.service_base import NotAllowed
from kernel import spreadsheet
from kernel.tables import ImportFailed

PERMISSION = "disclosures.import_disclosure"
EXAMPLE = {
    "标题": "关于开展2019年度养老服务机构检查的通知",
    "机构": "mzj",
    "栏目": "通知公告",
    "主题分类": "",
    "文种": "通知",
    "文号": "示民〔2019〕12号",
    "成文日期": "2019-03-01",
    "发布日期": "2019-03-05",
    "有效性": "有效",
    "关键词": "养老服务 检查",
    "正文": "各乡镇人民政府：现将有关事项通知如下。",
    "附件": "检查表.pdf",
    "原网址": "http://www.example.gov.cn/art/2019/3/5/art_1.html",
    "外部编号": "2019-0001",
}


@admin.register(LegacyAddress)
class LegacyAddressAdmin(StaffScopedChoicesMixin, admin.ModelAdmin):
    list_display = ("url", "disclosure", "redirect", "created_at")
    list_filter = ("redirect",)
    search_fields = ("url", "disclosure__title")
    fields = ("url", "path", "disclosure", "redirect", "created_at")
    readonly_fields = ("url", "path", "disclosure", "created_at")
    change_list_template = "admin/disclosures/legacyaddress/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(disclosure__in=Disclosure.objects.for_staff(request.user))
            .select_related("disclosure")
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="disclosures_catalogue_import"),
            path(
                "import/confirm/",
                view(require_POST(self.confirm_view)),
                name="disclosures_catalogue_import_confirm",
            ),
            path(
                "import/template.csv",
                view(self.template_view),
                name="disclosures_catalogue_import_template",
            ),
            path(
                "import/report.csv",
                view(self.report_view),
                name="disclosures_catalogue_import_report",
            ),
            *super().get_urls(),
        ]

    # ---- the import page

    def _deny_unless_importer(self, request: HttpRequest) -> None:
        if not request.user.has_perm(PERMISSION):
            raise PermissionDenied

    def _context(self, request, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "导入原网站信息公开目录",
            "columns": COLUMNS,
            **extra,
        }

    def import_view(self, request: HttpRequest):
        self._deny_unless_importer(request)
        form = CatalogueUploadForm(request.POST or None, request.FILES or None, user=request.user)
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(
                request,
                "admin/disclosures/legacyaddress/import.html",
                self._context(request, form=form),
            )
        previous = staging.from_session(request.session, request.user.pk)
        if previous is not None:
            previous.discard()
        data = form.cleaned_data
        staged = staging.stage(
            request.user.pk,
            {k: data.get(k) for k in ("file", "attachments", "column_map")},
        )
        organisation = data.get("organisation")
        request.session[staging.SESSION_KEY] = {
            "user": request.user.pk,
            "token": staged.token,
            "organisation": organisation.pk if organisation else None,
        }
        summary = self._dry_run(request, staged, organisation)
        request.session[staging.SESSION_KEY]["lines"] = summary["lines"][:5000]
        request.session.modified = True
        if summary["errors"]:
            staged.discard()
        form = CatalogueUploadForm(user=request.user, initial={"organisation": organisation})
        context = self._context(request, form=form, summary=summary, file_name=data["file"].name)
        return TemplateResponse(request, "admin/disclosures/legacyaddress/import.html", context)

    @staticmethod
    def _check(staged, organisation):
        return check_file(
            staged.path("file"),
            today=timezone.localdate(),
            attachments=staged.path("attachments"),
            column_map=staged.path("column_map"),
            organisation=organisation,
        )

    def _dry_run(self, request, staged, organisation) -> dict:
        checked = self._check(staged, organisation)
        errors = [str(e) for e in checked.errors]
        report = None
        try:
            if not errors:
                report = import_catalogue(
                    actor=request.user,
                    records=checked.records,
                    bundle=checked.bundle,
                    dry_run=True,
                )
        except ImportFailed as exc:
            errors = [str(e) for e in exc.errors]
        except NotAllowed as exc:
            errors = [f"{exc}（导入须由该机构的主管进行）"]
        finally:
            checked.close()
        held = (
            [f"第{h.line}行《{h.title}》：{'；'.join(h.findings)}" for h in report.held_back]
            if report
            else []
        )
        warnings = [str(w) for w in report.warnings] if report else []
        lines = (
            [("错误", e) for e in errors]
            + [("保留为草稿", h) for h in held]
            + [("提示", w) for w in warnings]
        )
        return {
            "rows": checked.rows,
            "records": len(checked.records),
            "errors": errors,
            "held": held,
            "warnings": warnings,
            "lines": lines,
        }

    def confirm_view(self, request: HttpRequest):
        self._deny_unless_importer(request)
        staged = staging.from_session(request.session, request.user.pk)
        back = reverse("admin:disclosures_catalogue_import")
        if staged is None or staged.path("file") is None:
            messages.warning(request, "没有待确认的导入，或已经导入，请重新上传。")
            return HttpResponseRedirect(back)
        pending = request.session.pop(staging.SESSION_KEY)
        organisation = (
            Organisation.objects.for_staff(request.user)
            .filter(pk=pending.get("organisation"))
            .first()
        )
        checked = self._check(staged, organisation)
        try:
            if checked.errors:
                raise ImportFailed(checked.errors)
            report = import_catalogue(
                actor=request.user, records=checked.records, bundle=checked.bundle
            )
        except (ImportFailed, NotAllowed) as exc:
            messages.error(request, f"导入失败，未写入任何数据：{exc}")
            return HttpResponseRedirect(back)
        finally:
            checked.close()
            staged.discard()
        messages.success(
            request,
            f"已导入{report.total}条信息：新增{report.created}条，更新{report.updated}条，"
            f"无变化{report.unchanged}条；发布{report.published}条，"
            f"含疑似个人信息保留为草稿{len(report.held_back)}条。",
        )
        return HttpResponseRedirect(reverse("admin:disclosures_disclosure_changelist"))

    def template_view(self, request: HttpRequest):
        self._deny_unless_importer(request)
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out)
        writer.writerow(TEMPLATE_HEADER)
        writer.writerow([EXAMPLE.get(h, "") for h in TEMPLATE_HEADER])
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            True, "信息公开目录导入模板.csv"
        )
        return response

    def report_view(self, request: HttpRequest):
        """The last check's errors, held-back rows and notes as CSV."""
        self._deny_unless_importer(request)
        lines = (request.session.get(staging.SESSION_KEY) or {}).get("lines") or []
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out)
        writer.writerow(["类别", "内容"])
        writer.writerows(lines)
        response = HttpResponse(
            ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(True, "导入检查结果.csv")
        return response

"""Staff pages for 公示 rosters: 导入公示名单 → 预览去标识化结果 → 确认生成公示草稿.

The uploaded file is read in memory and never saved; only the de-identified preview is kept in
the session between the preview and the confirmation. The draft then goes through the normal
提交审核 / 审核发布 pages of the disclosure admin.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from catalog.admin_scoping import StaffScopedChoicesMixin
from catalog.models import Category, Organisation
from disclosures import services
from disclosures.models import Disclosure
from disclosures.rosters import reading as rosters
from disclosures.rosters.models import Roster, RosterKind
from disclosures.rosters.services import default_period_end, import_roster, period_text
from kernel import privacy

SESSION_KEY = "disclosures_roster_import"
ROSTER_COLUMNS = ["cxdb", "tkgy", "lsjz", "yljz", "yfaz"]
KIND_COLUMN = {
    RosterKind.SUBSISTENCE: "cxdb",
    RosterKind.EXTREME_POVERTY: "tkgy",
    RosterKind.TEMPORARY: "lsjz",
    RosterKind.MEDICAL: "yljz",
    RosterKind.VETERANS: "yfaz",
    RosterKind.RESETTLEMENT: "yfaz",
}
DEFAULT_OBJECTION = (
    "公示期内，对公示对象有异议的，可通过书面、电话或来访方式向本单位反映，"
    "反映情况应实事求是；我们将依法核实处理并对反映人信息保密。"
)


class RosterImportForm(forms.Form):
    organisation = forms.ModelChoiceField(label="发布机构", queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label="名单类别", choices=RosterKind.choices)
    title = forms.CharField(
        label="标题", max_length=300, help_text="如：城关镇2026年11月城乡低保新增对象公示"
    )
    category = forms.ModelChoiceField(
        label="栏目",
        queryset=Category.objects.filter(slug__in=ROSTER_COLUMNS).select_related("parent"),
        required=False,
        help_text="留空则按名单类别归入对应栏目。",
    )
    period_start = forms.DateField(
        label="公示开始日期", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="公示截止日期",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="留空则按本机构标准目录中该栏目的公示期计算（如“公示7个工作日”），"
        "目录未规定的公示7天（均含开始当日）。",
    )
    supervision_phone = forms.CharField(
        label="监督电话", max_length=40, help_text="请填写单位固定电话，如：0570-1234567。"
    )
    objection_method = forms.CharField(
        label="异议方式", widget=forms.Textarea(attrs={"rows": 3, "cols": 60})
    )
    file = forms.FileField(
        label="名单文件",
        help_text="CSV（UTF-8或GBK编码）或XLSX文件，不超过2 MB、5000行。"
        "文件只在内存中读取，不会保存；身份证号码、电话、银行卡号、健康信息等列将被删除。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.for_staff(user).order_by(
            "sort_order", "id"
        )
        self.preview: rosters.Preview | None = None

    def clean_supervision_phone(self):
        phone = self.cleaned_data["supervision_phone"].strip()
        if privacy.scan_text(phone, location=""):
            raise forms.ValidationError(
                "监督电话请填写单位固定电话，不要填写个人手机号码（会被个人信息检查拦截）。"
            )
        return phone

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > rosters.MAX_BYTES:
            raise forms.ValidationError(rosters.TOO_LARGE_ERROR)
        data = upload.read()
        preview = rosters.read_roster(data, upload.name or "")
        del data  # the raw roster is not kept
        if preview.errors:
            raise forms.ValidationError(preview.errors)
        self.preview = preview
        return upload

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if not cleaned.get("category") and cleaned.get("kind"):
            slug = KIND_COLUMN.get(cleaned["kind"])
            category = Category.objects.filter(slug=slug).first() if slug else None
            if category is None:
                self.add_error("category", "请选择栏目。")
            cleaned["category"] = category
        if start and not end:
            organisation = cleaned.get("organisation")
            cleaned["period_end"] = default_period_end(
                start,
                cleaned.get("kind", ""),
                organisation_id=organisation.pk if organisation else None,
                category=cleaned.get("category"),
            )
        elif start and end and end < start:
            self.add_error("period_end", "公示截止日期不能早于开始日期。")
        return cleaned


@admin.register(Roster)
class RosterAdmin(StaffScopedChoicesMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "kind", "period_display", "state_display", "rows"]
    list_filter = ["kind"]
    list_select_related = ["disclosure__organisation"]
    search_fields = ["disclosure__title"]

    @admin.display(description="标题", ordering="disclosure__title")
    def title(self, obj):
        return obj.disclosure.title

    @admin.display(description="发布机构")
    def organisation(self, obj):
        return obj.disclosure.organisation

    @admin.display(description="公示期")
    def period_display(self, obj):
        return period_text(obj.period_start, obj.period_end)

    @admin.display(description="状态")
    def state_display(self, obj):
        return f"{obj.state_label(timezone.localdate())}（信息：{obj.disclosure.status_label}）"

    @admin.display(description="条数")
    def rows(self, obj):
        return obj.row_count

    # ---- permissions: a roster belongs to its disclosure item

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(disclosure__in=Disclosure.objects.for_staff(request.user))
        )

    def has_module_permission(self, request):
        return request.user.has_perm("disclosures.view_disclosure")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("disclosures.view_disclosure")

    def has_add_permission(self, request):
        return request.user.has_perm("disclosures.add_disclosure")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="disclosures_roster_import",
            ),
            path(
                "import/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="disclosures_roster_preview",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:disclosures_roster_import"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        roster = self.get_object(request, object_id)
        if roster is None:
            return super().change_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(
            reverse("admin:disclosures_disclosure_change", args=[roster.disclosure_id])
        )

    # ---- import → preview → confirm

    def _context(self, request, title: str, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        initial = {
            "kind": RosterKind.SUBSISTENCE,
            "period_start": today,
            "objection_method": DEFAULT_OBJECTION,
        }
        form = RosterImportForm(
            request.POST or None, request.FILES or None, user=request.user, initial=initial
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            request.session[SESSION_KEY] = {
                "organisation": data["organisation"].pk,
                "kind": data["kind"],
                "title": data["title"].strip(),
                "category": data["category"].pk,
                "period_start": data["period_start"].isoformat(),
                "period_end": data["period_end"].isoformat(),
                "supervision_phone": data["supervision_phone"],
                "objection_method": data["objection_method"].strip(),
                "preview": form.preview.to_dict(),
            }
            return HttpResponseRedirect(reverse("admin:disclosures_roster_preview"))
        context = self._context(request, "导入公示名单", form=form)
        return TemplateResponse(request, "admin/disclosures/roster/import.html", context)

    def preview_view(self, request: HttpRequest):
        if not self.has_add_permission(request):
            raise PermissionDenied
        pending = request.session.get(SESSION_KEY)
        import_url = reverse("admin:disclosures_roster_import")
        if not pending:
            messages.warning(request, "没有待确认的名单，或名单已导入，请重新上传。")
            return HttpResponseRedirect(import_url)
        preview = rosters.Preview.from_dict(pending["preview"])
        organisation = Organisation.objects.for_staff(request.user).filter(
            pk=pending["organisation"]
        )
        organisation = organisation.first()
        category = Category.objects.filter(pk=pending["category"]).first()
        if organisation is None or category is None:
            request.session.pop(SESSION_KEY, None)
            messages.error(request, "发布机构或栏目已不可用，请重新导入。")
            return HttpResponseRedirect(import_url)
        period_start = dt.date.fromisoformat(pending["period_start"])
        period_end = dt.date.fromisoformat(pending["period_end"])
        if request.method == "POST":
            if "cancel" in request.POST:
                request.session.pop(SESSION_KEY, None)
                messages.info(request, "已取消导入，未保存任何内容。")
                return HttpResponseRedirect(import_url)
            if "remap" in request.POST:
                choices = {
                    plan.label: request.POST.get(f"col-{index}", rosters.REMAP_KEEP)
                    for index, plan in enumerate(preview.columns)
                    if plan.published
                }
                pending["preview"] = rosters.remap(preview, choices).to_dict()
                request.session[SESSION_KEY] = pending
                messages.info(request, "已按您的选择调整各列的处理方式，请再次核对预览。")
                return HttpResponseRedirect(reverse("admin:disclosures_roster_preview"))
            try:
                roster = import_roster(
                    actor=request.user,
                    organisation=organisation,
                    category=category,
                    kind=pending["kind"],
                    title=pending["title"],
                    period_start=period_start,
                    period_end=period_end,
                    supervision_phone=pending["supervision_phone"],
                    objection_method=pending["objection_method"],
                    columns=preview.published_columns,
                    rows=preview.rows,
                )
            except services.DisclosureError as exc:
                messages.error(request, str(exc))
            else:
                request.session.pop(SESSION_KEY, None)
                messages.success(
                    request,
                    f"已生成公示草稿：{pending['title']}。请核对正文后提交审核，"
                    "由其他审核人员审核发布。",
                )
                return HttpResponseRedirect(
                    reverse("admin:disclosures_disclosure_change", args=[roster.disclosure_id])
                )
        context = self._context(
            request,
            "预览去标识化结果",
            preview=preview,
            pending=pending,
            organisation=organisation,
            category=category,
            kind_label=RosterKind(pending["kind"]).label,
            period=period_text(period_start, period_end),
            published_columns=preview.published_columns,
            row_count=len(preview.rows),
            preview_limit=rosters.PREVIEW_ROWS,
            remap_choices=rosters.REMAP_CHOICES,
        )
        return TemplateResponse(request, "admin/disclosures/roster/preview.html", context)

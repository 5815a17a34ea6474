"""Staff UI for statistics series (entry per period, XLSX import) and 预决算/三公经费.

Every admin here is organisation-scoped: staff see and change only their organisations' rows.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_scoping import ScopedInline
from reports.series import services
from reports.series.importer import MeasureSpec, parse_rows, read_xlsx
from reports.series.models import (
    PUBLICATION_DAYS,
    BudgetDisclosure,
    DataPoint,
    Measure,
    Period,
    SeriesEvent,
    StatisticsSeries,
)

MEASURE_PREFIX = "m_"


class MeasureInline(ScopedInline):
    model = Measure
    extra = 0
    fields = ["sort", "key", "label", "unit", "decimals"]


class SeriesEventInline(ReadOnlyInline):
    """The series' 操作记录 (imports, entries, edits, publications, deletions), read-only."""

    model = SeriesEvent
    fields = ["created_at", "actor", "action", "note", "periods"]
    verbose_name_plural = "操作记录"

    @admin.display(description="涉及期间")
    def periods(self, obj) -> str:
        return "、".join(obj.data.get("periods", []))

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("reports.view_statisticsseries")


@admin.register(StatisticsSeries)
class StatisticsSeriesAdmin(OrganisationScopedAdmin):
    list_display = ["name", "organisation", "period_kind", "point_count", "actions_column"]
    list_filter = ["period_kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    inlines = [MeasureInline, SeriesEventInline]
    list_select_related = ["organisation"]

    @admin.display(description="已录入期数", ordering="point_total")
    def point_count(self, obj) -> int:
        return obj.point_total

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(point_total=Count("points"))

    @admin.display(description="操作")
    def actions_column(self, obj) -> str:
        return format_html(
            '<a href="{}?series={}">录入一期</a> · <a href="{}">导入Excel</a>',
            reverse("admin:reports_datapoint_add"),
            obj.pk,
            reverse("admin:reports_statisticsseries_import", args=[obj.pk]),
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/import/",
                self.admin_site.admin_view(self.import_view),
                name="reports_statisticsseries_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest, object_id: str):
        """Upload → validate every row → save all in one transaction, or nothing."""
        series = self.get_queryset(request).filter(pk=object_id).first()
        if series is None:
            raise Http404
        if not (
            self.has_change_permission(request, series)
            or request.user.has_perm("reports.change_datapoint")
        ) or not request.user.has_perm("reports.add_datapoint"):
            raise PermissionDenied
        measures = list(series.measures.all())
        errors: list[str] = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                rows = read_xlsx(form.cleaned_data["file"])
            except ValueError as exc:
                errors = [str(exc)]
            else:
                specs = [MeasureSpec(m.key, m.label, m.unit, m.decimals) for m in measures]
                result = parse_rows(rows, kind=series.period_kind, measures=specs)
                errors = result.errors
                if result.ok:
                    try:
                        created, updated = services.import_points(
                            actor=request.user,
                            series=series,
                            result=result,
                            publish=form.cleaned_data["publish"],
                        )
                    except services.SeriesError as exc:
                        errors = [str(exc)]
                    else:
                        messages.success(request, f"导入成功：新增{created}期，更新{updated}期。")
                        return HttpResponseRedirect(
                            reverse("admin:reports_datapoint_changelist")
                            + f"?series__id__exact={series.pk}"
                        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"导入统计数据：{series.name}",
            "series": series,
            "measures": measures,
            "form": form,
            "errors": errors,
            "opts": self.model._meta,
            "original": series,
            "example_period": "2025年第一季度" if series.period_kind == "quarter" else "2025年3月",
        }
        return TemplateResponse(request, "admin/reports/statisticsseries/import.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Excel文件（.xlsx）",
        help_text="第一行为标题：“期间”及各指标名称；每行一期。",
    )
    publish = forms.BooleanField(label="导入后立即公开", required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError("请上传 .xlsx 格式的 Excel 文件。")
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("文件不能超过5MB。")
        return upload


class DataPointForm(forms.ModelForm):
    """Year, period and one decimal field per measure of the series (units in the labels)."""

    class Meta:
        model = DataPoint
        fields = ["series", "year", "period", "is_published"]

    def __init__(self, *args, series: StatisticsSeries | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        self.measures = list(series.measures.all()) if series else []
        if series is not None:
            self.fields["period"].widget = forms.Select(
                choices=[
                    (n, Period(2000, n, series.period_kind).label.removeprefix("2000年"))
                    for n in range(1, series.periods_per_year + 1)
                ]
            )
        for measure in self.measures:
            name = MEASURE_PREFIX + measure.key
            self.fields[name] = forms.DecimalField(
                label=measure.heading,
                min_value=0,
                max_digits=18,
                decimal_places=measure.decimals,
                help_text=f"单位：{measure.unit}",
                error_messages={
                    "required": "请填写该项数据。",
                    "invalid": "请输入数字。",
                    "min_value": "不能为负数。",
                    "max_decimal_places": (
                        f"最多保留{measure.decimals}位小数。" if measure.decimals else "应为整数。"
                    ),
                },
            )
            if self.instance.pk:
                self.fields[name].initial = self.instance.value(measure.key)

    def clean(self):
        cleaned = super().clean()
        series = cleaned.get("series")
        if self.series is not None and series is not None and series != self.series:
            self.add_error("series", "不能更改所属的统计数据系列。")
        values = {}
        for measure in self.measures:
            value = cleaned.get(MEASURE_PREFIX + measure.key)
            if isinstance(value, Decimal):
                values[measure.key] = str(value)
        self.instance.values = values
        return cleaned


@admin.register(DataPoint)
class DataPointAdmin(OrganisationScopedAdmin):
    form = DataPointForm
    list_display = ["series", "period_label", "figures", "is_published", "updated_at"]
    list_filter = ["is_published", ("series", admin.RelatedOnlyFieldListFilter), "year"]
    list_select_related = ["series", "series__organisation"]
    ordering = ["series", "-year", "-period"]
    actions = ["publish_points"]

    @admin.display(description="期间", ordering="year")
    def period_label(self, obj) -> str:
        return obj.as_period().label

    @admin.display(description="数据")
    def figures(self, obj) -> str:
        measures = {m.key: m for m in obj.series.measures.all()}
        return "；".join(
            f"{m.label} {m.format(obj.value(key))}{m.unit}"
            for key, m in measures.items()
            if key in obj.values
        )

    @admin.action(description="公开所选的统计数据")
    def publish_points(self, request, queryset):
        try:
            count = services.publish_points(actor=request.user, points=queryset)
        except services.SeriesError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"已公开{count}期数据。", messages.SUCCESS)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("series__measures")

    # Every write goes through reports.series.services, which checks and logs it.
    def save_model(self, request, obj, form, change):
        try:
            services.save_point(actor=request.user, point=obj)
        except services.SeriesError as exc:
            raise PermissionDenied(str(exc)) from exc

    def delete_model(self, request, obj):
        self.delete_queryset(request, DataPoint.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        try:
            services.delete_points(actor=request.user, points=queryset)
        except services.SeriesError as exc:
            raise PermissionDenied(str(exc)) from exc

    def _series_for(self, request, obj) -> StatisticsSeries | None:
        if obj is not None:
            return obj.series
        pk = request.GET.get("series") or request.POST.get("series")
        if not pk or not str(pk).isdigit():
            return None
        series = StatisticsSeries.objects.for_staff(request.user).filter(pk=pk).first()
        if series is None:
            raise Http404
        return series

    def get_fields(self, request, obj=None):
        series = self._series_for(request, obj)
        measures = [MEASURE_PREFIX + m.key for m in series.measures.all()] if series else []
        return ["series", "year", "period", *measures, "is_published"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        series = self._series_for(request, obj)
        kwargs["fields"] = ["series", "year", "period", "is_published"]
        base = super().get_form(request, obj, change=change, **kwargs)

        class BoundSeriesForm(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, series=series, **kw)
                if series is not None:
                    self.fields["series"].queryset = StatisticsSeries.objects.filter(pk=series.pk)
                    self.fields["series"].initial = series.pk

        return BoundSeriesForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "series":
            kwargs["queryset"] = StatisticsSeries.objects.for_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        if self._series_for(request, None) is None:
            # Choose the series first: the form has one field per measure of that series.
            return TemplateResponse(
                request,
                "admin/reports/datapoint/choose_series.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "录入统计数据：选择统计数据系列",
                    "opts": self.model._meta,
                    "series_list": StatisticsSeries.objects.for_staff(request.user).select_related(
                        "organisation"
                    ),
                },
            )
        return super().add_view(request, form_url, extra_context)


class LateFilter(admin.SimpleListFilter):
    title = "公开时限"
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("yes", f"超过批复后{PUBLICATION_DAYS}日")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.late(on=timezone.localdate())
        return queryset


@admin.register(BudgetDisclosure)
class BudgetDisclosureAdmin(OrganisationScopedAdmin):
    list_display = [
        "organisation",
        "year",
        "kind",
        "approved_on",
        "published_on",
        "gap",
        "total_display",
    ]
    list_filter = [LateFilter, "kind", "year", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation"]
    raw_id_fields = ["disclosure"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "organisation",
                    "year",
                    "kind",
                    "approved_on",
                    "published_on",
                    "disclosure",
                ]
            },
        ),
        (
            "“三公”经费（万元）",
            {
                "fields": [
                    "abroad",
                    "vehicle_purchase",
                    "vehicle_running",
                    "reception",
                    "explanation",
                ],
                "description": "公务用车购置及运行费分列购置费和运行费；没有支出的填0。",
            },
        ),
    ]

    @admin.display(description="批复至公开")
    def gap(self, obj) -> str:
        today = timezone.localdate()
        days = obj.gap_days(on=today)
        text = f"未公开，已过{days}日" if obj.published_on is None else f"{days}日"
        if obj.is_late(on=today):
            return format_html(
                '<strong class="errornote-inline">{}（超过{}日时限）</strong>',
                text,
                PUBLICATION_DAYS,
            )
        return text

    @admin.display(description="三公经费合计（万元）")
    def total_display(self, obj) -> Decimal:
        return obj.total

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "disclosure":
            from disclosures.models import Disclosure

            kwargs["queryset"] = Disclosure.objects.for_staff(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

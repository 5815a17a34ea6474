"""Admin of the 标准目录: rows edited in the nine columns, the 公开时限 checked as it is typed."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from catalog.admin import OrganisationScopedAdmin
from disclosures.directory import services, timelimits
from disclosures.directory.models import Channel, DirectoryRow, Level


class DirectoryRowForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        label="公开渠道和载体", choices=Channel.choices, widget=forms.CheckboxSelectMultiple
    )
    levels = forms.MultipleChoiceField(
        label="公开层级", choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = DirectoryRow
        fields = [
            "organisation",
            "domain",
            "domain_order",
            "item_level1",
            "item_level2",
            "content",
            "basis",
            "time_limit",
            "subject",
            "channels",
            "audience",
            "mode",
            "levels",
            "five_open",
            "sort_order",
            "columns",
            "items",
        ]
        widgets = {
            "content": forms.Textarea(attrs={"rows": 3, "cols": 60}),
            "basis": forms.Textarea(attrs={"rows": 3, "cols": 60}),
        }

    def clean_time_limit(self):
        text = self.cleaned_data["time_limit"].strip()
        try:
            self.rule = timelimits.parse(text)
        except timelimits.TimeLimitError as exc:
            raise forms.ValidationError(str(exc)) from None
        return text


@admin.register(DirectoryRow)
class DirectoryRowAdmin(OrganisationScopedAdmin):
    form = DirectoryRowForm
    list_display = ["item_display", "domain", "organisation", "time_limit", "rule_display"]
    list_filter = ["domain", "rule_kind", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["item_level1", "item_level2", "content", "domain"]
    list_select_related = ["organisation"]
    filter_horizontal = ["columns"]
    autocomplete_fields = ["items"]
    fieldsets = [
        (None, {"fields": ["organisation", ("domain", "domain_order"), "sort_order"]}),
        (
            "目录内容",
            {
                "fields": [
                    ("item_level1", "item_level2"),
                    "content",
                    "basis",
                    "time_limit",
                    "subject",
                    "channels",
                    ("audience", "mode"),
                    "levels",
                    "five_open",
                ]
            },
        ),
        ("对应栏目和信息", {"fields": ["columns", "items"]}),
    ]

    @admin.display(description="公开事项", ordering="item_level1")
    def item_display(self, obj: DirectoryRow) -> str:
        return f"{obj.item_level1} / {obj.item_level2}" if obj.item_level2 else obj.item_level1

    @admin.display(description="系统识别的时限", ordering="rule_kind")
    def rule_display(self, obj: DirectoryRow) -> str:
        return obj.rule.describe()

    def save_model(self, request, obj, form, change):
        # The columns and items are set in save_related, then the service notifies.
        try:
            services.save_row(actor=request.user, row=obj)
        except services.DirectoryError as exc:
            raise PermissionDenied(str(exc)) from exc

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.rows_changed(organisation_id=form.instance.organisation_id)
        if form.instance.rule_kind == timelimits.Kind.PERIODIC:
            messages.info(request, "已按本事项的公开时限更新公开义务日历。")

    def delete_model(self, request, obj):
        services.delete_row(actor=request.user, row=obj)

    def delete_queryset(self, request, queryset):
        for row in queryset:
            services.delete_row(actor=request.user, row=row)

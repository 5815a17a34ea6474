"""Admin entry point for recording a past year's report (reports.annual.past_reports).

Two steps on one address: choose the year (which fixes the official form), then enter the
original publication date, the reason, the texts and every table figure of that form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation
from reports.annual import official_forms, past_reports
from reports.annual.completeness import TEXT_SECTIONS
from reports.annual.services import ReportError
from reports.annual.tables import (
    APPLICANT_COLUMNS,
    TABLE_B_COLUMNS,
    TABLE_C_GROUPS,
    TABLE_C_RESULTS,
)
from reports.models import AnnualReport

DECIMAL_CELLS = {"fee_amount_wan": 4, "procurement_amount": 4}


def past_years() -> list[int]:
    return list(range(timezone.localdate().year - 1, past_reports.FIRST_YEAR - 1, -1))


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="报告年度", coerce=int, choices=())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, f"{y}年") for y in past_years()]


class PastReportForm(forms.Form):
    """Every field of a past report in the form of ``year``; Table cells are named
    a__<cell>, b__<row>__<column> and c__<group>__<result>."""

    organisation = forms.ModelChoiceField(label="报告机关", queryset=Organisation.objects.none())
    scope = forms.ChoiceField(label="报告类型", choices=AnnualReport.Scope.choices)
    year = forms.IntegerField(widget=forms.HiddenInput)
    published_on = forms.DateField(
        label="原发布日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="该报告当年实际公开发布的日期，将据此判断是否逾期发布。",
    )
    reason = forms.CharField(
        label="补录原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="例如：本机关于2024年启用本平台，补录此前已在原网站发布的年度报告。",
    )
    npc_suggestions = forms.IntegerField(
        label="办理人大代表建议（件）", required=False, min_value=0
    )
    cppcc_proposals = forms.IntegerField(label="办理政协提案（件）", required=False, min_value=0)

    def __init__(self, *args, user, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.form_code = official_forms.form_for_year(year)
        self.fields["organisation"].queryset = Organisation.objects.for_staff(user).order_by(
            "sort_order", "pk"
        )
        self.fields["year"].initial = year
        for key, heading in TEXT_SECTIONS:
            self.fields[key] = forms.CharField(
                label=heading, widget=forms.Textarea(attrs={"rows": 6})
            )
        for _, cols, rows in official_forms.table_a_blocks(self.form_code):
            for row, row_label in rows:
                for col, col_label in cols:
                    key = f"{row}_{col}"
                    if key in DECIMAL_CELLS:
                        field = forms.DecimalField(min_value=0, max_digits=14, decimal_places=4)
                    elif key in official_forms.SIGNED_CELLS:
                        field = forms.IntegerField()
                    else:
                        field = forms.IntegerField(min_value=0)
                    self._cell(f"a__{key}", field, f"{row_label} {col_label}")
        columns = dict(TABLE_B_COLUMNS)
        for row in past_reports.table_b_entry_rows(self.form_code):
            for col in APPLICANT_COLUMNS:
                field = forms.IntegerField(min_value=0)
                self._cell(f"b__{row.key}__{col}", field, f"{row.label} {columns[col]}")
        results = dict(TABLE_C_RESULTS)
        for group, group_label in TABLE_C_GROUPS:
            for res in past_reports.C_RESULTS:
                field = forms.IntegerField(min_value=0)
                self._cell(f"c__{group}__{res}", field, f"{group_label} {results[res]}")

    def _cell(self, name: str, field: forms.Field, label: str) -> None:
        """A table cell; left blank it counts as 0, as on the printed form."""
        field.label, field.initial, field.required = label, 0, False
        field.widget.attrs.update({"aria-label": label, "size": 6, "class": "vIntegerField"})
        self.fields[name] = field

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year not in past_years():
            raise forms.ValidationError("请选择可以补录的年度。")
        return year

    # ------------------------------------------------------------ layout for the template

    def table_a_rows(self):
        """[(caption, column labels, [(row label, [bound fields])])] in the form's order."""
        return [
            (
                caption,
                [label for _, label in cols],
                [(label, [self[f"a__{row}_{col}"] for col, _ in cols]) for row, label in rows],
            )
            for caption, cols, rows in official_forms.table_a_blocks(self.form_code)
        ]

    def table_b_rows(self):
        return [
            (
                f"{row.group}　{row.label}" if row.group not in ("", "三") else row.label,
                [self[f"b__{row.key}__{col}"] for col in APPLICANT_COLUMNS],
            )
            for row in past_reports.table_b_entry_rows(self.form_code)
        ]

    def table_c_rows(self):
        return [
            (label, [self[f"c__{group}__{res}"] for res in past_reports.C_RESULTS])
            for group, label in TABLE_C_GROUPS
        ]

    def values(self) -> dict:
        data = {
            name: 0 if value is None and name.startswith(("a__", "b__", "c__")) else value
            for name, value in self.cleaned_data.items()
        }
        table_b: dict[str, dict[str, int]] = {}
        table_c: dict[str, dict[str, int]] = {}
        for name, value in data.items():
            if name.startswith("b__"):
                _, row, col = name.split("__")
                table_b.setdefault(row, {})[col] = value
            elif name.startswith("c__"):
                _, group, res = name.split("__")
                table_c.setdefault(group, {})[res] = value
        return {
            "organisation": data["organisation"],
            "year": data["year"],
            "scope": data["scope"],
            "published_on": data["published_on"],
            "reason": data["reason"],
            "texts": {key: data[key] for key, _ in TEXT_SECTIONS},
            "table_a": {n[3:]: v for n, v in data.items() if n.startswith("a__")},
            "table_b": table_b,
            "table_c": table_c,
            "npc_suggestions": data.get("npc_suggestions"),
            "cppcc_proposals": data.get("cppcc_proposals"),
        }


def record_past_report_view(model_admin, request: HttpRequest):
    """GET ?year= chooses the form; POST records the report through the service."""
    if not request.user.has_perm("reports.publish_annualreport"):
        raise PermissionDenied
    raw_year = request.POST.get("year") or request.GET.get("year")
    year_form = YearForm({"year": raw_year} if raw_year else None)
    year = year_form.cleaned_data["year"] if raw_year and year_form.is_valid() else None
    form = None
    if year is not None:
        form = PastReportForm(
            request.POST if request.method == "POST" else None,
            user=request.user,
            year=year,
            initial={"year": year},
        )
        if request.method == "POST" and form.is_valid():
            try:
                report = past_reports.record_past_report(actor=request.user, **form.values())
            except ReportError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已补录：{report}")
                return HttpResponseRedirect(
                    reverse("admin:reports_annualreport_change", args=[report.pk])
                )
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "补录历史年度报告",
        "year_form": year_form,
        "year": year,
        "form": form,
        "form_name": official_forms.FORM_NAMES[form.form_code] if form else "",
        "b_columns": [label for key, label in TABLE_B_COLUMNS if key != "total"],
        "c_results": [label for key, label in TABLE_C_RESULTS if key != "total"],
    }
    return TemplateResponse(request, "admin/reports/annualreport/record_past.html", context)

"""Admin for the 国务院办公厅 holiday notices: enter one, then recompute the open cases and letters.

Registered here rather than in catalog/admin.py because saving a notice has steps in three
apps, called explicitly one after the other in one transaction: catalog records the calendar
(catalog.holiday_arrangements), requests_app recomputes the deadlines of its cases
(requests_app.recalculation), interaction those of its letters (interaction.recalculation)
and the 采纳情况 due dates of its consultations (interaction.consultations.services.feedback).
catalog imports no other app, and requests_app and interaction do not import each other, so
the step that knows all three lives in portal, the top layer (docs/adr/0008, 0013).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog import holiday_arrangements
from catalog.models import CalendarDay, HolidayArrangement
from interaction.consultations.services.feedback import recompute_feedback_deadlines
from interaction.recalculation import recompute_letter_deadlines
from interaction.topics.recalculation import recompute_suggestion_deadlines
from requests_app.recalculation import recompute_deadlines


class ArrangementForm(forms.ModelForm):
    class Meta:
        model = HolidayArrangement
        fields = ["year", "number", "title", "issued_on"]
        widgets = {"issued_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        help_texts = {
            "title": "可不填，默认为“国务院办公厅关于YYYY年部分节假日安排的通知”。",
            "year": "放假安排适用的年度。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False

    def clean(self):
        cleaned = super().clean()
        number, issued_on = cleaned.get("number"), cleaned.get("issued_on")
        year = cleaned.get("year") or self.instance.year
        if year and number and issued_on:
            errors = holiday_arrangements.check_header(
                year=year, number=number.strip(), issued_on=issued_on, today=timezone.localdate()
            )
            if errors:
                raise ValidationError(errors)
        return cleaned


class DayFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        year = self.instance.year if self.instance.pk else _int(self.data.get("year"))
        if year is None:
            return
        days = days_of(self)
        errors = holiday_arrangements.check_days(year=year, days=days)
        errors += holiday_arrangements.check_clashes(year=year, days=days)
        if errors:
            raise ValidationError(errors)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def days_of(formset) -> list[holiday_arrangements.ArrangementDay]:
    return [
        holiday_arrangements.ArrangementDay(
            date=f.cleaned_data["date"], kind=f.cleaned_data["kind"], name=f.cleaned_data["name"]
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("date")
    ]


class DayInline(admin.TabularInline):
    model = CalendarDay
    formset = DayFormSet
    fields = ["date", "kind", "name"]
    extra = 12
    verbose_name = "放假或调休上班日"
    verbose_name_plural = "放假和调休上班日期（与周末连休的周六、周日一并填写为放假）"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "date":
            kwargs["widget"] = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(HolidayArrangement)
class HolidayArrangementAdmin(admin.ModelAdmin):
    form = ArrangementForm
    inlines = [DayInline]
    list_display = ["year", "number", "title", "issued_on", "updated_at"]
    ordering = ["-year"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "year" in initial:
            initial.setdefault("title", holiday_arrangements.title_for(_int(initial["year"]) or 0))
        return initial

    def has_delete_permission(self, request, obj=None):
        return False  # a year never goes back to provisional once its notice is known

    def get_readonly_fields(self, request, obj=None):
        return ["year"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        pass  # saved with its days by the service in save_related

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        # The forms ran the same checks; an ArrangementError here means a concurrent edit took
        # one of the days meanwhile, and the whole save rolls back.
        arrangement = holiday_arrangements.enter_arrangement(
            actor=request.user,
            year=data.get("year") or form.instance.year,
            number=data["number"],
            title=data.get("title") or "",
            issued_on=data["issued_on"],
            days=days_of(formsets[0]),
        )
        form.instance.pk = arrangement.pk
        for formset in formsets:  # saved by the service: nothing left for the admin's log
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        changes = recompute_deadlines(
            actor=request.user, reason=f"{arrangement.title}（{arrangement.number}）"
        )
        cases = len({c.number for c in changes})
        if cases:
            messages.warning(
                request,
                f"已按{arrangement.year}年放假安排重新计算{cases}件在办申请的期限，"
                "已记入办理记录并通知经办人。",
            )
        else:
            messages.info(request, "在办申请的期限均无变化。")
        moved = recompute_letter_deadlines(
            actor=request.user, reason=f"{arrangement.title}（{arrangement.number}）"
        )
        letters = len({c.number for c in moved})
        if letters:
            messages.warning(
                request,
                f"已按{arrangement.year}年放假安排重新计算{letters}件在办来信的期限，已记入办理记录。",
            )
        else:
            messages.info(request, "在办来信的期限均无变化。")
        suggestions = recompute_suggestion_deadlines(
            actor=request.user, reason=f"{arrangement.title}（{arrangement.number}）"
        )
        if suggestions:
            messages.warning(
                request,
                f"已按{arrangement.year}年放假安排重新计算{len(suggestions)}件点题建议的答复期限，"
                "已记入办理记录。",
            )
        feedback_moved = recompute_feedback_deadlines(
            actor=request.user, reason=f"{arrangement.title}（{arrangement.number}）"
        )
        if feedback_moved:
            messages.warning(
                request,
                f"已按{arrangement.year}年放假安排重新计算{len(feedback_moved)}项意见征集的"
                "采纳情况反馈期限，已记入办理记录。",
            )

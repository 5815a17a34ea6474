"""Staff UI of 网上调查: build a survey with its questions (options one per line), send it
through review (four eyes), follow its results before they are public, moderate the free-text
answers, and export the raw responses (logged: free text may hold personal data).

Every state change goes through interaction.surveys.services; status fields are read-only.
A survey that has answers keeps its questions and options: the page shows them read-only and
any change is refused with the reason.
"""

from __future__ import annotations

import io
from operator import attrgetter, methodcaller

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone

from catalog.admin import OrganisationScopedAdmin, ReadOnlyInline
from catalog.admin_exports import ChangeListDownloadMixin
from catalog.admin_scoping import StaffScopedChoicesMixin
from interaction.access_log import RecordKind, WriterAccessKind, record_personal_data_access
from interaction.surveys import results as survey_results
from interaction.surveys import services
from interaction.surveys.models import (
    Option,
    Response,
    Survey,
    SurveyEvent,
    SurveyQuestion,
    TextAnswer,
)
from interaction.surveys.tally import PERCENT_NOTE
from interaction.surveys.workflow import (
    ACTION_LABELS,
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
)
from kernel import spreadsheet

EXPORT = "interaction.export_survey"
# The workflow buttons on a survey's page: action → (service, permission, needs a note).
WORKFLOW = {
    Action.SUBMIT: (services.submit, services.CHANGE, False),
    Action.RETURN: (services.return_to_draft, services.REVIEW, True),
    Action.APPROVE: (services.approve, services.REVIEW, False),
    Action.WITHDRAW: (services.withdraw, services.REVIEW, True),
    Action.CLOSE: (services.close, services.REVIEW, False),
}


class SurveyForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "organisation",
            "title",
            "introduction",
            "opens_at",
            "closes_at",
            "results_policy",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and (refusal := services.edit_refusal(self.instance)):
            raise ValidationError(refusal)
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "结束时间须晚于开始时间。")
        return cleaned


class QuestionForm(forms.ModelForm):
    options_text = forms.CharField(
        label="选项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 30}),
        help_text="单选题、多选题填写，每行一个选项，按行的顺序排列。",
    )

    class Meta:
        model = SurveyQuestion
        fields = [
            "position",
            "kind",
            "text",
            "help_text",
            "required",
            "options_text",
            "min_choices",
            "max_choices",
            "rating_min",
            "rating_max",
            "rating_min_label",
            "rating_max_label",
            "max_length",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options_text"] = "\n".join(o.text for o in self.instance.options.all())

    def option_lines(self) -> list[str]:
        text = self.cleaned_data.get("options_text") or ""
        return [line.strip()[:100] for line in text.splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        kind, lines = cleaned.get("kind"), self.option_lines()
        if kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE):
            if len(lines) < 2:
                self.add_error("options_text", "单选题、多选题至少需要两个选项。")
            if len(set(lines)) != len(lines):
                self.add_error("options_text", "选项不能重复。")
        lo, hi = cleaned.get("min_choices"), cleaned.get("max_choices")
        if lo and hi and hi < lo:
            self.add_error("max_choices", "最多选择项数不能少于最少选择项数。")
        if lo and lines and lo > len(lines):
            self.add_error("min_choices", "最少选择项数不能超过选项数。")
        rmin, rmax = cleaned.get("rating_min"), cleaned.get("rating_max")
        if rmin is not None and rmax is not None and not rmin < rmax <= 10:
            self.add_error("rating_max", "最高分须大于最低分，且不超过10分。")
        length = cleaned.get("max_length")
        if length is not None and not 1 <= length <= 2000:
            self.add_error("max_length", "文字最大长度为1至2000字。")
        return cleaned


class LockedFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        changed = any(f.has_changed() for f in self.forms)
        if changed and self.instance.pk and (refusal := services.edit_refusal(self.instance)):
            raise ValidationError(refusal)


class QuestionInline(StaffScopedChoicesMixin, admin.StackedInline):
    model = SurveyQuestion
    form = QuestionForm
    formset = LockedFormSet
    extra = 0
    ordering = ["position", "id"]

    def _locked(self, obj) -> bool:
        return obj is not None and bool(services.edit_refusal(obj))

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("interaction.view_survey")


class EventInline(ReadOnlyInline):
    model = SurveyEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note"]
    verbose_name_plural = "操作记录"


@admin.register(Survey)
class SurveyAdmin(ChangeListDownloadMixin, OrganisationScopedAdmin):
    export_name = "网上调查台账"
    export_columns = [
        ("调查标题", attrgetter("title")),
        ("机构", attrgetter("organisation.name")),
        ("状态", methodcaller("get_status_display")),
        ("开始时间", attrgetter("opens_at")),
        ("结束时间", attrgetter("closes_at")),
        ("答卷数", attrgetter("answer_sheets")),
        ("审核发布时间", attrgetter("published_at")),
    ]
    export_select_related = ["organisation"]
    export_ordering = ["opens_at", "pk"]
    form = SurveyForm
    list_display = ["title", "organisation", "status", "opens_at", "closes_at", "response_count"]
    list_filter = ["status", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    readonly_fields = ["status", "created_by", "edited_by", "approved_by", "published_at"]
    inlines = [QuestionInline, EventInline]
    change_form_template = "interaction/surveys/admin/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(answer_sheets=Count("responses"))

    @admin.display(description="答卷数", ordering="answer_sheets")
    def response_count(self, obj):
        return obj.answer_sheets

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and services.edit_refusal(obj):
            fields += [
                "organisation",
                "title",
                "introduction",
                "opens_at",
                "closes_at",
                "results_policy",
            ]
        return fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.status != Status.DRAFT or obj.responses.exists()):
            return False
        return super().has_delete_permission(request, obj)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not SurveyQuestion:
            return
        for qform in formset.forms:
            question = qform.instance
            if question.pk is None or not qform.has_changed() or qform in formset.deleted_forms:
                continue
            lines = qform.option_lines() if question.has_options else []
            if [o.text for o in question.options.all()] != lines:
                question.options.all().delete()
                Option.objects.bulk_create(
                    Option(question=question, position=i, text=text)
                    for i, text in enumerate(lines, start=1)
                )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        try:
            services.record_edit(user=request.user, survey=form.instance, created=not change)
        except services.SurveyError as exc:
            raise PermissionDenied(str(exc)) from exc

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:pk>/workflow/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="{}_{}_results".format(*info),
            ),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            *super().get_urls(),
        ]

    def _survey(self, request, pk) -> Survey:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = extra_context or {}
        survey = self.get_queryset(request).filter(pk=object_id).first()
        if survey is not None:
            extra["workflow_actions"] = [
                (action.value, ACTION_LABELS[action], WORKFLOW[action][2])
                for (status, action) in TRANSITIONS
                if status == survey.status and request.user.has_perm(WORKFLOW[action][1])
            ]
            extra["edit_refusal"] = services.edit_refusal(survey)
            extra["can_export"] = request.user.has_perm(EXPORT)
        return super().change_view(request, object_id, form_url, extra_context=extra)

    def workflow_view(self, request: HttpRequest, pk: int):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        survey = self._survey(request, pk)
        try:
            action = Action(request.POST.get("action", ""))
            service, _permission, needs_note = WORKFLOW[action]
        except (ValueError, KeyError):
            messages.error(request, "未知的操作。")
        else:
            kwargs = {"note": request.POST.get("note", "")} if needs_note else {}
            try:
                service(user=request.user, survey=survey, **kwargs)
            except (services.SurveyError, InvalidTransition) as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"已{ACTION_LABELS[action]}。")
        return HttpResponseRedirect(reverse("admin:interaction_survey_change", args=[pk]))

    def results_view(self, request: HttpRequest, pk: int):
        """The results as they stand, also before they are public (counts only)."""
        survey = self._survey(request, pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        results, views = survey_results.question_views(survey)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": survey,
            "title": f"调查结果：{survey.title}",
            "results": results,
            "question_views": views,
            "percent_note": PERCENT_NOTE,
            "public": survey.results_are_public(),
            "pending_texts": TextAnswer.objects.filter(
                response__survey=survey, state=TextAnswer.State.PENDING
            ).count(),
        }
        return TemplateResponse(request, "interaction/surveys/admin/results.html", context)

    def export_view(self, request: HttpRequest, pk: int):
        """Every response with its answers, raw free texts included: no address, no session.
        Logged in the 互动交流 access log (调查答卷) as an export with personal data."""
        survey = self._survey(request, pk)
        if not request.user.has_perm(EXPORT):
            raise PermissionDenied
        questions = survey_results.specs_of(survey)
        out = io.StringIO()
        writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
        writer.writerow(["答卷编号", "提交时间", *(f"{q.position}. {q.text}" for q in questions)])
        options = {o.pk: o.text for q in questions for o in q.options.all()}
        responses = Response.objects.filter(survey=survey).prefetch_related("answers", "texts")
        for response in responses.order_by("id"):
            cells: dict[int, list[str]] = {q.pk: [] for q in questions}
            for answer in response.answers.all():
                value = options.get(answer.option_id) if answer.option_id else str(answer.value)
                cells.setdefault(answer.question_id, []).append(value or "")
            for text in response.texts.all():
                cells.setdefault(text.question_id, []).append(text.text)
            writer.writerow(
                [
                    f"{survey.reference}-{response.pk}",
                    timezone.localtime(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
                    *("；".join(cells[q.pk]) for q in questions),
                ]
            )
        record_personal_data_access(
            request=request,
            record_kind=RecordKind.SURVEY_RESPONSE,
            records=[(survey.organisation_id, survey.reference)],
            kind=WriterAccessKind.EXPORT_CONTACTS,
        )
        body = ("\ufeff" + out.getvalue()).encode("utf-8")
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-responses.csv"'
        return response


class ModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label="审核结果",
        choices=[(TextAnswer.State.PUBLIC, "公开"), (TextAnswer.State.HIDDEN, "不公开")],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = TextAnswer
        fields = ["public_text"]
        widgets = {"public_text": forms.Textarea(attrs={"rows": 5, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "public_text"
        ].help_text = "公开时显示的文本。已自动隐去身份证号码、手机号码、银行卡号，请再核对姓名、住址等个人信息。"
        if not self.instance.public_text:
            self.initial["public_text"] = services.suggested_public_text(self.instance)
        if self.instance.state != TextAnswer.State.PENDING:
            self.initial["decision"] = self.instance.state

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == TextAnswer.State.PUBLIC:
            text = (cleaned.get("public_text") or "").strip()
            if not text:
                self.add_error("public_text", "公开时请填写公开文本。")
            elif findings := services.findings_of(text):
                self.add_error(
                    "public_text", "公开文本中含有个人信息：" + "；".join(findings) + "。"
                )
        return cleaned


@admin.register(TextAnswer)
class TextAnswerAdmin(OrganisationScopedAdmin):
    """The moderation queue of free-text answers, scoped by the survey's organisation."""

    form = ModerationForm
    list_display = ["short_text", "question", "survey_title", "state", "moderated_at"]
    list_filter = ["state", ("question__survey", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["question__survey"]
    readonly_fields = [
        "survey_title",
        "question",
        "text",
        "findings",
        "state",
        "moderated_by",
        "moderated_at",
    ]
    fields = [*readonly_fields[:4], "public_text", "decision", *readonly_fields[4:]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm(services.MODERATE) and self._in_scope(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    @admin.display(description="原文")
    def short_text(self, obj):
        return obj.text[:40] + ("…" if len(obj.text) > 40 else "")

    @admin.display(description="调查")
    def survey_title(self, obj):
        return obj.question.survey.title

    @admin.display(description="隐私检查")
    def findings(self, obj):
        found = services.findings_of(obj.text)
        return "原文含有：" + "；".join(found) if found else "未发现身份证号码、手机号码、银行卡号"

    def save_model(self, request, obj, form, change):
        try:
            services.moderate_text(
                user=request.user,
                answer=obj,
                state=form.cleaned_data["decision"],
                public_text=form.cleaned_data.get("public_text", ""),
            )
        except services.SurveyError as exc:
            raise PermissionDenied(str(exc)) from exc

    @admin.action(description="不公开所选文字回答", permissions=["change"])
    def hide(self, request, queryset):
        for answer in queryset:
            services.moderate_text(user=request.user, answer=answer, state=TextAnswer.State.HIDDEN)
        messages.success(request, f"已将{queryset.count()}条文字回答设为不公开。")

    actions = ["hide"]

"""The answer form of a survey, built from its questions; every rule checked on the server.

Field ``q<id>`` per question: radio buttons (单选, 评分 with its range), check boxes (多选, with
the optional least and most number of picks), a text area (文字, its maximum length). No name
or contact is asked: a survey is anonymous.
"""

from __future__ import annotations

from django import forms

from interaction.surveys.models import Survey, SurveyQuestion
from interaction.surveys.services import AlreadyAnswered
from kernel.form_errors import ErrorSummaryMixin


def field_name(question: SurveyQuestion) -> str:
    return f"q{question.pk}"


class SurveyForm(ErrorSummaryMixin, forms.Form):
    def __init__(self, *args, survey: Survey, questions: list[SurveyQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.survey, self.questions = survey, questions
        for q in questions:
            self.fields[field_name(q)] = self._field(q)

    @staticmethod
    def _label(q: SurveyQuestion) -> str:
        return f"{q.position}. {q.text}"

    def _field(self, q: SurveyQuestion) -> forms.Field:
        label, required = self._label(q), q.required
        if q.kind == SurveyQuestion.Kind.SINGLE:
            return forms.TypedChoiceField(
                label=label,
                required=required,
                coerce=int,
                choices=[(o.pk, o.text) for o in q.options.all()],
                widget=forms.RadioSelect,
                help_text=q.help_text,
                error_messages={
                    "required": "请选择一项。",
                    "invalid_choice": "所选选项无效，请重新选择。",
                },
            )
        if q.kind == SurveyQuestion.Kind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                label=label,
                required=required,
                coerce=int,
                choices=[(o.pk, o.text) for o in q.options.all()],
                widget=forms.CheckboxSelectMultiple,
                help_text=q.help_text or self._picks_hint(q),
                error_messages={
                    "required": "请至少选择一项。",
                    "invalid_choice": "所选选项无效，请重新选择。",
                },
            )
        if q.kind == SurveyQuestion.Kind.RATING:
            choices = [(v, str(v)) for v in range(q.rating_min, q.rating_max + 1)]
            hint = f"{q.rating_min}分表示“{q.rating_min_label or '最低'}”，{q.rating_max}分表示“{q.rating_max_label or '最高'}”。"
            return forms.TypedChoiceField(
                label=label,
                required=required,
                coerce=int,
                choices=choices,
                widget=forms.RadioSelect,
                help_text=f"{q.help_text} {hint}".strip(),
                error_messages={
                    "required": "请选择分值。",
                    "invalid_choice": f"请在{q.rating_min}至{q.rating_max}分之间选择。",
                },
            )
        return forms.CharField(
            label=label,
            required=required,
            max_length=q.max_length,
            strip=True,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": q.max_length}),
            help_text=(q.help_text + " " if q.help_text else "")
            + f"不超过{q.max_length}字。请勿填写姓名、电话、身份证号码等个人信息。",
            error_messages={
                "required": "请填写本题。",
                "max_length": f"不能超过{q.max_length}个字（现有%(show_value)d个字）。",
            },
        )

    @staticmethod
    def _picks_hint(q: SurveyQuestion) -> str:
        if q.min_choices and q.max_choices:
            return f"请选择{q.min_choices}至{q.max_choices}项。"
        if q.min_choices:
            return f"请至少选择{q.min_choices}项。"
        if q.max_choices:
            return f"最多选择{q.max_choices}项。"
        return "可以多选。"

    def clean(self):
        cleaned = super().clean()
        for q in self.questions:
            if q.kind != SurveyQuestion.Kind.MULTIPLE:
                continue
            picked = cleaned.get(field_name(q)) or []
            if not picked:
                continue  # required is checked by the field; an optional one may stay empty
            if q.min_choices and len(picked) < q.min_choices:
                self.add_error(field_name(q), f"请至少选择{q.min_choices}项。")
            elif q.max_choices and len(picked) > q.max_choices:
                self.add_error(field_name(q), f"最多只能选择{q.max_choices}项。")
        return cleaned

    def reject(self, message: str) -> None:
        self.add_error(None, message)

    # Set when the service found this browser or address had already answered: the view
    # answers with the "already answered" page instead of the form.
    already_answered = False

    def add_service_errors(self, exc) -> None:
        if isinstance(exc, AlreadyAnswered):
            self.already_answered = True
            return
        self.reject(str(exc))

    def answers(self) -> dict[int, object]:
        """question id → what was answered, for services.submit_response."""
        return {q.pk: self.cleaned_data.get(field_name(q)) for q in self.questions}

    def rows(self):
        """(question, bound field) in order, for the template."""
        return [(q, self[field_name(q)]) for q in self.questions]

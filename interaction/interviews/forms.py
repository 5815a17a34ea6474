"""Public forms of 在线访谈: the list filter and a citizen's question."""

from __future__ import annotations

from django import forms

from interaction.interviews import services
from interaction.interviews.models import Interview
from kernel.form_errors import ErrorSummaryMixin


class KindFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部"), *Interview.Kind.choices]
    )

    def kind_value(self) -> str:
        return self.cleaned_data.get("kind", "") if self.is_valid() else ""


class QuestionForm(ErrorSummaryMixin, forms.Form):
    nickname = forms.CharField(
        label="网名",
        required=False,
        max_length=services.MAX_NICKNAME,
        help_text="选填，随提问公开显示；不填显示为“网友”。",
        error_messages={"max_length": f"网名不能超过{services.MAX_NICKNAME}个字。"},
    )
    text = forms.CharField(
        label="提问内容",
        max_length=services.MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"不超过{services.MAX_QUESTION}字。提问经工作人员审核后显示，请勿填写个人信息。",
        error_messages={
            "required": "请填写提问内容。",
            "max_length": f"提问内容不能超过{services.MAX_QUESTION}个字。",
        },
    )
    contact = forms.CharField(
        label="联系方式",
        max_length=100,
        help_text="手机号码或电子邮箱，仅供工作人员核实提问，不会公开。",
        error_messages={
            "required": "请填写手机号码或电子邮箱，以便工作人员核实提问。",
            "max_length": "联系方式不能超过100个字符。",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            nickname, text, contact = services.clean_question(
                nickname=cleaned.get("nickname", ""),
                text=cleaned.get("text", ""),
                contact=cleaned.get("contact", ""),
            )
        except services.QuestionInvalid as exc:
            for field, message in exc.errors.items():
                self.add_error(field, message)
            return cleaned
        cleaned.update(nickname=nickname, text=text, contact=contact)
        return cleaned

    def reject(self, message: str) -> None:
        self.add_error(None, message)

    def add_service_errors(self, exc) -> None:
        """The service refused the question (the event stopped taking questions meanwhile)."""
        self.reject(str(exc))

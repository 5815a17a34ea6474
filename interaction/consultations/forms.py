"""The public comment form: the comment, on the whole draft or one article, and who sent it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from interaction.consultations.models import Consultation, DraftArticle
from kernel.form_errors import ErrorSummaryMixin

WHOLE = ""
PHONE = RegexValidator(
    r"^[0-9+\-() ]{7,20}$", "请填写正确的电话号码，如13912345678或0571-12345678。"
)


class CommentForm(ErrorSummaryMixin, forms.Form):
    article = forms.ChoiceField(
        label="意见针对",
        required=False,
        error_messages={"invalid_choice": "请选择草案中的条文。"},
    )
    content = forms.CharField(
        label="意见内容",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "请填写意见内容。", "max_length": "意见内容不超过5000字。"},
        help_text="请写明具体的修改意见和理由。不要填写身份证号码等个人信息。",
    )
    name = forms.CharField(label="姓名", max_length=50, error_messages={"required": "请填写姓名。"})
    phone = forms.CharField(label="联系电话", max_length=20, required=False, validators=[PHONE])
    email = forms.EmailField(
        label="电子邮箱", required=False, error_messages={"invalid": "请填写正确的电子邮箱地址。"}
    )
    organisation_name = forms.CharField(label="所在单位（可不填）", max_length=100, required=False)
    show_name = forms.BooleanField(
        label="同意在网站上公开我的姓名（联系方式始终不公开）", required=False
    )

    def __init__(self, *args, consultation: Consultation, articles: list[DraftArticle], **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.articles = {str(a.number): a for a in articles}
        self.fields["article"].choices = [(WHOLE, "草案整体"), *[
            (str(a.number), f"{a.label}{'　' + a.heading if a.heading else ''}") for a in articles
        ]]  # fmt: skip
        if not articles:
            self.fields["article"].widget = forms.HiddenInput()
        for name in ("name", "phone", "email"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "name": "name", "phone": "tel", "email": "email"}[name]  # fmt: skip

    def reject(self, message: str) -> None:
        self.add_error(None, message)

    def add_service_errors(self, exc) -> None:
        """The service refused (the window closed meanwhile, a rule of the model): above the form."""
        self.reject(str(exc.messages[0] if isinstance(exc, ValidationError) else exc))

    def clean_article(self):
        value = self.cleaned_data.get("article") or WHOLE
        if value != WHOLE and value not in self.articles:
            raise ValidationError("请选择草案中的条文。")
        return value

    def clean(self):
        cleaned = super().clean()
        no_errors = not self.errors.get("phone") and not self.errors.get("email")
        if no_errors and not cleaned.get("phone") and not cleaned.get("email"):
            self.add_error("phone", "请至少填写一种联系方式（电话或电子邮箱）。")
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "consultation": self.consultation,
            "article": self.articles.get(data["article"]),
            "content": data["content"],
            "name": data["name"],
            "phone": data.get("phone") or "",
            "email": data.get("email") or "",
            "organisation_name": data.get("organisation_name") or "",
            "show_name": bool(data.get("show_name")),
        }

"""The public 点题公开 form and the filter of the answered list."""

from __future__ import annotations

from django import forms

from catalog.models import Category, Organisation, TopicCategory
from interaction.topics import intake
from kernel.form_errors import ErrorSummaryMixin


def _text(label: str, limit: int, required_message: str, *, required: bool = True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        error_messages={
            "required": required_message,
            "max_length": f"{label}不能超过{limit}个字。",
        },
        **kwargs,
    )


class SuggestionForm(ErrorSummaryMixin, forms.Form):
    subject = _text(
        "建议公开的信息",
        intake.MAX_SUBJECT,
        intake.MESSAGES["subject_required"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="用一句话概括，如“城区学校学位分配情况”。",
    )
    description = _text(
        "具体内容",
        intake.MAX_DESCRIPTION,
        intake.MESSAGES["description_required"],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            f"请说明希望公开哪些信息、涉及的时间范围等，不超过{intake.MAX_DESCRIPTION}个字。"
            "请勿填写身份证号码、手机号码等个人信息。"
        ),
    )
    reason = _text(
        "建议理由",
        intake.MAX_REASON,
        "",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="可选：说明这些信息为什么值得主动公开、哪些群众关心。",
    )
    column = forms.ModelChoiceField(
        label="建议栏目",
        queryset=Category.objects.none(),
        required=False,
        empty_label="不指定",
        error_messages={"invalid_choice": intake.MESSAGES["column"]},
    )
    topic = forms.ModelChoiceField(
        label="主题分类",
        queryset=TopicCategory.objects.none(),
        required=False,
        empty_label="不指定",
        error_messages={"invalid_choice": intake.MESSAGES["topic"]},
    )
    name = _text(
        "姓名",
        intake.MAX_NAME,
        intake.MESSAGES["name_required"],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = _text(
        "联系电话",
        30,
        "",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = _text(
        "电子邮箱",
        254,
        "",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="联系电话和电子邮箱至少填写一项；填写电子邮箱的，答复后将通过邮件告知查看地址。",
    )
    publish_consent = forms.BooleanField(
        label="同意在本网站公开建议内容和答复（公开时不显示姓名和联系方式）", required=False
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["column"].queryset = Category.objects.select_related("parent").order_by(
            "kind", "sort_order", "id"
        )
        self.fields["topic"].queryset = TopicCategory.objects.filter(parent__isnull=True).order_by(
            "sort_order", "id"
        )

    def reject(self, message: str) -> None:
        """Refuse the submission for a reason outside the fields (typed values kept)."""
        self.add_error(None, message)

    def add_service_errors(self, exc) -> None:
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)

    def service_arguments(self) -> dict:
        c = self.cleaned_data
        return {
            "organisation": self.organisation,
            "subject": c["subject"],
            "description": c["description"],
            "reason": c.get("reason", ""),
            "column": c.get("column"),
            "topic": c.get("topic"),
            "name": c["name"],
            "phone": c.get("phone", ""),
            "email": c.get("email", ""),
            "publish_consent": c.get("publish_consent", False),
        }


class AnsweredFilterForm(forms.Form):
    """The answered list's filters; a value that does not fit is ignored, never an error page."""

    jg = forms.ModelChoiceField(
        label="机构", queryset=Organisation.objects.none(), required=False, to_field_name="slug"
    )
    answer = forms.ChoiceField(label="答复类型", required=False)

    def __init__(self, *args, organisations, answer_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jg"].queryset = organisations
        self.fields["jg"].empty_label = "全部机构"
        self.fields["answer"].choices = [("", "全部"), *answer_choices]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v}

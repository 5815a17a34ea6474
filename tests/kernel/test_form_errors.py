"""The error summary rows of a public form (kernel.form_errors)."""

from __future__ import annotations

from django import forms

from kernel.form_errors import ErrorSummaryMixin


class TwoStepForm(ErrorSummaryMixin, forms.Form):
    kind = forms.ChoiceField(
        label="类别",
        choices=[("a", "甲"), ("b", "乙")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择类别。"},
    )
    name = forms.CharField(label="姓名", error_messages={"required": "请填写姓名。"})
    password = forms.CharField(label="密码", required=False)
    password2 = forms.CharField(label="确认密码", required=False)

    def clean(self):
        cleaned = super().clean()
        # added after the fields' own errors and in reverse order, as clean() methods often do
        self.add_error("password2", "两次输入的密码不一致。")
        self.add_error("password", "密码太短。")
        self.add_error(None, "提交过于频繁。")
        return cleaned


def test_summary_rows_follow_the_order_of_the_fields_not_of_the_checks():
    form = TwoStepForm({"name": "", "password": "a1", "password2": "b2"})
    assert not form.is_valid()
    assert form.error_summary() == [
        ("id_kind_0", "类别", "请选择类别。"),
        ("id_name", "姓名", "请填写姓名。"),
        ("id_password", "密码", "密码太短。"),
        ("id_password2", "确认密码", "两次输入的密码不一致。"),
    ]


def test_summary_of_a_valid_form_is_empty():
    class Plain(ErrorSummaryMixin, forms.Form):
        name = forms.CharField(label="姓名")

    form = Plain({"name": "张三"})
    assert form.is_valid()
    assert form.error_summary() == []

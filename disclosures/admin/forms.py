"""Forms of the staff UI for disclosure items: the item and its attachments, and one form per
workflow step (审核 actions, revision decisions, 时效 validity, masking a published item)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from disclosures import services
from disclosures.models import Attachment, Disclosure, Validity
from disclosures.revisions import services as revisions
from disclosures.workflow import ACTION_LABELS, Action, Status


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["file", "sort_order"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            try:
                services.check_upload(upload)
            except services.AttachmentRejected as exc:
                raise forms.ValidationError(str(exc)) from exc
        return upload


class DisclosureForm(forms.ModelForm):
    class Meta:
        model = Disclosure
        fields = [
            "organisation",
            "title",
            "categories",
            "topic",
            "genre",
            "document_number",
            "written_on",
            "summary",
            "keywords",
            "body",
            "interprets",
        ]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "class": "vLargeTextField"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "written_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.pk and instance.status == Status.PUBLISHED and not self.is_bound:
            # The editor continues the pending revision, not the published text.
            revision = revisions.pending_revision(instance)
            if revision is not None:
                self.initial.update(revisions.proposed_form_values(revision))

    def clean_written_on(self):
        value = self.cleaned_data["written_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("成文日期不能晚于今天。")
        return value

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status == Status.PUBLISHED:
            # A published page changes on save: refuse new personal data here, with the form.
            original = Disclosure.objects.get(pk=self.instance.pk)
            edited = Disclosure.objects.get(pk=self.instance.pk)
            for key in ("title", "keywords", "summary", "body"):
                if key in cleaned:
                    setattr(edited, key, cleaned[key] or "")
            added = services.new_findings(
                services.privacy_findings(original), services.privacy_findings(edited)
            )
            if added:
                raise forms.ValidationError(
                    "修改内容含有疑似个人信息，已发布的信息不能直接加入："
                    + "；".join(f"{f.location}{f.label}{f.masked}" for f in added)
                )
        interprets = cleaned.get("interprets")
        if interprets is not None and self.instance.pk and interprets.pk == self.instance.pk:
            self.add_error("interprets", "不能解读自身。")
        return cleaned


def _action_label(action) -> str:
    return ACTION_LABELS[Action(action)]


class WorkflowForm(forms.Form):
    reason = forms.CharField(
        label="原因", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    publish_at = forms.DateTimeField(
        label="定时发布时间",
        required=False,
        help_text="留空即立即发布；格式：2026-12-01 09:00",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    privacy_override_reason = forms.CharField(
        label="个人信息检查放行理由",
        max_length=300,
        required=False,
        help_text="仅当检查发现的信息依法应当公开（如处罚决定中的法人信息）时填写，将记录在案。",
    )

    def __init__(self, action: Action, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action in (Action.RETURN, Action.WITHDRAW):
            self.fields["reason"].required = True
            self.fields["reason"].label = "退回原因" if action == Action.RETURN else "撤回原因"
            del self.fields["publish_at"], self.fields["privacy_override_reason"]
        elif action == Action.PUBLISH:
            del self.fields["reason"]
        else:  # submit: personal data found may be sent to the reviewer only with a reason
            del self.fields["reason"], self.fields["publish_at"]
            field = self.fields["privacy_override_reason"]
            field.label = "申请审核放行的理由"
            field.help_text = (
                "检查发现个人信息时，应先去标识化；确属依法应当公开的，"
                "请写明理由，由审核人员决定是否放行。"
            )

    def clean_publish_at(self):
        value = self.cleaned_data.get("publish_at")
        if value and value < timezone.now() - dt.timedelta(minutes=5):
            raise forms.ValidationError("定时发布时间不能早于当前时间。")
        return value


class RevisionDecisionForm(forms.Form):
    note = forms.CharField(
        label="审核意见", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, decision: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if decision == "reject":
            self.fields["note"].required = True
            self.fields["note"].label = "不予通过的原因"


class ValidityForm(forms.Form):
    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    changed_on = forms.DateField(
        label="失效/废止日期",
        required=False,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )
    note = forms.CharField(
        label="说明",
        max_length=300,
        required=False,
        help_text="如：根据示民发〔2026〕3号文件废止。",
    )


class MaskForm(forms.Form):
    text = forms.CharField(
        label="待遮盖文字",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text="粘贴正文或名单，身份证号码、手机号码、银行卡号将被遮盖。",
    )
    names = forms.CharField(
        label="姓名（每行一个）",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 30}),
    )

    def clean_names(self):
        return [n.strip() for n in self.cleaned_data["names"].splitlines() if n.strip()]

"""The staff forms of the 点题公开 action pages; each maps to one service (``HANDLERS``).

The forms check what a person can correct next to the field; the services check every rule
again (role, organisation, status, four eyes, privacy) and their refusals are shown above the
form with what was typed kept.
"""

from __future__ import annotations

from django import forms

from interaction.topics import services
from interaction.topics.workflow import (
    ANSWER_LABELS,
    REFUSAL_BASIS,
    REFUSAL_LABELS,
    Action,
    AnswerKind,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _ActionForm(forms.Form):
    def __init__(self, *args, suggestion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion, self.user = suggestion, user


class _PublicTextMixin(forms.Form):
    public_subject = forms.CharField(
        label="公开标题",
        max_length=100,
        required=False,
        help_text="公开时显示的标题，请删去姓名、电话、身份证号码等个人信息。",
    )
    public_description = forms.CharField(
        label="公开建议内容", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def _public_initial(self, suggestion) -> None:
        self.fields["public_subject"].initial = suggestion.public_subject or suggestion.subject
        self.fields["public_description"].initial = (
            suggestion.public_description or suggestion.description
        )


class AnswerForm(_PublicTextMixin, _ActionForm):
    answer_kind = forms.ChoiceField(
        label="答复类型",
        choices=[(k.value, label) for k, label in ANSWER_LABELS.items()],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择答复类型。"},
    )
    planned_on = forms.DateField(
        label="计划公开日期",
        required=False,
        widget=DATE_WIDGET,
        help_text="答复“将予公开”时填写。",
    )
    disclosure = forms.ModelChoiceField(
        label="已公开信息",
        queryset=None,
        required=False,
        help_text="答复“已经公开”时选择；只列出本机构已发布的信息。",
    )
    refusal_reason = forms.ChoiceField(
        label="不予公开理由",
        required=False,
        choices=[("", "—")]
        + [(r.value, f"{label}（{REFUSAL_BASIS[r]}）") for r, label in REFUSAL_LABELS.items()],
    )
    answer_text = forms.CharField(
        label="答复说明",
        required=False,
        max_length=services.MAX_ANSWER_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="随答复公开；答复“不予公开”时必须填写。",
    )

    field_order = [
        "answer_kind",
        "planned_on",
        "disclosure",
        "refusal_reason",
        "answer_text",
        "public_subject",
        "public_description",
    ]

    def __init__(self, *args, suggestion, user, **kwargs):
        super().__init__(*args, suggestion=suggestion, user=user, **kwargs)
        self.fields["disclosure"].queryset = services.linkable_items(
            user, suggestion.organisation_id
        ).order_by("-published_at", "-id")
        self._public_initial(suggestion)
        if suggestion.answer_kind:
            self.fields["answer_kind"].initial = suggestion.answer_kind
            self.fields["answer_text"].initial = suggestion.answer_text
            self.fields["planned_on"].initial = suggestion.planned_on
            self.fields["disclosure"].initial = suggestion.disclosure_id
            self.fields["refusal_reason"].initial = suggestion.refusal_reason

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("answer_kind")
        if kind == AnswerKind.WILL_PUBLISH and not cleaned.get("planned_on"):
            self.add_error("planned_on", "答复“将予公开”须填写计划公开日期。")
        if kind == AnswerKind.PUBLISHED and not cleaned.get("disclosure"):
            self.add_error("disclosure", "答复“已经公开”须选择已公开的信息。")
        if kind == AnswerKind.NOT_PUBLISHED and not cleaned.get("refusal_reason"):
            self.add_error("refusal_reason", "答复“不予公开”须选择理由及依据。")
        return cleaned


class ApproveForm(_PublicTextMixin, _ActionForm):
    publish = forms.BooleanField(
        label="同时公开建议和答复",
        required=False,
        initial=True,
        help_text="建议人同意公开的，公开经审核的标题和内容及答复；不含姓名和联系方式。",
    )
    mask = forms.BooleanField(
        label="自动遮盖公开内容中的证件号码、电话号码和建议人姓名", required=False
    )

    def __init__(self, *args, suggestion, user, **kwargs):
        super().__init__(*args, suggestion=suggestion, user=user, **kwargs)
        self._public_initial(suggestion)
        if not suggestion.publish_consent:
            for name in ("publish", "mask", "public_subject", "public_description"):
                del self.fields[name]


class PublishForm(_PublicTextMixin, _ActionForm):
    mask = ApproveForm.base_fields["mask"]

    def __init__(self, *args, suggestion, user, **kwargs):
        super().__init__(*args, suggestion=suggestion, user=user, **kwargs)
        self._public_initial(suggestion)


class NoteForm(_ActionForm):
    note = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写理由。"},
    )


class LinkItemForm(_ActionForm):
    disclosure = forms.ModelChoiceField(
        label="已公开信息",
        queryset=None,
        error_messages={"required": "请选择已公开的信息。"},
        help_text="选择兑现“将予公开”承诺后发布的信息；关联后公开页面即显示链接。",
    )

    def __init__(self, *args, suggestion, user, **kwargs):
        super().__init__(*args, suggestion=suggestion, user=user, **kwargs)
        self.fields["disclosure"].queryset = services.linkable_items(
            user, suggestion.organisation_id
        ).order_by("-published_at", "-id")


def _public(data: dict) -> dict:
    """The public texts as typed; an emptied field keeps the current text (None)."""
    return {name: (data.get(name) or None) for name in ("public_subject", "public_description")}


HANDLERS = {
    Action.SUBMIT_ANSWER: lambda user, s, d: services.submit_answer(
        actor=user,
        suggestion=s,
        answer_kind=d["answer_kind"],
        answer_text=d.get("answer_text", ""),
        planned_on=d.get("planned_on"),
        disclosure=d.get("disclosure"),
        refusal_reason=d.get("refusal_reason", ""),
        **_public(d),
    ),
    Action.RETURN_ANSWER: lambda user, s, d: services.return_answer(
        actor=user, suggestion=s, note=d["note"]
    ),
    Action.APPROVE: lambda user, s, d: services.approve_answer(
        actor=user,
        suggestion=s,
        publish=bool(d.get("publish")),
        mask=bool(d.get("mask")),
        **_public(d),
    ),
    Action.CLOSE_INVALID: lambda user, s, d: services.close_invalid(
        actor=user, suggestion=s, note=d["note"]
    ),
    Action.PUBLISH: lambda user, s, d: services.publish(
        actor=user, suggestion=s, mask=bool(d.get("mask")), **_public(d)
    ),
    Action.UNPUBLISH: lambda user, s, d: services.unpublish(
        actor=user, suggestion=s, note=d["note"]
    ),
    Action.LINK_ITEM: lambda user, s, d: services.link_item(
        actor=user, suggestion=s, disclosure=d["disclosure"]
    ),
}

FORMS = {
    Action.SUBMIT_ANSWER: AnswerForm,
    Action.RETURN_ANSWER: NoteForm,
    Action.APPROVE: ApproveForm,
    Action.CLOSE_INVALID: NoteForm,
    Action.PUBLISH: PublishForm,
    Action.UNPUBLISH: NoteForm,
    Action.LINK_ITEM: LinkItemForm,
}

# The permission each action page needs (the services check it again).
PERMISSIONS = {
    Action.SUBMIT_ANSWER: services.HANDLE,
    Action.RETURN_ANSWER: services.PUBLISH,
    Action.APPROVE: services.PUBLISH,
    Action.CLOSE_INVALID: services.HANDLE,
    Action.PUBLISH: services.HANDLE,
    Action.UNPUBLISH: services.HANDLE,
    Action.LINK_ITEM: services.PUBLISH,
}

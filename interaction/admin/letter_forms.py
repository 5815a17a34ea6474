"""One small form per staff action on a letter, and the service call it makes (FORMS, HANDLERS).

The forms check the shape of the input; the rules (who, which state, four eyes, privacy) are the
services' and come back as LetterError messages shown above the form, which keeps what was typed.
"""

from __future__ import annotations

from django import forms

from catalog.models import Organisation
from interaction.deadlines import MAX_EXTENSION_DAYS
from interaction.models import Letter, Reply
from interaction.services import handling
from interaction.workflow import REJECTION_LABELS, Action

_AREA = forms.Textarea(attrs={"rows": 4})


class LetterForm(forms.Form):
    def __init__(self, *args, letter: Letter, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter, self.user = letter, user


class NoteForm(LetterForm):
    note = forms.CharField(label="说明", required=False, max_length=500, widget=_AREA)


class RejectForm(LetterForm):
    reason = forms.ChoiceField(
        label="不予受理理由",
        choices=[("", "请选择")] + [(r.value, label) for r, label in REJECTION_LABELS.items()],
        help_text="来信人将看到所选理由和应当采用的途径。",
    )
    note = forms.CharField(
        label="补充说明", required=False, max_length=500, widget=_AREA, help_text="将告知来信人。"
    )


class TransferForm(LetterForm):
    to_organisation = forms.ModelChoiceField(label="转办至", queryset=Organisation.objects.none())
    note = forms.CharField(label="转办理由", max_length=500, widget=_AREA)

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        self.fields["to_organisation"].queryset = Organisation.objects.active().exclude(
            pk=letter.organisation_id
        )


class AssignForm(LetterForm):
    office = forms.CharField(label="承办股室", required=False, max_length=50)
    handler = forms.ModelChoiceField(label="经办人", required=False, queryset=None)
    note = forms.CharField(label="交办意见", required=False, max_length=500, widget=_AREA)

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        self.fields["handler"].queryset = handling.handlers_of(letter.organisation_id)
        self.fields["office"].initial = letter.office

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("office") and not cleaned.get("handler"):
            raise forms.ValidationError("请填写承办股室或选择经办人。")
        return cleaned


class ReplyForm(LetterForm):
    text = forms.CharField(
        label="答复内容", max_length=10000, widget=forms.Textarea(attrs={"rows": 10})
    )
    public_text = forms.CharField(
        label="公开答复内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="公开时展示的答复，不得含有来信人姓名、联系方式和证件号码等个人信息。",
    )

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        draft = letter.replies.filter(round=2 if letter.followed_up_on else 1).first()
        if draft is not None:
            self.fields["text"].initial, self.fields["public_text"].initial = (
                draft.text,
                draft.public_text,
            )
            if draft.state == Reply.State.RETURNED and draft.review_note:
                self.fields["text"].help_text = f"审核退回意见：{draft.review_note}"


class ReturnForm(LetterForm):
    note = forms.CharField(label="退回修改意见", max_length=500, widget=_AREA)


class PublicTextsForm(LetterForm):
    public_subject = forms.CharField(label="公开标题", required=False, max_length=100)
    public_content = forms.CharField(
        label="公开来信内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="去除姓名、联系方式、证件号码等个人信息后的来信内容。",
    )

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        self.fields["public_subject"].initial = letter.public_subject or letter.subject
        self.fields["public_content"].initial = letter.public_content


class ApproveForm(PublicTextsForm):
    publish = forms.BooleanField(
        label="同时公开发布",
        required=False,
        help_text="仅来信人同意公开的来信可以公开；公开内容须通过个人信息检查。",
    )
    public_text = forms.CharField(
        label="公开答复内容", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        reply = letter.replies.filter(state=Reply.State.SUBMITTED).first()
        if reply is not None:
            self.fields["public_text"].initial = reply.public_text
        if not letter.publish_consent:
            del self.fields["publish"]


class UnpublishForm(LetterForm):
    reason = forms.CharField(label="撤销公开理由", max_length=500, widget=_AREA)


class ExtendForm(LetterForm):
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=MAX_EXTENSION_DAYS, initial=5
    )
    reason = forms.CharField(label="延期理由", max_length=200)
    approver = forms.ModelChoiceField(label="批准人", queryset=None)

    def __init__(self, *args, letter, user, **kwargs):
        super().__init__(*args, letter=letter, user=user, **kwargs)
        self.fields["approver"].queryset = handling.reviewers_of(letter.organisation_id)


class MergeForm(LetterForm):
    into = forms.CharField(
        label="合并至来信查询码", max_length=30, help_text="本机构办理的、内容相同的来信。"
    )
    reason = forms.CharField(label="合并理由", max_length=500, widget=_AREA)

    def clean_into(self):
        number = self.cleaned_data["into"].strip()
        target = Letter.objects.filter(
            number=number, organisation_id=self.letter.organisation_id
        ).first()
        if target is None:
            raise forms.ValidationError("本机构没有该查询码的来信，请核对。")
        return target


class ReasonForm(LetterForm):
    reason = forms.CharField(label="理由", max_length=500, widget=_AREA)


FORMS: dict[Action, type[LetterForm]] = {
    Action.ACCEPT: NoteForm,
    Action.REJECT: RejectForm,
    Action.TRANSFER: TransferForm,
    Action.ASSIGN: AssignForm,
    Action.SUBMIT_REPLY: ReplyForm,
    Action.RETURN_REPLY: ReturnForm,
    Action.APPROVE: ApproveForm,
    Action.EXTEND: ExtendForm,
    Action.MERGE: MergeForm,
    Action.CLOSE_ABUSIVE: ReasonForm,
    Action.CLOSE: NoteForm,
    Action.PUBLISH: PublicTextsForm,
    Action.UNPUBLISH: UnpublishForm,
}

# Actions that need review_letter; the others need handle_letter.
REVIEW_ACTIONS = frozenset({Action.RETURN_REPLY, Action.APPROVE, Action.PUBLISH, Action.UNPUBLISH})


def _reply(user, letter, data, *, draft: bool):
    call = handling.save_reply if draft else handling.submit_reply
    return call(actor=user, letter=letter, text=data["text"], public_text=data["public_text"])


HANDLERS = {
    Action.ACCEPT: lambda u, x, d, **_: handling.accept_letter(actor=u, letter=x, note=d["note"]),
    Action.REJECT: lambda u, x, d, **_: handling.reject_letter(
        actor=u, letter=x, reason=d["reason"], note=d["note"]
    ),
    Action.TRANSFER: lambda u, x, d, **_: handling.transfer_letter(
        actor=u, letter=x, to_organisation=d["to_organisation"], note=d["note"]
    ),
    Action.ASSIGN: lambda u, x, d, **_: handling.assign_letter(
        actor=u, letter=x, office=d["office"], handler=d["handler"], note=d["note"]
    ),
    Action.SUBMIT_REPLY: lambda u, x, d, draft=False: _reply(u, x, d, draft=draft),
    Action.RETURN_REPLY: lambda u, x, d, **_: handling.return_reply(
        actor=u, letter=x, note=d["note"]
    ),
    Action.APPROVE: lambda u, x, d, **_: handling.approve_reply(
        actor=u,
        letter=x,
        publish=bool(d.get("publish")),
        public_subject=d["public_subject"],
        public_content=d["public_content"],
        public_text=d["public_text"],
    ),
    Action.EXTEND: lambda u, x, d, **_: handling.extend_letter(
        actor=u, letter=x, days=d["days"], reason=d["reason"], approver=d["approver"]
    ),
    Action.MERGE: lambda u, x, d, **_: handling.merge_letter(
        actor=u, letter=x, into=d["into"], reason=d["reason"]
    ),
    Action.CLOSE_ABUSIVE: lambda u, x, d, **_: handling.close_abusive(
        actor=u, letter=x, reason=d["reason"]
    ),
    Action.CLOSE: lambda u, x, d, **_: handling.close_letter(actor=u, letter=x, note=d["note"]),
    Action.PUBLISH: lambda u, x, d, **_: handling.publish_letter(
        actor=u, letter=x, public_subject=d["public_subject"], public_content=d["public_content"]
    ),
    Action.UNPUBLISH: lambda u, x, d, **_: handling.unpublish_letter(
        actor=u, letter=x, reason=d["reason"]
    ),
}

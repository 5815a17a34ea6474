"""Staff forms of a 依申请公开 case: registering an offline application, and one form per case
action with the service call it makes (ACTION_FORMS, ACTION_HANDLERS), used by the admin."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from catalog.models import CalendarDay
from kernel.identifiers import is_valid_credit_code, is_valid_id_number
from requests_app import fees, services
from requests_app.models import (
    ApplicantType,
    Application,
    Channel,
    IdType,
    Pause,
)
from requests_app.outcomes import ANSWER_CHOICES
from requests_app.releases import services as releases
from requests_app.releases.forms import released_files_field
from requests_app.workflow import Action


class RegisterForm(forms.ModelForm):
    """Register an application received offline (条例 Art. 31 receipt date per channel)."""

    # 条例 Art. 44, as ticked on the paper form (requests_app.proactive).
    suggest_proactive = forms.BooleanField(label="申请人建议将该信息主动公开", required=False)

    class Meta:
        model = Application
        fields = [
            "organisation",
            "channel",
            "received_on",
            *Application.APPLICANT_FIELDS,
            "id_proof",
        ]
        widgets = {
            "received_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "received_on": "当面：提交之日；挂号信：签收之日；平信：与申请人确认之日；"
            "传真、电子邮件：双方确认之日；口头：代为填写并经申请人确认之日。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] != Channel.ONLINE]

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_type")
        number = (cleaned.get("id_number") or "").strip().upper()
        if kind == ApplicantType.NATURAL:
            if not cleaned.get("id_type"):
                self.add_error("id_type", "请选择证件类型。")
            elif cleaned["id_type"] == IdType.RESIDENT_ID and not is_valid_id_number(
                number, today=timezone.localdate()
            ):
                self.add_error("id_number", "居民身份证号码不正确，请核对出生日期和校验位。")
        elif kind and not is_valid_credit_code(number):
            self.add_error("id_number", "统一社会信用代码不正确，请核对。")
        received_on = cleaned.get("received_on")
        if received_on and received_on > timezone.localdate():
            self.add_error("received_on", "收到申请日期不能晚于今天。")
        cleaned["id_number"] = number
        return cleaned


class _CaseForm(forms.Form):
    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        initial=timezone.localdate,
        help_text=help_text,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
    )


class CorrectionForm(_CaseForm):
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="一次性写明全部需要补正的内容，并给出指导和释明。",
    )
    correction_due_on = forms.DateField(
        label="补正期限",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="给予申请人合理的补正期限，如15个工作日。",
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, application=application, **kwargs)
        cal = CalendarDay.objects.work_calendar()
        self.fields["correction_due_on"].initial = cal.add_working_days(timezone.localdate(), 15)


class ReceiveCorrectionForm(_CaseForm):
    received_on = _date("收到补正日期")
    description = forms.CharField(
        label="补正后的内容描述",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如申请人重新描述了所需信息，请录入；留空保留原描述。",
    )


class EmptyForm(_CaseForm):
    on = _date("日期")


class ConsultationForm(_CaseForm):
    kind = forms.ChoiceField(
        label="类型",
        choices=[
            (Pause.Kind.THIRD_PARTY.value, Pause.Kind.THIRD_PARTY.label),
            (Pause.Kind.OTHER_AGENCY.value, Pause.Kind.OTHER_AGENCY.label),
        ],
    )
    party = forms.CharField(label="征求意见对象", max_length=100)
    sent_on = _date("发出征求意见日期")


class EndConsultationForm(_CaseForm):
    ended_on = _date("收到意见或期限届满日期")
    note = forms.CharField(label="意见情况", required=False, max_length=300)


class ExtendForm(_CaseForm):
    working_days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=20, initial=20)
    approver = forms.CharField(
        label="批准人", max_length=50, help_text="政府信息公开工作机构负责人。"
    )
    reason = forms.CharField(label="延期理由", max_length=300)


class FeeForm(_CaseForm):
    basis = forms.ChoiceField(
        label="计收方式", choices=[("per_item", "按件计收"), ("per_volume", "按量计收")]
    )
    quantity = forms.IntegerField(
        label="件数或页数",
        min_value=1,
        help_text="按件：申请人本月此前已申请的件数之后的本次件数；按量：页数。",
    )
    items_before = forms.IntegerField(
        label="本月此前已申请件数", min_value=0, initial=0, required=False
    )
    notice_received_on = _date("通知送达日期")

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["basis"] == "per_item":
            quote = fees.quote_per_item(cleaned.get("items_before") or 0, cleaned["quantity"])
        else:
            quote = fees.quote_per_volume(cleaned["quantity"])
        if quote.amount <= 0:
            raise forms.ValidationError(f"按此计算无需收费：{quote.explanation}")
        cleaned["quote"] = quote
        return cleaned


class AnswerForm(_CaseForm):
    outcome = forms.ChoiceField(label="办理结果", choices=ANSWER_CHOICES)
    reasons = forms.CharField(
        label="理由和依据",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="不予公开、部分公开、无法提供、不予处理的，须逐项写明理由和法律依据。",
    )
    provided = forms.CharField(
        label="提供方式或公开位置",
        required=False,
        max_length=300,
        help_text="予以公开、部分公开的，写明提供形式和获取方式；已主动公开的，写明公开渠道、"
        "栏目名称或网址（《条例》第三十六条第（一）项）。",
    )
    responsible_agency = forms.CharField(
        label="负责公开的行政机关",
        required=False,
        max_length=100,
        help_text="仅“不属于本机关负责公开”时填写（《条例》第三十六条第（五）项）；"
        "确实无法确定的留空，并在理由中说明。",
    )
    responsible_agency_contact = forms.CharField(
        label="该机关联系方式", required=False, max_length=200, help_text="如：电话、地址。"
    )
    responsible_agency_unknown = forms.BooleanField(
        label="无法确定负责公开的行政机关",
        required=False,
        help_text="经审查确实无法确定时勾选，并在理由中说明。",
    )
    answered_on = _date("答复日期")
    files = released_files_field()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "unable_not_ours":
            if cleaned.get("responsible_agency") and not cleaned.get("responsible_agency_contact"):
                self.add_error("responsible_agency_contact", "请填写负责公开的行政机关的联系方式。")
            if not cleaned.get("responsible_agency") and not cleaned.get(
                "responsible_agency_unknown"
            ):
                self.add_error(
                    "responsible_agency",
                    "请填写负责公开的行政机关；确实无法确定的，请勾选“无法确定负责公开的行政机关”。",
                )
        return cleaned


class CloseForm(_CaseForm):
    reason = forms.CharField(label="办结原因", max_length=300, help_text="如：申请人书面撤回申请。")
    on = _date("办结日期")


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label="送达方式",
        choices=[
            (m, m) for m in ("网上送达", "电子邮件", "邮寄（挂号信）", "直接送达", "留置送达")
        ],
    )
    delivered_on = _date("送达日期")


ACTION_FORMS = {
    Action.REQUEST_CORRECTION: CorrectionForm,
    Action.RECEIVE_CORRECTION: ReceiveCorrectionForm,
    Action.CORRECTION_LAPSED: EmptyForm,
    Action.START_CONSULTATION: ConsultationForm,
    Action.END_CONSULTATION: EndConsultationForm,
    Action.ISSUE_FEE_NOTICE: FeeForm,
    Action.RECORD_PAYMENT: EmptyForm,
    Action.FEE_LAPSED: EmptyForm,
    Action.EXTEND: ExtendForm,
    Action.ANSWER: AnswerForm,
    Action.CLOSE_OTHER: CloseForm,
}


def _fee(user, application, data):
    quote = data["quote"]
    return services.issue_fee_notice(
        actor=user,
        application=application,
        amount=quote.amount,
        basis=f"国办函〔2020〕109号，{quote.explanation}",
        notice_received_on=data["notice_received_on"],
    )


ACTION_HANDLERS = {
    Action.REQUEST_CORRECTION: lambda u, a, d: services.request_correction(
        actor=u, application=a, items=d["items"], correction_due_on=d["correction_due_on"]
    ),
    Action.RECEIVE_CORRECTION: lambda u, a, d: services.receive_correction(
        actor=u, application=a, received_on=d["received_on"], description=d["description"]
    ),
    Action.CORRECTION_LAPSED: lambda u, a, d: services.correction_lapsed(
        actor=u, application=a, on=d["on"]
    ),
    Action.START_CONSULTATION: lambda u, a, d: services.start_consultation(
        actor=u, application=a, kind=d["kind"], party=d["party"], sent_on=d["sent_on"]
    ),
    Action.END_CONSULTATION: lambda u, a, d: services.end_consultation(
        actor=u, application=a, ended_on=d["ended_on"], note=d["note"]
    ),
    Action.ISSUE_FEE_NOTICE: _fee,
    Action.RECORD_PAYMENT: lambda u, a, d: services.record_payment(
        actor=u, application=a, paid_on=d["on"]
    ),
    Action.FEE_LAPSED: lambda u, a, d: services.fee_lapsed(actor=u, application=a, on=d["on"]),
    Action.EXTEND: lambda u, a, d: services.extend(
        actor=u,
        application=a,
        working_days=d["working_days"],
        approver=d["approver"],
        reason=d["reason"],
    ),
    Action.ANSWER: lambda u, a, d: releases.answer_with_released_files(
        actor=u,
        application=a,
        outcome=d["outcome"],
        reasons=d["reasons"],
        provided=d["provided"],
        answered_on=d["answered_on"],
        uploads=d.get("files") or [],
        responsible_agency=d["responsible_agency"],
        responsible_agency_contact=d["responsible_agency_contact"],
        responsible_agency_unknown=d["responsible_agency_unknown"],
    ),
    Action.CLOSE_OTHER: lambda u, a, d: services.close_other(
        actor=u, application=a, reason=d["reason"], on=d["on"]
    ),
}

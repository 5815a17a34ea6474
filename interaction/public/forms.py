"""Forms of the public 互动交流 pages: writing a letter (a mailbox, the shared 咨询投诉 entry,
the 找错 box), the progress query, rating and the one follow-up.

The forms check what the writer typed with the service's own rules (interaction.services.
intake), so a message is the same wherever a rule is met; the service checks again.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme

from catalog.models import Organisation
from interaction.models import Letter, Mailbox
from interaction.services import intake
from interaction.workflow import CATEGORY_LABELS, SATISFACTION_LABELS, Satisfaction
from kernel import query_passwords
from kernel.form_errors import ErrorSummaryMixin

RESELECT_FILES_MESSAGE = "来信尚未提交成功，浏览器不能保留已选择的附件，请重新选择。"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to MAX_ATTACHMENTS files in one input; each is checked by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > intake.MAX_ATTACHMENTS:
            raise forms.ValidationError(intake.MESSAGES["too_many_files"], code="too_many")
        errors = []
        for upload in files:
            try:
                upload = super().clean(upload, initial)
                intake.check_attachment(upload)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return files


def _text(label: str, max_length: int, message: str, *, required=True, **kwargs):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={"required": message, "max_length": f"{label}不能超过{max_length}个字。"},
        **kwargs,
    )


def site_page_url(raw: str | None, *, host: str, secure: bool) -> str | None:
    """The absolute address of a page of this site, from a path or a URL of this host; None
    for anything else (another host, another scheme, a protocol-relative ``//host`` path)."""
    raw = (raw or "").strip()
    if not raw or len(raw) > intake.MAX_PAGE_URL or any(ch in raw for ch in "\r\n\t\\"):
        return None
    if not url_has_allowed_host_and_scheme(raw, allowed_hosts={host}, require_https=False):
        return None
    parts = urlsplit(raw)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if not parts.netloc and not raw.startswith("/"):
        return None
    if parts.netloc:
        return raw
    return f"{'https' if secure else 'http'}://{host}{raw}"


class LetterForm(ErrorSummaryMixin, forms.Form):
    """One letter to ``mailbox``: the organisation is chosen only on the shared 咨询投诉 entry,
    the category everywhere but the 找错 box, which asks for the page and the error type."""

    organisation = forms.ModelChoiceField(
        label="办理机构",
        queryset=Organisation.objects.none(),
        empty_label="请选择",
        error_messages={
            "required": intake.MESSAGES["organisation"],
            "invalid_choice": intake.MESSAGES["organisation"],
        },
    )
    category = forms.ChoiceField(
        label="来信类别",
        choices=[(c.value, CATEGORY_LABELS[c]) for c in intake.WRITER_CATEGORIES],
        widget=forms.RadioSelect,
        error_messages={
            "required": intake.MESSAGES["category"],
            "invalid_choice": intake.MESSAGES["category"],
        },
    )
    page_url = forms.CharField(
        label="出错页面地址",
        max_length=intake.MAX_PAGE_URL,
        error_messages={
            "required": intake.MESSAGES["page_url"],
            "max_length": intake.MESSAGES["page_url_invalid"],
        },
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
        help_text="从出错页面点击“我为政府网站找错”进入时已自动填写。",
    )
    error_type = forms.ChoiceField(
        label="错误类型",
        choices=[("", "请选择"), *Letter.ErrorType.choices],
        error_messages={
            "required": intake.MESSAGES["error_type"],
            "invalid_choice": intake.MESSAGES["error_type"],
        },
    )
    subject = _text(
        "标题",
        intake.MAX_SUBJECT,
        intake.MESSAGES["subject_required"],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    content = _text(
        "来信内容",
        intake.MAX_CONTENT,
        intake.MESSAGES["content_required"],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=(
            f"请写明事情经过、涉及的地点和具体诉求，不超过{intake.MAX_CONTENT}个字。"
            "请勿在正文中填写身份证号码、银行卡号等个人信息。"
        ),
    )
    attachments = MultipleFileField(label="附件", required=False)
    writer_name = _text(
        "姓名",
        intake.MAX_NAME,
        intake.MESSAGES["name_required"],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    writer_phone = _text(
        "联系电话",
        30,
        "",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    writer_email = _text(
        "电子邮箱",
        254,
        "",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="填写电子邮箱的，办理进展将通过电子邮件告知。联系电话和电子邮箱至少填写一项。",
    )
    publish_consent = forms.BooleanField(
        label="同意在本网站公开来信内容和答复（公开时隐去姓名、联系方式等个人信息）",
        required=False,
    )
    password = forms.CharField(
        label="查询密码",
        max_length=64,
        strip=False,
        validators=[query_passwords.check_chosen],
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={"required": "请设置查询密码。", "max_length": "查询密码不能超过64位。"},
        help_text="至少8位，须同时包含字母和数字。凭查询码和查询密码查询办理进度、查看答复，请妥善保管。",
    )
    password2 = forms.CharField(
        label="确认查询密码",
        max_length=64,
        strip=False,
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "new-password"}),
        error_messages={"required": "请再次输入查询密码。", "max_length": "查询密码不能超过64位。"},
    )

    def __init__(self, *args, mailbox: Mailbox, host: str = "", secure: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.mailbox, self.host, self.secure = mailbox, host, secure
        max_mb = intake.attachment_max_bytes() // (1024 * 1024)
        self.fields["attachments"].help_text = (
            f"可选，最多{intake.MAX_ATTACHMENTS}个，每个不超过{max_mb}MB；"
            "支持图片、PDF 文件和 Word、Excel 文档。"
        )
        if mailbox.kind == Mailbox.Kind.CONSULTATION:
            self.fields["organisation"].queryset = Organisation.objects.active()
        else:
            del self.fields["organisation"]
        if mailbox.kind == Mailbox.Kind.SITE_ERROR:
            del self.fields["category"]
            self.fields["subject"].required = False
            self.fields["subject"].help_text = "可不填，默认为“网站纠错”。"
        else:
            del self.fields["page_url"]
            del self.fields["error_type"]

    @property
    def is_site_error(self) -> bool:
        return self.mailbox.kind == Mailbox.Kind.SITE_ERROR

    def clean_writer_phone(self) -> str:
        return intake.clean_phone(self.cleaned_data["writer_phone"])

    def clean_writer_email(self) -> str:
        return intake.clean_email(self.cleaned_data["writer_email"])

    def clean_page_url(self) -> str:
        url = site_page_url(self.cleaned_data["page_url"], host=self.host, secure=self.secure)
        if url is None:
            raise forms.ValidationError(intake.MESSAGES["page_url_invalid"], code="foreign")
        return url

    def clean_subject(self) -> str:
        subject = self.cleaned_data["subject"].strip()
        return subject or ("网站纠错" if self.is_site_error else subject)

    def clean(self):
        cleaned = super().clean()
        phone, email = cleaned.get("writer_phone"), cleaned.get("writer_email")
        typed_nothing = not phone and not email
        if (
            typed_nothing
            and not self.has_error("writer_phone")
            and not self.has_error("writer_email")
        ):
            self.add_error("writer_phone", intake.MESSAGES["contact_required"])
        password, password2 = cleaned.get("password"), cleaned.get("password2")
        if password and password2 is not None and password != password2:
            self.add_error("password2", "两次输入的查询密码不一致，请重新输入。")
        if self.has_error("password") or self.has_error("password2"):
            # A rejected password is typed again, never echoed back.
            self.fields["password"].widget.render_value = False
            self.fields["password2"].widget.render_value = False
        self._ask_to_reselect()
        return cleaned

    def _ask_to_reselect(self) -> None:
        if self.errors and not self.has_error("attachments") and self.files.getlist("attachments"):
            self.add_error("attachments", RESELECT_FILES_MESSAGE)

    def reject(self, message: str) -> None:
        """Refuse the submission for a reason outside the fields (kept typed values)."""
        self.add_error(None, message)
        if not self.has_error("attachments") and self.files.getlist("attachments"):
            self.add_error("attachments", RESELECT_FILES_MESSAGE)

    def add_service_errors(self, exc) -> None:
        """The service refused: each message on its field (or above the form)."""
        for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
            target = field if field in self.fields else None
            for message in messages:
                self.add_error(target, message)
        self._ask_to_reselect()

    def service_arguments(self) -> dict:
        c = self.cleaned_data
        return {
            "mailbox": self.mailbox,
            "organisation": c.get("organisation"),
            "category": c.get("category", ""),
            "subject": c["subject"],
            "content": c["content"],
            "writer": intake.Writer(
                name=c["writer_name"], phone=c["writer_phone"], email=c["writer_email"]
            ),
            "password": c["password"],
            "publish_consent": c["publish_consent"],
            "attachments": c["attachments"],
            "page_url": c.get("page_url", ""),
            "error_type": c.get("error_type", ""),
        }


class ProgressQueryForm(forms.Form):
    number = forms.CharField(
        label="查询码",
        max_length=30,
        error_messages={"required": "请填写查询码。", "max_length": "查询码不正确。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="见来信回执，如 XJ202601050001。",
    )
    password = forms.CharField(
        label="查询密码",
        max_length=64,
        strip=False,
        error_messages={"required": "请填写查询密码。", "max_length": "查询密码不正确。"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_number(self) -> str:
        return intake.compact(self.cleaned_data["number"]).upper()


class RatingForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label="评价",
        choices=[(s.value, SATISFACTION_LABELS[s]) for s in Satisfaction],
        widget=forms.RadioSelect,
        error_messages={
            "required": intake.MESSAGES["satisfaction"],
            "invalid_choice": intake.MESSAGES["satisfaction"],
        },
    )
    comment = _text(
        "评价意见",
        intake.MAX_COMMENT,
        "",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FollowUpForm(forms.Form):
    text = _text(
        "追问内容",
        intake.MAX_FOLLOW_UP,
        intake.MESSAGES["follow_up_required"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="对答复有疑问的，可以追问一次。",
    )


class PublishedFilterForm(forms.Form):
    """Filters of the published list; a bad value is ignored, never an error page."""

    organisation = forms.ModelChoiceField(
        label="答复部门", queryset=Organisation.objects.none(), required=False, empty_label="全部"
    )
    category = forms.ChoiceField(
        label="类别",
        required=False,
        choices=[("", "全部"), *((c.value, CATEGORY_LABELS[c]) for c in CATEGORY_LABELS)],
    )
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.active()
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in years)]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in ("organisation", "category", "year") if data.get(name)}

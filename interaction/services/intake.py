"""What the writer of a letter does: write it, rate the answer, follow up once.

Each use case validates everything again (the form is only the first line), runs in one
transaction, follows the transition table (interaction.workflow) and writes the event row. The
writer's name and contact are stored for the handling staff only: they never go into an event
note, a log line or a message shown on a public page.

The 查询码 is ``XJ`` + the local date + a four-digit sequence of that day (``XJ202605140001``),
site-wide: a letter may be transferred to another organisation, so the number names no
organisation. catalog.Counter is per organisation and year, so the daily sequence is taken
under a transaction-scoped advisory lock instead; a rolled-back letter gives its number back.
The number alone opens nothing: the progress page also asks for the password the writer chose
(kernel.query_passwords).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from catalog.models import Organisation
from interaction.models import Letter, LetterAttachment, Mailbox
from interaction.notifications import notify_writer
from interaction.numbering import next_daily_number
from interaction.services.common import LetterError, lock, log, refresh_due, transition
from interaction.workflow import (
    CATEGORY_LABELS,
    REFUSALS,
    SATISFACTION_LABELS,
    Action,
    Category,
    Satisfaction,
    Status,
)
from kernel import query_passwords
from kernel.filetypes import KIND_EXTENSIONS, FileKind
from kernel.uploads import UploadRejected, check_upload

logger = logging.getLogger(__name__)

NUMBER_PREFIX = "XJ"
MAX_NAME = 50
MAX_SUBJECT = 100
MAX_CONTENT = 5000
MAX_FOLLOW_UP = 2000
MAX_COMMENT = 500
MAX_PAGE_URL = 500
MAX_ATTACHMENTS = 3
DEFAULT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = frozenset(
    {
        FileKind.JPEG,
        FileKind.PNG,
        FileKind.GIF,
        FileKind.WEBP,
        FileKind.PDF,
        FileKind.DOC,
        FileKind.DOCX,
        FileKind.XLS,
        FileKind.XLSX,
    }
)
# What the writer may choose; 网站纠错 is only written through the 找错 entry.
WRITER_CATEGORIES = (
    Category.CONSULTATION,
    Category.COMPLAINT,
    Category.SUGGESTION,
    Category.HELP,
)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")

MESSAGES = {
    "name_required": "请填写姓名。",
    "name_long": f"姓名不能超过{MAX_NAME}个字。",
    "contact_required": "请至少填写联系电话或者电子邮箱中的一项，以便答复和联系。",
    "phone": "请填写有效的联系电话：11位手机号码，或者带区号的固定电话（如0570-8000101）。",
    "email": "请填写有效的电子邮箱地址，如 name@example.com。",
    "subject_required": "请填写来信标题。",
    "subject_long": f"来信标题不能超过{MAX_SUBJECT}个字。",
    "content_required": "请填写来信内容。",
    "content_long": f"来信内容不能超过{MAX_CONTENT}个字，请精简后提交。",
    "category": "请选择来信类别（咨询、投诉、建议或求助）。",
    "organisation": "请选择办理机构。",
    "page_url": "请填写出错页面的地址。",
    "page_url_invalid": "出错页面地址应为本网站的网页地址。",
    "error_type": "请选择错误类型。",
    "too_many_files": f"附件最多{MAX_ATTACHMENTS}个。",
    "file_kind": "附件只能是图片（JPG、PNG、GIF、WEBP）、PDF 文件或者 Word、Excel 文档。",
    "mailbox_closed": "该信箱暂停受理来信，请选择其他信箱。",
    "follow_up_required": "请填写追问内容。",
    "follow_up_long": f"追问内容不能超过{MAX_FOLLOW_UP}个字。",
    "satisfaction": "请选择满意、基本满意或者不满意。",
    "comment_long": f"评价意见不能超过{MAX_COMMENT}个字。",
}


def attachment_max_bytes() -> int:
    return int(getattr(settings, "LETTER_ATTACHMENT_MAX_BYTES", DEFAULT_ATTACHMENT_MAX_BYTES))


# --------------------------------------------------------------------------- value checks


def compact(value: str | None) -> str:
    """Full-width digits and letters to half-width (Chinese IMEs type them), no spaces."""
    return "".join(unicodedata.normalize("NFKC", value or "").split())


def clean_phone(value: str | None) -> str:
    """A mainland mobile or landline number, normalised; ValidationError otherwise ("" is "")."""
    value = compact(value).replace("—", "-").replace("－", "-")
    if value and not (MOBILE_RE.match(value) or LANDLINE_RE.match(value)):
        raise ValidationError(MESSAGES["phone"], code="invalid_phone")
    return value


def clean_email(value: str | None) -> str:
    value = (value or "").strip()
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(MESSAGES["email"], code="invalid_email") from None
        if len(value) > 254:
            raise ValidationError(MESSAGES["email"], code="invalid_email")
    return value


def _text(value: str | None, *, required: str, too_long: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(MESSAGES[required], code="required")
    if len(value) > limit:
        raise ValidationError(MESSAGES[too_long], code="max_length")
    return value


def check_attachment(upload) -> FileKind:
    """The kind the content of ``upload`` proves, or ValidationError (size, type, empty)."""
    try:
        kind = check_upload(upload, max_bytes=attachment_max_bytes())
    except UploadRejected as exc:
        raise ValidationError(str(exc), code="file") from exc
    if kind not in ATTACHMENT_KINDS:
        raise ValidationError(MESSAGES["file_kind"], code="file_kind")
    return kind


# --------------------------------------------------------------------------- writing in


@dataclass(frozen=True)
class Writer:
    """Who writes: personal data, for the handling staff only."""

    name: str
    phone: str = ""
    email: str = ""


def _checked(
    *,
    mailbox: Mailbox,
    organisation: Organisation | None,
    category: str,
    subject: str,
    content: str,
    writer: Writer,
    password: str,
    page_url: str,
    error_type: str,
) -> dict:
    """Every field checked; one ValidationError with a message per field name otherwise."""
    errors: dict[str, list[str]] = {}
    values: dict = {}

    def check(field: str, fn, *args, **kwargs):
        try:
            values[field] = fn(*args, **kwargs)
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)

    if not mailbox.is_active:
        raise ValidationError(MESSAGES["mailbox_closed"], code="mailbox_closed")
    site_error = mailbox.kind == Mailbox.Kind.SITE_ERROR
    if site_error:
        values["category"] = Category.SITE_ERROR
        check("page_url", _page_url, page_url)
        if error_type not in Letter.ErrorType.values:
            errors["error_type"] = [MESSAGES["error_type"]]
        values["error_type"] = error_type
    else:
        if category not in WRITER_CATEGORIES:
            errors["category"] = [MESSAGES["category"]]
        values["category"] = category
        values["page_url"], values["error_type"] = "", ""
    if mailbox.kind == Mailbox.Kind.CONSULTATION:
        if organisation is None or not organisation.is_active:
            errors["organisation"] = [MESSAGES["organisation"]]
        values["organisation"] = organisation
    else:
        values["organisation"] = mailbox.organisation
    check(
        "subject",
        _text,
        subject,
        required="subject_required",
        too_long="subject_long",
        limit=MAX_SUBJECT,
    )
    check(
        "content",
        _text,
        content,
        required="content_required",
        too_long="content_long",
        limit=MAX_CONTENT,
    )
    check(
        "writer_name",
        _text,
        writer.name,
        required="name_required",
        too_long="name_long",
        limit=MAX_NAME,
    )
    check("writer_phone", clean_phone, writer.phone)
    check("writer_email", clean_email, writer.email)
    if not (writer.phone or "").strip() and not (writer.email or "").strip():
        errors.setdefault("writer_phone", []).append(MESSAGES["contact_required"])
    check("password", query_passwords.check_chosen, password or "")
    if errors:
        raise ValidationError(errors)
    return values


def _page_url(value: str | None) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(MESSAGES["page_url"], code="required")
    if len(value) > MAX_PAGE_URL or not value.startswith(("http://", "https://")):
        raise ValidationError(MESSAGES["page_url_invalid"], code="invalid")
    return value


@transaction.atomic
def submit_letter(
    *,
    mailbox: Mailbox,
    category: str,
    subject: str,
    content: str,
    writer: Writer,
    password: str,
    publish_consent: bool = False,
    organisation: Organisation | None = None,
    attachments: Sequence = (),
    page_url: str = "",
    error_type: str = "",
) -> Letter:
    """Register a letter written online: its 查询码, due dates, the SUBMIT event, the mail.

    ``organisation`` is the writer's choice on the shared 咨询投诉 entry and ignored for a
    leader's mailbox or the 找错 box (their own organisation handles the letter). Raises
    ValidationError (per field, in Chinese) and stores nothing when anything is wrong.
    """
    values = _checked(
        mailbox=mailbox,
        organisation=organisation,
        category=category,
        subject=subject,
        content=content,
        writer=writer,
        password=password,
        page_url=page_url,
        error_type=error_type,
    )
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [MESSAGES["too_many_files"]]})
    kinds = []
    for upload in attachments:
        try:
            kinds.append(check_attachment(upload))
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc

    submitted_at = timezone.now()
    received_on = timezone.localdate(submitted_at)
    letter = Letter(
        mailbox=mailbox,
        organisation=values["organisation"],
        category=values["category"],
        subject=values["subject"],
        content=values["content"],
        page_url=values["page_url"],
        error_type=values["error_type"],
        writer_name=values["writer_name"],
        writer_phone=values["writer_phone"],
        writer_email=values["writer_email"],
        publish_consent=bool(publish_consent),
        status=Status.RECEIVED,
        submitted_at=submitted_at,
        received_on=received_on,
    )
    letter.set_query_password(password)
    letter.number = next_daily_number(Letter, NUMBER_PREFIX, received_on)
    refresh_due(letter)
    letter.save()
    stored = []
    try:
        for index, (upload, kind) in enumerate(zip(attachments, kinds, strict=True), start=1):
            attachment = LetterAttachment(
                letter=letter,
                original_name=(upload.name or f"附件{index}")[-200:],
                kind=kind.value,
                size=upload.size,
            )
            upload.seek(0)
            attachment.file.save(f"attachment{KIND_EXTENSIONS[kind][0]}", upload, save=False)
            stored.append(attachment.file)
            attachment.save()
    except BaseException:
        # The transaction rolls back; the files it wrote must not stay behind.
        for file in stored:
            file.storage.delete(file.name)
        raise
    log(
        letter,
        None,
        Action.SUBMIT,
        to_status=Status.RECEIVED,
        note=f"通过“{mailbox.name}”来信，类别：{CATEGORY_LABELS[Category(letter.category)]}",
    )
    notify_writer(letter, Action.SUBMIT)
    return letter


def find_for_writer(number: str, password: str) -> Letter | None:
    """The letter for the progress page, or None; a wrong number and a wrong password look
    alike, and take the same time."""
    letter = Letter.objects.filter(number=compact(number).upper()).first()
    if letter is None:
        make_password(password)  # same work as a real check: timing does not reveal numbers
        return None
    return letter if letter.check_query_password(password) else None


# --------------------------------------------------------------------------- after the answer
# The caller has proved the writer (the progress page's 查询码 and password).


@transaction.atomic
def rate(*, letter: Letter, satisfaction: str, comment: str = "") -> Letter:
    """The writer's 满意/基本满意/不满意 on the answer, once."""
    if satisfaction not in {s.value for s in Satisfaction}:
        raise LetterError(MESSAGES["satisfaction"])
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise LetterError(MESSAGES["comment_long"])
    letter = lock(letter)
    if letter.satisfaction:
        raise LetterError(REFUSALS[Action.RATE])
    old, new = transition(letter, Action.RATE)
    letter.status = new
    letter.satisfaction = satisfaction
    letter.satisfaction_comment = comment
    letter.save(update_fields=["status", "satisfaction", "satisfaction_comment", "updated_at"])
    log(
        letter,
        None,
        Action.RATE,
        from_status=old,
        to_status=new,
        note=SATISFACTION_LABELS[Satisfaction(satisfaction)],
    )
    notify_writer(letter, Action.RATE)
    return letter


@transaction.atomic
def follow_up(*, letter: Letter, text: str) -> Letter:
    """The writer's one follow-up question on the answer; the answer clock starts again."""
    try:
        text = _text(
            text, required="follow_up_required", too_long="follow_up_long", limit=MAX_FOLLOW_UP
        )
    except ValidationError as exc:
        raise LetterError(exc.messages[0]) from exc
    letter = lock(letter)
    if letter.followed_up_on is not None or letter.follow_up:
        raise LetterError(REFUSALS[Action.FOLLOW_UP])
    old, new = transition(letter, Action.FOLLOW_UP)
    letter.status = new
    letter.follow_up = text
    letter.followed_up_on = timezone.localdate()
    refresh_due(letter)
    letter.save(
        update_fields=[
            "status",
            "follow_up",
            "followed_up_on",
            "due_on",
            "accept_due_on",
            "updated_at",
        ]
    )
    log(letter, None, Action.FOLLOW_UP, from_status=old, to_status=new)
    notify_writer(letter, Action.FOLLOW_UP)
    return letter

"""Every write of 在线访谈 and 新闻发布会: the event's workflow (four eyes on publishing), its
record, and the moderation of citizens' questions.

Each function checks the staff member (catalog.access.require_staff), locks the row it changes,
follows the table of interaction.interviews.workflow and writes an InterviewEvent row. Errors
are InterviewError with a message shown as it is.

Live record entries (speeches, images, answers) are posted by the moderator under the event a
second person approved: a 文字直播 cannot wait for a review of each line; each entry keeps who
posted it, and questions go online only after moderation and the privacy scan.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from interaction.interviews import workflow
from interaction.interviews.media import sniff_video
from interaction.interviews.models import (
    Guest,
    Interview,
    InterviewEvent,
    Question,
    RecordEntry,
)
from interaction.interviews.workflow import Action, QuestionAction, Status
from kernel import privacy
from kernel.filetypes import FileKind
from kernel.uploads import UploadRejected, check_upload

DRAFT = "interaction.change_interview"
ADD = "interaction.add_interview"
PUBLISH = "interaction.publish_interview"
MODERATE = "interaction.moderate_interview"

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_VIDEO_BYTES = 500 * 1024 * 1024
IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG, FileKind.GIF, FileKind.WEBP})
MAX_QUESTION = 500
MAX_NICKNAME = 20

REFUSALS = Refusals(
    permission="您没有办理在线访谈的权限。",
    organisation="您只能办理本机构的在线访谈和新闻发布会。",
)
FOUR_EYES = "访谈须由拟稿人和修改人以外的人员审核发布。"
CLOSED = "本场访谈当前不接受提问。"


class InterviewError(Exception):
    """A rule stops the action; the message is shown as it is."""


class QuestionRefused(InterviewError):
    """The public text of a question still holds personal data; ``findings`` lists it, masked."""

    def __init__(self, findings: list[str]):
        self.findings = findings
        super().__init__("提问的公开内容中含有个人信息，不能采用：" + "；".join(findings) + "。")


def _check(user, organisation, permission: str) -> None:
    require_staff(user, organisation, permission, refusals=REFUSALS, error=InterviewError)


def _lock(interview: Interview) -> Interview:
    return Interview.objects.select_for_update().get(pk=interview.pk)


EVENT_ACTIONS = frozenset(
    value for value, _label in InterviewEvent._meta.get_field("action").choices
)


def _log(interview, actor, action, *, old="", new="", question=None, note="") -> None:
    """The one writer of event rows: a closed vocabulary of actions (ADR 0006)."""
    if str(action) not in EVENT_ACTIONS:
        raise ValueError(f"not an interview event action: {action!r}")
    InterviewEvent.objects.create(
        interview=interview,
        question=question,
        actor=actor,
        action=action,
        from_status=old,
        to_status=new,
        note=note,
    )


def _move(interview: Interview, action: Action) -> tuple[Interview, str, str]:
    old = interview.status
    try:
        new = workflow.next_status(old, action)
    except workflow.InvalidTransition as exc:
        raise InterviewError(str(exc)) from exc
    interview.status = new
    return interview, old, new


def check_image(upload) -> None:
    """A photo or record image: an image by its content, at most 5 MB."""
    try:
        kind = check_upload(upload, max_bytes=MAX_IMAGE_BYTES)
    except UploadRejected as exc:
        raise InterviewError(str(exc)) from exc
    if kind not in IMAGE_KINDS:
        raise InterviewError(f"文件《{upload.name}》不是图片，请上传 JPG、PNG、GIF 或 WebP 图片。")


def check_video(upload) -> str:
    """The video: MP4 or WebM by its content, at most 500 MB; returns the kind."""
    if not upload.size:
        raise InterviewError(f"文件《{upload.name}》是空文件。")
    if upload.size > MAX_VIDEO_BYTES:
        raise InterviewError(f"视频文件《{upload.name}》超过大小限制（500 MB）。")
    kind = sniff_video(upload)
    if kind is None:
        raise InterviewError(f"文件《{upload.name}》的内容不是 MP4 或 WebM 视频。")
    return kind


def _clean_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise InterviewError("结束时间须晚于开始时间。")


EDITABLE = ("kind", "topic", "starts_at", "ends_at", "place", "host", "summary")


@transaction.atomic
def create_interview(
    *,
    user,
    organisation: Organisation,
    kind: str,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    summary: str,
    place: str = "",
    host: str = "",
) -> Interview:
    """A new event (草稿); its drafter cannot approve it."""
    _check(user, organisation, ADD)
    _clean_times(starts_at, ends_at)
    interview = Interview.objects.create(
        organisation=organisation,
        kind=kind,
        topic=topic.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        host=host.strip(),
        summary=summary.strip(),
        created_by=user,
    )
    _log(interview, user, Action.CREATE, new=interview.status)
    return interview


@transaction.atomic
def update_interview(*, user, interview: Interview, **fields) -> Interview:
    """Change the announced facts of a draft; whoever changes them cannot approve them."""
    _check(user, interview.organisation_id, DRAFT)
    interview = _lock(interview)
    if interview.status != Status.DRAFT:
        raise InterviewError("只有草稿可以修改；已提交或已发布的访谈请先退回或撤销发布。")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(interview, name, value.strip() if isinstance(value, str) else value)
    _clean_times(interview.starts_at, interview.ends_at)
    interview.edited_by = user
    interview.save()
    return interview


@transaction.atomic
def submit_interview(*, user, interview: Interview) -> Interview:
    _check(user, interview.organisation_id, DRAFT)
    interview, old, new = _move(_lock(interview), Action.SUBMIT)
    if not interview.guests.exists():
        raise InterviewError("请先填写至少一位嘉宾。")
    interview.save()
    _log(interview, user, Action.SUBMIT, old=old, new=new)
    return interview


@transaction.atomic
def return_interview(*, user, interview: Interview, note: str) -> Interview:
    _check(user, interview.organisation_id, PUBLISH)
    if not (note or "").strip():
        raise InterviewError("请填写退回理由。")
    interview, old, new = _move(_lock(interview), Action.RETURN)
    interview.save()
    _log(interview, user, Action.RETURN, old=old, new=new, note=note.strip())
    return interview


@transaction.atomic
def approve_interview(*, user, interview: Interview) -> Interview:
    """Publish (预告): by a second person holding publish_interview, never the drafter."""
    _check(user, interview.organisation_id, PUBLISH)
    interview = _lock(interview)
    if user.pk in (interview.created_by_id, interview.edited_by_id):
        raise InterviewError(FOUR_EYES)
    interview, old, new = _move(interview, Action.APPROVE)
    interview.approved_by, interview.published_at = user, timezone.now()
    interview.save()
    _log(interview, user, Action.APPROVE, old=old, new=new)
    return interview


@transaction.atomic
def unpublish_interview(*, user, interview: Interview, note: str) -> Interview:
    """Take back an announcement that has not started (back to 草稿, to be approved again)."""
    _check(user, interview.organisation_id, PUBLISH)
    if not (note or "").strip():
        raise InterviewError("请填写撤销发布的理由。")
    interview = _lock(interview)
    if interview.status == Status.ANNOUNCED and timezone.now() >= interview.starts_at:
        raise InterviewError(workflow.REFUSALS[Action.UNPUBLISH])
    interview, old, new = _move(interview, Action.UNPUBLISH)
    interview.approved_by, interview.published_at = None, None
    interview.save()
    _log(interview, user, Action.UNPUBLISH, old=old, new=new, note=note.strip())
    return interview


@transaction.atomic
def start_interview(*, user, interview: Interview) -> Interview:
    """Go live now, before the scheduled start if the guests are ready."""
    _check(user, interview.organisation_id, MODERATE)
    interview, old, new = _move(_lock(interview), Action.START)
    interview.started_at = timezone.now()
    interview.save()
    _log(interview, user, Action.START, old=old, new=new)
    return interview


@transaction.atomic
def end_interview(*, user, interview: Interview) -> Interview:
    """Close the live event: the page becomes the archive and takes no more questions."""
    _check(user, interview.organisation_id, MODERATE)
    interview, old, new = _move(_lock(interview), Action.END)
    interview.ended_at = timezone.now()
    interview.save()
    _log(interview, user, Action.END, old=old, new=new)
    return interview


@transaction.atomic
def attach_video(*, user, interview: Interview, video, transcript: str) -> Interview:
    """The video of the event (MP4 or WebM by content) with its transcript (text alternative)."""
    _check(user, interview.organisation_id, MODERATE)
    if not (transcript or "").strip():
        raise InterviewError("上传视频时请填写视频文字稿，供无法观看视频的读者阅读。")
    kind = check_video(video)
    interview = _lock(interview)
    interview.video = video
    interview.video_kind = kind
    interview.video_transcript = transcript.strip()
    interview.save()
    _log(
        interview,
        user,
        Action.ADD_ENTRY,
        old=interview.status,
        new=interview.status,
        note="上传视频",
    )
    return interview


@transaction.atomic
def add_guest(
    *, user, interview: Interview, name: str, title: str, photo=None, sort_order: int = 0
) -> Guest:
    _check(user, interview.organisation_id, DRAFT)
    if not name.strip() or not title.strip():
        raise InterviewError("请填写嘉宾的姓名和职务。")
    if photo:
        check_image(photo)
    return Guest.objects.create(
        interview=interview,
        name=name.strip(),
        title=title.strip(),
        photo=photo or "",
        sort_order=sort_order,
    )


@transaction.atomic
def add_entry(
    *,
    user,
    interview: Interview,
    kind: str,
    text: str = "",
    guest: Guest | None = None,
    image=None,
    alt_text: str = "",
) -> RecordEntry:
    """A speech of the host or a guest, or an image with its description, appended to the record."""
    _check(user, interview.organisation_id, MODERATE)
    interview = _lock(interview)
    workflow.next_status(interview.status, Action.ADD_ENTRY)
    text, alt_text = (text or "").strip(), (alt_text or "").strip()
    if kind == RecordEntry.Kind.ANSWER:
        raise InterviewError("答复网民提问请在提问审核页面发布。")
    if kind not in RecordEntry.Kind.values:
        raise InterviewError("实录类型不正确。")
    if kind == RecordEntry.Kind.IMAGE:
        if not image:
            raise InterviewError("请选择图片。")
        if not alt_text:
            raise InterviewError("请填写图片说明，供无法看到图片的读者阅读。")
        check_image(image)
    elif not text:
        raise InterviewError("请填写发言内容。")
    if kind == RecordEntry.Kind.GUEST and (guest is None or guest.interview_id != interview.pk):
        raise InterviewError("请选择本场访谈的发言嘉宾。")
    entry = RecordEntry.objects.create(
        interview=interview,
        kind=kind,
        text=text,
        guest=guest if kind == RecordEntry.Kind.GUEST else None,
        image=image or "",
        alt_text=alt_text,
        created_by=user,
    )
    _log(interview, user, Action.ADD_ENTRY, old=interview.status, new=interview.status)
    return entry


@transaction.atomic
def correct_entry(*, user, entry: RecordEntry, text: str = "", alt_text: str = "", note: str):
    """Correct the wording of an entry (a slip in a speech, a wrong figure, an image's
    description). The page marks the entry as corrected with the note; the event row keeps the
    wording it replaced, so the record of what was said is never lost."""
    interview = _lock(entry.interview)
    _check(user, interview.organisation_id, MODERATE)
    workflow.next_status(interview.status, Action.CORRECT_ENTRY)
    entry = RecordEntry.objects.select_for_update().get(pk=entry.pk)
    text, alt_text, note = (text or "").strip(), (alt_text or "").strip(), (note or "").strip()
    if not note:
        raise InterviewError("请填写更正说明，例如“更正发言中的数字”。")
    if len(note) > 200:
        raise InterviewError("更正说明不能超过200字。")
    if entry.kind == RecordEntry.Kind.IMAGE:
        if not alt_text:
            raise InterviewError("请填写图片说明，供无法看到图片的读者阅读。")
        old, entry.alt_text = entry.alt_text, alt_text
    else:
        if not text:
            raise InterviewError("请填写更正后的内容。")
        old, entry.text = entry.text, text
    if old == (alt_text if entry.kind == RecordEntry.Kind.IMAGE else text):
        raise InterviewError("内容没有变化，无需更正。")
    entry.corrected_at, entry.correction_note = timezone.now(), note
    entry.save(update_fields=["text", "alt_text", "corrected_at", "correction_note"])
    _log(
        interview,
        user,
        Action.CORRECT_ENTRY,
        old=interview.status,
        new=interview.status,
        note=f"更正第{entry.pk}条实录：{note}。原内容：{old}",
    )
    return entry


# --------------------------------------------------------------------------- questions


def clean_question(*, nickname: str, text: str, contact: str) -> tuple[str, str, str]:
    """What a citizen typed, checked with the messages the public form shows."""
    nickname, text, contact = (
        (nickname or "").strip(),
        (text or "").strip(),
        (contact or "").strip(),
    )
    errors = {}
    if not text:
        errors["text"] = "请填写提问内容。"
    elif len(text) > MAX_QUESTION:
        errors["text"] = f"提问内容不能超过{MAX_QUESTION}个字。"
    if len(nickname) > MAX_NICKNAME:
        errors["nickname"] = f"网名不能超过{MAX_NICKNAME}个字。"
    elif nickname and privacy.scan_text(nickname, location="网名"):
        errors["nickname"] = "网名会在网站公开，请不要填写手机号码或身份证号码。"
    if not contact:
        errors["contact"] = "请填写手机号码或电子邮箱，以便工作人员核实提问。"
    elif not _is_contact(contact):
        errors["contact"] = "请填写正确的手机号码或电子邮箱。"
    if errors:
        raise QuestionInvalid(errors)
    return nickname, text, contact


def _is_contact(value: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    digits = value.replace("-", "").replace(" ", "")
    if digits.isdigit() and 7 <= len(digits) <= 12:
        return True
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 100


class QuestionInvalid(InterviewError):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("；".join(errors.values()))


@transaction.atomic
def ask_question(
    *, interview: Interview, nickname: str, text: str, contact: str, now: dt.datetime | None = None
) -> Question:
    """A citizen's question, waiting for moderation; refused outside 预告 and 直播中."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    now = now or timezone.now()
    if not workflow.accepts_questions(interview.phase(now)):
        raise InterviewError(CLOSED)
    nickname, text, contact = clean_question(nickname=nickname, text=text, contact=contact)
    question = Question.objects.create(
        interview=interview,
        number=f"TW{timezone.localtime(now):%Y%m%d}{uuid.uuid4().hex[:8].upper()}",
        nickname=nickname,
        text=text,
        contact=contact,
        submitted_at=now,
    )
    _log(
        interview,
        None,
        f"q_{QuestionAction.ASK}",
        question=question,
        new=question.status,
    )
    return question


def _move_question(question: Question, action: QuestionAction) -> tuple[str, str]:
    old = question.status
    try:
        new = workflow.next_question_status(old, action)
    except workflow.InvalidQuestionTransition as exc:
        raise InterviewError(str(exc)) from exc
    question.status = new
    return old, new


def _lock_question(question: Question) -> Question:
    return Question.objects.select_for_update().select_related("interview").get(pk=question.pk)


def question_findings(question: Question, public_text: str) -> list[str]:
    """Why a public text may not go online: numbers the privacy scan finds, or the contact."""
    sources = [("公开的提问内容", public_text), ("网名", question.nickname)]
    found = [f"{f.location}有{f.label}（{f.masked}）" for f in privacy.scan_sources(sources)]
    contact = question.contact.strip()
    for location, text in sources:
        if len(contact) >= 5 and contact in text:
            found.append(f"{location}有提问人的联系方式（{contact[:2]}***）")
    return found


def masked_text(question: Question) -> str:
    """The question with every personal number masked: the moderator's de-identified offer."""
    text = privacy.redact(question.text)
    contact = question.contact.strip()
    if len(contact) >= 5:
        text = text.replace(contact, "***")
    return text


@transaction.atomic
def accept_question(*, user, question: Question, public_text: str | None = None) -> Question:
    """Show the question: its public text (the moderator's edit, or as typed) must pass the
    privacy scan; the refusal lists the findings, masked."""
    _check(user, question.interview.organisation_id, MODERATE)
    question = _lock_question(question)
    old, new = _move_question(question, QuestionAction.ACCEPT)
    text = (public_text if public_text is not None else question.text).strip()
    if not text:
        raise InterviewError("请填写公开的提问内容。")
    if len(text) > MAX_QUESTION:
        raise InterviewError(f"公开的提问内容不能超过{MAX_QUESTION}个字。")
    findings = question_findings(question, text)
    if findings:
        raise QuestionRefused(findings)
    question.public_text = text
    question.moderated_by, question.moderated_at = user, timezone.now()
    question.save()
    _log(
        question.interview, user, f"q_{QuestionAction.ACCEPT}", question=question, old=old, new=new
    )
    return question


@transaction.atomic
def reject_question(*, user, question: Question, reason: str) -> Question:
    _check(user, question.interview.organisation_id, MODERATE)
    reason = (reason or "").strip()
    if not reason:
        raise InterviewError("请填写不予采用的理由。")
    question = _lock_question(question)
    old, new = _move_question(question, QuestionAction.REJECT)
    question.rejection_reason = reason[:200]
    question.moderated_by, question.moderated_at = user, timezone.now()
    question.save()
    _log(
        question.interview,
        user,
        f"q_{QuestionAction.REJECT}",
        question=question,
        old=old,
        new=new,
        note=reason[:200],
    )
    return question


@transaction.atomic
def answer_question(*, user, question: Question, guest: Guest, text: str) -> RecordEntry:
    """Post a guest's answer to an accepted question into the record (named for the guest)."""
    _check(user, question.interview.organisation_id, MODERATE)
    text = (text or "").strip()
    if not text:
        raise InterviewError("请填写嘉宾的答复内容。")
    question = _lock_question(question)
    if guest is None or guest.interview_id != question.interview_id:
        raise InterviewError("请选择本场访谈的答复嘉宾。")
    old, new = _move_question(question, QuestionAction.ANSWER)
    question.answered_at = timezone.now()
    question.save()
    entry = RecordEntry.objects.create(
        interview=question.interview,
        kind=RecordEntry.Kind.ANSWER,
        guest=guest,
        question=question,
        text=text,
        created_by=user,
    )
    _log(
        question.interview, user, f"q_{QuestionAction.ANSWER}", question=question, old=old, new=new
    )
    return entry

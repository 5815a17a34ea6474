"""Services: the event workflow with four eyes, scoping and permissions, the record, questions
(moderation, privacy scan, answers), uploads checked by content."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog import roles
from interaction.interviews import services
from interaction.interviews.models import InterviewEvent, RecordEntry
from interaction.interviews.services import InterviewError, QuestionRefused
from interaction.interviews.workflow import Phase, QuestionStatus, Status
from tests.factories import OrganisationFactory, make_staff
from tests.interaction.interviews.helpers import (
    GIF,
    MP4,
    PHONE,
    ask,
    chief_of,
    draft,
    drafter_of,
    live,
    published,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory(name="示例县民政局", slug="mzj")


@pytest.fixture
def drafter(org):
    return drafter_of(org)


@pytest.fixture
def chief(org):
    return chief_of(org)


def actions(interview):
    return list(interview.events.filter(question=None).values_list("action", "to_status"))


def test_submit_approve_start_end_with_event_rows(org, drafter, chief):
    interview = draft(org, drafter)
    assert interview.status == Status.DRAFT
    services.submit_interview(user=drafter, interview=interview)
    services.approve_interview(user=chief, interview=interview)
    interview.refresh_from_db()
    assert interview.status == Status.ANNOUNCED
    assert interview.approved_by == chief
    assert interview.published_at is not None
    assert interview.phase() is Phase.UPCOMING
    services.start_interview(user=drafter, interview=interview)
    interview.refresh_from_db()
    assert interview.phase() is Phase.LIVE
    assert interview.started_at is not None
    services.end_interview(user=drafter, interview=interview)
    interview.refresh_from_db()
    assert interview.phase() is Phase.ARCHIVE
    assert actions(interview) == [
        ("create", "draft"),
        ("submit", "pending"),
        ("approve", "announced"),
        ("start", "live"),
        ("end", "ended"),
    ]
    assert interview.events.get(action="approve").actor == chief


def test_the_drafter_cannot_approve(org):
    chief_drafter = chief_of(org)  # holds every permission, yet wrote it
    interview = draft(org, chief_drafter)
    services.submit_interview(user=chief_drafter, interview=interview)
    with pytest.raises(InterviewError, match="拟稿人"):
        services.approve_interview(user=chief_drafter, interview=interview)
    interview.refresh_from_db()
    assert interview.status == Status.PENDING


def test_whoever_edited_the_draft_cannot_approve_it(org, drafter):
    editor = chief_of(org)
    interview = draft(org, drafter)
    services.update_interview(user=editor, interview=interview, topic="社会组织改革答问")
    services.submit_interview(user=drafter, interview=interview)
    with pytest.raises(InterviewError, match="拟稿人"):
        services.approve_interview(user=editor, interview=interview)
    services.approve_interview(user=chief_of(org), interview=interview)


def test_return_and_unpublish_need_a_reason_and_go_back_to_draft(org, drafter, chief):
    interview = draft(org, drafter)
    services.submit_interview(user=drafter, interview=interview)
    with pytest.raises(InterviewError, match="退回理由"):
        services.return_interview(user=chief, interview=interview, note=" ")
    services.return_interview(user=chief, interview=interview, note="嘉宾职务需核实")
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT
    services.submit_interview(user=drafter, interview=interview)
    services.approve_interview(user=chief, interview=interview)
    services.unpublish_interview(user=chief, interview=interview, note="时间调整")
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT
    assert interview.approved_by is None


def test_a_started_announcement_cannot_be_unpublished(org, drafter, chief):
    interview = live(org, drafter, chief)
    with pytest.raises(InterviewError):
        services.unpublish_interview(user=chief, interview=interview, note="x")


def test_a_caseworker_cannot_approve(org, drafter):
    other = drafter_of(org)
    interview = draft(org, drafter)
    services.submit_interview(user=drafter, interview=interview)
    with pytest.raises(InterviewError, match="权限"):
        services.approve_interview(user=other, interview=interview)


def test_staff_of_another_organisation_are_refused(org, drafter):
    elsewhere = OrganisationFactory(name="示例县财政局", slug="czj")
    outsider = chief_of(elsewhere)
    interview = draft(org, drafter)
    services.submit_interview(user=drafter, interview=interview)
    with pytest.raises(InterviewError, match="本机构"):
        services.approve_interview(user=outsider, interview=interview)
    with pytest.raises(InterviewError, match="本机构"):
        services.create_interview(
            user=outsider,
            organisation=org,
            kind="press",
            topic="x",
            starts_at=timezone.now(),
            ends_at=timezone.now() + dt.timedelta(hours=1),
            summary="x",
        )


def test_a_reviewer_publishes_but_cannot_draft(org, drafter):
    reviewer = make_staff(role=roles.REVIEWER, organisations=[org])
    with pytest.raises(InterviewError, match="权限"):
        draft(org, reviewer)
    interview = draft(org, drafter)
    services.submit_interview(user=drafter, interview=interview)
    services.approve_interview(user=reviewer, interview=interview)


def test_end_before_start_is_refused(org, drafter):
    now = timezone.now()
    with pytest.raises(InterviewError, match="结束时间"):
        draft(org, drafter, starts_at=now, ends_at=now)


def test_only_drafts_are_edited(org, drafter, chief):
    interview = published(org, drafter, chief)
    with pytest.raises(InterviewError, match="只有草稿"):
        services.update_interview(user=drafter, interview=interview, topic="改")


def test_submit_needs_a_guest(org, drafter):
    interview = services.create_interview(
        user=drafter,
        organisation=org,
        kind="interview",
        topic="无嘉宾",
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=1),
        summary="x",
    )
    with pytest.raises(InterviewError, match="嘉宾"):
        services.submit_interview(user=drafter, interview=interview)


# ---------------------------------------------------------------- record and uploads


def test_speech_and_image_entries(org, drafter, chief, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interview = live(org, drafter, chief)
    guest = interview.guests.get()
    services.add_entry(user=drafter, interview=interview, kind="host", text="欢迎各位网友。")
    services.add_entry(
        user=drafter, interview=interview, kind="guest", guest=guest, text="大家好。"
    )
    image = SimpleUploadedFile("现场.gif", GIF, content_type="image/gif")
    services.add_entry(
        user=drafter, interview=interview, kind="image", image=image, alt_text="访谈现场"
    )
    kinds = list(interview.entries.values_list("kind", flat=True))
    assert kinds == ["host", "guest", "image"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "host", "text": " "}, "发言内容"),
        ({"kind": "guest", "text": "x"}, "嘉宾"),
        ({"kind": "image", "alt_text": "现场"}, "请选择图片"),
        ({"kind": "answer", "text": "x"}, "提问审核"),
    ],
)
def test_bad_entries_are_refused(org, drafter, chief, kwargs, message):
    interview = live(org, drafter, chief)
    with pytest.raises(InterviewError, match=message):
        services.add_entry(user=drafter, interview=interview, **kwargs)


def test_an_image_without_alt_text_or_of_another_kind_is_refused(org, drafter, chief):
    interview = live(org, drafter, chief)
    image = SimpleUploadedFile("a.gif", GIF)
    with pytest.raises(InterviewError, match="图片说明"):
        services.add_entry(user=drafter, interview=interview, kind="image", image=image)
    html = SimpleUploadedFile("a.gif", b"<html><script>alert(1)</script></html>")
    with pytest.raises(InterviewError, match="不是允许的类型"):
        services.add_entry(
            user=drafter, interview=interview, kind="image", image=html, alt_text="x"
        )
    pdf = SimpleUploadedFile("a.gif", b"%PDF-1.4\n" + b"0" * 100)
    with pytest.raises(InterviewError, match="不是图片"):
        services.add_guest(user=drafter, interview=interview, name="甲", title="乙", photo=pdf)


def test_the_video_is_checked_by_content_and_needs_a_transcript(
    org, drafter, chief, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    interview = live(org, drafter, chief)
    fake = SimpleUploadedFile("访谈.mp4", b"<html>not a video</html>")
    with pytest.raises(InterviewError, match="MP4"):
        services.attach_video(user=drafter, interview=interview, video=fake, transcript="文字稿")
    video = SimpleUploadedFile("访谈.mp4", MP4)
    with pytest.raises(InterviewError, match="文字稿"):
        services.attach_video(user=drafter, interview=interview, video=video, transcript="")
    services.attach_video(user=drafter, interview=interview, video=video, transcript="文字稿全文")
    interview.refresh_from_db()
    assert interview.video_kind == "mp4"
    assert interview.video_transcript == "文字稿全文"


# ---------------------------------------------------------------- questions


def test_questions_are_taken_only_in_the_announcement_and_while_live(org, drafter, chief):
    upcoming = published(org, drafter, chief)
    assert ask(upcoming).status == QuestionStatus.PENDING
    hidden = draft(org, drafter)
    with pytest.raises(InterviewError, match="不接受提问"):
        ask(hidden)
    ended = live(org, drafter, chief)
    services.end_interview(user=drafter, interview=ended)
    with pytest.raises(InterviewError, match="不接受提问"):
        ask(ended)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"text": " "}, "text"),
        ({"text": "问" * 501}, "text"),
        ({"contact": ""}, "contact"),
        ({"contact": "不告诉你"}, "contact"),
        ({"nickname": PHONE}, "nickname"),
        ({"nickname": "长" * 21}, "nickname"),
    ],
)
def test_bad_questions_are_refused_per_field(org, drafter, chief, kwargs, field):
    interview = live(org, drafter, chief)
    values = {"nickname": "", "text": "请问？", "contact": PHONE, **kwargs}
    with pytest.raises(services.QuestionInvalid) as exc:
        services.ask_question(interview=interview, **values)
    assert field in exc.value.errors


def test_accepting_a_question_with_a_phone_number_is_refused_with_masked_findings(
    org, drafter, chief
):
    interview = live(org, drafter, chief)
    question = ask(interview, text="我的电话13800138000，请问低保怎么申请？")
    with pytest.raises(QuestionRefused) as exc:
        services.accept_question(user=drafter, question=question)
    assert "手机号码" in str(exc.value)
    assert "13800138000" not in str(exc.value)
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING
    offer = services.masked_text(question)
    assert "13800138000" not in offer
    assert "低保" in offer
    services.accept_question(user=drafter, question=question, public_text=offer)
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED
    assert question.public_text == offer


def test_the_contact_may_not_appear_in_the_public_text(org, drafter, chief):
    interview = live(org, drafter, chief)
    question = ask(interview, text="请回复 lin@example.com 谢谢", contact="lin@example.com")
    with pytest.raises(QuestionRefused, match="联系方式"):
        services.accept_question(user=drafter, question=question)


def test_reject_needs_a_reason_and_answer_needs_acceptance(org, drafter, chief):
    interview = live(org, drafter, chief)
    guest = interview.guests.get()
    question = ask(interview)
    with pytest.raises(InterviewError, match="只有已采用"):
        services.answer_question(user=drafter, question=question, guest=guest, text="答")
    with pytest.raises(InterviewError, match="理由"):
        services.reject_question(user=drafter, question=question, reason="")
    services.reject_question(user=drafter, question=question, reason="与本次访谈主题无关")
    question.refresh_from_db()
    assert question.status == QuestionStatus.REJECTED
    with pytest.raises(InterviewError, match="只有待审核"):
        services.accept_question(user=drafter, question=question)


def test_an_answer_goes_into_the_record_naming_the_guest(org, drafter, chief):
    interview = live(org, drafter, chief)
    guest = interview.guests.get()
    question = ask(interview)
    services.accept_question(user=drafter, question=question)
    entry = services.answer_question(
        user=drafter, question=question, guest=guest, text="明年起改为年度报告。"
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answered_at
    assert entry.kind == RecordEntry.Kind.ANSWER
    assert entry.guest == guest
    assert entry.question == question
    assert list(
        InterviewEvent.objects.filter(question=question).values_list("action", flat=True)
    ) == ["q_ask", "q_accept", "q_answer"]
    with pytest.raises(InterviewError):
        services.answer_question(user=drafter, question=question, guest=guest, text="再答")


def test_moderation_is_refused_to_another_organisation(org, drafter, chief):
    interview = live(org, drafter, chief)
    question = ask(interview)
    outsider = drafter_of(OrganisationFactory(name="示例县财政局", slug="czj"))
    with pytest.raises(InterviewError, match="本机构"):
        services.accept_question(user=outsider, question=question)
    assert question.__class__.objects.get(pk=question.pk).status == QuestionStatus.PENDING


def test_event_rows_take_only_the_closed_vocabulary(org, drafter):
    interview = draft(org, drafter)
    with pytest.raises(ValueError, match="not an interview event action"):
        services._log(interview, drafter, "delete_everything")

"""The staff pages: creating through the service, the workflow buttons (four eyes), the live
console, question moderation (contact shown only there, logged), organisation scoping."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interaction.access_log import RecordKind, WriterAccessKind, WriterDataAccess
from interaction.interviews.models import Interview, RecordEntry
from interaction.interviews.workflow import QuestionStatus, Status
from tests.factories import OrganisationFactory
from tests.interaction.interviews.helpers import (
    PHONE,
    ask,
    chief_of,
    draft,
    drafter_of,
    live,
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


def action_url(interview, action):
    return reverse("admin:interaction_interview_action", args=[interview.pk, action])


def add_form(org, **extra):
    return {
        "organisation": org.pk,
        "kind": "press",
        "topic": "第四季度例行新闻发布会",
        "starts_at_0": "2026-12-20",
        "starts_at_1": "10:00:00",
        "ends_at_0": "2026-12-20",
        "ends_at_1": "11:00:00",
        "place": "县政府新闻发布厅",
        "host": "李主持",
        "summary": "通报民政重点工作。",
        "guests-TOTAL_FORMS": "1",
        "guests-INITIAL_FORMS": "0",
        "guests-0-name": "王建国",
        "guests-0-title": "副局长",
        "guests-0-sort_order": "0",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        **extra,
    }


def test_adding_an_event_in_the_admin_goes_through_the_service(client, org, drafter):
    client.force_login(drafter)
    response = client.post(reverse("admin:interaction_interview_add"), add_form(org))
    assert response.status_code == 302, response.content.decode()[:2000]
    interview = Interview.objects.get()
    assert interview.created_by == drafter
    assert interview.status == Status.DRAFT
    assert interview.guests.get().name == "王建国"
    assert interview.events.get().action == "create"


def test_a_guest_photo_is_checked_by_content(client, org, drafter):
    client.force_login(drafter)
    fake = SimpleUploadedFile("照片.jpg", b"<html><script>alert(1)</script></html>")
    response = client.post(
        reverse("admin:interaction_interview_add"), add_form(org, **{"guests-0-photo": fake})
    )
    assert response.status_code == 200
    assert "不是允许的类型" in response.content.decode()
    assert not Interview.objects.exists()


def test_submit_and_approve_through_the_admin_with_four_eyes(client, org, drafter, chief):
    interview = draft(org, drafter)
    client.force_login(drafter)
    assert client.post(action_url(interview, "submit")).status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.PENDING
    page = client.get(reverse("admin:interaction_interview_change", args=[interview.pk]))
    assert action_url(interview, "approve") not in page.content.decode()
    assert "须由其他审核人员审核发布" in page.content.decode()
    client.post(action_url(interview, "approve"))  # the drafter tries anyway
    interview.refresh_from_db()
    assert interview.status == Status.PENDING

    client.force_login(chief)
    page = client.get(reverse("admin:interaction_interview_change", args=[interview.pk]))
    assert action_url(interview, "approve") in page.content.decode()
    assert client.post(action_url(interview, "approve")).status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.ANNOUNCED
    assert interview.approved_by == chief


def test_return_asks_for_a_reason(client, org, drafter, chief):
    interview = draft(org, drafter)
    client.force_login(drafter)
    client.post(action_url(interview, "submit"))
    client.force_login(chief)
    form = client.get(action_url(interview, "return"))
    assert "理由" in form.content.decode()
    client.post(action_url(interview, "return"), {"note": "嘉宾职务需核实"})
    interview.refresh_from_db()
    assert interview.status == Status.DRAFT
    assert interview.events.last().note == "嘉宾职务需核实"


def test_the_live_console_posts_entries(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    client.force_login(drafter)
    console = client.get(reverse("admin:interaction_interview_live", args=[interview.pk]))
    assert console.status_code == 200
    guest = interview.guests.get()
    client.post(
        reverse("admin:interaction_interview_entry", args=[interview.pk]),
        {"kind": "guest", "guest": guest.pk, "text": "大家好，欢迎提问。"},
    )
    assert RecordEntry.objects.get().text == "大家好，欢迎提问。"
    response = client.post(
        reverse("admin:interaction_interview_entry", args=[interview.pk]),
        {"kind": "host", "text": ""},
        follow=True,
    )
    assert "请填写发言内容" in response.content.decode()
    assert RecordEntry.objects.count() == 1


def moderate_url(question):
    return reverse("admin:interaction_question_change", args=[question.pk])


def test_the_contact_is_shown_only_on_the_moderation_page_and_logged(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    question = ask(interview)
    client.force_login(drafter)
    listing = client.get(reverse("admin:interaction_question_changelist"))
    assert question.number in listing.content.decode()
    assert PHONE not in listing.content.decode()
    assert not WriterDataAccess.objects.exists()
    page = client.get(moderate_url(question))
    assert PHONE in page.content.decode()
    access = WriterDataAccess.objects.get()
    assert access.record_kind == RecordKind.QUESTION
    assert access.kind == WriterAccessKind.VIEW_CONTACT
    assert access.letter_number == question.number
    assert access.user == drafter
    assert access.organisation == org


def test_staff_of_another_organisation_get_404(client, org, drafter, chief):
    interview = live(org, drafter, chief)
    question = ask(interview)
    outsider = chief_of(OrganisationFactory(name="示例县财政局", slug="czj"))
    client.force_login(outsider)
    assert client.get(moderate_url(question)).status_code == 404
    assert client.post(action_url(interview, "end")).status_code == 404
    change = reverse("admin:interaction_interview_change", args=[interview.pk])
    assert client.get(change).status_code in (302, 404)
    assert not WriterDataAccess.objects.exists()


def test_moderation_refuses_a_phone_number_then_accepts_the_edit_and_answers(
    client, org, drafter, chief
):
    interview = live(org, drafter, chief)
    question = ask(interview, text="电话13800138000，请问低保标准？")
    client.force_login(drafter)
    page = client.get(moderate_url(question)).content.decode()
    assert "手机号码" in page
    assert "138****8000" in page  # the masked offer and the masked finding
    response = client.post(moderate_url(question), {"step": "accept", "public_text": question.text})
    assert response.status_code == 200
    assert "不能采用" in response.content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING

    client.post(moderate_url(question), {"step": "accept", "public_text": "请问低保标准？"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.ACCEPTED
    assert question.public_text == "请问低保标准？"

    guest = interview.guests.get()
    client.post(
        moderate_url(question), {"step": "answer", "guest": guest.pk, "text": "每月900元。"}
    )
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED
    assert question.answer.text == "每月900元。"


def test_reject_through_the_moderation_page(client, org, drafter, chief):
    question = ask(live(org, drafter, chief))
    client.force_login(drafter)
    response = client.post(moderate_url(question), {"step": "reject", "reason": ""})
    assert response.status_code == 200
    client.post(moderate_url(question), {"step": "reject", "reason": "与主题无关"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.REJECTED
    assert question.rejection_reason == "与主题无关"


def test_a_reviewer_without_moderation_rights_cannot_moderate(client, org, drafter, chief):
    from catalog import roles
    from tests.factories import make_staff

    question = ask(live(org, drafter, chief))
    reviewer = make_staff(role=roles.REVIEWER, organisations=[org])
    client.force_login(reviewer)
    response = client.post(moderate_url(question), {"step": "accept", "public_text": "问"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_whoever_changes_only_the_guests_of_a_draft_cannot_approve_it(client, org, drafter, chief):
    from tests.disclosures.test_admin import form_fields

    interview = draft(org, drafter)
    change = reverse("admin:interaction_interview_change", args=[interview.pk])
    client.force_login(chief)
    fields = form_fields(client.get(change))
    total = int(fields["guests-TOTAL_FORMS"])
    fields |= {
        "guests-TOTAL_FORMS": str(total + 1),
        f"guests-{total}-name": "张新宾",
        f"guests-{total}-title": "科长",
        f"guests-{total}-sort_order": "5",
    }
    # The event's own fields unchanged (the parser reads no <select>: give those as they are).
    fields |= {"organisation": str(interview.organisation_id), "kind": interview.kind}
    response = client.post(change, {k: v for k, v in fields.items() if not k.startswith("_")})
    errors = re.findall(r"class=\"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S)
    assert response.status_code == 302, errors
    interview.refresh_from_db()
    assert interview.guests.filter(name="张新宾").exists()
    assert interview.edited_by == chief

    client.force_login(drafter)
    client.post(action_url(interview, "submit"))
    client.force_login(chief)
    client.post(action_url(interview, "approve"))
    interview.refresh_from_db()
    assert interview.status == Status.PENDING  # the chief edited it: another must approve


def test_a_moderator_corrects_an_entry_which_the_page_marks_and_the_trail_keeps(
    client, org, drafter, chief
):
    from interaction.interviews import services
    from interaction.interviews.models import InterviewEvent

    interview = live(org, drafter, chief)
    entry = services.add_entry(
        user=drafter, interview=interview, kind="host", text="今年全县发放低保金1200万元。"
    )
    client.force_login(drafter)
    console = client.get(reverse("admin:interaction_interview_live", args=[interview.pk]))
    url = reverse("admin:interaction_interview_correct_entry", args=[interview.pk, entry.pk])
    assert url in console.content.decode()

    page = client.get(url).content.decode()
    assert "今年全县发放低保金1200万元。" in page  # the form starts from the current wording
    refused = client.post(url, {"text": "今年全县发放低保金2100万元。", "note": ""})
    assert "更正说明" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.text == "今年全县发放低保金1200万元。"
    assert entry.corrected_at is None

    done = client.post(
        url, {"text": "今年全县发放低保金2100万元。", "note": "更正发言中的数字"}, follow=True
    )
    assert "实录已更正" in done.content.decode()
    entry.refresh_from_db()
    assert entry.text == "今年全县发放低保金2100万元。"
    assert entry.correction_note == "更正发言中的数字"
    event = InterviewEvent.objects.get(action="correct_entry")
    assert "原内容：今年全县发放低保金1200万元。" in event.note

    public = client.get(reverse("interaction:interview-detail", args=[interview.pk]))
    text = public.content.decode()
    assert "2100万元" in text
    assert "1200万元" not in text
    assert "（已更正：更正发言中的数字）" in text


def test_an_unchanged_correction_and_another_organisations_entry_are_refused(
    client, org, drafter, chief
):
    from interaction.interviews import services

    interview = live(org, drafter, chief)
    entry = services.add_entry(user=drafter, interview=interview, kind="host", text="欢迎收看。")
    with pytest.raises(services.InterviewError, match="没有变化"):
        services.correct_entry(user=drafter, entry=entry, text="欢迎收看。", note="无")
    other = OrganisationFactory(name="示例县财政局", slug="czj")
    client.force_login(drafter_of(other))
    url = reverse("admin:interaction_interview_correct_entry", args=[interview.pk, entry.pk])
    assert client.get(url).status_code == 404
    with pytest.raises(services.InterviewError):
        services.correct_entry(user=drafter_of(other), entry=entry, text="改", note="越权")

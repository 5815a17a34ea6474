"""The staff side through the real admin: a transition by an admin action (four eyes held),
the moderation page (access logged, findings masked, decision through the service), the CSV
(contacts only with the permission, logged), organisation scoping, the overdue filter, and the
holiday notice moving the 采纳情况 due dates."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from interaction.access_log import RecordKind, WriterAccessKind, WriterDataAccess
from interaction.consultations.models import Comment, Consultation, ConsultationEvent
from interaction.consultations.services import drafting
from interaction.consultations.workflow import Action, CommentState, Status
from tests.interaction.consultations.factories import (
    COMMENTER_NAME,
    COMMENTER_PHONE,
    comment_on,
    draft_consultation,
    drafter_of,
    open_consultation,
    reviewer_of,
    supervisor_of,
)

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def run_action(client, action: str, *objects, model="consultation"):
    return client.post(
        reverse(f"admin:interaction_{model}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=True,
    )


def test_a_reviewer_opens_a_submitted_consultation_through_the_admin(client, org_a):
    drafter = drafter_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    client.force_login(reviewer_of(org_a))
    response = run_action(client, "approve_and_open", consultation)
    assert "已审核发布1项" in text_of(response)
    consultation.refresh_from_db()
    assert consultation.status == Status.OPEN
    assert ConsultationEvent.objects.filter(consultation=consultation, action=Action.OPEN).exists()


def test_the_drafter_submits_through_the_admin_but_cannot_open(client, org_a):
    chief = supervisor_of(org_a)
    consultation = draft_consultation(org_a, drafter=chief)
    client.force_login(chief)
    run_action(client, "submit", consultation)
    consultation.refresh_from_db()
    assert consultation.status == Status.REVIEWING
    response = run_action(client, "approve_and_open", consultation)
    assert "双人审核" in text_of(response)
    consultation.refresh_from_db()
    assert consultation.status == Status.REVIEWING


def test_the_status_cannot_be_edited_in_the_admin(client, org_a):
    consultation = draft_consultation(org_a)
    client.force_login(supervisor_of(org_a))
    page = text_of(
        client.get(reverse("admin:interaction_consultation_change", args=[consultation.pk]))
    )
    assert 'name="status"' not in page


def test_another_organisations_staff_sees_nothing(client, org_a, org_b):
    consultation = open_consultation(org_a)
    comment = comment_on(consultation)
    client.force_login(supervisor_of(org_b))
    assert client.get(
        reverse("admin:interaction_consultation_change", args=[consultation.pk])
    ).status_code in (302, 404)
    assert client.get(
        reverse("admin:interaction_comment_change", args=[comment.pk])
    ).status_code in (302, 404)
    assert not WriterDataAccess.objects.exists()
    listing = text_of(client.get(reverse("admin:interaction_comment_changelist")))
    assert comment.number not in listing


def test_the_moderation_page_shows_the_contact_logs_it_and_masks_findings(client, org_a):
    consultation = open_consultation(org_a)
    comment = comment_on(consultation, content=f"请打{COMMENTER_PHONE}联系我。")
    moderator = drafter_of(org_a)
    client.force_login(moderator)
    url = reverse("admin:interaction_comment_change", args=[comment.pk])
    page = text_of(client.get(url))
    assert COMMENTER_NAME in page
    assert "138****5678" in page  # the finding, masked
    access = WriterDataAccess.objects.get()
    assert access.record_kind == RecordKind.COMMENT
    assert access.kind == WriterAccessKind.VIEW_CONTACT
    assert access.letter_number == comment.number
    # Publishing as written is refused; the de-identified public version goes online.
    client.post(url, {"public_content": "", "decision": "publish", "reason": ""})
    comment.refresh_from_db()
    assert comment.state == CommentState.PENDING
    client.post(url, {"public_content": "请尽快联系我。", "decision": "publish", "reason": ""})
    comment.refresh_from_db()
    assert comment.state == CommentState.PUBLISHED
    assert comment.public_content == "请尽快联系我。"


def test_rejecting_in_the_admin_needs_a_reason(client, org_a):
    comment = comment_on(open_consultation(org_a))
    client.force_login(drafter_of(org_a))
    url = reverse("admin:interaction_comment_change", args=[comment.pk])
    response = client.post(url, {"public_content": "", "decision": "reject", "reason": ""})
    assert "请选择不予公开的理由" in text_of(response)
    client.post(url, {"public_content": "", "decision": "reject", "reason": "duplicate"})
    comment.refresh_from_db()
    assert comment.state == CommentState.REJECTED
    assert comment.rejection_reason == "duplicate"


def test_a_reviewer_cannot_moderate(client, org_a):
    comment = comment_on(open_consultation(org_a))
    client.force_login(reviewer_of(org_a))
    url = reverse("admin:interaction_comment_change", args=[comment.pk])
    client.post(url, {"public_content": "", "decision": "publish", "reason": ""})
    comment.refresh_from_db()
    assert comment.state == CommentState.PENDING


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_has_contacts_only_with_the_permission_and_is_logged(client, org_a):
    consultation = open_consultation(org_a)
    comment = comment_on(consultation, article_number=3)
    client.force_login(drafter_of(org_a))  # no export_comment_contacts
    rows = _csv(run_action(client, "export_csv", comment, model="comment"))
    assert rows[1][0] == comment.number
    assert COMMENTER_PHONE not in {cell for row in rows for cell in row}
    assert COMMENTER_NAME not in {cell for row in rows for cell in row}
    assert not WriterDataAccess.objects.filter(kind=WriterAccessKind.EXPORT_CONTACTS).exists()
    client.force_login(supervisor_of(org_a))
    rows = _csv(run_action(client, "export_csv", comment, model="comment"))
    assert COMMENTER_PHONE in rows[1]
    logged = WriterDataAccess.objects.get(kind=WriterAccessKind.EXPORT_CONTACTS)
    assert logged.record_kind == RecordKind.COMMENT


def test_overdue_feedback_is_filtered_and_red(client, org_a):
    today = timezone.localdate()
    consultation = open_consultation(org_a, starts_on=today)
    # Moved back in time behind the services' back: no service opens a consultation in the past.
    Consultation.objects.filter(pk=consultation.pk).update(
        status=Status.CLOSED,
        starts_on=today - dt.timedelta(days=60),
        ends_on=today - dt.timedelta(days=30),
        feedback_due_on=today - dt.timedelta(days=10),
    )
    fresh = open_consultation(org_a)
    client.force_login(supervisor_of(org_a))
    page = text_of(
        client.get(reverse("admin:interaction_consultation_changelist"), {"feedback": "overdue"})
    )
    assert "已逾期" in page
    assert "color:#b00" in page
    assert reverse("admin:interaction_consultation_change", args=[fresh.pk]) not in page


def test_comments_cannot_be_added_in_the_admin(client, org_a):
    client.force_login(supervisor_of(org_a))
    assert client.get(reverse("admin:interaction_comment_add")).status_code == 403
    assert not Comment.objects.exists()


def _management(prefix: str, total: int = 0) -> dict:
    return {f"{prefix}-TOTAL_FORMS": str(total), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip


def _add_data(org, **overrides) -> dict:
    today = timezone.localdate()
    return {
        "organisation": str(org.pk),
        "title": "关于公开征求《示例县殡葬管理办法（征求意见稿）》意见的公告",
        "draft_kind": "rules",
        "summary": "规范殡葬设施建设和殡葬服务。",
        "draft_html": '<p onclick="x()">第一条　为了规范殡葬管理，制定本办法。</p><script>x()</script>',
        "explanation": "依据《殡葬管理条例》起草。",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=29)).isoformat(),
        "contact_department": "示例县民政局",
        "contact_phone": "0570-1234567",
        "contact_email": "",
        "contact_address": "",
        "shortened_reason": "",
        "feedback_days": "10",
        **_management("articles"),
        **_management("attachments"),
        **_management("events"),
        **overrides,
    }


def test_a_consultation_is_drafted_in_the_admin_through_the_service(client, org_a):
    drafter = drafter_of(org_a)
    client.force_login(drafter)
    response = client.post(reverse("admin:interaction_consultation_add"), _add_data(org_a))
    assert response.status_code == 302, text_of(response)[:3000]
    consultation = Consultation.objects.get()
    assert consultation.created_by == drafter
    assert consultation.status == Status.DRAFT
    assert "<script" not in consultation.draft_html
    assert "onclick" not in consultation.draft_html
    assert ConsultationEvent.objects.get(consultation=consultation).action == Action.CREATE


def test_the_admin_form_asks_for_a_contact_and_keeps_the_input(client, org_a):
    client.force_login(drafter_of(org_a))
    response = client.post(
        reverse("admin:interaction_consultation_add"), _add_data(org_a, contact_phone="")
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "请至少填写一种反馈方式" in page
    assert "示例县殡葬管理办法" in page
    assert not Consultation.objects.exists()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_attachment_is_checked_by_content_and_downloaded_from_the_public_page(
    client, org_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    drafter = drafter_of(org_a)
    client.force_login(drafter)
    fake = SimpleUploadedFile("草案.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    data = _add_data(org_a, **_management("attachments", 1),
                     **{"attachments-0-title": "起草说明", "attachments-0-file": fake})  # fmt: skip
    response = client.post(reverse("admin:interaction_consultation_add"), data)
    assert response.status_code == 200
    assert "内容不是允许的类型" in text_of(response)
    good = SimpleUploadedFile("图.png", PNG, content_type="image/png")
    data = _add_data(org_a, **_management("attachments", 1),
                     **{"attachments-0-title": "绿地分布图", "attachments-0-file": good})  # fmt: skip
    assert client.post(reverse("admin:interaction_consultation_add"), data).status_code == 302
    consultation = Consultation.objects.get()
    attachment = consultation.attachments.get()
    url = reverse("interaction:consultation-attachment", args=[consultation.pk, attachment.pk])
    client.logout()
    assert client.get(url).status_code == 404  # a draft is not public
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    drafting.open_consultation(actor=reviewer_of(org_a), consultation=consultation)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "attachment" in response["Content-Disposition"]


def test_the_final_policy_is_linked_in_the_admin_only_after_the_close(client, org_a):
    consultation = open_consultation(org_a)
    client.force_login(supervisor_of(org_a))
    url = reverse("admin:interaction_consultation_change", args=[consultation.pk])
    assert 'name="final_disclosure"' not in text_of(client.get(url))
    drafting.close_consultation(
        actor=None, consultation=consultation, today=consultation.ends_on + dt.timedelta(days=1)
    )
    assert 'name="final_disclosure"' in text_of(client.get(url))


def test_a_reviewer_returns_a_submitted_consultation_with_a_reason_through_the_admin(client, org_a):
    drafter = drafter_of(org_a)
    consultation = draft_consultation(org_a, drafter=drafter)
    drafting.submit_consultation(actor=drafter, consultation=consultation)
    client.force_login(reviewer_of(org_a))
    asked = run_action(client, "return_for_changes", consultation)
    assert "确认退回修改" in text_of(asked)
    consultation.refresh_from_db()
    assert consultation.status == Status.REVIEWING  # nothing happens before the reason

    changelist = reverse("admin:interaction_consultation_changelist")
    blank = client.post(
        changelist,
        {"action": "return_for_changes", "_selected_action": [consultation.pk], "apply": "1",
         "note": "  "},
    )  # fmt: skip
    assert "请说明退回修改的理由" in text_of(blank)
    consultation.refresh_from_db()
    assert consultation.status == Status.REVIEWING

    done = client.post(
        changelist,
        {"action": "return_for_changes", "_selected_action": [consultation.pk], "apply": "1",
         "note": "征集期限不足30日，请补充缩短理由。"},
        follow=True,
    )  # fmt: skip
    assert "已退回修改1项" in text_of(done)
    consultation.refresh_from_db()
    assert consultation.status == Status.DRAFT
    event = ConsultationEvent.objects.get(consultation=consultation, action=Action.RETURN)
    assert event.note == "征集期限不足30日，请补充缩短理由。"


def test_the_drafter_is_not_offered_the_return_action(client, org_a):
    client.force_login(drafter_of(org_a))
    page = text_of(client.get(reverse("admin:interaction_consultation_changelist")))
    assert "退回修改（须填写理由）" not in page


def test_a_comment_starting_like_a_formula_is_exported_as_text(client, org_a):
    consultation = open_consultation(org_a)
    comment = comment_on(consultation, content='=HYPERLINK("http://example.com","点击")')
    client.force_login(drafter_of(org_a))
    rows = _csv(run_action(client, "export_csv", comment, model="comment"))
    assert rows[1][4] == '\'=HYPERLINK("http://example.com","点击")'

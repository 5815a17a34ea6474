"""点题公开 staff pages through the real admin: the handling page (name and contact, logged),
scoping, the action pages (a transition through the admin), four eyes, overdue queues, and the
holiday notice recomputing open suggestions (portal.calendar_admin)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from catalog.models import HolidayArrangement
from interaction.access_log import RecordKind, WriterAccessKind, WriterDataAccess
from interaction.topics.models import Suggestion, SuggestionEvent
from interaction.topics.workflow import Action, AnswerKind, Status
from kernel import privacy
from tests.interaction.topics.factories import (
    NAME,
    PHONE,
    answered,
    handler_of,
    item_of,
    make_suggestion,
    reviewer_of,
)
from tests.requests_app.test_recalculation import FICTIONAL_NUMBER, enter_fictional_2027

pytestmark = pytest.mark.django_db
D = dt.date


def change_url(suggestion) -> str:
    return reverse("admin:interaction_suggestion_change", args=[suggestion.pk])


def action_url(suggestion, action: Action) -> str:
    return reverse("admin:interaction_suggestion_action", args=[suggestion.pk, action.value])


def test_the_handling_page_shows_name_and_contact_and_logs_the_opening(client, org_a):
    suggestion = make_suggestion(org_a)
    handler = handler_of(org_a)
    client.force_login(handler)
    page = client.get(change_url(suggestion)).content.decode()
    assert NAME in page
    assert PHONE in page
    access = WriterDataAccess.objects.get()
    assert access.record_kind == RecordKind.SUGGESTION
    assert access.kind == WriterAccessKind.VIEW_CONTACT
    assert access.letter_number == suggestion.number
    assert access.user == handler
    assert access.organisation == org_a


def test_the_queue_shows_no_contact(client, org_a):
    make_suggestion(org_a)
    client.force_login(handler_of(org_a))
    page = client.get(reverse("admin:interaction_suggestion_changelist")).content.decode()
    assert "城区义务教育学校学位分配情况" in page
    assert NAME not in page
    assert PHONE not in page
    assert not WriterDataAccess.objects.exists()


def test_staff_of_another_organisation_get_404_and_no_log(client, org_a, org_b):
    suggestion = make_suggestion(org_a)
    client.force_login(handler_of(org_b))
    assert client.get(change_url(suggestion)).status_code in (302, 404)
    assert client.get(action_url(suggestion, Action.SUBMIT_ANSWER)).status_code == 404
    assert not WriterDataAccess.objects.exists()


def test_a_handler_answers_through_the_admin_and_a_second_person_approves(client, org_a):
    suggestion = make_suggestion(org_a)
    item = item_of(org_a)
    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    client.force_login(handler)
    response = client.post(
        action_url(suggestion, Action.SUBMIT_ANSWER),
        {
            "answer_kind": AnswerKind.PUBLISHED,
            "disclosure": item.pk,
            "answer_text": "已在政府信息公开专栏发布。",
            "public_subject": "学位分配情况",
            "public_description": "希望公开城区学校招生计划。",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(suggestion)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.REVIEWING
    # the handler holds no approval page
    assert client.get(action_url(suggestion, Action.APPROVE)).status_code == 403

    client.force_login(reviewer)
    page = client.get(change_url(suggestion)).content.decode()
    assert action_url(suggestion, Action.APPROVE) in page
    response = client.post(
        action_url(suggestion, Action.APPROVE),
        {"publish": "on", "public_subject": "学位分配情况", "public_description": "招生计划。"},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Status.ANSWERED
    assert suggestion.is_public
    assert list(
        SuggestionEvent.objects.filter(suggestion=suggestion).values_list("action", flat=True)
    ) == [Action.SUBMIT, Action.SUBMIT_ANSWER, Action.APPROVE, Action.PUBLISH]


def test_a_missing_link_is_shown_next_to_the_field_with_the_input_kept(client, org_a):
    suggestion = make_suggestion(org_a)
    client.force_login(handler_of(org_a))
    response = client.post(
        action_url(suggestion, Action.SUBMIT_ANSWER),
        {"answer_kind": AnswerKind.PUBLISHED, "answer_text": "说明文字保留"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "须选择已公开的信息" in page
    assert "说明文字保留" in page
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.RECEIVED


def test_the_drafter_is_refused_on_the_approval_page(client, org_a):
    from catalog import roles
    from tests.factories import make_staff

    chief = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    suggestion = make_suggestion(org_a)
    client.force_login(chief)
    client.post(
        action_url(suggestion, Action.SUBMIT_ANSWER),
        {"answer_kind": AnswerKind.APPLY, "public_subject": "学位", "public_description": "计划"},
    )
    page = client.get(change_url(suggestion)).content.decode()
    assert action_url(suggestion, Action.APPROVE) not in page
    response = client.post(action_url(suggestion, Action.APPROVE), {"publish": "on"})
    assert "答复须由拟稿人以外的人员审核。" in response.content.decode()
    assert Suggestion.objects.get(pk=suggestion.pk).status == Status.REVIEWING


def test_masked_privacy_findings_are_shown_to_staff(client, org_a):
    suggestion = make_suggestion(org_a, description=f"请联系我{PHONE}。")
    client.force_login(handler_of(org_a))
    client.post(action_url(suggestion, Action.SUBMIT_ANSWER), {"answer_kind": AnswerKind.APPLY})
    client.force_login(reviewer_of(org_a))
    page = client.get(action_url(suggestion, Action.APPROVE)).content.decode()
    assert privacy.mask_phone(PHONE) in page
    assert PHONE not in page.split("公开内容中发现")[1].split("</div>")[0]
    assert "公开内容中发现以下个人信息" in page


def test_overdue_answers_and_overdue_promises_have_their_queues(client, org_a):
    late = make_suggestion(org_a, subject="逾期未答复的建议", today=D(2026, 1, 5))
    handler, reviewer = handler_of(org_a), reviewer_of(org_a)
    promise = make_suggestion(org_a, subject="承诺逾期的建议", today=D(2026, 1, 5))
    answered(
        promise,
        handler=handler,
        reviewer=reviewer,
        kind=AnswerKind.WILL_PUBLISH,
        planned_on=D(2026, 2, 1),
        today=D(2026, 1, 10),
    )
    client.force_login(reviewer)
    url = reverse("admin:interaction_suggestion_changelist")
    page = client.get(url, {"queue": "overdue"}).content.decode()
    assert late.number in page
    assert promise.number not in page
    page = client.get(url, {"queue": "promise_overdue"}).content.decode()
    assert promise.number in page
    assert "已逾期" in page
    assert late.number not in page


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")


def test_entering_the_holiday_notice_recomputes_open_suggestions(client, org_a, admin_user):
    if HolidayArrangement.objects.filter(year=2027).exists():
        pytest.skip("the 2027 notice is entered: nothing provisional left to recompute")
    # Mon 28 Dec 2026 + 15: Dec 29-31 (3), [1 Jan provisional], Jan 4-8 (8), 11-15 (13), 18-19.
    waiting = make_suggestion(org_a, today=D(2026, 12, 28))
    assert waiting.due_on == D(2027, 1, 19)
    assert waiting.due_provisional
    done = make_suggestion(org_a, today=D(2026, 12, 28))
    answered(done, handler=handler_of(org_a), reviewer=reviewer_of(org_a), kind=AnswerKind.APPLY)

    client.force_login(admin_user)
    response = enter_fictional_2027(
        client, [(f"2027-01-0{d}", "holiday", "元旦") for d in (1, 2, 3, 4)]
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.due_on == D(2027, 1, 20)
    assert not waiting.due_provisional
    event = SuggestionEvent.objects.get(suggestion=waiting, action=Action.RECOMPUTE)
    assert "答复期限由2027-01-19调整为2027-01-20" in event.note
    assert FICTIONAL_NUMBER in event.note
    assert Suggestion.objects.get(pk=done.pk).due_on == D(2027, 1, 19)  # answered: history
    assert not SuggestionEvent.objects.filter(suggestion=done, action=Action.RECOMPUTE).exists()


def test_a_supervisor_keeps_only_her_own_organisations_call(client, org_a, org_b):
    from catalog import roles
    from interaction.topics.models import TopicCall
    from tests.factories import make_staff

    own = TopicCall.objects.create(organisation=org_a)
    other = TopicCall.objects.create(organisation=org_b)
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    listing = client.get(reverse("admin:interaction_topiccall_changelist")).content.decode()
    assert org_a.name in listing
    assert org_b.name not in listing
    own_url = reverse("admin:interaction_topiccall_change", args=[own.pk])
    response = client.post(
        own_url, {"organisation": org_a.pk, "is_open": "", "answer_days": "10", "introduction": ""}
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.is_open, own.answer_days) == (False, 10)
    other_url = reverse("admin:interaction_topiccall_change", args=[other.pk])
    assert client.get(other_url).status_code in (302, 403, 404)


def test_the_list_downloads_as_csv_with_its_filters_and_no_personal_data(client, org_a, org_b):
    import csv
    import io

    waiting = make_suggestion(org_a)
    handler = handler_of(org_a)
    done = answered(
        make_suggestion(org_a),
        handler=handler,
        reviewer=reviewer_of(org_a),
        kind=AnswerKind.PUBLISHED,
        disclosure=item_of(org_a),
    )
    make_suggestion(org_b, subject="另一机构的建议")
    client.force_login(handler)
    url = reverse("admin:interaction_suggestion_list_csv")
    assert url in client.get(reverse("admin:interaction_suggestion_changelist")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert NAME not in body
    assert PHONE not in body
    assert "另一机构的建议" not in body
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:4] == ["编号", "机构", "建议公开的信息", "状态"]
    assert {r[0] for r in rows[1:]} == {waiting.number, done.number}
    answered_row = next(r for r in rows if r[0] == done.number)
    assert answered_row[7] == "已经公开"
    assert answered_row[10] == done.disclosure.title

    filtered = client.get(url, {"status__exact": Status.ANSWERED.value})
    numbers = {r[0] for r in csv.reader(io.StringIO(filtered.content.decode().lstrip("\ufeff")))}
    assert numbers == {"编号", done.number}
    assert not WriterDataAccess.objects.exists()

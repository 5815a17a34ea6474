"""The staff side of letters through the admin: every action POST → redirect → status and
event changed, refusals shown as messages that keep the input, queues, the writer-data access
log, downloads without personal data, and the organisation scoping of every admin."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from catalog.models import CalendarDay, HolidayArrangement
from catalog.statutory_holidays import PROVISIONAL_MARK
from interaction.access_log import WriterDataAccess
from interaction.models import Letter, LetterEvent, Mailbox
from interaction.services import handling
from interaction.workflow import Action, Status
from tests.interaction.factories import (
    WRITER_EMAIL,
    WRITER_NAME,
    WRITER_PHONE,
    handler_of,
    mailbox_of,
    make_letter,
    supervisor_of,
)
from tests.requests_app.test_admin import form_fields, post_page, text_of

pytestmark = pytest.mark.django_db

REPLY = "经查，集中缴费期为每年9月1日至12月31日。"


@pytest.fixture
def handler(org_a):
    return handler_of(org_a)


@pytest.fixture
def chief(org_a):
    return supervisor_of(org_a)


def change_url(letter) -> str:
    return reverse("admin:interaction_letter_change", args=[letter.pk])


def action_url(letter, action) -> str:
    return reverse("admin:interaction_letter_action", args=[letter.pk, action])


def list_url() -> str:
    return reverse("admin:interaction_letter_changelist")


# ---- states reached through the services


def received(org, handler, chief):
    return make_letter(org)


def accepted(org, handler, chief):
    return handling.accept_letter(actor=handler, letter=make_letter(org))


def reviewing(org, handler, chief):
    letter = accepted(org, handler, chief)
    handling.submit_reply(actor=handler, letter=letter, text=REPLY, public_text=REPLY)
    return Letter.objects.get(pk=letter.pk)


def answered(org, handler, chief):
    letter = reviewing(org, handler, chief)
    return handling.approve_reply(actor=chief, letter=letter)


def published(org, handler, chief):
    letter = answered(org, handler, chief)
    return handling.publish_letter(
        actor=chief, letter=letter, public_subject="缴费时间咨询", public_content="咨询缴费时间。"
    )


CASES = [
    # (start state builder, action, user: "handler"/"chief", form data, status after)
    (received, Action.ACCEPT, "handler", {"note": ""}, Status.ACCEPTED),
    (received, Action.REJECT, "handler", {"reason": "litigation"}, Status.REJECTED),
    (received, Action.TRANSFER, "handler", {"note": "属财政事项"}, Status.RECEIVED),
    (accepted, Action.ASSIGN, "handler", {"office": "社会救助股"}, Status.PROCESSING),
    (accepted, Action.SUBMIT_REPLY, "handler", {"text": REPLY}, Status.REVIEWING),
    (reviewing, Action.RETURN_REPLY, "chief", {"note": "请补充依据。"}, Status.PROCESSING),
    (reviewing, Action.APPROVE, "chief", {}, Status.ANSWERED),
    (accepted, Action.EXTEND, "handler", {"days": "3", "reason": "需实地核查"}, Status.ACCEPTED),
    (received, Action.MERGE, "handler", {"reason": "重复来信"}, Status.CLOSED),
    (received, Action.CLOSE_ABUSIVE, "handler", {"reason": "广告信息"}, Status.CLOSED),
    (answered, Action.CLOSE, "handler", {}, Status.CLOSED),
    (answered, Action.PUBLISH, "chief", {"public_content": "咨询缴费时间。"}, Status.ANSWERED),
    (published, Action.UNPUBLISH, "chief", {"reason": "来信人要求撤回。"}, Status.ANSWERED),
]


@pytest.mark.parametrize(
    ("build", "action", "who", "data", "after"), CASES, ids=[c[1].value for c in CASES]
)
def test_each_action_through_the_admin(
    client, org_a, org_b, handler, chief, build, action, who, data, after
):
    letter = build(org_a, handler, chief)
    user = {"handler": handler, "chief": chief}[who]
    client.force_login(user)
    page = client.get(change_url(letter))
    assert action_url(letter, action) in page.content.decode()
    data = dict(data)
    if action == Action.TRANSFER:
        data["to_organisation"] = str(org_b.pk)
    if action == Action.MERGE:
        data["into"] = make_letter(org_a).number
    if action == Action.EXTEND:
        data["approver"] = str(chief.pk)
    before = LetterEvent.objects.filter(letter=letter, action=action).count()
    response = post_page(client, action_url(letter, action), data)
    assert response.status_code == 302, text_of(response)
    assert response["Location"] == change_url(letter)
    letter.refresh_from_db()
    assert letter.status == after
    assert LetterEvent.objects.filter(letter=letter, action=action).count() == before + 1


def test_saving_a_draft_keeps_the_status_and_stores_the_reply(client, org_a, handler, chief):
    letter = accepted(org_a, handler, chief)
    client.force_login(handler)
    url = action_url(letter, Action.SUBMIT_REPLY)
    fields = form_fields(client.get(url))
    response = client.post(url, {**fields, "text": REPLY, "_draft": "1"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == Status.ACCEPTED
    assert letter.replies.get().text == REPLY


def test_the_drafter_approving_gets_the_four_eyes_message_and_keeps_the_input(client, org_a, chief):
    letter = accepted(org_a, chief, chief)
    handling.submit_reply(actor=chief, letter=letter, text=REPLY)
    client.force_login(chief)
    response = post_page(
        client, action_url(letter, Action.APPROVE), {"public_subject": "我写的公开标题"}
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "答复须由拟稿人以外的人员审核。" in page
    assert "我写的公开标题" in page
    assert Letter.objects.get(pk=letter.pk).status == Status.REVIEWING


def test_publication_refused_lists_the_findings(client, org_a, handler, chief):
    letter = answered(org_a, handler, chief)
    client.force_login(chief)
    response = post_page(
        client,
        action_url(letter, Action.PUBLISH),
        {"public_content": f"来信人手机{WRITER_PHONE}，咨询缴费时间。"},
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "公开内容中含有个人信息" in page
    assert "手机号码" in page
    assert not Letter.objects.get(pk=letter.pk).is_public


def test_a_handler_sees_no_review_buttons_and_may_not_open_them(client, org_a, handler, chief):
    letter = reviewing(org_a, handler, chief)
    client.force_login(handler)
    assert action_url(letter, Action.APPROVE) not in client.get(change_url(letter)).content.decode()
    assert client.get(action_url(letter, Action.APPROVE)).status_code == 403


def test_unknown_or_writer_actions_answer_404(client, org_a, handler, chief):
    letter = received(org_a, handler, chief)
    client.force_login(handler)
    assert client.get(action_url(letter, "explode")).status_code == 404
    assert client.get(action_url(letter, Action.RATE)).status_code == 404


def test_a_wrong_state_is_a_message_not_a_500(client, org_a, handler, chief):
    letter = received(org_a, handler, chief)
    client.force_login(handler)
    url = action_url(letter, Action.CLOSE)
    response = client.post(url, form_fields(client.get(url)))
    assert response.status_code == 200
    assert "只有已答复的来信可以办结" in text_of(response)


# ---- the letter page and its access log


def test_the_letter_page_shows_the_writer_and_logs_the_access(client, org_a, handler, chief):
    letter = accepted(org_a, handler, chief)
    client.force_login(handler)
    page = text_of(client.get(change_url(letter)))
    assert WRITER_NAME in page
    assert WRITER_PHONE in page
    assert WRITER_EMAIL in page
    assert "受理" in page  # the event trail
    (row,) = WriterDataAccess.objects.filter(letter=letter)
    assert (row.user, row.letter_number, row.kind) == (handler, letter.number, "view_details")


def test_another_organisations_staff_cannot_open_the_letter(client, org_a, org_b, handler, chief):
    letter = received(org_a, handler, chief)
    client.force_login(handler_of(org_b))
    response = client.get(change_url(letter))
    assert response.status_code in (302, 404)
    assert client.get(action_url(letter, Action.ACCEPT)).status_code == 404
    assert not WriterDataAccess.objects.exists()


def test_a_transfer_shows_from_and_to_in_the_trail(client, org_a, org_b, handler, chief):
    letter = received(org_a, handler, chief)
    handling.transfer_letter(actor=handler, letter=letter, to_organisation=org_b, note="属财政事项")
    client.force_login(handler_of(org_b))
    page = text_of(client.get(change_url(letter)))
    assert f"{org_a.name} → {org_b.name}" in page


# ---- queues and the list


def queue(client, name) -> str:
    response = client.get(list_url(), {"queue": name})
    assert response.status_code == 200
    return text_of(response)


def test_the_queues(client, org_a, handler, chief):
    today = timezone.localdate()
    cal = CalendarDay.objects.work_calendar()
    new = make_letter(org_a)
    mine = accepted(org_a, handler, chief)
    handling.assign_letter(actor=handler, letter=mine, handler=handler)
    soon = accepted(org_a, handler, chief)
    Letter.objects.filter(pk=soon.pk).update(due_on=cal.add_working_days(today, 1))
    late = accepted(org_a, handler, chief)
    Letter.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    far = accepted(org_a, handler, chief)
    Letter.objects.filter(pk=far.pk).update(due_on=cal.add_working_days(today, 10))
    client.force_login(handler)

    def numbers(name):
        page = queue(client, name)
        return {x.number for x in (new, mine, soon, late, far) if x.number in page}

    assert numbers("new") == {new.number}
    assert numbers("mine") == {mine.number}
    # A letter received today must be accepted within one working day: it is due soon too.
    assert numbers("due_soon") == {new.number, soon.number}
    assert numbers("overdue") == {late.number}
    assert "已逾期" in queue(client, "overdue")


def test_a_due_date_on_a_provisional_year_is_marked(client, org_a, handler, chief):
    last_official = max(HolidayArrangement.objects.values_list("year", flat=True))
    letter = make_letter(org_a, received_on=dt.date(last_official, 12, 31))
    client.force_login(handler)
    assert CalendarDay.objects.work_calendar().is_provisional(letter.accept_due_on)
    page = text_of(client.get(list_url()))
    assert PROVISIONAL_MARK in page


# ---- downloads


def test_supervisors_download_the_queue_without_personal_data(client, org_a, handler, chief):
    letter = accepted(org_a, handler, chief)
    client.force_login(chief)
    csv_text = client.get(reverse("admin:interaction_letter_export", args=["csv"])).content.decode()
    assert letter.number in csv_text
    assert "咨询" in csv_text
    for personal in (WRITER_NAME, WRITER_PHONE, WRITER_EMAIL, letter.subject):
        assert personal not in csv_text
    response = client.get(
        reverse("admin:interaction_letter_export", args=["xlsx"]), {"queue": "new"}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert next(c.value for c in next(book.active.iter_rows(max_row=1))) == "查询码"
    assert book.active.max_row == 1  # the 新来信 queue is empty: the filter applies


def test_a_bad_filter_in_the_download_is_a_message_not_a_500(client, org_a, chief):
    client.force_login(chief)
    url = reverse("admin:interaction_letter_export", args=["csv"])
    response = client.get(url, {"received_on__gte": "不是日期"})
    assert response.status_code == 302
    assert client.get(reverse("admin:interaction_letter_export", args=["pdf"])).status_code == 404


def test_handlers_may_not_download_and_see_no_download_link(client, org_a, handler):
    client.force_login(handler)
    assert "下载本列表" not in text_of(client.get(list_url()))
    assert client.get(reverse("admin:interaction_letter_export", args=["csv"])).status_code == 403


# ---- settings admins


def test_mailbox_and_time_limit_admins_are_scoped(client, org_a, org_b, handler, chief):
    mailbox_of(org_a)
    theirs = mailbox_of(org_b)
    theirs.name = "财政局局长信箱"
    theirs.save()
    client.force_login(chief)
    page = text_of(client.get(reverse("admin:interaction_mailbox_changelist")))
    assert "局长信箱" in page
    assert "财政局局长信箱" not in page
    url = reverse("admin:interaction_mailbox_change", args=[theirs.pk])
    assert client.get(url).status_code in (302, 404)
    response = post_page(
        client,
        reverse("admin:interaction_timelimit_add"),
        {
            "organisation": str(org_b.pk),
            "category": "complaint",
            "accept_days": "1",
            "answer_days": "10",
        },
    )
    assert response.status_code == 200  # another organisation is not a valid choice
    assert not Mailbox.objects.filter(organisation=org_b).exclude(pk=theirs.pk).exists()


def test_the_list_costs_the_same_queries_for_more_letters(
    client, org_a, handler, chief, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        accepted(org_a, handler, chief)
    client.force_login(handler)
    with CaptureQueriesContext(connection) as few:
        assert client.get(list_url()).status_code == 200
    for _ in range(5):
        handling.assign_letter(actor=handler, letter=accepted(org_a, handler, chief), handler=chief)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(list_url()).status_code == 200


def test_a_mailbox_with_letters_opens_with_its_address_read_only(client, org_a, superuser):
    letter = make_letter(org_a)
    client.force_login(superuser)
    response = client.get(reverse("admin:interaction_mailbox_change", args=[letter.mailbox_id]))
    assert response.status_code == 200
    assert 'name="slug"' not in response.content.decode()

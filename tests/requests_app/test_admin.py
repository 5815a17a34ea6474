"""The staff side of 依申请公开 through the admin and the test client.

Every state change is POST → redirect → status and event changed. Dates are relative to today
where the admin uses today (queues, action pages that date a step today).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.models import Application, Channel, IdType, ReplyNotice
from requests_app.outcomes import Outcome
from requests_app.workflow import Status
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "33109919850312004" + id_number_check_char("33109919850312004")
MASKED_ID = ID_NUMBER[:2] + "*" * 13 + ID_NUMBER[-3:]  # kernel.privacy.mask_id_number
NAME = "张三丰"
PHONE = "13800002222"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cal(db):
    return CalendarDay.objects.work_calendar()


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.fixture
def colleague(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.fixture
def outsider(org_b):
    return make_staff(role=roles.CASEWORKER, organisations=[org_b])


def submit(org, received_on=None, **data) -> Application:
    received_on = received_on or timezone.localdate()
    return services.submit_application(
        organisation=org,
        data={
            "name": NAME,
            "id_type": IdType.RESIDENT_ID,
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": "示例县城关镇人民路1号",
            "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
            **data,
        },
        query_password="cx-123456",
        received_on=received_on,
        submitted_at=dt.datetime.combine(received_on, dt.time(9), tzinfo=TZ),
    )


def received_for_due(cal, due: dt.date) -> dt.date:
    """A receipt date whose 20-working-day reply period ends on ``due`` (a working day)."""
    day = due
    while cal.add_working_days(day, 20) > due:
        day -= dt.timedelta(days=1)
    assert cal.add_working_days(day, 20) == due
    return day


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def change_url(application) -> str:
    return reverse("admin:requests_app_application_change", args=[application.pk])


def action_url(application, action) -> str:
    return reverse("admin:requests_app_application_action", args=[application.pk, action])


class _FormFields(HTMLParser):
    """The name and current value of every field of the page's forms, as a browser sends them."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.fields[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields[self._select] = attrs.get("value") or ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_fields(response) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(response.content.decode())
    return parser.fields


def post_page(client, url, data):
    """GET ``url`` and post its form back as a browser would, with ``data`` filled in."""
    page = client.get(url)
    assert page.status_code == 200
    fields = form_fields(page)
    unknown = set(data) - set(fields) - {"_save"}
    assert not unknown, f"the page has no fields {unknown}"
    return client.post(url, {**fields, **data})


# --------------------------------------------------------------------------- queues


def queue(client, name) -> str:
    response = client.get(reverse("admin:requests_app_application_changelist"), {"queue": name})
    assert response.status_code == 200
    return text_of(response)


def test_the_work_queues_show_the_right_cases(client, org_a, worker, colleague, cal, today):
    new = submit(org_a)
    mine = services.assign(actor=worker, application=submit(org_a), handler=worker)
    theirs = services.assign(actor=worker, application=submit(org_a), handler=colleague)
    soon_day = cal.add_working_days(today, 3)
    soon = services.assign(
        actor=worker, application=submit(org_a, received_for_due(cal, soon_day)), handler=worker
    )
    overdue = services.assign(
        actor=worker,
        application=submit(org_a, today - dt.timedelta(days=60)),
        handler=colleague,
    )
    correcting = services.request_correction(
        actor=worker,
        application=submit(org_a),
        items="请写明文号。",
        correction_due_on=today + dt.timedelta(days=20),
    )
    consulting = services.start_consultation(
        actor=worker, application=submit(org_a), kind="third_party", party="某公司"
    )
    awaiting_fee = services.issue_fee_notice(
        actor=worker, application=submit(org_a), amount=700, basis="国办函〔2020〕109号"
    )
    closed = services.answer(
        actor=worker,
        application=submit(org_a),
        outcome=Outcome.WITHHOLD_SECRET,
        reasons="属于国家秘密。",
    )
    everything = {new, mine, theirs, soon, overdue, correcting, consulting, awaiting_fee, closed}
    expected = {
        "new": {new},
        "mine": {mine, soon},
        "due_soon": {soon},
        "overdue": {overdue},
        "paused": {correcting, consulting, awaiting_fee},
        "closed": {closed},
    }
    client.force_login(worker)
    for name, cases in expected.items():
        page = queue(client, name)
        shown = {a for a in everything if a.number in page}
        assert shown == cases, name


def test_the_queue_filter_offers_the_six_queues(client, worker):
    client.force_login(worker)
    page = text_of(client.get(reverse("admin:requests_app_application_changelist")))
    for label in (
        "新收未分派",
        "分派给我的",
        "5个工作日内到期",
        "已超期",
        "补正、征求意见或待缴费",
        "已办结",
    ):
        assert label in page


def test_the_list_masks_id_numbers_and_names(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)
    page = text_of(client.get(reverse("admin:requests_app_application_changelist")))
    assert application.number in page
    assert MASKED_ID in page
    assert ID_NUMBER not in page
    assert NAME not in page


def test_the_list_needs_the_same_queries_for_more_cases(
    client, org_a, worker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:requests_app_application_changelist")
    client.force_login(worker)
    services.assign(actor=worker, application=submit(org_a), handler=worker)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(5):
        services.assign(actor=worker, application=submit(org_a), handler=worker)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# --------------------------------------------------------------------------- registration


def registration_data(org, **overrides) -> dict:
    data = {
        "organisation": str(org.pk),
        "channel": Channel.REGISTERED_MAIL,
        "received_on": timezone.localdate().isoformat(),
        "applicant_type": "natural",
        "name": NAME,
        "id_type": IdType.RESIDENT_ID,
        "id_number": ID_NUMBER,
        "phone": PHONE,
        "address": "示例县城关镇人民路1号",
        "postcode": "324100",
        "description": "申请公开本县2025年度临时救助资金使用情况。",
        "provision_form": "paper",
        "delivery_method": "post",
        "_save": "保存",
    }
    data.update(overrides)
    return data


def test_the_registration_form_offers_only_offline_channels(client, worker):
    client.force_login(worker)
    page = client.get(reverse("admin:requests_app_application_add"))
    fields = form_fields(page)
    assert {"organisation", "channel", "received_on", "id_number", "description"} <= set(fields)
    assert "status" not in fields
    channel = re.search(r'<select name="channel".*?</select>', page.content.decode(), re.S)
    offered = set(re.findall(r'<option value="([^"]*)"', channel.group(0)))
    assert offered == {c for c in Channel.values if c != Channel.ONLINE}


def test_registering_an_offline_application_goes_through_the_service(client, org_a, worker):
    client.force_login(worker)
    response = post_page(
        client, reverse("admin:requests_app_application_add"), registration_data(org_a)
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.channel == Channel.REGISTERED_MAIL
    assert application.received_on == timezone.localdate()
    assert application.number.endswith("-00001")
    assert application.status == Status.RECEIVED
    event = application.events.get()
    assert (event.action, event.actor) == ("register", worker)
    assert application.notices.get().kind == ReplyNotice.Kind.RECEIPT
    page = text_of(client.get(response["Location"]))
    assert f"已登记，申请编号 {application.number}，查询密码" in page
    assert "密码不会再次显示" in page


def test_an_invalid_id_number_keeps_the_typed_values_with_a_chinese_error(client, org_a, worker):
    client.force_login(worker)
    wrong = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    response = post_page(
        client,
        reverse("admin:requests_app_application_add"),
        registration_data(org_a, id_number=wrong),
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "居民身份证号码不正确，请核对出生日期和校验位。" in page
    fields = form_fields(response)
    assert fields["name"] == NAME
    assert fields["phone"] == PHONE
    assert fields["id_number"] == wrong
    assert not Application.objects.exists()


def test_an_id_number_born_after_today_is_refused_at_registration(client, org_a, worker):
    client.force_login(worker)
    first17 = (
        ID_NUMBER[:6] + (timezone.localdate() + dt.timedelta(days=1)).strftime("%Y%m%d") + "001"
    )
    response = post_page(
        client,
        reverse("admin:requests_app_application_add"),
        registration_data(org_a, id_number=first17 + id_number_check_char(first17)),
    )
    assert response.status_code == 200
    assert "居民身份证号码不正确，请核对出生日期和校验位。" in text_of(response)
    assert not Application.objects.exists()


def test_a_future_receipt_date_is_a_form_error(client, org_a, worker):
    client.force_login(worker)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = post_page(
        client,
        reverse("admin:requests_app_application_add"),
        registration_data(org_a, received_on=tomorrow),
    )
    assert response.status_code == 200
    assert "收到申请日期不能晚于今天。" in text_of(response)
    assert not Application.objects.exists()


# --------------------------------------------------------------------------- actions


def post_action(client, application, action, data):
    return post_page(client, action_url(application, action), data)


def assert_moved(response, application, action, status):
    assert response.status_code == 302
    assert response["Location"] == change_url(application)
    application.refresh_from_db()
    assert application.status == status
    assert application.events.latest("id").action == action
    return application


def test_request_correction_through_the_admin(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "request_correction",
        {
            "items": "请写明所需信息的名称和文号。",
            "correction_due_on": (today + dt.timedelta(days=21)).isoformat(),
        },
    )
    application = assert_moved(response, application, "request_correction", Status.CORRECTING)
    assert application.correction_requested_on == today
    assert application.notices.filter(kind=ReplyNotice.Kind.CORRECTION).exists()


def test_receive_correction_through_the_admin(client, org_a, worker, today, cal):
    application = services.request_correction(
        actor=worker,
        application=submit(org_a),
        items="请写明文号。",
        correction_due_on=today + dt.timedelta(days=21),
    )
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "receive_correction",
        {
            "received_on": today.isoformat(),
            "description": "补正：2025年临时救助资金使用情况。",
        },
    )
    application = assert_moved(response, application, "receive_correction", Status.RECEIVED)
    assert application.corrected_received_on == today
    assert application.due_on == cal.add_working_days(today, 20)
    assert application.description == "补正：2025年临时救助资金使用情况。"


def test_correction_lapsed_through_the_admin(client, org_a, worker, today, cal):
    received = today - dt.timedelta(days=40)
    asked = cal.add_working_days(received, 1)
    application = services.request_correction(
        actor=worker,
        application=submit(org_a, received),
        items="请写明文号。",
        correction_due_on=cal.add_working_days(asked, 5),
        on=asked,
    )
    client.force_login(worker)
    response = post_action(client, application, "correction_lapsed", {"on": today.isoformat()})
    application = assert_moved(response, application, "correction_lapsed", Status.CLOSED)
    assert application.outcome == Outcome.OTHER_NO_CORRECTION


def test_start_consultation_through_the_admin(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "start_consultation",
        {
            "kind": "third_party",
            "party": "示例县福康养老服务有限公司",
            "sent_on": today.isoformat(),
        },
    )
    application = assert_moved(response, application, "start_consultation", Status.CONSULTING)
    assert application.due_on is None
    assert application.pauses.get().party == "示例县福康养老服务有限公司"


def test_end_consultation_through_the_admin(client, org_a, worker, today):
    application = services.start_consultation(
        actor=worker, application=submit(org_a), kind="third_party", party="某公司"
    )
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "end_consultation",
        {
            "ended_on": today.isoformat(),
            "note": "第三方同意公开",
        },
    )
    application = assert_moved(response, application, "end_consultation", Status.RECEIVED)
    assert application.pauses.get().end == today
    assert application.due_on is not None


def test_extend_through_the_admin(client, org_a, worker, today, cal):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "extend",
        {
            "working_days": "15",
            "approver": "李晓红",
            "reason": "需要调取档案逐件核查",
        },
    )
    application = assert_moved(response, application, "extend", Status.RECEIVED)
    assert application.extension_working_days == 15
    assert application.due_on == cal.add_working_days(today, 35)
    assert application.notices.filter(kind=ReplyNotice.Kind.EXTENSION).exists()


def test_issue_fee_notice_through_the_admin(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "issue_fee_notice",
        {
            "basis": "per_volume",
            "quantity": "150",
            "items_before": "0",
            "notice_received_on": today.isoformat(),
        },
    )
    application = assert_moved(response, application, "issue_fee_notice", Status.AWAITING_FEE)
    assert application.fee_amount == 70 * 10 + 50 * 20  # pages 31-100 and 101-150
    assert application.notices.filter(kind=ReplyNotice.Kind.FEE).exists()


def test_a_fee_that_would_be_zero_is_a_form_error(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "issue_fee_notice",
        {
            "basis": "per_volume",
            "quantity": "30",
            "notice_received_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "按此计算无需收费" in text_of(response)
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_record_payment_through_the_admin(client, org_a, worker, today):
    application = services.issue_fee_notice(
        actor=worker, application=submit(org_a), amount=700, basis="国办函〔2020〕109号"
    )
    client.force_login(worker)
    response = post_action(client, application, "record_payment", {"on": today.isoformat()})
    application = assert_moved(response, application, "record_payment", Status.RECEIVED)
    assert application.fee_paid_amount == 700


def test_fee_lapsed_through_the_admin(client, org_a, worker, today, cal):
    received = today - dt.timedelta(days=60)
    application = services.issue_fee_notice(
        actor=worker,
        application=submit(org_a, received),
        amount=700,
        basis="国办函〔2020〕109号",
        notice_received_on=cal.add_working_days(received, 1),
    )
    client.force_login(worker)
    response = post_action(client, application, "fee_lapsed", {"on": today.isoformat()})
    application = assert_moved(response, application, "fee_lapsed", Status.CLOSED)
    assert application.outcome == Outcome.OTHER_NO_FEE


def test_answer_through_the_admin(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "answer",
        {
            "outcome": Outcome.PARTIAL,
            "reasons": "涉及第三方个人信息，依法作区分处理。",
            "provided": "以电子文档形式通过本平台提供。",
            "answered_on": today.isoformat(),
        },
    )
    application = assert_moved(response, application, "answer", Status.CLOSED)
    assert (application.outcome, application.closed_on) == (Outcome.PARTIAL, today)
    reply = application.notices.get(kind=ReplyNotice.Kind.ANSWER)
    assert "涉及第三方个人信息，依法作区分处理。" in reply.body


def test_an_answer_without_the_required_reasons_is_a_form_error(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "answer",
        {
            "outcome": Outcome.WITHHOLD_SECRET,
            "reasons": "",
            "answered_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "须写明理由和依据" in text_of(response)
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_close_other_through_the_admin(client, org_a, worker, today):
    application = submit(org_a)
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "close_other",
        {
            "reason": "申请人书面撤回申请。",
            "on": today.isoformat(),
        },
    )
    application = assert_moved(response, application, "close_other", Status.CLOSED)
    assert application.outcome == Outcome.OTHER


def test_an_action_the_status_does_not_allow_is_a_form_error_not_a_500(
    client, org_a, worker, today
):
    application = services.close_other(actor=worker, application=submit(org_a), reason="撤回")
    client.force_login(worker)
    response = post_action(
        client,
        application,
        "answer",
        {
            "outcome": Outcome.DISCLOSE,
            "provided": "网上提供",
            "answered_on": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "申请当前状态为“已办结”，不能执行“答复”。" in text_of(response)


@pytest.mark.parametrize(
    ("action", "field"),
    [("receive_correction", "received_on"), ("answer", "answered_on"), ("close_other", "on")],
)
def test_date_fields_are_prefilled_in_the_format_a_date_input_accepts(
    client, org_a, worker, today, action, field
):
    """<input type="date"> takes only ISO dates (YYYY-MM-DD): a browser empties any other
    value, so a date the form fills in for the handler must be rendered in ISO form."""
    application = submit(org_a)
    if action == "receive_correction":
        application = services.request_correction(
            actor=worker, application=application, items="请写明文号。",
            correction_due_on=today + dt.timedelta(days=21),
        )  # fmt: skip
    client.force_login(worker)
    page = client.get(action_url(application, action)).content.decode()
    tag = re.search(rf'<input type="date" name="{field}"[^>]*>', page).group(0)
    assert f'value="{today.isoformat()}"' in tag


def test_an_unknown_action_is_404(client, org_a, worker):
    client.force_login(worker)
    assert client.get(action_url(submit(org_a), "approve")).status_code == 404


def test_the_change_page_offers_only_the_allowed_actions(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)
    page = client.get(change_url(application)).content.decode()
    assert action_url(application, "request_correction") in page
    assert action_url(application, "answer") in page
    assert action_url(application, "record_payment") not in page


# --------------------------------------------------------------------------- notices


def test_the_notice_view_shows_the_frozen_body(client, org_a, worker):
    application = services.answer(
        actor=worker,
        application=submit(org_a),
        outcome=Outcome.WITHHOLD_SECRET,
        reasons="经定密审查属于国家秘密。",
    )
    reply = application.notices.get(kind=ReplyNotice.Kind.ANSWER)
    Application.objects.filter(pk=application.pk).update(name="李四光", description="另一项")
    client.force_login(worker)
    response = client.get(reverse("admin:requests_app_application_notice", args=[reply.pk]))
    assert response.status_code == 200
    page = text_of(response)
    assert "经定密审查属于国家秘密。" in page
    assert NAME in page
    assert "李四光" not in page


def test_the_deliver_view_records_the_delivery(client, org_a, worker, today):
    application = submit(org_a)
    receipt = application.notices.get()
    client.force_login(worker)
    url = reverse("admin:requests_app_application_deliver", args=[receipt.pk])
    response = post_page(client, url, {"method": "网上送达", "delivered_on": today.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == change_url(application)
    receipt.refresh_from_db()
    assert (receipt.delivery_method, receipt.delivered_on) == ("网上送达", today)
    assert application.events.latest("id").action == "deliver"


# --------------------------------------------------------------------------- scope


def test_a_caseworker_of_another_organisation_cannot_reach_the_case(client, org_a, outsider):
    application = submit(org_a)
    receipt = application.notices.get()
    client.force_login(outsider)
    listing = text_of(client.get(reverse("admin:requests_app_application_changelist")))
    assert application.number not in listing
    response = client.get(change_url(application))
    assert response.status_code == 302  # the admin's "does not exist" redirect
    assert response["Location"] == reverse("admin:index")
    assert client.get(action_url(application, "answer")).status_code == 404
    response = client.post(
        action_url(application, "close_other"),
        {
            "reason": "撤回",
            "on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 404
    notice_url = reverse("admin:requests_app_application_notice", args=[receipt.pk])
    assert client.get(notice_url).status_code == 404
    deliver_url = reverse("admin:requests_app_application_deliver", args=[receipt.pk])
    assert client.get(deliver_url).status_code == 404
    application.refresh_from_db()
    assert application.status == Status.RECEIVED


def test_a_case_cannot_be_deleted(client, org_a, worker, superuser):
    application = submit(org_a)
    delete_url = reverse("admin:requests_app_application_delete", args=[application.pk])
    for user in (worker, superuser):
        client.force_login(user)
        assert client.get(delete_url).status_code == 403
        assert client.post(delete_url, {"post": "yes"}).status_code == 403
        listing = client.get(reverse("admin:requests_app_application_changelist"))
        assert "delete_selected" not in listing.content.decode()
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_caseworker_reads_the_case_history_on_the_case_page(client, org_a, worker, today):
    """The 办理记录 belongs to the case: its handler sees it without a permission of its own."""
    application = services.request_correction(
        actor=worker,
        application=submit(org_a),
        items="请写明文号。",
        correction_due_on=today + dt.timedelta(days=21),
    )
    assert not worker.has_perm("requests_app.view_applicationevent")
    client.force_login(worker)
    page = client.get(reverse("admin:requests_app_application_change", args=[application.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "办理记录" in body
    assert "告知补正" in body  # the event's Chinese label, in the history table

"""Every notice issued to an applicant with an e-mail address is mailed, and the mail is the 送达
when the applicant chose to receive documents electronically."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core import mail
from django.utils import timezone

from catalog import roles
from requests_app import delivery, services
from requests_app.models import DeliveryMethod, IdType, ReplyNotice
from requests_app.outcomes import Outcome
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

NAME = "张三丰"
ID_NUMBER = "110101199003078515"
PHONE = "13800001111"
ADDRESS = "示例县城关镇人民路1号"
EMAIL = "zhang@example.com"


def personal_values() -> list[str]:
    return [NAME, ID_NUMBER, PHONE, ADDRESS, "张*丰"]


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


def submit(org, *, capture, method=DeliveryMethod.ONLINE, email=EMAIL, notify=True):
    with capture(execute=True):
        return services.submit_application(
            organisation=org,
            data={
                "name": NAME,
                "id_type": IdType.RESIDENT_ID,
                "id_number": ID_NUMBER,
                "phone": PHONE,
                "address": ADDRESS,
                "email": email,
                "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
                "delivery_method": method,
            },
            query_password="cx-123456",
            notify=notify,
        )


def test_each_notice_kind_issued_is_mailed_once_without_personal_data(
    org_a, worker, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    application = submit(org_a, capture=capture)
    today = timezone.localdate()
    with capture(execute=True):
        application = services.request_correction(
            actor=worker, application=application, items="请写明文号。",
            correction_due_on=today + dt.timedelta(days=15),
        )  # fmt: skip
    with capture(execute=True):
        application = services.receive_correction(
            actor=worker, application=application, received_on=today
        )
    with capture(execute=True):
        application = services.start_consultation(
            actor=worker, application=application, kind="third_party", party="某公司"
        )
    with capture(execute=True):
        application = services.end_consultation(actor=worker, application=application)
    with capture(execute=True):
        application = services.extend(
            actor=worker, application=application, working_days=10, approver="李主任",
            reason="需要汇总多个乡镇的数据。",
        )  # fmt: skip
    with capture(execute=True):
        application = services.issue_fee_notice(
            actor=worker, application=application, amount=100, basis="按件计收"
        )
    with capture(execute=True):
        application = services.record_payment(actor=worker, application=application)
    with capture(execute=True):
        services.answer(
            actor=worker, application=application, outcome=Outcome.DISCLOSE,
            provided="以电子文档形式通过本平台提供。",
        )  # fmt: skip

    notices = list(application.notices.order_by("id"))
    assert [n.kind for n in notices] == [
        "receipt", "correction", "consultation", "extension", "fee", "answer",
    ]  # fmt: skip
    assert len(mail.outbox) == len(notices)
    for notice, message in zip(notices, mail.outbox, strict=True):
        assert message.to == [EMAIL]
        assert application.number in message.subject
        assert notice.number in message.body
        assert ReplyNotice.Kind(notice.kind).label in message.body
        assert f"{notice.issued_on:%Y}年{notice.issued_on.month}月{notice.issued_on.day}日" in (
            message.body
        )
        assert "查询办理进度" in message.body
        assert not message.attachments
        for value in personal_values():
            assert value not in message.subject
            assert value not in message.body
    assert "予以答复" in mail.outbox[0].body  # the receipt tells the reply date


def test_mail_records_online_delivery_with_the_date_and_an_event(
    org_a, django_capture_on_commit_callbacks
):
    application = submit(org_a, capture=django_capture_on_commit_callbacks)
    receipt = application.notices.get()
    assert receipt.delivery_method == "网上送达"
    assert receipt.delivered_on == timezone.localdate()
    event = application.events.get(action="deliver")
    assert event.actor is None
    assert receipt.title in event.note


def test_email_delivery_method_is_recorded_as_email(org_a, django_capture_on_commit_callbacks):
    application = submit(
        org_a, capture=django_capture_on_commit_callbacks, method=DeliveryMethod.EMAIL
    )
    assert application.notices.get().delivery_method == "电子邮件"


def test_applicant_who_chose_post_is_told_but_delivery_stays_for_staff(
    org_a, django_capture_on_commit_callbacks
):
    application = submit(
        org_a, capture=django_capture_on_commit_callbacks, method=DeliveryMethod.POST
    )
    assert len(mail.outbox) == 1
    receipt = application.notices.get()
    assert receipt.delivered_on is None
    assert not application.events.filter(action="deliver").exists()


def test_no_mail_without_an_address_or_when_suppressed(org_a, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    submit(org_a, capture=capture, email="")
    submit(org_a, capture=capture, notify=False)
    with delivery.suppressed():
        submit(org_a, capture=capture)
    assert mail.outbox == []


def test_a_failed_send_raises_nothing_logs_no_personal_data_and_stays_undelivered(
    org_a, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.requests_app.test_delivery.BrokenBackend"
    with caplog.at_level(logging.WARNING, logger="requests_app.delivery"):
        application = submit(org_a, capture=django_capture_on_commit_callbacks)
    receipt = application.notices.get()
    assert receipt.delivered_on is None
    assert not application.events.filter(action="deliver").exists()
    assert application.number in caplog.text
    for value in [*personal_values(), EMAIL]:
        assert value not in caplog.text


def test_delivery_recorded_by_staff_first_is_kept(
    org_a, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application = services.submit_application(
            organisation=org_a,
            data={"name": NAME, "id_type": IdType.RESIDENT_ID, "id_number": ID_NUMBER,
                  "phone": PHONE, "address": ADDRESS, "email": EMAIL, "description": "某文件。"},
            query_password="cx-123456",
        )  # fmt: skip
    receipt = application.notices.get()
    services.record_delivery(
        actor=worker, notice=receipt, method="直接送达", delivered_on=timezone.localdate()
    )
    for callback in callbacks:
        callback()
    receipt.refresh_from_db()
    assert receipt.delivery_method == "直接送达"
    assert len(mail.outbox) == 1


def test_a_refused_action_sends_nothing(org_a, worker, django_capture_on_commit_callbacks):
    application = submit(org_a, capture=django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.CaseError):
        services.extend(
            actor=worker, application=application, working_days=30, approver="李主任", reason="x"
        )
    assert mail.outbox == []


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")

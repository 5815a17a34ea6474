"""`manage.py send_deadline_reminders`: one mail per caseworker, numbers and dates only."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.models import Application, IdType
from requests_app.outcomes import Outcome
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
ID_NUMBER = "33109919700505003" + id_number_check_char("33109919700505003")
APPLICANT = {
    "name": "欧阳锋",
    "id_type": IdType.RESIDENT_ID,
    "id_number": ID_NUMBER,
    "phone": "13912345678",
    "address": "示例县白沙镇朝阳路88号",
    "email": "ouyang@example.com",
    "description": "申请公开白沙镇2025年度特困人员供养名单。",
}
PERSONAL = [APPLICANT[k] for k in ("name", "id_number", "phone", "address", "email")]


@pytest.fixture
def cal(db):
    return CalendarDay.objects.work_calendar()


@pytest.fixture
def today():
    return timezone.localdate()


def staff(org, username, email="", role=roles.CASEWORKER):
    user = make_staff(role=role, organisations=[org], username=username)
    user.email = email or f"{username}@example.gov.cn"
    user.save(update_fields=["email"])
    return user


def due_on(cal, due: dt.date) -> dt.date:
    """The receipt date whose 20-working-day period ends on ``due`` (a working day)."""
    day = due
    while cal.add_working_days(day, 20) > due:
        day -= dt.timedelta(days=1)
    return day


def case(org, received_on, handler=None, actor=None) -> Application:
    application = services.submit_application(
        organisation=org,
        data=APPLICANT,
        query_password="cx-123456",
        received_on=received_on,
        submitted_at=dt.datetime.combine(received_on, dt.time(9), tzinfo=TZ),
    )
    if handler is not None:
        application = services.assign(actor=actor or handler, application=application,
                                      handler=handler)  # fmt: skip
    return application


@pytest.fixture
def world(org_a, org_b, cal, today):
    first = staff(org_a, "mzj_jbr1")
    second = staff(org_a, "mzj_jbr2")
    boss = staff(org_a, "mzj_zg", role=roles.SUPERVISOR)
    elsewhere = staff(org_b, "czj_jbr")
    soon = cal.add_working_days(today, 2)
    later = cal.add_working_days(today, 15)
    mail.outbox.clear()  # the applicants' confirmation mails
    cases = {
        "overdue_first": case(org_a, today - dt.timedelta(days=60), first),
        "soon_first": case(org_a, due_on(cal, soon), first),
        "soon_unassigned": case(org_a, due_on(cal, soon)),
        "later_second": case(org_a, due_on(cal, later), second),
        "soon_elsewhere": case(org_b, due_on(cal, soon), elsewhere),
    }
    closed = case(org_a, today - dt.timedelta(days=60), first)
    cases["closed"] = services.answer(
        actor=first, application=closed, outcome=Outcome.WITHHOLD_SECRET, reasons="国家秘密。"
    )
    paused = case(org_a, today - dt.timedelta(days=60), first)
    cases["paused"] = services.request_correction(
        actor=first, application=paused, items="请写明文号。",
        correction_due_on=today + dt.timedelta(days=10), on=paused.received_on,
    )  # fmt: skip
    mail.outbox.clear()
    return {"first": first, "second": second, "boss": boss, "elsewhere": elsewhere, **cases}


def send(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_deadline_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def mails_by_recipient():
    return {m.to[0]: m for m in mail.outbox}


def test_each_handler_gets_one_mail_listing_their_due_and_overdue_cases(world):
    out, _ = send()
    mails = mails_by_recipient()
    assert set(mails) == {
        "mzj_jbr1@example.gov.cn",
        "mzj_jbr2@example.gov.cn",
        "czj_jbr@example.gov.cn",
    }
    assert len(mail.outbox) == 3
    first = mails["mzj_jbr1@example.gov.cn"].body
    for key in ("overdue_first", "soon_first", "soon_unassigned"):
        assert world[key].number in first
    for key in ("later_second", "soon_elsewhere", "closed", "paused"):
        assert world[key].number not in first
    assert "已超过答复期限（1件）" in first
    assert "5个工作日内到期（2件）" in first
    assert f"{world['soon_first'].due_on:%Y年%-m月%-d日}" in first
    assert "已超期1件，5个工作日内到期2件" in mails["mzj_jbr1@example.gov.cn"].subject
    # an unassigned case goes to every caseworker of its organisation, not to supervisors
    second = mails["mzj_jbr2@example.gov.cn"].body
    assert world["soon_unassigned"].number in second
    assert world["later_second"].number not in second
    assert world["soon_elsewhere"].number in mails["czj_jbr@example.gov.cn"].body
    assert "已发送提醒邮件3封" in out


def test_mails_carry_no_applicant_personal_data(world):
    send()
    assert mail.outbox
    for message in mail.outbox:
        for value in PERSONAL:
            assert value not in message.body
            assert value not in message.subject
        assert APPLICANT["description"] not in message.body


def test_dry_run_sends_nothing_and_says_what_it_would_send(world):
    out, _ = send("--dry-run")
    assert mail.outbox == []
    assert "mzj_jbr1 <mzj_jbr1@example.gov.cn>：已超期1件，5个工作日内到期2件" in out
    assert "试运行：将发送提醒邮件3封" in out


def test_the_window_is_set_in_working_days(world):
    send("--days", "20")
    assert world["later_second"].number in mails_by_recipient()["mzj_jbr2@example.gov.cn"].body


def test_a_departed_handlers_cases_go_to_the_organisations_caseworkers(world):
    world["first"].is_active = False
    world["first"].save(update_fields=["is_active"])
    send()
    mails = mails_by_recipient()
    assert "mzj_jbr1@example.gov.cn" not in mails
    body = mails["mzj_jbr2@example.gov.cn"].body
    for key in ("overdue_first", "soon_first", "soon_unassigned"):
        assert world[key].number in body


def test_a_caseworker_without_an_email_address_is_reported(world):
    world["second"].email = ""
    world["second"].save(update_fields=["email"])
    _, err = send()
    assert "mzj_jbr2@example.gov.cn" not in mails_by_recipient()
    assert "账号“mzj_jbr2”未设置电子邮箱，未发送（1件）。" in err

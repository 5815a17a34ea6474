"""Issue #13: the 2026-12-04 case through the staff UI, then a 2027 notice entered in admin.

The 2027 notice below is FICTIONAL test data (number 国办发明电〔2026〕901号, days invented):
the real 2027 arrangement is entered only from the published notice itself.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalog import holiday_arrangements, roles
from catalog.models import CalendarDay, HolidayArrangement
from catalog.statutory_holidays import PROVISIONAL_NOTE
from requests_app import services
from requests_app.models import Application, ApplicationEvent
from requests_app.outcomes import Outcome
from tests.factories import make_staff
from tests.requests_app.test_admin import post_page, registration_data, submit, text_of

pytestmark = pytest.mark.django_db

D = dt.date
RECEIVED = D(2026, 12, 4)
FICTIONAL_NUMBER = "国办发明电〔2026〕901号"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(org_a):
    user = make_staff(role=roles.CASEWORKER, organisations=[org_a])
    user.email = "jbr@example.gov.cn"
    user.save()
    return user


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")


def register_via_admin(client, org, worker) -> Application:
    client.force_login(worker)
    response = post_page(
        client,
        reverse("admin:requests_app_application_add"),
        registration_data(org, received_on=RECEIVED.isoformat()),
    )
    assert response.status_code == 302
    return Application.objects.get(received_on=RECEIVED)


def change_page(client, application) -> str:
    url = reverse("admin:requests_app_application_change", args=[application.pk])
    return text_of(client.get(url))


def enter_fictional_2027(client, days: list[tuple[str, str, str]]):
    data = {"year": "2027", "number": FICTIONAL_NUMBER, "issued_on": "2026-12-05"}
    for i, (day, kind, name) in enumerate(days):
        data |= {f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": name}
    return post_page(client, reverse("admin:catalog_holidayarrangement_add"), data)


def test_the_2026_12_04_case_is_due_after_new_year_with_the_provisional_warning(
    client, org_a, worker
):
    application = register_via_admin(client, org_a, worker)
    calendar = CalendarDay.objects.work_calendar()
    # Dec 7-11, 14-18, 21-25 (15), 28-31 (19); 1 Jan 2027 元旦 (Fri); Mon 4 Jan is the 20th.
    assert application.due_on == calendar.add_working_days(RECEIVED, 20) == D(2027, 1, 4)
    page = change_page(client, application)
    assert "2027-01-04" in page
    assert PROVISIONAL_NOTE in page
    listing = text_of(client.get(reverse("admin:requests_app_application_changelist")))
    assert "（暂按法定节假日推算）" in listing


def test_a_case_due_in_an_official_year_has_no_warning(client, org_a, worker):
    application = submit(org_a, D(2026, 11, 2))
    services.assign(actor=worker, application=application, handler=worker)
    client.force_login(worker)
    assert PROVISIONAL_NOTE not in change_page(client, application)


def test_entering_the_2027_notice_recomputes_open_cases_with_events_and_tells_the_handler(
    client, org_a, worker, admin_user, django_capture_on_commit_callbacks
):
    open_case = register_via_admin(client, org_a, worker)
    services.assign(actor=worker, application=open_case, handler=worker)
    closed = submit(org_a, RECEIVED)
    services.answer(
        actor=worker, application=closed, outcome=Outcome.WITHHOLD_SECRET, reasons="属于国家秘密。"
    )
    untouched = submit(org_a, D(2026, 11, 2))  # due 2026-11-30, all official
    receipt_before = open_case.notices.get().body
    mail.outbox.clear()

    client.force_login(admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = enter_fictional_2027(
            client,
            [
                ("2027-01-01", "holiday", "元旦"),
                ("2027-01-02", "holiday", "元旦"),
                ("2027-01-03", "holiday", "元旦"),
                ("2027-01-04", "holiday", "元旦"),  # invented: a longer block moves the due date
                ("2027-01-09", "workday", "元旦"),
            ],
        )
    assert response.status_code == 302

    arrangement = HolidayArrangement.objects.get(year=2027)
    assert arrangement.number == FICTIONAL_NUMBER
    assert arrangement.days.count() == 5
    calendar = CalendarDay.objects.work_calendar()
    assert 2027 in calendar.official_years
    assert not calendar.touches_provisional(RECEIVED, D(2027, 1, 5))

    open_case.refresh_from_db()
    assert open_case.due_on == D(2027, 1, 5)  # Jan 1-4 rest: Tue 5 Jan is the 20th day
    event = open_case.events.get(action="recompute")
    assert event.actor == admin_user
    assert event.data["due_on"] == {"old": "2027-01-04", "new": "2027-01-05"}
    assert FICTIONAL_NUMBER in event.data["reason"]
    assert "答复期限由2027-01-04调整为2027-01-05" in event.note
    assert open_case.notices.get().body == receipt_before  # issued notices never change

    closed_due = Application.objects.get(pk=closed.pk).due_on
    assert closed_due == D(2027, 1, 4)
    assert not ApplicationEvent.objects.filter(application=closed, action="recompute").exists()
    assert not ApplicationEvent.objects.filter(application=untouched, action="recompute").exists()

    (message,) = mail.outbox
    assert message.to == [worker.email]
    assert open_case.number in message.body
    assert "2027年1月4日 → 2027年1月5日" in message.body
    assert open_case.name not in message.body

    client.force_login(worker)
    page = change_page(client, open_case)
    assert PROVISIONAL_NOTE not in page
    client.force_login(admin_user)  # the case file's event list
    assert "答复期限由2027-01-04调整为2027-01-05" in change_page(client, open_case)


def test_an_invalid_notice_is_refused_with_chinese_errors_and_keeps_the_input(client, admin_user):
    client.force_login(admin_user)
    response = post_page(
        client,
        reverse("admin:catalog_holidayarrangement_add"),
        {
            "year": "2027",
            "number": "国办发明电[2026]1号",
            "issued_on": "2026-12-05",
            "days-0-date": "2027-01-04",
            "days-0-kind": "workday",
            "days-0-name": "元旦",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "文号格式应为" in page
    assert "国办发明电[2026]1号" in page
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_a_day_outside_the_notices_year_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = enter_fictional_2027(client, [("2028-01-03", "holiday", "元旦")])
    assert response.status_code == 200
    assert "2028-01-03不在2027年放假安排的范围内" in text_of(response)
    assert not HolidayArrangement.objects.filter(year=2027).exists()


def test_a_day_of_another_years_notice_is_refused_by_the_service(admin_user):
    # 2023-12-30 and 31 belong to the 2024 notice's 元旦 block.
    with pytest.raises(holiday_arrangements.ArrangementError, match="已列入2024年安排"):
        holiday_arrangements.enter_arrangement(
            actor=admin_user,
            year=2023,
            number="国办发明电〔2022〕16号",
            issued_on=D(2022, 12, 8),
            days=[holiday_arrangements.ArrangementDay(D(2023, 12, 30), "holiday", "元旦")],
        )


def test_only_platform_administrators_may_enter_a_notice_through_the_service(worker):
    with pytest.raises(holiday_arrangements.ArrangementError, match="平台管理员"):
        holiday_arrangements.enter_arrangement(
            actor=worker,
            year=2027,
            number=FICTIONAL_NUMBER,
            issued_on=D(2026, 12, 5),
            days=[holiday_arrangements.ArrangementDay(D(2027, 1, 1), "holiday", "元旦")],
        )


def test_staff_cannot_enter_a_notice(client, worker):
    client.force_login(worker)
    response = client.get(reverse("admin:catalog_holidayarrangement_add"))
    assert response.status_code == 403


def test_the_admin_home_warns_from_1_november_while_next_year_has_no_notice(
    client, admin_user, monkeypatch
):
    client.force_login(admin_user)
    today = timezone.localdate()
    year = today.year + 1
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(today.year, 11, 1))
    page = text_of(client.get(reverse("admin:index")))
    assert f"尚未录入{year}年国务院办公厅节假日安排" in page
    assert f"?year={year}" in page
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(today.year, 10, 31))
    assert "尚未录入" not in text_of(client.get(reverse("admin:index")))


def test_the_reminder_mail_marks_a_provisional_due_date(org_a, worker, monkeypatch):
    from django.core.management import call_command

    application = submit(org_a, RECEIVED)
    services.assign(actor=worker, application=application, handler=worker)
    mail.outbox.clear()
    # On 30 Dec 2026 the case (due Mon 4 Jan 2027) is within 5 working days.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2026, 12, 30))
    call_command("send_deadline_reminders")
    (message,) = mail.outbox
    assert application.number in message.body
    assert "（暂定※）" in message.body
    assert PROVISIONAL_NOTE in message.body

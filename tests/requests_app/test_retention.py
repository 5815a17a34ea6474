import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog import roles
from kernel.identifiers import id_number_check_char
from requests_app import services
from requests_app.models import Application
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db


def _closed_case(org, handler, received_on):
    first17 = "11010519800101123"
    case = services.submit_application(
        organisation=org,
        data={
            "applicant_type": "natural",
            "name": "欧阳小明",
            "id_type": "resident_id",
            "id_number": first17 + id_number_check_char(first17),
            "phone": "13912345678",
            "address": "测试县人民路9号",
            "description": "2010年低保名单",
        },
        query_password="secret-123",
        received_on=received_on,
        channel="in_person",
        actor=handler,
    )
    return services.answer(
        actor=handler,
        application=case,
        outcome="unable_not_held",
        reasons="经检索未找到",
        answered_on=received_on + dt.timedelta(days=3),
    )


def test_purge_removes_personal_data_of_old_closed_cases_and_keeps_the_record():
    org = OrganisationFactory()
    handler = make_staff(role=roles.CASEWORKER, organisations=[org])
    old = _closed_case(org, handler, dt.date(2012, 3, 5))
    recent = _closed_case(org, handler, timezone.localdate() - dt.timedelta(days=30))

    call_command("purge_applicant_data", years=10)

    old.refresh_from_db()
    assert old.name == Application.PURGED_NAME
    assert old.id_number == old.phone == old.address == ""
    assert old.outcome == "unable_not_held"
    assert old.closed_on == dt.date(2012, 3, 8)
    assert all("欧阳小明" not in n.body for n in old.notices.all())
    assert any("欧阳*明" in n.body for n in old.notices.all())
    recent.refresh_from_db()
    assert recent.name == "欧阳小明"


def test_purge_dry_run_changes_nothing():
    org = OrganisationFactory()
    handler = make_staff(role=roles.CASEWORKER, organisations=[org])
    old = _closed_case(org, handler, dt.date(2012, 3, 5))
    call_command("purge_applicant_data", years=10, dry_run=True)
    old.refresh_from_db()
    assert old.name == "欧阳小明"

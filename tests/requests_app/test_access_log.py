"""Staff access to applicants' personal data leaves a row the 主管 can read and download."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import roles
from requests_app import services
from requests_app.access_log.models import AccessKind, PersonalDataAccess
from requests_app.models import IdType
from tests.factories import make_staff
from tests.requests_app.test_admin import ID_NUMBER, NAME, change_url, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit_with_proof(org):
    """An online application with an ID proof, through the real service."""
    return services.submit_application(
        organisation=org,
        data={
            "name": NAME,
            "id_type": IdType.RESIDENT_ID,
            "id_number": ID_NUMBER,
            "phone": "13800002222",
            "address": "示例县城关镇人民路1号",
            "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。",
        },
        query_password="cx-123456",
        id_proof=SimpleUploadedFile("证明.pdf", PDF),
    )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a], username="mzj_jbr")


@pytest.fixture
def supervisor(org_a):
    return make_staff(role=roles.SUPERVISOR, organisations=[org_a], username="mzj_zg")


def test_opening_a_case_records_who_saw_the_applicants_details(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)

    response = client.get(change_url(application))

    assert NAME in response.content.decode()
    row = PersonalDataAccess.objects.get()
    assert (row.user, row.username, row.kind) == (worker, "mzj_jbr", AccessKind.VIEW_DETAILS)
    assert (row.application, row.case_number, row.organisation) == (
        application,
        application.number,
        org_a,
    )
    assert row.ip_address == "127.0.0.1"


def test_the_masked_case_list_is_not_logged_but_each_opening_is(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)

    client.get(reverse("admin:requests_app_application_changelist"))
    assert not PersonalDataAccess.objects.exists()
    client.get(change_url(application))
    client.get(change_url(application))
    assert PersonalDataAccess.objects.count() == 2


def test_downloading_an_id_proof_is_logged(client, org_a, worker):
    application = submit_with_proof(org_a)
    client.force_login(worker)

    response = client.get(reverse("admin:requests_app_application_idproof", args=[application.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert list(PersonalDataAccess.objects.values_list("kind", flat=True)) == [
        AccessKind.DOWNLOAD_ID_PROOF
    ]


def test_another_departments_case_is_refused_and_not_logged(client, org_a, org_b):
    application = submit(org_a)
    outsider = make_staff(role=roles.CASEWORKER, organisations=[org_b])
    client.force_login(outsider)

    response = client.get(change_url(application))

    assert response.status_code == 302  # Django's admin: "does not exist", back to the index
    assert not PersonalDataAccess.objects.exists()


def test_the_supervisor_reads_only_their_organisations_log(
    client, org_a, org_b, worker, supervisor
):
    mine = submit(org_a)
    theirs = submit(org_b)
    client.force_login(worker)
    client.get(change_url(mine))
    other_worker = make_staff(role=roles.CASEWORKER, organisations=[org_b])
    client.force_login(other_worker)
    client.get(change_url(theirs))
    assert PersonalDataAccess.objects.count() == 2

    client.force_login(supervisor)
    page = client.get(reverse("admin:requests_app_personaldataaccess_changelist"))

    assert page.status_code == 200
    text = page.content.decode()
    assert mine.number in text
    assert theirs.number not in text
    assert "下载CSV" in text


def test_the_log_downloads_as_csv_with_the_list_filters(client, org_a, worker, supervisor):
    application = submit_with_proof(org_a)
    client.force_login(worker)
    client.get(change_url(application))
    client.get(reverse("admin:requests_app_application_idproof", args=[application.pk]))
    client.force_login(supervisor)

    response = client.get(
        reverse("admin:requests_app_personaldataaccess_export"),
        {"kind__exact": AccessKind.DOWNLOAD_ID_PROOF},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "工作人员", "受理机关", "申请编号", "操作", "访问地址"]
    assert [r[1:] for r in rows[1:]] == [
        ["mzj_jbr", org_a.name, application.number, "下载身份证明", "127.0.0.1"]
    ]


def test_the_log_cannot_be_changed_or_deleted(client, org_a, worker, supervisor, superuser):
    client.force_login(worker)
    client.get(change_url(submit(org_a)))
    row = PersonalDataAccess.objects.get()
    client.force_login(superuser)

    url = reverse("admin:requests_app_personaldataaccess_change", args=[row.pk])
    client.post(url, {"username": "someone_else"})
    client.post(
        reverse("admin:requests_app_personaldataaccess_changelist"),
        {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"},
    )

    row.refresh_from_db()
    assert row.username == "mzj_jbr"
    assert client.get(reverse("admin:requests_app_personaldataaccess_add")).status_code == 403


def test_caseworkers_cannot_read_the_log(client, org_a, worker):
    client.force_login(worker)
    assert (
        client.get(reverse("admin:requests_app_personaldataaccess_changelist")).status_code == 403
    )
    assert client.get(reverse("admin:requests_app_personaldataaccess_export")).status_code == 403


def test_exporting_selected_cases_logs_each_case_and_masks_id_numbers(client, org_a, org_b, worker):
    first, second = submit(org_a), submit(org_a)
    client.force_login(worker)

    response = client.post(
        reverse("admin:requests_app_application_changelist"),
        {"action": "export_cases", "_selected_action": [first.pk, second.pk]},
    )

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [first.number, second.number]
    assert rows[1][3] == NAME
    assert ID_NUMBER not in response.content.decode("utf-8-sig")
    logged = PersonalDataAccess.objects.filter(kind=AccessKind.EXPORT)
    assert sorted(logged.values_list("case_number", flat=True)) == sorted(
        [first.number, second.number]
    )


def test_an_export_cannot_reach_another_departments_case(client, org_a, org_b, worker):
    mine, theirs = submit(org_a), submit(org_b)
    client.force_login(worker)

    response = client.post(
        reverse("admin:requests_app_application_changelist"),
        {"action": "export_cases", "_selected_action": [mine.pk, theirs.pk]},
    )

    assert theirs.number not in response.content.decode("utf-8-sig")
    assert not PersonalDataAccess.objects.filter(case_number=theirs.number).exists()

"""Released information: attached by staff (checked by content), downloaded by the applicant
from the progress page under the number-and-password proof, by staff of the organisation."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog import roles
from requests_app import services
from requests_app.models import ApplicationEvent, IdType, ReplyNotice
from requests_app.outcomes import Outcome
from requests_app.releases import services as releases
from requests_app.releases.models import ReleasedFile
from tests.factories import make_staff

pytestmark = pytest.mark.django_db

PASSWORD = "cx-123456"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = b"<!doctype html><html><script>alert(1)</script></html>"
PROVIDED = "以电子文档形式通过本平台提供。"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.fixture
def outsider(org_b):
    return make_staff(role=roles.CASEWORKER, organisations=[org_b])


def upload(content: bytes = PDF, name: str = "低保资金汇总表.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def submit(org, email: str = ""):
    return services.submit_application(
        organisation=org,
        data={"name": "张三丰", "id_type": IdType.RESIDENT_ID, "id_number": "110101199003078515",
              "phone": "13800001111", "address": "人民路1号", "email": email,
              "description": "申请公开2025年度城乡最低生活保障资金发放汇总表。"},
        query_password=PASSWORD,
    )  # fmt: skip


def answered(org, worker, *uploads, outcome=Outcome.DISCLOSE, **kwargs):
    return releases.answer_with_released_files(
        actor=worker, application=submit(org, **kwargs), outcome=outcome, provided=PROVIDED,
        reasons="部分内容涉及个人隐私。" if outcome == Outcome.PARTIAL else "",
        uploads=list(uploads),
    )  # fmt: skip


def verify(client, application):
    response = client.post(
        reverse("requests_app:progress"), {"number": application.number, "password": PASSWORD}
    )
    assert response.status_code == 302


def download_url(released: ReleasedFile) -> str:
    return reverse("requests_app:released-file", args=[released.pk])


# --------------------------------------------------------------------------- services


def test_answer_with_files_stores_them_privately_with_their_checked_type(org_a, worker):
    application = answered(org_a, worker, upload(), upload(PNG, "现场照片.png"))
    files = list(application.released_files.order_by("id"))
    assert [(f.original_name, f.kind, f.size) for f in files] == [
        ("低保资金汇总表.pdf", "pdf", len(PDF)), ("现场照片.png", "png", len(PNG)),
    ]  # fmt: skip
    answer = application.notices.get(kind=ReplyNotice.Kind.ANSWER)
    assert all(f.notice == answer for f in files)
    assert all(f.file.name.startswith("private/released/") for f in files)
    assert "低保" not in files[0].file.name
    assert files[0].file.read() == PDF
    assert (
        ApplicationEvent.objects.filter(application=application, action="release_file").count() == 2
    )


def test_html_renamed_pdf_is_refused_and_the_case_stays_unanswered(org_a, worker):
    application = submit(org_a)
    with pytest.raises(services.CaseError, match="不是允许的类型"):
        releases.answer_with_released_files(
            actor=worker, application=application, outcome=Outcome.DISCLOSE, provided=PROVIDED,
            uploads=[upload(HTML, "答复材料.pdf")],
        )  # fmt: skip
    application.refresh_from_db()
    assert application.is_open
    assert not ReleasedFile.objects.exists()


def test_a_file_whose_extension_does_not_match_its_content_is_refused(org_a, worker):
    with pytest.raises(services.CaseError, match="与文件扩展名不符"):
        releases.add_released_files(
            actor=worker, application=submit(org_a), uploads=[upload(PNG, "汇总表.pdf")]
        )


def test_files_are_refused_with_an_answer_that_releases_nothing(org_a, worker):
    application = submit(org_a)
    with pytest.raises(services.CaseError, match="予以公开"):
        releases.answer_with_released_files(
            actor=worker, application=application, outcome=Outcome.WITHHOLD_SECRET,
            reasons="属于国家秘密。", uploads=[upload()],
        )  # fmt: skip


def test_files_added_before_answering_go_with_the_answer(org_a, worker):
    application = submit(org_a)
    releases.add_released_files(actor=worker, application=application, uploads=[upload()])
    application = releases.answer_with_released_files(
        actor=worker, application=application, outcome=Outcome.PARTIAL,
        reasons="部分内容涉及个人隐私。", provided=PROVIDED,
    )  # fmt: skip
    assert application.released_files.get().notice.kind == ReplyNotice.Kind.ANSWER


def test_staff_of_another_organisation_cannot_attach(org_a, outsider):
    with pytest.raises(services.NotAllowed):
        releases.add_released_files(actor=outsider, application=submit(org_a), uploads=[upload()])


def test_answer_mail_mentions_the_released_files(org_a, worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        answered(org_a, worker, upload(), upload(PNG, "照片.png"), email="a@example.com")
    assert "政府信息文件2个" in mail.outbox[-1].body


# --------------------------------------------------------------------------- applicant download


def test_applicant_downloads_a_released_file_after_proving_number_and_password(
    client, org_a, worker
):
    application = answered(org_a, worker, upload())
    released = application.released_files.get()
    verify(client, application)
    page = client.get(reverse("requests_app:progress"))
    assert download_url(released) in page.content.decode()
    assert "低保资金汇总表.pdf" in page.content.decode()

    response = client.get(download_url(released))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    released.refresh_from_db()
    assert released.download_count == 1


def test_download_without_the_proof_goes_to_the_progress_query(client, org_a, worker):
    released = answered(org_a, worker, upload()).released_files.get()
    response = client.get(download_url(released))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("requests_app:progress"))


def test_another_cases_file_is_404_for_the_proved_applicant(client, org_a, worker):
    mine = answered(org_a, worker, upload())
    other = answered(org_a, worker, upload(name="他人的文件.pdf")).released_files.get()
    verify(client, mine)
    assert client.get(download_url(other)).status_code == 404


def test_files_of_an_unanswered_case_are_not_offered_to_the_applicant(client, org_a, worker):
    application = submit(org_a)
    (released,) = releases.add_released_files(
        actor=worker, application=application, uploads=[upload()]
    )
    verify(client, application)
    assert (
        download_url(released) not in client.get(reverse("requests_app:progress")).content.decode()
    )
    assert client.get(download_url(released)).status_code == 404


# --------------------------------------------------------------------------- admin


def test_staff_upload_page_refuses_html_and_keeps_the_case_open(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)
    url = reverse("admin:requests_app_application_released", args=[application.pk])
    response = client.post(url, {"files": [upload(HTML, "答复材料.pdf")]})
    assert response.status_code == 200
    assert "不是允许的类型" in response.content.decode()
    assert not ReleasedFile.objects.exists()


def test_staff_answer_page_attaches_files(client, org_a, worker):
    application = submit(org_a)
    client.force_login(worker)
    url = reverse("admin:requests_app_application_action", args=[application.pk, "answer"])
    response = client.post(url, {
        "outcome": Outcome.DISCLOSE, "reasons": "", "provided": PROVIDED,
        "answered_on": application.received_on.isoformat(), "files": [upload()],
    })  # fmt: skip
    assert response.status_code == 302
    assert application.released_files.get().original_name == "低保资金汇总表.pdf"


def test_staff_download_is_scoped_to_the_organisation(client, org_a, worker, outsider):
    released = answered(org_a, worker, upload()).released_files.get()
    url = reverse("admin:requests_app_application_released_file", args=[released.pk])
    client.force_login(worker)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    client.force_login(outsider)
    assert client.get(url).status_code == 404

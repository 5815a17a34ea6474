"""Reply notices as PDF: the applicant's copy (masked name, same proof as the notice page)
and the staff copy (full addressee)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from catalog import roles
from kernel.pdf import find_pdf_font
from tests.factories import OrganisationFactory, make_staff
from tests.requests_app.test_public_views import query, register

pytestmark = pytest.mark.django_db

needs_font = pytest.mark.skipif(
    find_pdf_font() is None, reason="no CJK font installed (apt-get install fonts-noto-cjk)"
)


def embedded_fonts(pdf_bytes: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    names = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                if "/FontFile3" in descriptor or "/FontFile2" in descriptor:
                    names.append(str(descriptor["/FontName"]))
    return names


@needs_font
def test_applicant_downloads_the_receipt_notice_as_pdf_after_the_query(client):
    org = OrganisationFactory(name="测试县民政局", slug="pdf-mzj")
    application = register(org, name="张小三")
    notice = application.notices.get(kind="receipt")
    url = reverse("requests_app:notice-pdf", args=[notice.pk])

    assert client.get(url).status_code == 302  # no proof yet
    query(client, application.number, "chaxun123")
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body.startswith(b"%PDF")
    assert any("CJK" in name for name in embedded_fonts(body))


@needs_font
def test_another_browser_cannot_fetch_the_notice_pdf(client, django_user_model):
    from django.test import Client

    org = OrganisationFactory(name="测试县民政局", slug="pdf-mzj2")
    application = register(org, name="张小三")
    notice = application.notices.get(kind="receipt")
    query(client, application.number, "chaxun123")
    stranger = Client()
    response = stranger.get(reverse("requests_app:notice-pdf", args=[notice.pk]))
    assert response.status_code == 302


@needs_font
def test_staff_download_the_notice_pdf_only_for_their_organisation(client):
    org = OrganisationFactory(name="测试县民政局", slug="pdf-mzj3")
    other = OrganisationFactory(name="测试县财政局", slug="pdf-czj3")
    application = register(org, name="张小三")
    notice = application.notices.get(kind="receipt")
    url = reverse("admin:requests_app_application_notice_pdf", args=[notice.pk])

    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[other]))
    assert client.get(url).status_code == 404
    client.force_login(make_staff(role=roles.CASEWORKER, organisations=[org]))
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_without_a_font_the_applicant_gets_a_chinese_503_page(client, settings):
    org = OrganisationFactory(name="测试县民政局", slug="pdf-mzj4")
    application = register(org, name="张小三")
    notice = application.notices.get(kind="receipt")
    query(client, application.number, "chaxun123")
    settings.REPORT_PDF_FONT = ["/nonexistent/font.ttc"]
    response = client.get(reverse("requests_app:notice-pdf", args=[notice.pk]))
    assert response.status_code == 503
    assert "PDF暂不可用" in response.content.decode()

"""Stored uploads are served with the type their content proves, always as a download, with
nosniff (issue #14, item 8): an HTML page renamed .doc never comes back as text/html."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from disclosures import services
from disclosures.models import Attachment
from requests_app import services as request_services
from tests.disclosures.builders import publish_item, staff_pair, upload
from tests.factories import OrganisationFactory
from tests.requests_app.test_public_views import ID_NUMBER

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def item():
    organisation = OrganisationFactory(name="测试县民政局", slug="dl-mzj")
    author, reviewer = staff_pair(organisation)
    return publish_item(organisation, author=author, reviewer=reviewer, title="附件测试")


def stored(item, name: str, content: bytes, kind: str = "doc") -> Attachment:
    """An attachment as stored before the upload check existed (no check on this path)."""
    attachment = Attachment(
        disclosure=item, original_name=name, kind=kind, size=len(content), sha256="0" * 64
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


def test_the_upload_check_refuses_html_renamed_doc(item):
    author = item.created_by
    with pytest.raises(services.DisclosureError):
        services.add_attachment(actor=author, disclosure=item, upload=upload("通知.doc", HTML))


@pytest.mark.parametrize("name", ["通知.doc", "页面.html", "图.svg", "数据.xml"])
def test_stored_html_is_served_as_an_octet_stream_download_never_as_html(client, item, name):
    attachment = stored(item, name, HTML)
    response = client.get(reverse("disclosures:attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_served_as_pdf_whatever_its_name(client, item):
    attachment = stored(item, "报告.html", PDF, kind="pdf")
    response = client.get(reverse("disclosures:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == PDF


def test_an_id_proof_is_served_to_staff_by_its_content(client, superuser):
    organisation = OrganisationFactory(name="测试县民政局", slug="dl-mzj")
    application = request_services.submit_application(
        organisation=organisation,
        data={
            "applicant_type": "natural",
            "name": "张小三",
            "id_type": "resident_id",
            "id_number": ID_NUMBER,
            "phone": "13912345678",
            "address": "测试县人民路8号",
            "description": "测试",
        },
        query_password="chaxun123",
    )
    application.id_proof.save("id-proof.png", ContentFile(HTML))  # stored before the check
    client.force_login(superuser)
    response = client.get(reverse("admin:requests_app_application_idproof", args=[application.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/", "/xxgk/ml/", "/xxgk/ml.csv", "/sitemap.xml", "/nowhere/"])
def test_every_response_forbids_content_sniffing(client, url):
    assert client.get(url)["X-Content-Type-Options"] == "nosniff"

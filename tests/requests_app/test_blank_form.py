"""The blank 政府信息公开申请表 downloads carry the online form's fields and choices."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from django.urls import reverse

from kernel.pdf import find_pdf_font
from requests_app.forms import ApplicationForm
from requests_app.models import DeliveryMethod, ProvisionForm

pytestmark = pytest.mark.django_db

# Every field a person fills in online (the password is issued by staff for paper forms).
FILLED_IN = [
    name
    for name in ApplicationForm.base_fields
    if name not in {"applicant_kind", "password", "password2", "id_proof"}
]


def expected_labels() -> list[str]:
    labels = [str(ApplicationForm.base_fields[name].label) for name in FILLED_IN]
    labels += [label for _value, label in DeliveryMethod.choices]
    labels += [label for _value, label in ProvisionForm.choices]
    return [*labels, "政府信息公开申请表", "申请人签名或者盖章", "填表说明"]


def compact(text: str) -> str:
    # pypdf returns NULs between the characters of fpdf2's subset CJK font; readers show none.
    return re.sub(r"[\s\x00]+", "", text)


@pytest.mark.skipif(find_pdf_font() is None, reason="no CJK font on this machine")
def test_pdf_form_has_every_label_of_the_online_form(client):
    response = client.get(reverse("requests_app:form-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = compact("".join(page.extract_text() for page in reader.pages))
    missing = [label for label in expected_labels() if compact(label) not in text]
    assert missing == []


def test_docx_form_has_every_label_of_the_online_form(client):
    from docx import Document

    response = client.get(reverse("requests_app:form-docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = compact("".join([p.text for p in document.paragraphs] + cells))
    missing = [label for label in expected_labels() if compact(label) not in text]
    assert missing == []


def test_pdf_form_without_a_font_answers_503(client, settings):
    settings.REPORT_PDF_FONT = ["/nonexistent/font.ttc"]
    from requests_app.blankform import documents

    documents.blank_form_pdf.cache_clear()
    try:
        response = client.get(reverse("requests_app:form-pdf"))
    finally:
        documents.blank_form_pdf.cache_clear()
    assert response.status_code == 503


def test_application_pages_link_the_blank_forms_with_address_and_fax(client, org_a):
    org_a.address = "示例县人民路8号"
    org_a.fax = "0570-8000102"
    org_a.save()
    for url in (reverse("requests_app:index"), reverse("requests_app:apply", args=[org_a.slug])):
        page = client.get(url).content.decode()
        assert reverse("requests_app:form-pdf") in page
        assert reverse("requests_app:form-docx") in page
        assert "示例县人民路8号" in page
        assert "0570-8000102" in page

"""Public downloads of the blank 政府信息公开申请表 (for applications by letter or fax)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from kernel.pdf import PdfUnavailable
from requests_app.blankform import documents


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


@require_safe
@cache_control(public=True, max_age=3600)
def form_pdf(request: HttpRequest) -> HttpResponse:
    try:
        content = documents.blank_form_pdf()
    except PdfUnavailable:
        return render(request, "requests_app/pdf_unavailable.html", status=503)
    return _download(content, "application/pdf", documents.PDF_FILENAME)


@require_safe
@cache_control(public=True, max_age=3600)
def form_docx(request: HttpRequest) -> HttpResponse:
    return _download(documents.blank_form_docx(), documents.DOCX_MIME, documents.DOCX_FILENAME)

"""Public pages of 依申请公开: notes and organisation picker, the online application, the
receipt, and the progress query with the reply documents.

No login wall: abuse is held off by the gates of catalog.public_forms (a per-address rate
limit, a honeypot field, a minimum fill time and a one-time form token; ADR 0012). The receipt
is bound to the submitting browser's session and the progress pages to a session that proved
the 申请编号 and 查询密码; applicants' personal data never appear on these pages except the
masked name on the verified progress page.
"""

from __future__ import annotations

import logging
import time

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage, public_forms
from catalog.models import Organisation
from catalog.public_forms import Admission, Duplicate
from kernel.pdf import PdfUnavailable
from requests_app import documents, services
from requests_app.applicant_proof import SESSION_VERIFIED, verified_application_id, verified_seconds
from requests_app.events import EventAction
from requests_app.forms import (
    APPLY_GATE,
    CASE_QUERY_LIMIT,
    QUERY_GATE,
    ApplicationForm,
    ProgressQueryForm,
    case_subject,
)
from requests_app.models import Application, ReplyNotice
from requests_app.releases.models import ReleasedFile

logger = logging.getLogger(__name__)

SESSION_RECEIPT = "requests_app.receipt"
PENDING_REFRESH_SECONDS = 3
NONCE_MAX_LENGTH = 64  # UsedToken.nonce
WRONG_CREDENTIALS = "申请编号或查询密码不正确。"
CASE_LOCKED = (
    "该申请编号今日查询密码输错次数过多，为保护申请人的信息，今日已暂停在线查询，"
    "请明日再试；如需帮助，请联系受理机关。"
)


# --------------------------------------------------------------------------- helpers


def _rate_limited(request: HttpRequest, admission: Admission, what: str) -> HttpResponse:
    seconds = admission.retry_after
    response = render(
        request,
        "requests_app/rate_limited.html",
        {"what": what, "minutes": max(1, -(-seconds // 60))},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def applicant_view_of(notice: ReplyNotice) -> SafeString:
    """The notice body as the applicant sees it online: the addressee's name masked.

    The body is trusted HTML rendered by the server when the notice was issued.
    """
    application = notice.application
    body = notice.body
    if not application.is_organisation and application.name:
        body = body.replace(escape(application.name), escape(application.masked_name))
    return mark_safe(body)  # noqa: S308 - trusted: rendered by the server when issued


# --------------------------------------------------------------------------- index and apply


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.active().only(
        "name", "slug", "phone", "sort_order", "address", "postcode", "fax", "disclosure_office"
    )
    return render(request, "requests_app/index.html", {"organisations": organisations})


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method != "POST":
        organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
        return _render_apply(request, organisation, ApplicationForm())
    try:
        return _submit(request, slug)
    except outage.DATABASE_ERRORS as exc:
        # Nothing was registered (the transaction rolled back): give the citizen their text
        # back with the same form token, so a resubmission registers exactly one case.
        logger.error("application form kept during a database outage (%s)", type(exc).__name__)
        return _render_apply_unavailable(request)


class _ApplyPage:
    """How the application form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, organisation: Organisation):
        self.request, self.organisation = request, organisation

    def form(self, form) -> HttpResponse:
        return _render_apply(self.request, self.organisation, form)

    def done(self, application: Application) -> HttpResponse:
        self.request.session[SESSION_RECEIPT] = application.pk
        logger.info("online application %s registered", application.number)
        return redirect("requests_app:receipt")

    def duplicate(self, duplicate: Duplicate) -> HttpResponse:
        return _already_submitted(self.request, duplicate)

    def rate_limited(self, admission: Admission) -> HttpResponse:
        return _rate_limited(self.request, admission, "提交申请")


def _submit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.active(), slug=slug)
    form = ApplicationForm(request.POST, request.FILES)
    return public_forms.submit(
        APPLY_GATE,
        request,
        form,
        save=lambda: services.submit_application(
            organisation=organisation,
            data=form.applicant_data(),
            query_password=form.cleaned_data["password"],
            id_proof=form.cleaned_data["id_proof"],
            suggests_proactive=form.cleaned_data.get("suggest_proactive", False),
        ),
        page=_ApplyPage(request, organisation),
        refused=(services.CaseError, ValidationError),
    )


def _render_apply(request, organisation, form) -> HttpResponse:
    several = Organisation.objects.active().exclude(pk=organisation.pk).exists()
    return render(
        request,
        "requests_app/apply.html",
        {
            "organisation": organisation,
            "form": form,
            **APPLY_GATE.context(),
            "several_organisations": several,
            "paper_organisations": [organisation],
        },
    )


# Never echoed back: secrets and the fields the form itself manages.
NOT_KEPT = frozenset(
    {"csrfmiddlewaretoken", "form_token", "password", "password2", APPLY_GATE.honeypot}
)


def _render_apply_unavailable(request: HttpRequest) -> HttpResponse:
    """The form again with what was typed, rendered without the database (status 503)."""
    typed = {key: value for key, value in request.POST.items() if key not in NOT_KEPT}
    return outage.unavailable(
        "requests_app/apply_unavailable.html",
        {
            "form": ApplicationForm(initial=typed),
            "form_token": request.POST.get("form_token", ""),
            "honeypot": APPLY_GATE.honeypot,
            "csrf_token": get_token(request),
        },
    )


def _already_submitted(request: HttpRequest, duplicate: Duplicate) -> HttpResponse:
    """The same form arrived again: the receipt of the first submission, never a copy.

    Answered at once: while the first submission is still being registered, a page that
    refreshes to the receipt lookup (``receipt?form=<nonce>``); nothing waits in the worker.
    """
    if not duplicate.pending:
        return redirect("requests_app:receipt")
    return _submission_pending(request, duplicate.nonce, status=409)


def _submission_pending(request: HttpRequest, nonce: str, *, status: int = 200) -> HttpResponse:
    lookup = f"{reverse('requests_app:receipt')}?{urlencode({'form': nonce})}"
    return render(
        request,
        "requests_app/submission_pending.html",
        {"lookup_url": lookup, "refresh_seconds": PENDING_REFRESH_SECONDS},
        status=status,
    )


# --------------------------------------------------------------------------- receipt


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(SESSION_RECEIPT)
    application = (
        Application.objects.select_related("organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if application is None:
        nonce = request.GET.get("form", "")
        if nonce and len(nonce) <= NONCE_MAX_LENGTH:
            duplicate = APPLY_GATE.lookup(nonce)
            if duplicate is not None and duplicate.pending:  # still registering: look again
                return _submission_pending(request, nonce)
        return render(request, "requests_app/receipt_missing.html", status=404)
    receipt_notice = application.notices.filter(kind=ReplyNotice.Kind.RECEIPT).first()
    return render(
        request,
        "requests_app/receipt.html",
        {
            "application": application,
            "receipt_notice": receipt_notice,
            "receipt_body": applicant_view_of(receipt_notice) if receipt_notice else "",
        },
    )


# --------------------------------------------------------------------------- progress


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "end" in request.POST:
        request.session.pop(SESSION_VERIFIED, None)
        return redirect("requests_app:progress")
    if request.method == "POST":
        return _query(request)
    pk = verified_application_id(request)
    if pk is not None and "new" not in request.GET:
        application = Application.objects.select_related("organisation").filter(pk=pk).first()
        if application is not None:
            return _render_result(request, application)
    return render(
        request,
        "requests_app/progress.html",
        {"form": ProgressQueryForm(), "proof_needed": "ws" in request.GET},
    )


def _query(request: HttpRequest) -> HttpResponse:
    admission = QUERY_GATE.admit(request)
    if not admission.admitted:
        return _rate_limited(request, admission, "查询办理进度")
    # A new query replaces any earlier proof, also when it fails (shared computers).
    request.session.pop(SESSION_VERIFIED, None)
    form = ProgressQueryForm(request.POST)
    if form.is_valid():
        # Each try counts against the case number too, whoever sends it; a right password
        # gives its count back, so only wrong ones add up to the lock.
        case = case_subject(form.cleaned_data["number"])
        if not CASE_QUERY_LIMIT.take(case):
            form.add_error(None, CASE_LOCKED)
            response = render(request, "requests_app/progress.html", {"form": form}, status=429)
            response["Retry-After"] = str(CASE_QUERY_LIMIT.retry_after())
            return response
        application = services.find_for_applicant(
            form.cleaned_data["number"], form.cleaned_data["password"]
        )
        if application is not None:
            CASE_QUERY_LIMIT.give_back(case)
            request.session[SESSION_VERIFIED] = {
                "pk": application.pk,
                "until": time.time() + verified_seconds(),
            }
            return redirect("requests_app:progress")
        form.add_error(None, WRONG_CREDENTIALS)
    return render(request, "requests_app/progress.html", {"form": form})


def _render_result(request: HttpRequest, application: Application) -> HttpResponse:
    events = [
        {
            "on": event.created_at,
            "label": event.action_label,
            # Who handles the case is internal, whatever the row's visibility flag says.
            "note": "" if event.action == EventAction.ASSIGN else event.note,
        }
        for event in application.events.filter(public=True).order_by("created_at", "id")
    ]
    notices = application.notices.order_by("issued_on", "id").only(
        "pk", "application_id", "title", "number", "issued_on"
    )
    return render(
        request,
        "requests_app/progress_result.html",
        {
            "application": application,
            "events": events,
            "notices": notices,
            "released_files": ReleasedFile.objects.for_applicant(application),
        },
    )


@never_cache
@require_safe
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    verified = verified_application_id(request)
    if verified is None:
        return redirect(f"{reverse('requests_app:progress')}?ws=1")
    document = (
        ReplyNotice.objects.select_related("application", "application__organisation")
        .filter(pk=pk, application_id=verified)
        .first()
    )
    if document is None:
        raise Http404("no such notice for the verified application")
    return render(
        request,
        "requests_app/notice.html",
        {
            "notice": document,
            "application": document.application,
            "body": applicant_view_of(document),
        },
    )


@require_http_methods(["GET"])
@never_cache
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same notice as a PDF, under the same proof as the notice page."""
    verified = verified_application_id(request)
    if verified is None:
        return redirect(f"{reverse('requests_app:progress')}?ws=1")
    document = (
        ReplyNotice.objects.select_related("application", "application__organisation")
        .filter(pk=pk, application_id=verified)
        .first()
    )
    if document is None:
        raise Http404("no such notice for the verified application")
    try:
        content = documents.notice_pdf(document, str(applicant_view_of(document)))
    except PdfUnavailable:
        return render(request, "requests_app/pdf_unavailable.html", status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=documents.pdf_filename(document)
    )
    return response

"""Public pages of 网上调查: the list, a survey (its form while open, its results once public),
the thanks and already-answered pages, and the aggregated results as CSV.

Everything starts from ``Survey.objects.visible()``: drafts, surveys under review and surveys
not yet open answer 404. The form goes through SURVEY_GATE (ADR 0012); one response per browser
session and per address is held by the database (interaction.surveys.gates, docs/surveys.md).
"""

from __future__ import annotations

import io
import logging

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage
from catalog.public_forms import Admission, Refusal
from interaction.surveys import results as survey_results
from interaction.surveys import services
from interaction.surveys.forms import SurveyForm
from interaction.surveys.gates import SURVEY_GATE, address_hash, session_hash
from interaction.surveys.models import Survey
from interaction.surveys.tally import PERCENT_NOTE
from interaction.surveys.workflow import Phase
from kernel import spreadsheet

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
SESSION_ANSWERED = "surveys.answered"


def _visible():
    return Survey.objects.visible().select_related("organisation")


@require_safe
def survey_list(request: HttpRequest) -> HttpResponse:
    surveys = _visible().order_by("-opens_at", "-id")
    page_obj = Paginator(surveys, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/surveys/list.html",
        {"page_obj": page_obj, "surveys": page_obj.object_list},
    )


def _answered_here(request: HttpRequest, survey: Survey) -> bool:
    return survey.pk in request.session.get(SESSION_ANSWERED, [])


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(_visible(), pk=pk)
    phase = survey.phase()
    if request.method == "POST":
        if phase is not Phase.OPEN:
            return _render(request, survey, status=409, closed_notice=True)
        return _submit(request, survey)
    if phase is Phase.OPEN and not _answered_here(request, survey):
        questions = survey_results.specs_of(survey)
        form = SurveyForm(survey=survey, questions=questions)
        return _render(request, survey, form=form)
    return _render(request, survey)


def _render(
    request: HttpRequest,
    survey: Survey,
    *,
    form: SurveyForm | None = None,
    status: int = 200,
    closed_notice: bool = False,
) -> HttpResponse:
    phase = survey.phase()
    context = {
        "survey": survey,
        "phase": phase.value,
        "form": form,
        "answered": _answered_here(request, survey),
        "closed_notice": closed_notice,
        "results_public": survey.results_are_public(),
        **SURVEY_GATE.context(),
    }
    if context["results_public"]:
        results, views = survey_results.question_views(survey)
        context.update(results=results, question_views=views, percent_note=PERCENT_NOTE)
    return render(request, "interaction/surveys/detail.html", context, status=status)


def _already(request: HttpRequest, survey: Survey, *, status: int = 200) -> HttpResponse:
    return render(request, "interaction/surveys/already.html", {"survey": survey}, status=status)


def _release_after_error(admission: Admission) -> None:
    try:
        SURVEY_GATE.release(admission)
    except outage.DATABASE_ERRORS:
        logger.error("survey form claim not released: the database does not answer")


def _submit(request: HttpRequest, survey: Survey) -> HttpResponse:
    questions = survey_results.specs_of(survey)
    form = SurveyForm(request.POST, survey=survey, questions=questions)
    admission = SURVEY_GATE.admit(request)
    if admission.refusal is Refusal.DUPLICATE:
        return _already(request, survey)
    if admission.refusal is Refusal.RATE_LIMITED:
        response = render(
            request,
            "interaction/public/rate_limited.html",
            {"what": "提交答卷", "minutes": max(1, -(-admission.retry_after // 60))},
            status=429,
        )
        response["Retry-After"] = str(admission.retry_after)
        return response
    if not admission.admitted:  # honeypot, too fast, an expired page: keep what was chosen
        form.is_valid()
        form.reject(admission.message)
        return _render(request, survey, form=form)
    if not form.is_valid():
        SURVEY_GATE.release(admission)
        return _render(request, survey, form=form)
    if SURVEY_GATE.claim(admission):
        return _already(request, survey, status=409)
    hashes = {
        "session_hash": session_hash(request, survey.pk),
        "address_hash": address_hash(request, survey.pk),
    }
    try:
        response = services.submit_response(survey=survey, answers=form.answers(), **hashes)
    except services.AlreadyAnswered:
        SURVEY_GATE.release(admission)
        _remember(request, survey)
        return _already(request, survey)
    except services.SurveyError as exc:
        SURVEY_GATE.release(admission)
        form.reject(str(exc))
        return _render(request, survey, form=form)
    except BaseException:
        _release_after_error(admission)
        raise
    SURVEY_GATE.complete(admission, response.pk)
    _remember(request, survey)
    logger.info("survey %s: response recorded", survey.pk)
    return redirect("interaction:survey-thanks", pk=survey.pk)


def _remember(request: HttpRequest, survey: Survey) -> None:
    answered = [pk for pk in request.session.get(SESSION_ANSWERED, []) if pk != survey.pk]
    request.session[SESSION_ANSWERED] = [*answered[-49:], survey.pk]


@never_cache
@require_safe
def survey_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(_visible(), pk=pk)
    if not _answered_here(request, survey):
        return redirect(survey)
    return render(
        request,
        "interaction/surveys/thanks.html",
        {"survey": survey, "results_public": survey.results_are_public()},
    )


@require_safe
def survey_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The aggregated results, UTF-8 with a BOM (so that Excel reads the Chinese)."""
    survey = get_object_or_404(_visible(), pk=pk)
    if not survey.results_are_public():
        return render(
            request, "interaction/surveys/no_results.html", {"survey": survey}, status=404
        )
    out = io.StringIO()
    writer = spreadsheet.csv_writer(out, lineterminator="\r\n")
    writer.writerows(survey_results.csv_rows(survey))
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-results.csv"'
    return response

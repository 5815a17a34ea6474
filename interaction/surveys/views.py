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

from catalog import outage, public_forms
from interaction.public.responses import rate_limited
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
@outage.keep_typed_on_outage(
    heading="网上调查", what="答卷", form_class=SurveyForm, honeypot=SURVEY_GATE.honeypot
)
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


def _submit(request: HttpRequest, survey: Survey) -> HttpResponse:
    questions = survey_results.specs_of(survey)
    form = SurveyForm(request.POST, survey=survey, questions=questions)
    return public_forms.submit(
        SURVEY_GATE,
        request,
        form,
        save=lambda: services.submit_response(
            survey=survey,
            answers=form.answers(),
            session_hash=session_hash(request, survey.pk),
            address_hash=address_hash(request, survey.pk),
        ),
        page=_SurveyPage(request, survey),
        refused=(services.SurveyError,),
    )


class _SurveyPage:
    """How the answer form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, survey: Survey):
        self.request, self.survey = request, survey

    def form(self, form: SurveyForm) -> HttpResponse:
        if form.already_answered:  # the service found an earlier response of this browser
            _remember(self.request, self.survey)
            return _already(self.request, self.survey)
        return _render(self.request, self.survey, form=form)

    def done(self, response) -> HttpResponse:
        _remember(self.request, self.survey)
        logger.info("survey %s: response recorded", self.survey.pk)
        return redirect("interaction:survey-thanks", pk=self.survey.pk)

    def duplicate(self, duplicate) -> HttpResponse:
        return _already(self.request, self.survey, status=409 if duplicate.pending else 200)

    def rate_limited(self, admission) -> HttpResponse:
        return rate_limited(self.request, admission, "提交答卷")


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

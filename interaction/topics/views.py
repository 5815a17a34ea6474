"""Public pages of 点题公开 (/hdjl/dtgk/): the standing calls, an organisation's call with the
suggestion form, the receipt, the answered suggestions and each entry, and the suggester's
answer page behind the signed link of the answer mail.

The form goes through its gate (interaction.topics.gates; ADR 0012). Every public list, page,
feed and search hit starts from ``Suggestion.objects.published()`` and reads public columns
only: the name and contact are never read here.
"""

from __future__ import annotations

import logging

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage, public_forms
from catalog.models import Organisation
from catalog.statutory_holidays import PROVISIONAL_NOTE
from disclosures.models import Disclosure
from interaction.public.responses import rate_limited
from interaction.topics import intake
from interaction.topics.figures import counts_by_organisation
from interaction.topics.forms import AnsweredFilterForm, SuggestionForm
from interaction.topics.gates import SUGGESTION_GATE
from interaction.topics.models import Suggestion, TopicCall
from interaction.topics.notifications import suggestion_from_token
from interaction.topics.workflow import (
    ANSWER_GUIDANCE,
    ANSWER_LABELS,
    REFUSAL_BASIS,
    REFUSAL_LABELS,
    AnswerKind,
    RefusalReason,
    Status,
)

logger = logging.getLogger(__name__)

SESSION_RECEIPT = "interaction.topics.receipt"
PAGE_SIZE = 20
ANSWER_FIELDS = (
    "received_on",
    "answered_on",
    "answer_kind",
    "answer_text",
    "planned_on",
    "refusal_reason",
    "linked_on",
    "status",
    "is_public",
)
PUBLIC_FIELDS = (
    "public_subject",
    "public_description",
    "received_on",
    "answered_on",
    "answer_kind",
    "answer_text",
    "planned_on",
    "refusal_reason",
    "linked_on",
    "published_at",
    "status",
    "is_public",
    "publish_consent",
    "organisation__name",
    "organisation__slug",
    "disclosure__title",
    "disclosure__status",
    "disclosure__published_at",
    "column__name",
    "topic__name",
)


def public_suggestions():
    """The published suggestions with what their public pages show, nothing personal."""
    return (
        Suggestion.objects.published()
        .select_related("organisation", "disclosure", "column", "topic")
        .only(*PUBLIC_FIELDS)
    )


def _open_calls():
    return (
        TopicCall.objects.filter(is_open=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__sort_order", "organisation_id")
    )


def answer_context(suggestion: Suggestion) -> dict:
    """The answer as the public entry and the suggester's page show it."""
    kind = AnswerKind(suggestion.answer_kind)
    item = None
    if suggestion.disclosure_id is not None:
        item = (
            Disclosure.objects.listed()
            .filter(pk=suggestion.disclosure_id)
            .only("pk", "title", "published_at")
            .first()
        )
    reason = RefusalReason(suggestion.refusal_reason) if suggestion.refusal_reason else None
    return {
        "answer_label": ANSWER_LABELS[kind],
        "guidance": ANSWER_GUIDANCE[kind],
        "item": item,
        "item_withdrawn": suggestion.disclosure_id is not None and item is None,
        "promised": kind is AnswerKind.WILL_PUBLISH,
        "refusal": REFUSAL_LABELS[reason] if reason else "",
        "refusal_basis": REFUSAL_BASIS[reason] if reason else "",
    }


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    calls = list(_open_calls())
    counts = counts_by_organisation([c.organisation_id for c in calls])
    latest = public_suggestions().order_by("-published_at", "-id")[:10]
    return render(
        request,
        "interaction/topics/index.html",
        {
            "rows": [(call, counts.get(call.organisation_id)) for call in calls],
            "latest": latest,
        },
    )


@sensitive_post_parameters("name", "phone", "email")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@outage.keep_typed_on_outage(
    heading="点题公开", what="建议", form_class=SuggestionForm, honeypot=SUGGESTION_GATE.honeypot
)
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    """An organisation's standing call: its introduction and the suggestion form."""
    call = get_object_or_404(_open_calls(), organisation__slug=slug)
    form = SuggestionForm(request.POST or None, organisation=call.organisation)
    if request.method != "POST":
        return _render_suggest(request, call, form)
    return public_forms.submit(
        SUGGESTION_GATE,
        request,
        form,
        save=lambda: intake.submit_suggestion(**form.service_arguments()),
        page=_SuggestPage(request, call),
    )


class _SuggestPage:
    """How the suggestion form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, call: TopicCall):
        self.request, self.call = request, call

    def form(self, form) -> HttpResponse:
        return _render_suggest(self.request, self.call, form)

    def done(self, suggestion: Suggestion) -> HttpResponse:
        self.request.session[SESSION_RECEIPT] = suggestion.pk
        logger.info("suggestion %s received", suggestion.number)
        return redirect("interaction:topics-receipt")

    def duplicate(self, duplicate) -> HttpResponse:
        return _already_submitted(self.request, duplicate)

    def rate_limited(self, admission) -> HttpResponse:
        return rate_limited(self.request, admission, "提出点题建议")


def _render_suggest(request, call: TopicCall, form: SuggestionForm) -> HttpResponse:
    return render(
        request,
        "interaction/topics/suggest.html",
        {"call": call, "form": form, **SUGGESTION_GATE.context()},
    )


def _already_submitted(request: HttpRequest, duplicate) -> HttpResponse:
    """The same form again: the first submission's receipt, never a second suggestion."""
    if not duplicate.pending:  # this browser's session holds the first one's receipt
        return redirect("interaction:topics-receipt")
    return render(request, "interaction/topics/pending.html", status=409)


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """The number and due date, shown to the browser that made the suggestion only."""
    pk = request.session.get(SESSION_RECEIPT)
    suggestion = (
        Suggestion.objects.select_related("organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if suggestion is None:
        return render(request, "interaction/topics/receipt_missing.html", status=404)
    return render(
        request,
        "interaction/topics/receipt.html",
        {"suggestion": suggestion, "provisional_note": PROVISIONAL_NOTE},
    )


@require_safe
def answered_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.filter(
        pk__in=Suggestion.objects.published().values("organisation_id")
    ).order_by("sort_order", "id")
    form = AnsweredFilterForm(
        request.GET or None,
        organisations=organisations,
        answer_choices=[(k.value, label) for k, label in ANSWER_LABELS.items()],
    )
    filters = form.filters()
    suggestions = public_suggestions()
    if "jg" in filters:
        suggestions = suggestions.filter(organisation=filters["jg"])
    if "answer" in filters:
        suggestions = suggestions.filter(answer_kind=filters["answer"])
    suggestions = suggestions.order_by("-published_at", "-id")
    page_obj = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {name: request.GET[name] for name in filters}
    counted = Organisation.objects.filter(
        pk__in=TopicCall.objects.values("organisation_id")
    ).order_by("sort_order", "id")
    counts = counts_by_organisation([o.pk for o in counted])
    return render(
        request,
        "interaction/topics/answered_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "suggestions": page_obj.object_list,
            "filter_query": urlencode(kept),
            "counts": [(o, counts[o.pk]) for o in counted if o.pk in counts],
        },
    )


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(public_suggestions(), pk=pk)
    return render(
        request,
        "interaction/topics/detail.html",
        {"suggestion": suggestion, **answer_context(suggestion)},
    )


@never_cache
@require_safe
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The suggester's answer page (the link of the answer mail): the number and the answer."""
    pk = suggestion_from_token(token)
    suggestion = (
        Suggestion.objects.filter(pk=pk, status=Status.ANSWERED)
        .select_related("organisation")
        .only("number", "organisation__name", "disclosure", *ANSWER_FIELDS)
        .first()
        if pk is not None
        else None
    )
    if suggestion is None:
        raise Http404("答复不存在")
    response = render(
        request,
        "interaction/topics/answer.html",
        {"suggestion": suggestion, **answer_context(suggestion)},
    )
    response["X-Robots-Tag"] = "noindex"
    return response

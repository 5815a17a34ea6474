"""Public pages of 互动交流 anyone may read: the section's index (the mailboxes, the 咨询投诉
entry, 找错, the newest published letters) and the published letters with their answers.

Everything here starts from ``Letter.objects.published()`` (reviewed, with the writer's
consent, not merged) and shows only the public version: ``public_subject``,
``public_content`` and the approved replies' ``public_text``. The writer's name and contact
are never read by these views.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from interaction.models import Consultation, Interview, Letter, Mailbox, Reply
from interaction.public.forms import PublishedFilterForm
from interaction.surveys.models import Survey

PAGE_SIZE = 20
# Only these columns of a letter are read for the public pages: no personal data.
PUBLIC_FIELDS = (
    "pk",
    "category",
    "status",
    "public_subject",
    "public_content",
    "submitted_at",
    "received_on",
    "accepted_on",
    "answered_on",
    "published_at",
    "organisation__name",
    "answered_by_organisation__name",
    "mailbox__name",
)


def _section_links() -> dict:
    """The statistics (tj/) and 政策问答 (zswd/) pages, their own packages: linked once they
    answer, so the index never carries a broken link."""
    index = reverse("interaction:index")
    links = {}
    for key, part in (
        ("statistics_url", "tj/"),
        ("knowledge_url", "zswd/"),
        ("topics_url", "dtgk/"),
    ):
        try:
            resolve(index + part)
        except Resolver404:
            continue
        links[key] = index + part
    return links


def _public_letters():
    approved = (
        Reply.objects.filter(state=Reply.State.APPROVED)
        .select_related("organisation")
        .only("letter_id", "round", "public_text", "approved_at", "organisation__name")
        .order_by("round")
    )
    return (
        Letter.objects.published()
        .select_related("organisation", "answered_by_organisation", "mailbox")
        .only(*(f for f in PUBLIC_FIELDS if f != "pk"))
        .prefetch_related(Prefetch("replies", queryset=approved, to_attr="approved_replies"))
    )


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    mailboxes = list(
        Mailbox.objects.filter(is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("sort_order", "organisation__sort_order", "id")
    )
    latest = (
        Letter.objects.published()
        .select_related("answered_by_organisation", "organisation")
        .only(*(f for f in PUBLIC_FIELDS if f != "pk"))
        .order_by("-published_at", "-id")[:10]
    )
    return render(
        request,
        "interaction/public/index.html",
        {
            "leader_mailboxes": [m for m in mailboxes if m.kind == Mailbox.Kind.LEADER],
            "consultation_mailboxes": [m for m in mailboxes if m.kind == Mailbox.Kind.CONSULTATION],
            "site_error_open": any(m.kind == Mailbox.Kind.SITE_ERROR for m in mailboxes),
            "latest": latest,
            "interviews": Interview.objects.published()
            .select_related("organisation")
            .only("id", "kind", "topic", "starts_at", "ends_at", "status", "organisation__name")
            .order_by("-starts_at", "-id")[:5],
            "consultations": Consultation.objects.public()
            .select_related("organisation")
            .only("pk", "title", "starts_on", "ends_on", "status", "organisation__name")
            .order_by("-starts_on", "-id")[:5],
            "surveys": Survey.objects.visible()
            .select_related("organisation")
            .order_by("-opens_at", "-id")[:5],
            **_section_links(),
        },
    )


@require_safe
def published_list(request: HttpRequest) -> HttpResponse:
    years = sorted(
        {
            y
            for y in Letter.objects.published()
            .annotate(y=ExtractYear("submitted_at"))
            .values_list("y", flat=True)
            .distinct()
            if y
        },
        reverse=True,
    )
    form = PublishedFilterForm(request.GET or None, years=years)
    filters = form.filters()
    letters = Letter.objects.published()
    if "organisation" in filters:
        letters = letters.filter(answered_by_organisation=filters["organisation"])
    if "category" in filters:
        letters = letters.filter(category=filters["category"])
    if "year" in filters:
        letters = letters.filter(submitted_at__year=filters["year"])
    letters = (
        letters.select_related("answered_by_organisation", "organisation")
        .only(*(f for f in PUBLIC_FIELDS if f != "pk"))
        .order_by("-published_at", "-id")
    )
    page_obj = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {name: request.GET[name] for name in filters}
    return render(
        request,
        "interaction/public/published_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "letters": page_obj.object_list,
            "filter_query": urlencode(kept),
            "hidden_filters": list(kept.items()),
        },
    )


@require_safe
def published_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(_public_letters(), pk=pk)
    replies = [reply for reply in letter.approved_replies if reply.public_text.strip()]
    return render(
        request,
        "interaction/public/published_detail.html",
        {"letter": letter, "replies": replies},
    )

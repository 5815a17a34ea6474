"""Public pages of 意见征集: the list, a consultation (notice, draft, articles with their
comments and counts, the 采纳情况), the comment form and its receipt.

Everything starts from ``Consultation.objects.public()``; comments are read through
``Comment.objects.shown()`` and only their public columns: a commenter's contact is never read
here, the name only where the commenter consented.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage, public_forms
from interaction.consultations.forms import CommentForm
from interaction.consultations.gates import COMMENT_GATE
from interaction.consultations.models import (
    Comment,
    Consultation,
    ConsultationAttachment,
    DraftArticle,
    Feedback,
    FeedbackEntry,
)
from interaction.consultations.services.comments import submit_comment
from interaction.consultations.services.common import ConsultationError
from interaction.consultations.windows import DRAFT_KIND_LABELS, MINIMUMS, DraftKind
from interaction.consultations.workflow import Status
from interaction.public.responses import rate_limited
from kernel import downloads

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
SESSION_RECEIPT = "interaction.consultation_receipt"
SHOWN = Q(comments__state="published")
PUBLIC_COMMENT_FIELDS = (
    "pk",
    "article_id",
    "public_content",
    "show_name",
    "commenter_name",
    "commenter_organisation",
    "submitted_at",
)


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    consultations = (
        Consultation.objects.public()
        .select_related("organisation")
        .only("pk", "title", "starts_on", "ends_on", "status", "draft_kind", "organisation__name")
        .order_by("-starts_on", "-pk")
    )
    phase = request.GET.get("zt", "")
    today = timezone.localdate()
    if phase == "open":
        consultations = consultations.filter(
            status=Status.OPEN, starts_on__lte=today, ends_on__gte=today
        )
    elif phase == "closed":
        consultations = consultations.exclude(status=Status.OPEN, ends_on__gte=today)
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/consultations/list.html",
        {
            "page_obj": page,
            "rows": [(c, c.phase(today)) for c in page],
            "phase": phase,
            "filter_query": f"zt={phase}" if phase in ("open", "closed") else "",
        },
    )


def _public(pk: int) -> Consultation:
    return get_object_or_404(
        Consultation.objects.public().select_related("organisation", "final_disclosure"), pk=pk
    )


@require_safe
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    today = timezone.localdate()
    shown = Comment.objects.shown().filter(consultation=consultation).only(*PUBLIC_COMMENT_FIELDS)
    articles = list(
        DraftArticle.objects.filter(consultation=consultation)
        .annotate(received=Count("comments"), shown=Count("comments", filter=SHOWN))
        .order_by("number")
    )
    comments_by_article: dict[int | None, list[Comment]] = {}
    for comment in shown.order_by("submitted_at", "pk"):
        comments_by_article.setdefault(comment.article_id, []).append(comment)
    whole = Comment.objects.filter(consultation=consultation, article__isnull=True).aggregate(
        received=Count("pk"), shown=Count("pk", filter=Q(state="published"))
    )
    feedback = None
    if consultation.status == Status.PUBLISHED:
        feedback = (
            Feedback.objects.filter(consultation=consultation)
            .prefetch_related(
                Prefetch("entries", queryset=FeedbackEntry.objects.select_related("article")),
                "offline_opinions",
            )
            .first()
        )
    kind = DraftKind(consultation.draft_kind)
    return render(
        request,
        "interaction/consultations/detail.html",
        {
            "consultation": consultation,
            "phase": consultation.phase(today),
            "accepts_comments": consultation.accepts_comments(today),
            "kind_label": DRAFT_KIND_LABELS[kind],
            "minimum": MINIMUMS[kind],
            "articles": [(a, comments_by_article.get(a.pk, [])) for a in articles],
            "whole_comments": comments_by_article.get(None, []),
            "whole": whole,
            "attachments": list(consultation.attachments.all()),
            "feedback": feedback,
        },
    )


def _articles(consultation: Consultation) -> list[DraftArticle]:
    return list(DraftArticle.objects.filter(consultation=consultation).order_by("number"))


@require_safe
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A draft's attachment, as a download typed by its content (kernel.downloads)."""
    found = get_object_or_404(
        ConsultationAttachment.objects.filter(consultation__in=Consultation.objects.public()),
        pk=attachment_pk,
        consultation_id=pk,
    )
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("附件文件不存在") from exc
    suffix = PurePath(found.file.name).suffix
    return downloads.file_download(handle, filename=f"{found.title}{suffix}")


@sensitive_post_parameters("name", "phone", "email")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@outage.keep_typed_on_outage(
    heading="意见征集", what="意见", form_class=CommentForm, honeypot=COMMENT_GATE.honeypot
)
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _public(pk)
    if not consultation.accepts_comments(timezone.localdate()):
        return render(
            request,
            "interaction/consultations/comment_closed.html",
            {"consultation": consultation, "phase": consultation.phase()},
            status=403 if request.method == "POST" else 200,
        )
    articles = _articles(consultation)
    if request.method != "POST":
        initial = {"article": request.GET.get("tiao", "")}
        form = CommentForm(consultation=consultation, articles=articles, initial=initial)
        return _render_form(request, consultation, form)
    form = CommentForm(request.POST, consultation=consultation, articles=articles)
    return public_forms.submit(
        COMMENT_GATE,
        request,
        form,
        save=lambda: submit_comment(**form.service_arguments()),
        page=_CommentPage(request, consultation),
        refused=(ConsultationError, ValidationError),
    )


class _CommentPage:
    """How the comment form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, consultation: Consultation):
        self.request, self.consultation = request, consultation

    def form(self, form) -> HttpResponse:
        return _render_form(self.request, self.consultation, form)

    def done(self, created) -> HttpResponse:
        self.request.session[SESSION_RECEIPT] = created.pk
        logger.info("consultation comment %s received", created.number)
        return redirect("interaction:consultation-receipt")

    def duplicate(self, duplicate) -> HttpResponse:
        return redirect("interaction:consultation-receipt")

    def rate_limited(self, admission) -> HttpResponse:
        return rate_limited(self.request, admission, "提交意见")


def _render_form(request, consultation, form) -> HttpResponse:
    return render(
        request,
        "interaction/consultations/comment.html",
        {"consultation": consultation, "form": form, **COMMENT_GATE.context()},
    )


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt number, shown to the browser that sent the comment only."""
    pk = request.session.get(SESSION_RECEIPT)
    found = (
        Comment.objects.select_related("consultation", "article")
        .only(
            "pk",
            "number",
            "submitted_at",
            "consultation__title",
            "consultation__id",
            "consultation__ends_on",
            "article__number",
        )
        .filter(pk=pk)
        .first()
        if isinstance(pk, int)
        else None
    )
    if found is None:
        return render(request, "interaction/consultations/receipt_missing.html", status=404)
    return render(request, "interaction/consultations/receipt.html", {"comment": found})

"""Public pages of 在线访谈 and 新闻发布会: the list, the event page (预告, 正在直播, 往期回顾),
the question form, the polling endpoint of the live record and the event's media.

Everything starts from ``Interview.objects.published()``; hidden events answer 404. The
record endpoint returns entries only (speeches, images, answers with their moderated question),
never a question waiting for moderation. A question's contact is never read here.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage, public_forms
from interaction.interviews import services
from interaction.interviews.forms import KindFilterForm, QuestionForm
from interaction.interviews.gates import QUESTION_GATE
from interaction.interviews.media import VIDEO_MIME, VideoKind
from interaction.interviews.models import Guest, Interview, RecordEntry
from interaction.interviews.workflow import (
    PHASE_LABELS,
    Phase,
    QuestionStatus,
    Status,
    accepts_questions,
)
from interaction.public.responses import rate_limited
from kernel.downloads import content_type_of

logger = logging.getLogger(__name__)

PAGE_SIZE = 15
PHASE_HEADINGS = {
    Phase.UPCOMING: "访谈预告",
    Phase.LIVE: "正在直播",
    Phase.ARCHIVE: "往期回顾",
}


def poll_seconds() -> int:
    return max(1, int(getattr(settings, "INTERVIEW_POLL_SECONDS", 10)))


def refresh_seconds() -> int:
    return max(5, int(getattr(settings, "INTERVIEW_REFRESH_SECONDS", 60)))


def _public_entries():
    return RecordEntry.objects.select_related("guest", "question").only(
        "id",
        "interview_id",
        "kind",
        "text",
        "image",
        "alt_text",
        "created_at",
        "corrected_at",
        "correction_note",
        "guest__name",
        "guest__title",
        "question__nickname",
        "question__public_text",
        "question__status",
    )


@require_safe
def interview_list(request: HttpRequest) -> HttpResponse:
    form = KindFilterForm(request.GET or None)
    kind = form.kind_value()
    events = Interview.objects.published().select_related("organisation")
    if kind:
        events = events.filter(kind=kind)
    now = timezone.now()
    current = list(
        events.exclude(status=Status.ENDED).filter(ends_at__gt=now).order_by("starts_at", "id")
    )
    archive = events.exclude(pk__in=[e.pk for e in current]).order_by("-starts_at", "-id")
    page_obj = Paginator(archive, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "interaction/interviews/interview_list.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": dict(Interview.Kind.choices).get(kind, ""),
            "current": current,
            "page_obj": page_obj,
            "archive": page_obj.object_list,
            "filter_query": urlencode({"kind": kind}) if kind else "",
        },
    )


def _event(pk: int) -> Interview:
    return get_object_or_404(Interview.objects.published().select_related("organisation"), pk=pk)


def _detail_context(interview: Interview) -> dict:
    current = interview.phase()
    guests = list(interview.guests.all())
    entries = list(_public_entries().filter(interview=interview))
    waiting = list(
        interview.questions.filter(status=QuestionStatus.ACCEPTED)
        .only("id", "nickname", "public_text", "submitted_at", "interview_id")
        .order_by("submitted_at", "id")
    )
    answered = sum(1 for e in entries if e.kind == RecordEntry.Kind.ANSWER)
    return {
        "interview": interview,
        "phase": current,
        "phase_label": PHASE_LABELS[current],
        "heading": PHASE_HEADINGS[current],
        "guests": guests,
        "entries": entries,
        "waiting_questions": waiting,
        "answered_count": answered,
        "last_entry_id": entries[-1].pk if entries else 0,
        "accepts_questions": accepts_questions(current),
        "poll_seconds": poll_seconds(),
        "refresh_seconds": refresh_seconds(),
        "video_mime": VIDEO_MIME.get(VideoKind(interview.video_kind), "")
        if interview.video_kind
        else "",
    }


@require_safe
def interview_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _event(pk)
    response = render(
        request, "interaction/interviews/interview_detail.html", _detail_context(interview)
    )
    if interview.phase() is Phase.LIVE:
        response["Cache-Control"] = "no-cache, max-age=0"
    return response


@never_cache
@require_safe
def live_entries(request: HttpRequest, pk: int) -> JsonResponse:
    """The public entries after ``?after=<id>`` as rendered HTML, oldest first, and the phase."""
    interview = _event(pk)
    try:
        after = max(0, int(request.GET.get("after", "0")))
    except ValueError:
        after = 0
    entries = _public_entries().filter(interview=interview, pk__gt=after).order_by("id")[:50]
    current = interview.phase()
    return JsonResponse(
        {
            "phase": current.value,
            "phase_label": PHASE_LABELS[current],
            "entries": [
                {
                    "id": entry.pk,
                    # No request: the fragment needs no context processor (a query each).
                    "html": render_to_string(
                        "interaction/interviews/_entry.html", {"entry": entry}
                    ),
                }
                for entry in entries
            ],
        }
    )


@sensitive_post_parameters("contact")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@outage.keep_typed_on_outage(
    heading="网民提问", what="提问", form_class=QuestionForm, honeypot=QUESTION_GATE.honeypot
)
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """The question form, on its own page so that the live page's reload (without JavaScript)
    never loses what a citizen is typing."""
    interview = _event(pk)
    if not accepts_questions(interview.phase()):
        return render(
            request, "interaction/interviews/ask_closed.html", {"interview": interview}, status=410
        )
    if request.method != "POST":
        return _render_ask(request, interview, QuestionForm())
    form = QuestionForm(request.POST)
    return public_forms.submit(
        QUESTION_GATE,
        request,
        form,
        save=lambda: services.ask_question(
            interview=interview,
            nickname=form.cleaned_data["nickname"],
            text=form.cleaned_data["text"],
            contact=form.cleaned_data["contact"],
        ),
        page=_AskPage(request, interview),
        refused=(services.InterviewError,),
    )


class _AskPage:
    """How the question form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, interview: Interview):
        self.request, self.interview = request, interview

    def form(self, form) -> HttpResponse:
        return _render_ask(self.request, self.interview, form)

    def done(self, question) -> HttpResponse:
        logger.info("interview question %s received", question.number)
        messages.success(self.request, "您的提问已提交，经工作人员审核后在本页显示。")
        return redirect(self.interview)

    def duplicate(self, duplicate) -> HttpResponse:
        messages.info(self.request, "您的提问已提交，请勿重复提交。")
        return redirect(self.interview)

    def rate_limited(self, admission) -> HttpResponse:
        return rate_limited(self.request, admission, "提问")


def _render_ask(request, interview, form) -> HttpResponse:
    return render(
        request,
        "interaction/interviews/ask.html",
        {"interview": interview, "form": form, **QUESTION_GATE.context()},
    )


def _inline(handle, content_type: str) -> FileResponse:
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _open(field):
    if not field:
        raise Http404("文件不存在")
    try:
        return field.open("rb")
    except FileNotFoundError as exc:
        raise Http404("文件不存在") from exc


@require_safe
def guest_photo(request: HttpRequest, pk: int) -> FileResponse:
    guest = get_object_or_404(Guest, pk=pk, interview__in=Interview.objects.published())
    handle = _open(guest.photo)
    return _inline(handle, content_type_of(handle))


@require_safe
def entry_image(request: HttpRequest, pk: int) -> FileResponse:
    entry = get_object_or_404(RecordEntry.objects.public(), pk=pk)
    handle = _open(entry.image)
    return _inline(handle, content_type_of(handle))


@require_safe
def video(request: HttpRequest, pk: int) -> FileResponse:
    """The video for the page's <video> element, or as a download with ``?download=1``."""
    interview = _event(pk)
    if not interview.video_kind:
        raise Http404("本场访谈没有视频")
    handle = _open(interview.video)
    mime = VIDEO_MIME[VideoKind(interview.video_kind)]
    if request.GET.get("download"):
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=f"{interview.topic[:40]}.{interview.video_kind}",
            content_type=mime,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
    return _inline(handle, mime)

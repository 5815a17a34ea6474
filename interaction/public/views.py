"""Public pages of 互动交流 where the writer acts: writing a letter (a mailbox, the shared
咨询投诉 entry, 我为政府网站找错), the receipt, and the progress query with the answer, the
rating and the one follow-up.

No login wall: the forms go through the gates of catalog.public_forms (interaction.public.
gates; ADR 0012). The receipt is bound to the submitting browser's session, the progress page to
a session that proved the 查询码 and password. The writer's name and contact never appear on
these pages.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from catalog import outage, public_forms
from catalog.public_forms import Admission, Duplicate, Refusal
from interaction.models import Letter, LetterEvent, Mailbox, Reply
from interaction.public.forms import (
    FollowUpForm,
    LetterForm,
    ProgressQueryForm,
    RatingForm,
    site_page_url,
)
from interaction.public.gates import (
    FOLLOW_UP_GATE,
    LETTER_GATE,
    NUMBER_QUERY_LIMIT,
    QUERY_GATE,
    number_subject,
)
from interaction.public.responses import rate_limited
from interaction.services import intake
from interaction.services.common import LetterError
from interaction.workflow import (
    ACTION_LABELS,
    REJECTION_GUIDANCE,
    REJECTION_LABELS,
    SATISFACTION_LABELS,
    Action,
    RejectionReason,
    Satisfaction,
    Status,
)

logger = logging.getLogger(__name__)

SESSION_RECEIPT = "interaction.receipt"
SESSION_VERIFIED = "interaction.verified"
PENDING_REFRESH_SECONDS = 3
NONCE_MAX_LENGTH = 64
WRONG_CREDENTIALS = "查询码或查询密码不正确。"
NUMBER_LOCKED = (
    "该查询码今日查询密码输错次数过多，为保护来信人的信息，今日已暂停在线查询，请明日再试。"
)
# Event notes the writer does not see, whatever the row's visibility flag says.
INTERNAL_NOTES = frozenset({Action.ASSIGN, Action.REMIND, Action.RECOMPUTE})


def verified_seconds() -> int:
    return int(getattr(settings, "LETTER_QUERY_SESSION_SECONDS", 15 * 60))


def verified_letter_id(request: HttpRequest) -> int | None:
    """The letter this browser proved 查询码 and password for, while the proof is fresh."""
    proof = request.session.get(SESSION_VERIFIED)
    if not isinstance(proof, dict):
        return None
    if not isinstance(proof.get("until"), int | float) or proof["until"] < time.time():
        request.session.pop(SESSION_VERIFIED, None)
        return None
    pk = proof.get("pk")
    return pk if isinstance(pk, int) else None


# --------------------------------------------------------------------------- writing in


# Nothing is registered when the database fails (the transaction rolls back): the writer's text
# comes back with the same form token, so sending it again registers exactly one letter.
_KEEP_LETTER = outage.keep_typed_on_outage(
    heading="网上来信",
    what="来信",
    form_class=LetterForm,
    secret_fields=frozenset({"password", "password2"}),
    honeypot=LETTER_GATE.honeypot,
)


@sensitive_post_parameters("password", "password2", "writer_name", "writer_phone", "writer_email")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_KEEP_LETTER
def write(request: HttpRequest, slug: str) -> HttpResponse:
    """A leader's mailbox or the shared 咨询/投诉/建议/求助 entry."""
    mailbox = get_object_or_404(
        Mailbox.objects.filter(is_active=True, organisation__is_active=True).exclude(
            kind=Mailbox.Kind.SITE_ERROR
        ),
        slug=slug,
    )
    if request.method == "POST":
        return _submit(request, mailbox)
    return _render_write(request, mailbox, _form(request, mailbox))


@sensitive_post_parameters("password", "password2", "writer_name", "writer_phone", "writer_email")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@_KEEP_LETTER
def site_error(request: HttpRequest) -> HttpResponse:
    """我为政府网站找错: the page it came from is taken from ``?url=`` (this site's pages only)."""
    mailbox = (
        Mailbox.objects.filter(kind=Mailbox.Kind.SITE_ERROR, is_active=True)
        .select_related("organisation")
        .first()
    )
    if mailbox is None:
        # The link is on every page: say how else to report, never a broken link.
        return render(request, "interaction/public/site_error_closed.html")
    if request.method == "POST":
        return _submit(request, mailbox)
    page = site_page_url(
        request.GET.get("url"), host=request.get_host(), secure=request.is_secure()
    )
    form = _form(request, mailbox, initial={"page_url": page or ""})
    return _render_write(
        request, mailbox, form, foreign_url=bool(request.GET.get("url")) and page is None
    )


def _form(request: HttpRequest, mailbox: Mailbox, **kwargs) -> LetterForm:
    return LetterForm(
        mailbox=mailbox, host=request.get_host(), secure=request.is_secure(), **kwargs
    )


class _LetterPage:
    """How the letter form answers each outcome of catalog.public_forms.submit."""

    def __init__(self, request: HttpRequest, mailbox: Mailbox):
        self.request, self.mailbox = request, mailbox

    def form(self, form) -> HttpResponse:
        return _render_write(self.request, self.mailbox, form)

    def done(self, letter: Letter) -> HttpResponse:
        self.request.session[SESSION_RECEIPT] = letter.pk
        logger.info("letter %s received", letter.number)
        return redirect("interaction:receipt")

    def duplicate(self, duplicate: Duplicate) -> HttpResponse:
        return _already_submitted(self.request, duplicate)

    def rate_limited(self, admission: Admission) -> HttpResponse:
        return rate_limited(self.request, admission, "提交来信")


def _submit(request: HttpRequest, mailbox: Mailbox) -> HttpResponse:
    form = _form(request, mailbox, data=request.POST, files=request.FILES)
    return public_forms.submit(
        LETTER_GATE,
        request,
        form,
        save=lambda: intake.submit_letter(**form.service_arguments()),
        page=_LetterPage(request, mailbox),
    )


def _render_write(request, mailbox, form, *, foreign_url: bool = False) -> HttpResponse:
    return render(
        request,
        "interaction/public/write.html",
        {"mailbox": mailbox, "form": form, "foreign_url": foreign_url, **LETTER_GATE.context()},
    )


def _already_submitted(request: HttpRequest, duplicate: Duplicate) -> HttpResponse:
    """The same form arrived again: the receipt of the first submission, never a copy;
    answered at once (a page that refreshes to the receipt lookup while it registers)."""
    if not duplicate.pending:
        return redirect("interaction:receipt")
    return _submission_pending(request, duplicate.nonce, status=409)


def _submission_pending(request: HttpRequest, nonce: str, *, status: int = 200) -> HttpResponse:
    return render(
        request,
        "interaction/public/submission_pending.html",
        {
            "lookup_url": f"{reverse('interaction:receipt')}?{urlencode({'form': nonce})}",
            "refresh_seconds": PENDING_REFRESH_SECONDS,
        },
        status=status,
    )


@never_cache
@require_safe
def receipt(request: HttpRequest) -> HttpResponse:
    """The 查询码, shown to the browser that wrote the letter only."""
    pk = request.session.get(SESSION_RECEIPT)
    letter = (
        Letter.objects.select_related("mailbox", "organisation").filter(pk=pk).first()
        if isinstance(pk, int)
        else None
    )
    if letter is None:
        nonce = request.GET.get("form", "")
        if nonce and len(nonce) <= NONCE_MAX_LENGTH:
            duplicate = LETTER_GATE.lookup(nonce)
            if duplicate is not None and duplicate.pending:  # still registering: look again
                return _submission_pending(request, nonce)
        return render(request, "interaction/public/receipt_missing.html", status=404)
    return render(request, "interaction/public/receipt.html", {"letter": letter})


# --------------------------------------------------------------------------- progress


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def progress(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and "end" in request.POST:
        request.session.pop(SESSION_VERIFIED, None)
        return redirect("interaction:progress")
    pk = verified_letter_id(request)
    letter = Letter.objects.filter(pk=pk).first() if pk is not None else None
    if request.method == "POST":
        step = request.POST.get("step")
        if step in ("rate", "follow_up"):
            if letter is None:
                messages.error(request, "页面已过期，请重新输入查询码和查询密码。")
                return redirect("interaction:progress")
            return _rate(request, letter) if step == "rate" else _follow_up(request, letter)
        return _query(request)
    if letter is not None and "new" not in request.GET:
        return _render_result(request, letter)
    return render(request, "interaction/public/progress.html", {"form": ProgressQueryForm()})


def _query(request: HttpRequest) -> HttpResponse:
    admission = QUERY_GATE.admit(request)
    if not admission.admitted:
        return rate_limited(request, admission, "查询办理进度")
    # A new query replaces any earlier proof, also when it fails (shared computers).
    request.session.pop(SESSION_VERIFIED, None)
    form = ProgressQueryForm(request.POST)
    if form.is_valid():
        # Each try counts against the 查询码 too, whoever sends it; a right password gives
        # its count back, so only wrong ones add up to the lock.
        subject = number_subject(form.cleaned_data["number"])
        if not NUMBER_QUERY_LIMIT.take(subject):
            form.add_error(None, NUMBER_LOCKED)
            response = render(
                request, "interaction/public/progress.html", {"form": form}, status=429
            )
            response["Retry-After"] = str(NUMBER_QUERY_LIMIT.retry_after())
            return response
        letter = intake.find_for_writer(form.cleaned_data["number"], form.cleaned_data["password"])
        if letter is not None:
            NUMBER_QUERY_LIMIT.give_back(subject)
            request.session[SESSION_VERIFIED] = {
                "pk": letter.pk,
                "until": time.time() + verified_seconds(),
            }
            return redirect("interaction:progress")
        form.add_error(None, WRONG_CREDENTIALS)
    return render(request, "interaction/public/progress.html", {"form": form})


def _rate(request: HttpRequest, letter: Letter) -> HttpResponse:
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            intake.rate(
                letter=letter,
                satisfaction=form.cleaned_data["satisfaction"],
                comment=form.cleaned_data["comment"],
            )
        except LetterError as exc:
            messages.error(request, str(exc))  # the letter moved on: the page says where
        else:
            messages.success(request, "评价已提交，感谢您的反馈。")
        return redirect("interaction:progress")
    return _render_result(request, letter, rating_form=form, status=400)


def _follow_up(request: HttpRequest, letter: Letter) -> HttpResponse:
    form = FollowUpForm(request.POST)
    admission = FOLLOW_UP_GATE.admit(request)
    if admission.refusal is Refusal.DUPLICATE:
        return redirect("interaction:progress")  # the first one went through: its result
    if admission.refusal is Refusal.RATE_LIMITED:
        return rate_limited(request, admission, "追问")
    if not admission.admitted:
        form.add_error(None, admission.message)
        return _render_result(request, letter, follow_up_form=form, status=400)
    if not form.is_valid():
        FOLLOW_UP_GATE.release(admission)
        return _render_result(request, letter, follow_up_form=form, status=400)
    if FOLLOW_UP_GATE.claim(admission):
        return redirect("interaction:progress")
    try:
        letter = intake.follow_up(letter=letter, text=form.cleaned_data["text"])
    except LetterError as exc:
        FOLLOW_UP_GATE.release(admission)
        messages.error(request, str(exc))  # the letter moved on: the page says where
        return redirect("interaction:progress")
    except BaseException:
        public_forms.release_after_error(FOLLOW_UP_GATE, admission)
        raise
    FOLLOW_UP_GATE.complete(admission, letter.pk)
    messages.success(request, "追问已提交，我们将在规定时限内答复。")
    return redirect("interaction:progress")


def _events(letter: Letter) -> list[dict]:
    rows = []
    for event in (
        LetterEvent.objects.filter(letter=letter, public=True)
        .select_related("to_organisation")
        .order_by("created_at", "id")
    ):
        action = Action(event.action)
        rows.append(
            {
                "on": event.created_at,
                "label": ACTION_LABELS[action],
                "organisation": event.to_organisation if action == Action.TRANSFER else None,
                "note": "" if action in INTERNAL_NOTES else event.note,
            }
        )
    return rows


def _render_result(
    request: HttpRequest,
    letter: Letter,
    *,
    rating_form: RatingForm | None = None,
    follow_up_form: FollowUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    letter = Letter.objects.select_related(
        "mailbox", "organisation", "answered_by_organisation"
    ).get(pk=letter.pk)
    replies = letter.replies.filter(state=Reply.State.APPROVED).select_related("organisation")
    answered = letter.status == Status.ANSWERED
    can_rate = answered and not letter.satisfaction
    can_follow_up = answered and letter.followed_up_on is None
    rejection = ""
    if letter.rejection_reason:
        reason = RejectionReason(letter.rejection_reason)
        rejection = f"{REJECTION_LABELS[reason]}。{REJECTION_GUIDANCE[reason]}"
    context = {
        "letter": letter,
        "events": _events(letter),
        "replies": replies,
        "rejection": rejection,
        "satisfaction_label": (
            SATISFACTION_LABELS[Satisfaction(letter.satisfaction)] if letter.satisfaction else ""
        ),
        "rating_form": (rating_form or RatingForm()) if can_rate else None,
        "follow_up_form": (follow_up_form or FollowUpForm()) if can_follow_up else None,
        **FOLLOW_UP_GATE.context(),
    }
    return render(request, "interaction/public/progress_result.html", context, status=status)

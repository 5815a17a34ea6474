"""A database outage answers 503 with Retry-After and the styled page, never a 500.

The page is rendered from a template alone (no request context, so no context processor, no
session and no query runs); the 依申请公开 form keeps what the citizen typed
(requests_app.views). 等保 2.0 asks for service continuity and a clear message when a part fails.
"""

from __future__ import annotations

import functools
import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import loader

logger = logging.getLogger("portal.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def is_database_outage(exc: BaseException | None) -> bool:
    """True for a lost or refused database connection (also when wrapped in another error)."""
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable(template: str = "503.html", context: dict | None = None) -> HttpResponse:
    """A 503 rendered without the database, with the client told when to retry."""
    body = loader.get_template(template).render({"request": None, **(context or {})})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _log(request: HttpRequest, exc: BaseException) -> None:
    # The class and path only: a driver message may quote SQL with an applicant's data.
    logger.error("database unavailable (%s) at %s", type(exc).__name__, request.path)


class DatabaseOutageMiddleware:
    """Turns OperationalError/InterfaceError anywhere below it into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            return self.get_response(request)
        except DATABASE_ERRORS as exc:  # raised outside a view (e.g. DEBUG_PROPAGATE_EXCEPTIONS)
            _log(request, exc)
            return unavailable()

    def process_exception(self, request: HttpRequest, exception: Exception):
        if is_database_outage(exception):
            _log(request, exception)
            return unavailable()
        return None


def server_error_or_outage(request: HttpRequest) -> HttpResponse | None:
    """For handler500: a database error raised by a middleware (e.g. saving the session) is an
    outage too; Django turns those into a 500 before DatabaseOutageMiddleware sees them."""
    exc = sys.exc_info()[1]
    if is_database_outage(exc):
        _log(request, exc)
        return unavailable()
    return None


# Never echoed back into a page: the CSRF token is issued anew.
_NEVER_KEPT = frozenset({"csrfmiddlewaretoken"})


def labels_of(form_class) -> dict[str, str]:
    """The field labels of a form class (static, no query): what the kept page shows."""
    return {name: str(field.label or name) for name, field in form_class.base_fields.items()}


def form_kept(
    request: HttpRequest,
    *,
    heading: str,
    what: str,
    labels: dict[str, str],
    secret_fields: frozenset[str] = frozenset(),
    honeypot: str = "",
) -> HttpResponse:
    """A public form's POST met a database outage: a 503 page, rendered without the database,
    that shows what the person typed and sends it again unchanged (same one-time form token,
    so the resubmission registers once). Secrets (passwords) are never echoed back and files
    cannot be; the page says both must be given again, and the form asks for them.

    ``what`` names the submission in the message (“来信”, “意见” …).
    """
    dropped = _NEVER_KEPT | secret_fields | ({honeypot} if honeypot else set())
    typed = [
        (name, value)
        for name in request.POST
        if name not in dropped
        for value in request.POST.getlist(name)
    ]
    shown = [(labels[name], value) for name, value in typed if name in labels and value.strip()]
    logger.error("public form kept during a database outage at %s", request.path)
    return unavailable(
        "form_unavailable.html",
        {
            "heading": heading,
            "what": what,
            "action": request.get_full_path(),
            "typed": typed,
            "shown": shown,
            "secrets": [labels.get(name, name) for name in sorted(secret_fields)],
            "had_files": bool(request.FILES),
            "csrf_token": get_token(request),
        },
    )


def keep_typed_on_outage(
    *,
    heading: str,
    what: str,
    form_class,
    secret_fields: frozenset[str] = frozenset(),
    honeypot: str = "",
):
    """Decorates a public form's view: a POST that meets a database outage anywhere in the
    view (looking up the page, checking the gate, saving) is answered with ``form_kept``."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return view(request, *args, **kwargs)
            try:
                return view(request, *args, **kwargs)
            except DATABASE_ERRORS:
                return form_kept(
                    request,
                    heading=heading,
                    what=what,
                    labels=labels_of(form_class),
                    secret_fields=secret_fields,
                    honeypot=honeypot,
                )

        return wrapped

    return decorate

"""A database outage answers 503 with Retry-After and the styled page, never a 500.

The page is rendered from a template alone (no request context, so no context processor, no
session and no query runs); the 依申请公开 form keeps what the citizen typed
(requests_app.views). 等保 2.0 asks for service continuity and a clear message when a part fails.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
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

"""The applicant's proof in the session: number and password shown, valid for a while.

A right number and query password (the progress page) open that case's progress and document
pages in this browser for ``APPLICATION_QUERY_SESSION_SECONDS``; the progress view sets the
proof, these functions read it for every page that shows the case to its applicant.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.http import HttpRequest

SESSION_VERIFIED = "requests_app.verified"


def verified_seconds() -> int:
    """How long a proved number and password open the progress and document pages."""
    return int(getattr(settings, "APPLICATION_QUERY_SESSION_SECONDS", 15 * 60))


def verified_application_id(request: HttpRequest) -> int | None:
    """The application this browser proved number and password for, while the proof is fresh."""
    proof = request.session.get(SESSION_VERIFIED)
    if not isinstance(proof, dict):
        return None
    if not isinstance(proof.get("until"), int | float) or proof["until"] < time.time():
        request.session.pop(SESSION_VERIFIED, None)
        return None
    pk = proof.get("pk")
    return pk if isinstance(pk, int) else None

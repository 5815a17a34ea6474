"""The anti-abuse policy of the survey form (catalog.public_forms, ADR 0012), and the keyed
hashes that make one response per browser session and per address.

The hashes (catalog.security_state.subject_hash, keyed with the site's secret) include the
survey's id, so rows of two surveys cannot be linked; neither the address nor the session key is
stored. An address counts as in the rate limits: IPv6 by its /64.
"""

from __future__ import annotations

from django.http import HttpRequest

from catalog import security_state
from catalog.public_forms import Gate, Limit, address_subject

HONEYPOT = "website"

# Answering a survey: 10 per address per hour (one per survey anyway; a reload after an
# error costs nothing, the gate gives the hit back).
SURVEY_GATE = Gate(
    name="survey-form",
    limit=Limit("survey-submit", (10, 3600), setting="SURVEY_SUBMIT_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="SURVEY_MIN_FILL_SECONDS",
)


def session_hash(request: HttpRequest, survey_id: int) -> str:
    """The keyed hash of this browser's session for ``survey_id`` (a session is made if none)."""
    if request.session.session_key is None:
        request.session.save()
    return security_state.subject_hash(
        "survey-session", str(survey_id), request.session.session_key
    )


def address_hash(request: HttpRequest, survey_id: int) -> str:
    """The keyed hash of the client's address group for ``survey_id``."""
    return security_state.subject_hash("survey-address", str(survey_id), address_subject(request))

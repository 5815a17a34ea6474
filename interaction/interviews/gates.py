"""The anti-abuse policy of the question form (ADR 0012, catalog.public_forms): 10 questions
per address an hour, the honeypot and the minimum fill time of the other 互动交流 forms."""

from __future__ import annotations

from catalog.public_forms import Gate, Limit
from interaction.public.gates import HONEYPOT

QUESTION_GATE = Gate(
    name="interview-question",
    limit=Limit("interview-question", (10, 3600), setting="INTERVIEW_QUESTION_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="INTERVIEW_MIN_FILL_SECONDS",
)

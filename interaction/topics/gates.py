"""The anti-abuse policy of the 点题公开 form (catalog.public_forms, ADR 0012)."""

from __future__ import annotations

from catalog.public_forms import Gate, Limit

HONEYPOT = "website"

# Suggesting a topic: 5 per address per hour, as writing a letter.
SUGGESTION_GATE = Gate(
    name="topic-suggestion-form",
    limit=Limit("topic-suggest", (5, 3600), setting="TOPIC_SUGGEST_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="TOPIC_MIN_FILL_SECONDS",
)

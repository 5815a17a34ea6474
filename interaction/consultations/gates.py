"""The anti-abuse policy of the comment form (catalog.public_forms, ADR 0012)."""

from __future__ import annotations

from catalog.public_forms import Gate, Limit

HONEYPOT = "website"

# Commenting on a draft: 10 per address per hour (a person may comment on several articles).
COMMENT_GATE = Gate(
    name="consultation-comment",
    limit=Limit("consultation-comment", (10, 3600), setting="CONSULTATION_COMMENT_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="CONSULTATION_MIN_FILL_SECONDS",
)

"""The anti-abuse policy of the public 互动交流 forms: the one interface of catalog.public_forms
(ADR 0012), configured once per form. Settings of the same names override the defaults."""

from __future__ import annotations

from catalog import security_state
from catalog.public_forms import Gate, Limit

HONEYPOT = "website"

# Writing a letter (any mailbox, the 咨询投诉 entry, 找错): 5 per address per hour.
LETTER_GATE = Gate(
    name="letter-form",
    limit=Limit("letter-submit", (5, 3600), setting="LETTER_SUBMIT_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="LETTER_MIN_FILL_SECONDS",
)
# The writer's one follow-up (on the verified progress page).
FOLLOW_UP_GATE = Gate(
    name="letter-follow-up",
    limit=Limit("letter-follow-up", (10, 3600), setting="LETTER_FOLLOW_UP_RATE"),
    honeypot=HONEYPOT,
    min_fill_seconds=3,
    min_fill_setting="LETTER_MIN_FILL_SECONDS",
)
# The progress query: 20 per address per hour ...
QUERY_GATE = Gate(
    name="letter-query",
    limit=Limit("letter-query", (20, 3600), setting="LETTER_QUERY_RATE"),
    one_time_token=False,
)
# ... and 10 wrong passwords per 查询码 a day, whoever asks: a guesser spread over many
# addresses meets the same wall (ADR 0010).
NUMBER_QUERY_LIMIT = Limit("letter-number-query", (10, 86400), setting="LETTER_NUMBER_QUERY_RATE")


def number_subject(number: str) -> str:
    """The keyed hash of a 查询码, as the per-letter limit counts it."""
    return security_state.subject_hash("letter", number.strip().upper())

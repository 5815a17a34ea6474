"""The mail to the suggester when the answer is approved (queued after commit).

It carries the number and where to read the answer, nothing else: the public entry when the
suggestion is online, otherwise the answer page behind a signed link (interaction.topics.
views.answer). A failed send is logged with the number only and never undoes the answer.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)

ANSWER_SALT = "interaction.topics.answer"


def answer_token(suggestion) -> str:
    """The signed reference of the answer page (no expiry: the answer stays readable)."""
    return signing.dumps(suggestion.pk, salt=ANSWER_SALT)


def suggestion_from_token(token: str) -> int | None:
    try:
        pk = signing.loads(token, salt=ANSWER_SALT)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None


def read_path(suggestion) -> str:
    """Where the suggester reads the answer."""
    if suggestion.is_public:
        return suggestion.get_absolute_url()
    return reverse("interaction:topics-answer", args=[answer_token(suggestion)])


def notify_answered(suggestion) -> None:
    """Queue the answer mail to the suggester's e-mail address, if any, after commit."""
    if not suggestion.email:
        return
    number, address = suggestion.number, suggestion.email
    context = {
        "number": number,
        "url": getattr(settings, "PORTAL_URL", "").rstrip("/") + read_path(suggestion),
    }

    def send() -> None:
        try:
            send_mail(
                f"您的点题建议（编号{number}）已答复",
                render_to_string("emails/interaction/topics_answered.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError:
            logger.warning("suggestion %s: answer mail not sent", number, exc_info=True)

    transaction.on_commit(send)

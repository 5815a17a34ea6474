"""E-mails to the writer of a letter at each step (queued after commit).

Nothing personal goes into a mail beyond what the writer already knows: the 查询码, the new
status, for 不予受理 the reason from the closed list with the channel it names, and a link to
the progress page (the password is never sent). A failed send is logged
with the letter number only and never undoes the step.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from interaction.models import Letter
from interaction.workflow import ACTION_LABELS, REJECTION_GUIDANCE, REJECTION_LABELS, Action

logger = logging.getLogger(__name__)

# The steps the writer is told about; staff-internal steps (assign, return, remind…) are not.
WRITER_STEPS = frozenset(
    {
        Action.SUBMIT,
        Action.ACCEPT,
        Action.REJECT,
        Action.TRANSFER,
        Action.APPROVE,
        Action.EXTEND,
        Action.MERGE,
        Action.CLOSE_ABUSIVE,
        Action.CLOSE,
    }
)


def notify_writer(letter: Letter, action: Action) -> None:
    """Queue the mail for ``action`` to the writer's e-mail address, if any, after commit."""
    if Action(action) not in WRITER_STEPS or not letter.writer_email:
        return
    number, address = letter.number, letter.writer_email
    context = {
        "number": number,
        "step": ACTION_LABELS[Action(action)],
        "status": letter.status_label,
        "portal_url": getattr(settings, "PORTAL_URL", ""),
    }
    if Action(action) == Action.REJECT and letter.rejection_reason:
        # the reason from the closed list and the channel it names; never the staff's free note,
        # which may quote the letter
        context["rejection"] = REJECTION_LABELS[letter.rejection_reason]
        context["guidance"] = REJECTION_GUIDANCE[letter.rejection_reason]

    def send() -> None:
        try:
            send_mail(
                f"您的来信（查询码{number}）办理进展：{context['step']}",
                render_to_string("emails/interaction/letter_step.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [address],
            )
        except OSError:
            logger.warning("letter %s: step mail not sent", number, exc_info=True)

    transaction.on_commit(send)

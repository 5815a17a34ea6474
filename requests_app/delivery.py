"""Notices reach the applicant: an e-mail for every notice issued, and the 送达 it records.

When a notice (回执, 补正告知书, 延期告知书, 答复书 …) is issued to an applicant who gave an e-mail
address, a mail is sent after the transaction commits. It names the document (title, number,
date of issue), the application number and where to read the document: the progress page,
behind 申请编号 and 查询密码. It carries neither the notice itself nor the applicant's name, ID
number, phone or address: mail travels in clear and a mistyped address would hand the notice,
which is addressed to the applicant by name, to a stranger.

A sent mail is a delivery (送达) only when the applicant chose to receive documents
electronically (获取方式 电子邮件 or 网上获取): it is then recorded on the notice, as 电子邮件 or
网上送达, with the day of sending and an event. Applicants who chose post or collection are told
by mail as a courtesy, and staff record the paper delivery as before. A failed send logs a
warning without personal data and leaves the notice undelivered for staff to handle.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
from collections.abc import Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from requests_app.events import EventAction
from requests_app.models import ApplicationEvent, DeliveryMethod, ReplyNotice

logger = logging.getLogger(__name__)

# 送达方式 recorded when the mail goes out, by the applicant's chosen 获取方式.
ELECTRONIC_DELIVERY = {
    DeliveryMethod.EMAIL: "电子邮件",
    DeliveryMethod.ONLINE: "网上送达",
}

_suppressed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "requests_app_delivery_suppressed", default=False
)


@contextlib.contextmanager
def suppressed(active: bool = True) -> Iterator[None]:
    """No mail for notices issued inside the block: historical cases from a ledger, demo data."""
    token = _suppressed.set(active or _suppressed.get())
    try:
        yield
    finally:
        _suppressed.reset(token)


def notify_issued(notice: ReplyNotice) -> None:
    """Queue the mail for a notice just issued, if the applicant gave an e-mail address.

    Queued with ``transaction.on_commit``: a rolled-back action sends nothing, and the mail
    sees what the same transaction added after the notice (released files of an answer).
    """
    if _suppressed.get() or not notice.application.email:
        return
    pk = notice.pk
    transaction.on_commit(lambda: send_notice_mail(notice_pk=pk))


def progress_url() -> str:
    """The progress page as an absolute URL (setting PORTAL_URL), or "" when it is not set."""
    base = getattr(settings, "PORTAL_URL", "").rstrip("/")
    return f"{base}{reverse('requests_app:progress')}" if base else ""


def notice_mail(notice: ReplyNotice) -> tuple[str, str]:
    """Subject and body of the mail for ``notice``: no personal data of the applicant."""
    from requests_app.releases.models import ReleasedFile

    application = notice.application
    subject = f"政府信息公开申请{application.number}：{ReplyNotice.Kind(notice.kind).label}"
    body = render_to_string(
        "emails/notice_issued.txt",
        {
            "notice": notice,
            "number": application.number,
            "organisation_name": application.organisation.name,
            "kind_label": ReplyNotice.Kind(notice.kind).label,
            "due_on": application.due_on if notice.kind == ReplyNotice.Kind.RECEIPT else None,
            "released_count": ReleasedFile.objects.for_applicant(application).count()
            if notice.kind == ReplyNotice.Kind.ANSWER
            else 0,
            "progress_url": progress_url(),
            "delivery_label": ELECTRONIC_DELIVERY.get(application.delivery_method, ""),
        },
    )
    return subject, body


def send_notice_mail(*, notice_pk: int) -> bool:
    """Send the mail for one notice; record the 送达 when it went out and counts as one."""
    notice = (
        ReplyNotice.objects.select_related("application", "application__organisation")
        .filter(pk=notice_pk)
        .first()
    )
    if notice is None or not notice.application.email:
        return False
    application = notice.application
    subject, body = notice_mail(notice)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [application.email])
    except Exception:
        # The number identifies the case for staff; the address and the name stay out of logs.
        logger.warning(
            "notice mail %s for application %s could not be sent", notice.pk, application.number
        )
        return False
    method = ELECTRONIC_DELIVERY.get(application.delivery_method)
    if method:
        record_sent(notice_pk=notice.pk, method=method, on=timezone.localdate())
    return True


@transaction.atomic
def record_sent(*, notice_pk: int, method: str, on: dt.date) -> ReplyNotice | None:
    """送达 by the system: the notice was sent electronically on ``on``, unless staff already
    recorded a delivery (theirs stands)."""
    notice = ReplyNotice.objects.select_for_update().select_related("application").get(pk=notice_pk)
    if notice.delivered_on is not None:
        return None
    notice.delivery_method = method
    notice.delivered_on = on
    notice.save(update_fields=["delivery_method", "delivered_on"])
    ApplicationEvent.record(
        notice.application,
        None,
        EventAction.DELIVER,
        note=f"{notice.title}已于{on:%Y-%m-%d}以{method}方式送达（系统发送电子邮件通知）",
    )
    return notice

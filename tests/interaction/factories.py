"""Builders for letters, as the public form would leave them (status 待受理, a SUBMIT event).

Later states are reached through the staff services (tests/interaction/test_handling.py shows
how); ``received_on`` may be set for date-sensitive tests.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.utils import timezone

from catalog import roles
from interaction.models import Letter, Mailbox
from interaction.services.common import log, refresh_due
from interaction.workflow import Action, Category, Status
from tests.factories import OrganisationFactory, make_staff

WRITER_NAME = "林晓燕"
WRITER_PHONE = "13912345678"
WRITER_EMAIL = "lin.xy@example.com"
QUERY_PASSWORD = "cx-654321"

_numbers = itertools.count(1)


class MailboxFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mailbox

    organisation = factory.SubFactory(OrganisationFactory)
    kind = Mailbox.Kind.LEADER
    name = "局长信箱"
    slug = factory.Sequence(lambda n: f"jzxx{n}")


def mailbox_of(organisation, kind=Mailbox.Kind.LEADER) -> Mailbox:
    return Mailbox.objects.filter(organisation=organisation, kind=kind).first() or MailboxFactory(
        organisation=organisation, kind=kind
    )


def make_letter(
    organisation,
    *,
    category: str = Category.CONSULTATION,
    received_on: dt.date | None = None,
    consent: bool = True,
    subject: str = "关于城乡居民医保缴费时间的咨询",
    content: str = "请问2027年度城乡居民医疗保险集中缴费期从何时开始？",
    **fields,
) -> Letter:
    """A letter as just written in to ``organisation`` (待受理), with its due dates."""
    received_on = received_on or timezone.localdate()
    letter = Letter(
        number=f"XJ{received_on:%Y%m%d}{next(_numbers):05d}",
        mailbox=mailbox_of(organisation),
        organisation=organisation,
        category=category,
        subject=subject,
        content=content,
        writer_name=WRITER_NAME,
        writer_phone=WRITER_PHONE,
        writer_email=WRITER_EMAIL,
        publish_consent=consent,
        status=Status.RECEIVED,
        received_on=received_on,
        **fields,
    )
    letter.set_query_password(QUERY_PASSWORD)
    refresh_due(letter)
    letter.save()
    log(letter, None, Action.SUBMIT, to_status=Status.RECEIVED)
    return letter


def handler_of(organisation, **kwargs):
    """A 依申请经办人 (holds handle_letter) of ``organisation``."""
    user = make_staff(role=roles.CASEWORKER, organisations=[organisation], **kwargs)
    user.email = f"{user.username}@example.gov.cn"
    user.save()
    return user


def supervisor_of(organisation, **kwargs):
    """A 主管 (holds handle_letter and review_letter) of ``organisation``."""
    user = make_staff(role=roles.SUPERVISOR, organisations=[organisation], **kwargs)
    user.email = f"{user.username}@example.gov.cn"
    user.save()
    return user

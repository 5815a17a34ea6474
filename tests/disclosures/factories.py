"""Factories for disclosure items. Every state is reached through disclosures.services."""

from __future__ import annotations

import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog import roles
from catalog.models import Category, Organisation
from disclosures import services
from disclosures.models import Disclosure, Genre
from kernel.identifiers import id_number_check_char
from tests.factories import OrganisationFactory, make_staff

# A 居民身份证号码 body: region 110105, born 1949-12-31, sequence 002.
ID_FIRST17 = "11010519491231002"


def valid_id_number(first17: str = ID_FIRST17) -> str:
    """An 18-digit ID number with the right GB 11643 check character."""
    return first17 + id_number_check_char(first17)


def wrong_check_id_number(first17: str = ID_FIRST17) -> str:
    """The same digits with a wrong check character (starts with 1: never a bank card)."""
    right = id_number_check_char(first17)
    return first17 + next(ch for ch in "0123456789" if ch != right)


def column(slug: str = "gzdt") -> Category:
    """A 栏目 seeded by the data migration (gzdt 工作动态, gfxwj 行政规范性文件, zcjd 政策解读)."""
    return Category.objects.get(slug=slug)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def author_of(organisation: Organisation, **kwargs):
    return make_staff(role=roles.INFO_OFFICER, organisations=[organisation], **kwargs)


def reviewer_of(organisation: Organisation, **kwargs):
    return make_staff(role=roles.REVIEWER, organisations=[organisation], **kwargs)


class DraftFactory(factory.django.DjangoModelFactory):
    """A draft created by ``services.create_draft`` (by ``actor``, default a new 信息员)."""

    class Meta:
        model = Disclosure

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"关于第{n}批城乡居民最低生活保障对象的公示")
    written_on = factory.LazyFunction(timezone.localdate)
    body = "<p>根据有关规定，现将有关情况公示如下。</p>"
    genre = Genre.NOTICE
    actor = None
    categories = None

    @classmethod
    def _create(cls, model_class, *, organisation, actor=None, categories=None, **values):
        return services.create_draft(
            actor=actor or author_of(organisation),
            organisation=organisation,
            categories=categories or [column()],
            **values,
        )


def make_submitted(*, author=None, **kwargs) -> Disclosure:
    """A draft that its author (default a new 信息员) has submitted for review."""
    draft = DraftFactory(actor=author, **kwargs)
    return services.submit_disclosure(actor=author or draft.created_by, disclosure=draft)


def make_published(
    *, author=None, reviewer=None, publish_at: dt.datetime | None = None, **kwargs
) -> services.PublishResult:
    """An item submitted by its author and published by a different 审核员."""
    item = make_submitted(author=author, **kwargs)
    return services.publish_disclosure(
        actor=reviewer or reviewer_of(item.organisation), disclosure=item, publish_at=publish_at
    )


def plant_text_after_submission(disclosure: Disclosure, *, body: str) -> Disclosure:
    """Replace the body of a submitted item behind the services' back.

    No service path leads to a submitted item whose content the privacy scan objects to (submit
    refuses it, and submitted items cannot be edited), yet publish_disclosure has a reviewer
    override for exactly that case. Tests of the override use this to get there; the status and
    every workflow field stay as the services left them.
    """
    Disclosure.objects.filter(pk=disclosure.pk).update(body=body)
    disclosure.refresh_from_db()
    return disclosure

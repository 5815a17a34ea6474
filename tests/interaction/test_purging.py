"""Publishing or unpublishing a letter makes the HTTP cache forget exactly its pages, after
the commit; a consultation's pages are listed exactly too."""

from __future__ import annotations

import pytest

from interaction import purging
from interaction.consultations.models import Consultation
from interaction.services import handling
from tests.interaction.factories import handler_of, supervisor_of
from tests.interaction.test_admin_letters import answered

pytestmark = pytest.mark.django_db


def test_publishing_and_unpublishing_a_letter_purge_its_page_and_the_lists(
    bans, org_a, django_capture_on_commit_callbacks
):
    handler, chief = handler_of(org_a), supervisor_of(org_a)
    with django_capture_on_commit_callbacks(execute=True):
        letter = answered(org_a, handler, chief)
    bans.patterns.clear()
    pages = {"/hdjl/", "/hdjl/gk/", f"/hdjl/gk/{letter.pk}/"}

    with django_capture_on_commit_callbacks(execute=True):
        handling.publish_letter(
            actor=chief,
            letter=letter,
            public_subject="缴费时间咨询",
            public_content="咨询缴费时间。",
        )
        assert bans.patterns == []  # not before the commit
    assert bans.paths() == pages

    bans.patterns.clear()
    with django_capture_on_commit_callbacks(execute=True):
        handling.unpublish_letter(actor=chief, letter=letter, reason="来信人要求撤销公开")
    assert bans.paths() == pages


def test_a_consultation_purges_its_page_list_feed_and_sitemap_section():
    assert purging.consultation_paths(Consultation(pk=7)) == {
        "/hdjl/yjzj/",
        "/hdjl/yjzj/7/",
        "/hdjl/yjzj/feed/",
        "/sitemap.xml",
        "/sitemap-consultations.xml",
    }

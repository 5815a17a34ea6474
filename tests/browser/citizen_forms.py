"""Shared setup of the journeys through the two public forms: the 依申请公开 application and a
letter to a 领导信箱 (tests/browser/test_citizen_applies.py, test_citizen_writes_letter.py and
test_keyboard_journeys.py)."""

from __future__ import annotations

from django.core.cache import cache

from kernel.identifiers import credit_code_check_char, id_number_check_char
from tests.factories import OrganisationFactory
from tests.interaction.factories import MailboxFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID_NUMBER = "33010219900307123" + id_number_check_char("33010219900307123")
CREDIT_CODE = "91330100MA2H3B4C5" + credit_code_check_char("91330100MA2H3B4C5")


def open_public_forms(settings, media_root) -> None:
    """Uploads go to ``media_root``; a person may submit at once (no minimum fill time); the
    rate-limit counters of earlier tests, kept in the shared cache table, are emptied."""
    settings.MEDIA_ROOT = media_root
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    settings.LETTER_MIN_FILL_SECONDS = 0
    cache.clear()


def leader_mailbox():
    """示例县民政局 with its 局长信箱 (slug mzj-jzxx); returns the organisation."""
    civil = OrganisationFactory(slug="mzj", name="示例县民政局")
    MailboxFactory(organisation=civil, name="局长信箱", slug="mzj-jzxx")
    return civil

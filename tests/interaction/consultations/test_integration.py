"""Where 意见征集 meets other parts of the portal: the final policy's item page links back
(no extra query), and a holiday notice moves the 采纳情况 due dates."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.utils import timezone

from catalog.models import HolidayArrangement
from interaction.consultations.models import ConsultationEvent
from interaction.consultations.services import drafting
from interaction.consultations.workflow import Action
from tests.disclosures.factories import make_published
from tests.interaction.consultations.factories import drafter_of, open_consultation
from tests.requests_app.test_recalculation import enter_fictional_2027

pytestmark = pytest.mark.django_db
D = dt.date


def make_item(organisation):
    """The final policy, published by the disclosures services."""
    return make_published(organisation=organisation, title="某某县城市绿化管理办法").disclosure


def test_the_final_policy_links_back_to_the_consultation(client, org_a, django_user_model):
    item = make_item(org_a)
    consultation = open_consultation(org_a)
    consultation = drafting.close_consultation(
        actor=None, consultation=consultation, today=consultation.ends_on + dt.timedelta(days=1)
    )
    before = html.unescape(client.get(item.get_absolute_url()).content.decode())
    assert "本文件曾公开征求意见" not in before
    drafting.link_final_disclosure(
        actor=drafter_of(org_a), consultation=consultation, disclosure=item
    )
    page = html.unescape(client.get(item.get_absolute_url()).content.decode())
    assert "本文件曾公开征求意见" in page
    assert consultation.get_absolute_url() in page
    detail = html.unescape(client.get(consultation.get_absolute_url()).content.decode())
    assert item.get_absolute_url() in detail


def test_linking_before_the_close_is_refused(org_a):
    consultation = open_consultation(org_a)
    with pytest.raises(drafting.ConsultationError, match="截止后"):
        drafting.link_final_disclosure(
            actor=drafter_of(org_a), consultation=consultation, disclosure=make_item(org_a)
        )


def test_a_holiday_notice_moves_a_provisional_feedback_due_date(client, org_a, django_user_model):
    if HolidayArrangement.objects.filter(year=2027).exists():
        pytest.skip("the 2027 notice is entered: nothing provisional left to recompute")
    today = timezone.localdate()
    start = max(today, D(2026, 12, 1))
    # Ends Mon 28 Dec 2026; 10 working days after it reach into provisional January 2027.
    consultation = open_consultation(org_a, starts_on=start, days=(D(2026, 12, 28) - start).days + 1,
                                     shortened_reason="年底前须出台。")  # fmt: skip
    assert consultation.feedback_due_provisional
    before = consultation.feedback_due_on
    admin = django_user_model.objects.create_superuser("root", "root@example.gov.cn", "x")
    client.force_login(admin)
    response = enter_fictional_2027(
        client,
        [(f"2027-01-0{d}", "holiday", "元旦") for d in range(1, 6)],  # invented: a longer block
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.feedback_due_on > before
    assert not consultation.feedback_due_provisional
    event = ConsultationEvent.objects.get(consultation=consultation, action=Action.RECOMPUTE)
    assert event.actor == admin

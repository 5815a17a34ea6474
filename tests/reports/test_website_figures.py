"""reports.website.figures: each section's computed figures on hand-built data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog.models import PageView, SiteSettings
from disclosures.models import Disclosure, Genre, ServiceGuide
from interaction.models import KnowledgeEntry, Letter, Reply
from reports.website import figures
from tests.disclosures.factories import DraftFactory, make_published
from tests.factories import OrganisationFactory, UserFactory
from tests.interaction.consultations.factories import comment_on, open_consultation
from tests.interaction.factories import make_letter
from tests.interaction.interviews import helpers as interviews

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


@pytest.fixture
def org():
    return OrganisationFactory(name="示例县民政局", slug="wz-mzj")


@pytest.fixture
def year():
    return timezone.localdate().year


def test_visits_are_the_page_views_of_the_year(year):
    PageView.objects.create(day=dt.date(year, 1, 1), path="/", count=70)
    PageView.objects.create(day=dt.date(year, 3, 5), path="/xxgk/", count=5)
    PageView.objects.create(day=dt.date(year - 1, 12, 31), path="/", count=1000)
    assert figures.computed_values(year)["total_visits"] == 75
    assert figures.computed_values(year - 1)["total_visits"] == 1000


def test_information_published_per_class_and_interpretations(org, year):
    for genre in (Genre.NEWS, Genre.NEWS, Genre.NOTICE, Genre.INTERPRETATION):
        make_published(organisation=org, genre=genre)
    last_year = make_published(organisation=org, genre=Genre.NEWS).disclosure
    Disclosure.objects.filter(pk=last_year.pk).update(
        published_at=dt.datetime(year - 1, 12, 31, 23, 0, tzinfo=TZ)
    )
    DraftFactory(organisation=org, genre=Genre.NEWS)  # a draft is not counted
    values = figures.computed_values(year)
    assert values["info_news"] == 2
    assert values["info_catalogue"] == 2  # the notice and the interpretation
    assert values["interpretation_materials"] == 1
    assert figures.computed_values(year - 1)["info_news"] == 1


def test_service_matters_from_the_listed_guides(org):
    values = figures.computed_values(timezone.localdate().year)
    assert (values["service_catalogue"], values["service_matters"]) == ("否", 0)
    for online in ("https://zwfw.example.gov.cn/1", ""):
        item = make_published(organisation=org, genre=Genre.SERVICE_GUIDE).disclosure
        ServiceGuide.objects.create(
            disclosure=item,
            matter_name="最低生活保障审核确认",
            legal_basis="《社会救助暂行办法》",
            conditions="共同生活的家庭成员人均收入低于当地最低生活保障标准。",
            time_limit="30个工作日",
            location="县政务服务中心",
            office_hours="周一至周五",
            consult_phone="0570-1234567",
            supervise_phone="0570-7654321",
            online_url=online,
        )
    values = figures.computed_values(timezone.localdate().year)
    assert values["service_catalogue"] == "是"
    assert values["service_matters"] == 2
    assert values["online_matters"] == 1


def _answer(letter: Letter, on: dt.date) -> None:
    reviewer = UserFactory()
    Reply.objects.create(
        reviewed_by=reviewer,
        letter=letter,
        round=1,
        organisation=letter.organisation,
        text="您好，已答复。",
        state=Reply.State.APPROVED,
        approved_at=dt.datetime(on.year, on.month, on.day, 10, 0, tzinfo=TZ),
    )


def test_letters_received_answered_mean_days_and_published(org):
    year = 2025
    # Working days on the held calendar: 2025-03-03 is a Monday, no holiday that week.
    first = make_letter(org, received_on=dt.date(2025, 3, 3))
    _answer(first, dt.date(2025, 3, 5))  # 2 working days
    second = make_letter(org, received_on=dt.date(2025, 3, 3))
    _answer(second, dt.date(2025, 3, 10))  # 5 working days
    make_letter(org, received_on=dt.date(2025, 6, 2))  # not answered yet
    duplicate = make_letter(org, received_on=dt.date(2025, 6, 2))
    Letter.objects.filter(pk=duplicate.pk).update(merged_into=first)
    make_letter(org, received_on=dt.date(2024, 12, 31))  # another year
    Letter.objects.filter(pk=first.pk).update(
        is_public=True, published_at=dt.datetime(2025, 3, 6, tzinfo=TZ)
    )
    values = figures.computed_values(year)
    assert values["letters_received"] == 3
    assert values["letters_closed"] == 2
    assert values["letters_days"] == 3.5
    assert values["letters_published"] == 1


def test_no_answered_letter_leaves_the_mean_blank(org):
    assert figures.computed_values(2025)["letters_days"] is None


def test_consultations_surveys_interviews_and_the_knowledge_base(org, year):
    consultation = open_consultation(org)
    comment_on(consultation)
    comment_on(consultation)
    drafter, chief = interviews.drafter_of(org), interviews.chief_of(org)
    event = interviews.live(org, drafter, chief)
    interviews.ask(event)
    values = figures.computed_values(year)
    assert values["surveys_held"] == 1
    assert values["opinions_received"] == 2
    assert values["interviews_held"] == 1
    assert values["interview_questions"] == 1
    assert values["interview_answers"] == 0
    assert values["smart_answers"] == "否"
    KnowledgeEntry.objects.create(
        organisation=org,
        question="低保怎么申请？",
        answer="向户籍所在地乡镇人民政府提出。",
        is_published=True,
        published_at=timezone.now(),
        created_by=drafter,
        reviewed_by=chief,
    )
    assert figures.computed_values(year)["smart_answers"] == "是"


def test_site_values_come_from_the_site_settings(settings):
    settings.PORTAL_URL = "https://www.example.gov.cn"
    SiteSettings(
        site_name="示例县人民政府门户网站",
        sponsor="示例县人民政府办公室",
        site_code="3301000001",
        icp_number="浙ICP备12345678号",
        police_record_number="浙公网安备 33010002000001号",
    ).save()
    assert figures.site_values() == {
        "site_name": "示例县人民政府门户网站",
        "home_url": "https://www.example.gov.cn",
        "sponsor": "示例县人民政府办公室",
        "site_code": "3301000001",
        "icp_number": "浙ICP备12345678号",
        "police_record_number": "浙公网安备 33010002000001号",
    }

"""依申请转主动公开 (条例 Art. 44) against the database: detection, the decision service, the
admin prompt, the queue and its downloads, the applicant's suggestion on the public form."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from disclosures import services as item_services
from requests_app import services as case_services
from requests_app.events import EventAction
from requests_app.models import Application, ApplicationEvent, IdType
from requests_app.proactive import detection
from requests_app.proactive.models import ConversionDecision, DecisionKind, DeclineReason
from requests_app.proactive.services import record_decision
from requests_app.services import CaseError
from tests.disclosures.factories import make_published, reviewer_of
from tests.factories import OrganisationFactory, make_staff
from tests.requests_app.test_admin import ID_NUMBER, NAME, PHONE, submit, text_of

pytestmark = pytest.mark.django_db

LOW_INCOME = "申请公开2025年度城乡最低生活保障资金发放汇总表。"
NEAR = [
    LOW_INCOME,
    "请提供2025年城乡最低生活保障资金发放情况汇总表",
    "我想了解2025年度城乡最低生活保障资金的发放汇总表",
]
ROADS = "申请公开人民路道路拓宽工程的建设工程规划许可证"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def worker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.fixture
def outsider(org_b):
    return make_staff(role=roles.CASEWORKER, organisations=[org_b])


@pytest.fixture
def repeated(org_a):
    """Three applications asking 民政局 for the same table in different words, one other."""
    today = timezone.localdate()
    cases = [
        submit(org_a, received_on=today - dt.timedelta(days=30 * i), description=text)
        for i, text in enumerate(NEAR)
    ]
    other = submit(org_a, description=ROADS)
    return cases, other


@pytest.fixture
def item(org_a):
    return make_published(
        organisation=org_a, title="2025年度城乡最低生活保障资金发放汇总表"
    ).disclosure


# --------------------------------------------------------------------------- detection


def test_three_similar_applications_are_found_as_one_group(org_a, repeated):
    cases, other = repeated

    groups = detection.similar_groups([org_a])

    assert len(groups) == 1
    assert set(groups[0].pks) == {c.pk for c in cases}
    assert set(groups[0].numbers) == {c.number for c in cases}
    assert other.pk not in groups[0].pks
    assert detection.group_of(cases[0]).pks == groups[0].pks
    assert detection.group_of(other) is None


def test_two_similar_applications_and_one_of_another_organisation_are_not_a_group(org_a, org_b):
    submit(org_a, description=NEAR[0])
    submit(org_a, description=NEAR[1])
    submit(org_b, description=NEAR[2])

    assert detection.similar_groups([org_a, org_b]) == []


def test_the_look_back_is_a_setting(org_a, settings):
    today = timezone.localdate()
    submit(org_a, description=NEAR[0])
    submit(org_a, description=NEAR[1])
    submit(org_a, description=NEAR[2], received_on=today - dt.timedelta(days=400))

    settings.PROACTIVE_CONVERSION_LOOK_BACK_DAYS = 365
    assert detection.similar_groups([org_a]) == []
    settings.PROACTIVE_CONVERSION_LOOK_BACK_DAYS = 730
    assert len(detection.similar_groups([org_a])) == 1


def test_decided_applications_leave_the_queue(org_a, repeated, worker, item):
    cases, _ = repeated
    record_decision(
        actor=worker,
        organisation=org_a,
        kind=DecisionKind.CONVERT,
        applications=cases,
        disclosure=item,
    )

    assert detection.similar_groups([org_a]) == []


# --------------------------------------------------------------------------- the service


def test_converting_links_the_item_and_the_applications_with_an_event_each(
    org_a, repeated, worker, item
):
    cases, _ = repeated

    decision = record_decision(
        actor=worker,
        organisation=org_a,
        kind=DecisionKind.CONVERT,
        applications=cases,
        disclosure=item,
        note="多名申请人申请同一信息",
    )

    assert decision.disclosure == item
    assert decision.decided_by == worker
    assert decision.decided_on == timezone.localdate()
    assert set(decision.applications.all()) == set(cases)
    for case in cases:
        event = ApplicationEvent.objects.get(
            application=case, action=EventAction.PROACTIVE_DECISION
        )
        assert event.actor == worker
        assert event.public is False
        assert item.title in event.note
        assert event.data == {"decision": decision.pk, "applications": 3}


def test_declining_needs_a_reason_from_the_list(org_a, repeated, worker):
    cases, _ = repeated
    with pytest.raises(CaseError, match="理由"):
        record_decision(
            actor=worker, organisation=org_a, kind=DecisionKind.DECLINE, applications=cases
        )
    with pytest.raises(CaseError, match="理由"):
        record_decision(
            actor=worker,
            organisation=org_a,
            kind=DecisionKind.DECLINE,
            applications=cases,
            reason="because",
        )
    with pytest.raises(CaseError, match="说明"):
        record_decision(
            actor=worker,
            organisation=org_a,
            kind=DecisionKind.DECLINE,
            applications=cases,
            reason=DeclineReason.OTHER,
        )

    decision = record_decision(
        actor=worker,
        organisation=org_a,
        kind=DecisionKind.DECLINE,
        applications=cases,
        reason=DeclineReason.APPLICANT_SPECIFIC,
    )

    assert decision.disclosure is None
    assert ApplicationEvent.objects.filter(action=EventAction.PROACTIVE_DECISION).count() == 3
    assert "仅与申请人自身" in ApplicationEvent.objects.filter(action="proactive_decision")[0].note


def test_an_application_is_decided_once(org_a, repeated, worker, item):
    cases, _ = repeated
    record_decision(
        actor=worker,
        organisation=org_a,
        kind=DecisionKind.CONVERT,
        applications=cases,
        disclosure=item,
    )
    with pytest.raises(CaseError, match=cases[0].number):
        record_decision(
            actor=worker,
            organisation=org_a,
            kind=DecisionKind.DECLINE,
            applications=cases[:1],
            reason=DeclineReason.ALREADY_PUBLIC,
        )
    assert ConversionDecision.objects.count() == 1


@pytest.mark.parametrize("who", ["outsider", "info_officer", "anonymous"])
def test_only_the_organisations_handlers_may_decide(org_a, repeated, item, outsider, who):
    cases, _ = repeated
    actor = {
        "outsider": outsider,
        "info_officer": make_staff(role=roles.INFO_OFFICER, organisations=[org_a]),
        "anonymous": None,
    }[who]

    with pytest.raises(CaseError):
        record_decision(
            actor=actor,
            organisation=org_a,
            kind=DecisionKind.CONVERT,
            applications=cases,
            disclosure=item,
        )
    assert not ConversionDecision.objects.exists()
    assert not ApplicationEvent.objects.filter(action=EventAction.PROACTIVE_DECISION).exists()


def test_applications_of_another_organisation_are_refused(org_a, org_b, repeated, worker, item):
    cases, _ = repeated
    foreign = submit(org_b, description=LOW_INCOME)

    with pytest.raises(CaseError, match="本机关"):
        record_decision(
            actor=worker,
            organisation=org_a,
            kind=DecisionKind.CONVERT,
            applications=[*cases, foreign],
            disclosure=item,
        )
    assert not ConversionDecision.objects.exists()


def test_the_item_must_be_a_published_item_of_the_organisation(org_a, org_b, repeated, worker):
    cases, _ = repeated
    foreign_item = make_published(organisation=org_b, title="财政局预算公开").disclosure
    own = make_published(organisation=org_a, title="低保资金汇总表").disclosure
    item_services.withdraw_disclosure(
        actor=reviewer_of(org_a), disclosure=own, reason="内容有误，修改后重新发布"
    )

    def convert(disclosure):
        record_decision(
            actor=worker,
            organisation=org_a,
            kind=DecisionKind.CONVERT,
            applications=cases,
            disclosure=disclosure,
        )

    with pytest.raises(CaseError, match="请选择已主动公开的信息"):
        convert(None)
    with pytest.raises(CaseError, match="本机关"):
        convert(foreign_item)
    with pytest.raises(CaseError, match="撤回"):
        convert(own)
    assert not ConversionDecision.objects.exists()


# --------------------------------------------------------------------------- the admin


def change_url(application) -> str:
    return reverse("admin:requests_app_application_change", args=[application.pk])


def test_the_application_page_prompts_the_handler(client, repeated, worker):
    cases, other = repeated
    client.force_login(worker)

    page = text_of(client.get(change_url(cases[0])))

    assert "近730天内本机关收到内容相同或相近的申请3件" in page
    assert cases[1].number in page
    assert cases[2].number in page
    assert reverse("admin:requests_app_conversiondecision_decide") in page
    assert "近730天内" not in text_of(client.get(change_url(other)))


def test_the_list_filter_shows_the_group_and_the_suggested(client, org_a, repeated, worker):
    cases, other = repeated
    suggested = case_services.submit_application(
        organisation=org_a,
        data={
            "name": NAME,
            "id_type": IdType.RESIDENT_ID,
            "id_number": ID_NUMBER,
            "phone": PHONE,
            "address": "示例县城关镇人民路1号",
            "description": "申请公开敬老院床位收费标准",
        },
        query_password="cx-123456",
        suggests_proactive=True,
    )
    client.force_login(worker)

    response = client.get(
        reverse("admin:requests_app_application_changelist"), {"proactive": "yes"}
    )

    shown = {a.pk for a in response.context["cl"].result_list}
    assert shown == {*(c.pk for c in cases), suggested.pk}
    assert other.pk not in shown


def test_the_queue_shows_numbers_only_and_downloads(client, repeated, worker, org_b, outsider):
    from openpyxl import load_workbook

    cases, _ = repeated
    client.force_login(worker)
    url = reverse("admin:requests_app_conversiondecision_queue")

    page = text_of(client.get(url))
    assert all(c.number in page for c in cases)
    assert NAME not in page
    assert PHONE not in page
    assert "最低生活保障" not in page

    csv_text = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("机关,申请件数")
    assert "测试县民政局,3," in csv_text
    assert NAME not in csv_text
    book = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content))
    rows = list(book.active.values)
    assert rows[1][:2] == ("测试县民政局", 3)

    client.force_login(outsider)
    assert cases[0].number not in text_of(client.get(url))


def test_deciding_through_the_admin(client, org_a, org_b, repeated, worker, item):
    cases, _ = repeated
    foreign_item = make_published(organisation=org_b, title="财政局预算公开").disclosure
    client.force_login(worker)
    url = (
        reverse("admin:requests_app_conversiondecision_decide")
        + "?ids="
        + ",".join(str(c.pk) for c in cases)
    )
    page = client.get(url)
    assert page.status_code == 200
    assert item.title in text_of(page)
    assert foreign_item.title not in text_of(page)

    data = {"applications": [c.pk for c in cases], "kind": DecisionKind.CONVERT, "note": "已公开"}
    refused = client.post(url, {**data, "disclosure": foreign_item.pk})
    assert refused.status_code == 200
    assert "请选择本机关已主动公开的信息" in text_of(refused)
    missing = client.post(url, data)
    assert "请选择已主动公开的信息" in text_of(missing)
    assert "已公开" in text_of(missing)  # what was typed is kept
    assert not ConversionDecision.objects.exists()

    done = client.post(url, {**data, "disclosure": item.pk})

    assert done.status_code == 302
    decision = ConversionDecision.objects.get()
    assert decision.disclosure == item
    page = text_of(client.get(change_url(cases[1])))
    assert f"转为主动公开：《{item.title}》" in page
    assert "涉及申请3件" in page


@pytest.mark.parametrize(("ticked", "stored"), [({"suggest_proactive": "on"}, True), ({}, False)])
def test_the_public_form_takes_the_suggestion(client, settings, ticked, stored):
    from django.core.cache import cache

    from tests.requests_app import test_public_views as public

    cache.clear()  # rate-limit counters and used form tokens
    settings.APPLICATION_MIN_FILL_SECONDS = 0
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    page = text_of(client.get(public.apply_url(org)))
    assert "建议将该信息主动公开" in page
    assert 'name="suggest_proactive"' in page

    response = public.submit(client, org, public.natural(**ticked))

    assert response.status_code == 302
    assert Application.objects.get().suggests_proactive is stored


def test_the_queue_needs_the_same_queries_for_more_groups(
    client, org_a, repeated, worker, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("admin:requests_app_conversiondecision_queue")
    client.force_login(worker)
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        submit(org_a, description=ROADS)

    with django_assert_max_num_queries(len(few)):
        page = text_of(client.get(url))
    assert "共2组" in page


@pytest.mark.parametrize(("ticked", "stored"), [({"suggest_proactive": "on"}, True), ({}, False)])
def test_staff_registering_a_paper_form_record_the_suggestion(
    client, org_a, worker, ticked, stored
):
    from tests.requests_app.test_admin import form_fields, registration_data

    client.force_login(worker)
    url = reverse("admin:requests_app_application_add")
    page = client.get(url)
    assert 'name="suggest_proactive"' in text_of(page)  # an unticked box is not sent

    response = client.post(url, {**form_fields(page), **registration_data(org_a), **ticked})

    assert response.status_code == 302
    assert Application.objects.get().suggests_proactive is stored

"""办事指南: structured guides written through the services, reviewed, and printed publicly."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.urls import reverse

from disclosures import services
from disclosures.models import Disclosure, DisclosureEvent, Genre
from disclosures.revisions import services as revisions
from disclosures.service_guides import services as guide_services
from disclosures.service_guides.models import GuideMaterial, MaterialForm, ServiceGuide
from disclosures.service_guides.services import Material, Step
from disclosures.workflow import Status
from portal.demo import organisations as catalog_demo
from portal.demo import service_guides as guide_demo
from tests.disclosures.builders import ensure_reference_data, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SECTIONS = [
    "事项名称",
    "设定依据",
    "受理条件",
    "申请材料",
    "办理程序",
    "收费标准",
    "办理时限",
    "办理地点",
    "办公时间",
    "咨询电话",
    "监督电话",
    "在线办理",
]
ADD_URL = "/admin/disclosures/serviceguide/add/"


def fields(**overrides):
    values = {
        "matter_name": "结婚登记",
        "legal_basis": "《婚姻登记条例》（国务院令第804号）",
        "conditions": "男女双方完全自愿。",
        "time_limit": "当场办结",
        "location": "示例县民政局婚姻登记处",
        "office_hours": "周一至周五 上午8:30—12:00",
        "consult_phone": "0570-8000120",
        "supervise_phone": "0570-8000110",
        "online_url": "https://zwfw.example.gov.cn/hydj",
    }
    values.update(overrides)
    return values


STEPS = [Step("申请", "双方共同申请。"), Step("审查"), Step("登记发证", "当场发证。")]
MATERIALS = [
    Material("居民身份证", MaterialForm.ORIGINAL, 1, "双方各一份"),
    Material("签字声明", MaterialForm.ORIGINAL, 2, "现场填写"),
]


@pytest.fixture
def organisation():
    ensure_reference_data()
    return OrganisationFactory(name="示例县民政局", slug="mzj-test")


@pytest.fixture
def pair(organisation):
    return staff_pair(organisation)


def make_guide(organisation, author, **overrides):
    return guide_services.create_guide(
        actor=author,
        organisation=organisation,
        fields=fields(**overrides),
        steps=STEPS,
        materials=MATERIALS,
    )


def publish(guide, author, reviewer):
    services.submit_disclosure(actor=author, disclosure=guide.disclosure)
    services.publish_disclosure(actor=reviewer, disclosure=guide.disclosure)
    guide.disclosure.refresh_from_db()
    return guide


def positions(html: str, labels) -> list[int]:
    found = [html.find(label) for label in labels]
    assert all(p >= 0 for p in found), dict(zip(labels, found, strict=True))
    return found


# ---------------------------------------------------------------- model and services


def test_create_guide_makes_a_draft_service_guide_item(organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    disclosure = guide.disclosure
    assert disclosure.status == Status.DRAFT
    assert disclosure.genre == Genre.SERVICE_GUIDE
    assert disclosure.title == "结婚登记办事指南"
    assert [c.slug for c in disclosure.categories.all()] == ["bszn"]
    assert disclosure.created_by == author
    assert list(disclosure.events.values_list("action", flat=True)) == [
        DisclosureEvent.Action.CREATE
    ]
    assert [s.title for s in guide.steps.all()] == ["申请", "审查", "登记发证"]
    assert [s.order for s in guide.steps.all()] == [1, 2, 3]


def test_materials_keep_their_order(organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    assert [m.name for m in guide.materials.all()] == ["居民身份证", "签字声明"]
    assert [m.copies for m in guide.materials.all()] == [1, 2]


def test_fee_defaults_to_no_fee(organisation, pair):
    author, _ = pair
    values = fields()
    guide = guide_services.create_guide(
        actor=author, organisation=organisation, fields=values, steps=STEPS, materials=MATERIALS
    )
    assert guide.fee == "不收费"
    assert guide.is_free
    blank = make_guide(organisation, author, matter_name="离婚登记", fee="  ")
    assert blank.fee == "不收费"


def test_copies_must_be_at_least_one(organisation, pair):
    author, _ = pair
    with pytest.raises(services.DisclosureError, match="份数"):
        guide_services.create_guide(
            actor=author,
            organisation=organisation,
            fields=fields(),
            steps=STEPS,
            materials=[Material("居民身份证", MaterialForm.ORIGINAL, 0)],
        )
    assert not Disclosure.objects.exists()  # the whole creation rolled back
    guide = make_guide(organisation, author)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideMaterial.objects.filter(guide=guide).update(copies=0)


def test_guide_needs_steps_and_materials(organisation, pair):
    author, _ = pair
    with pytest.raises(services.DisclosureError):
        guide_services.create_guide(
            actor=author, organisation=organisation, fields=fields(), steps=[], materials=MATERIALS
        )
    with pytest.raises(services.DisclosureError):
        guide_services.create_guide(
            actor=author, organisation=organisation, fields=fields(), steps=STEPS, materials=[]
        )
    assert not Disclosure.objects.exists()


def test_generated_body_contains_every_section_in_order(organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author, notes="须双方亲自到场。")
    body = guide.disclosure.body
    positions_found = positions(body, SECTIONS)
    assert positions_found == sorted(positions_found)
    for text in (
        "居民身份证",
        "原件",
        "2份",
        "登记发证",
        "0570-8000110",
        "当场办结",
        "须双方亲自到场",
    ):
        assert text in body
    assert "zwfw.example.gov.cn/hydj" in body


def test_update_of_a_draft_regenerates_the_body_and_is_audited(organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    guide = guide_services.update_guide(
        actor=author,
        guide=guide,
        fields={"time_limit": "材料齐全的，当场办结"},
        materials=[*MATERIALS, Material("户籍证明", MaterialForm.COPY, 1)],
    )
    disclosure = Disclosure.objects.get(pk=guide.disclosure_id)
    assert "材料齐全的，当场办结" in disclosure.body
    assert "户籍证明" in disclosure.body
    assert [s.title for s in guide.steps.all()] == ["申请", "审查", "登记发证"]  # kept
    assert disclosure.events.filter(action=DisclosureEvent.Action.EDIT).count() == 1


def test_published_guide_edit_is_audited_and_marked_updated(organisation, pair):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author), author, reviewer)
    guide_services.update_guide(actor=author, guide=guide, fields={"fee": "不收费（免工本费）"})
    disclosure = Disclosure.objects.get(pk=guide.disclosure_id)
    # The item's text and the guide's page wait for a second person.
    assert "免工本费" not in disclosure.body
    guide.refresh_from_db()
    assert "免工本费" not in guide.fee
    with pytest.raises(services.NotAllowed):
        revisions.approve_revision(actor=author, disclosure=disclosure)
    revisions.approve_revision(actor=reviewer, disclosure=disclosure)
    guide.refresh_from_db()
    assert guide.fee == "不收费（免工本费）"
    disclosure.refresh_from_db()
    assert disclosure.status == Status.PUBLISHED
    assert disclosure.content_updated_at is not None
    assert "免工本费" in disclosure.body


def test_submitted_guide_cannot_be_edited(organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    services.submit_disclosure(actor=author, disclosure=guide.disclosure)
    with pytest.raises(services.DisclosureError):
        guide_services.update_guide(actor=author, guide=guide, fields={"time_limit": "3日"})
    guide.refresh_from_db()
    assert guide.time_limit == "当场办结"


def test_published_edit_with_a_mobile_number_is_refused_and_rolled_back(organisation, pair):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author), author, reviewer)
    with pytest.raises(services.PrivacyBlocked):
        guide_services.update_guide(
            actor=author, guide=guide, fields={"consult_phone": "13912345678"}
        )
    guide.refresh_from_db()
    assert guide.consult_phone == "0570-8000120"


def test_staff_of_another_organisation_cannot_create_or_edit(organisation, pair):
    author, _ = pair
    other_author, _ = staff_pair(OrganisationFactory(slug="other"), prefix="other")
    with pytest.raises(services.NotAllowed):
        make_guide(organisation, other_author)
    guide = make_guide(organisation, author)
    with pytest.raises(services.NotAllowed):
        guide_services.update_guide(actor=other_author, guide=guide, fields={"time_limit": "x"})


# ---------------------------------------------------------------- admin


def admin_add_data(organisation, **extra):
    data = {
        "organisation": organisation.pk,
        "title": "",
        **fields(fee=""),
        "notes": "",
        "materials-TOTAL_FORMS": "2",
        "materials-INITIAL_FORMS": "0",
        "materials-MIN_NUM_FORMS": "1",
        "materials-MAX_NUM_FORMS": "1000",
        "materials-0-order": "2",
        "materials-0-name": "签字声明",
        "materials-0-form": MaterialForm.ORIGINAL,
        "materials-0-copies": "1",
        "materials-0-note": "",
        "materials-1-order": "1",
        "materials-1-name": "居民身份证",
        "materials-1-form": MaterialForm.BOTH,
        "materials-1-copies": "2",
        "materials-1-note": "双方各一份",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "1",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-title": "申请",
        "steps-0-description": "双方共同申请。",
        "steps-1-order": "2",
        "steps-1-title": "登记发证",
        "steps-1-description": "",
    }
    data.update(extra)
    return data


def test_admin_add_creates_draft_through_the_service_then_review_publishes(
    client, organisation, pair
):
    author, reviewer = pair
    client.force_login(author)
    assert client.get(ADD_URL).status_code == 200

    response = client.post(ADD_URL, admin_add_data(organisation))
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
        [fs.formset.non_form_errors() for fs in response.context["inline_admin_formsets"]],
    )
    guide = ServiceGuide.objects.get()
    assert response["Location"] == reverse("admin:disclosures_serviceguide_change", args=[guide.pk])
    disclosure = guide.disclosure
    assert disclosure.status == Status.DRAFT
    assert disclosure.created_by == author
    assert disclosure.title == "结婚登记办事指南"
    assert guide.fee == "不收费"
    assert [m.name for m in guide.materials.all()] == ["居民身份证", "签字声明"]
    assert guide.materials.first().form == MaterialForm.BOTH

    change = client.get(response["Location"]).content.decode()
    submit_url = reverse("admin:disclosures_disclosure_workflow", args=[disclosure.pk, "submit"])
    assert submit_url in change

    submitted = client.post(submit_url, {"privacy_override_reason": ""})
    assert submitted.status_code == 302, submitted.context["form"].errors
    disclosure.refresh_from_db()
    assert disclosure.status == Status.SUBMITTED

    client.force_login(reviewer)
    publish_url = reverse("admin:disclosures_disclosure_workflow", args=[disclosure.pk, "publish"])
    assert client.post(publish_url, {"publish_at": ""}).status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.status == Status.PUBLISHED
    assert disclosure.reviewed_by == reviewer
    assert client.get(guide.get_absolute_url()).status_code == 200


def test_admin_refuses_a_mobile_number_as_phone(client, organisation, pair):
    author, _ = pair
    client.force_login(author)
    response = client.post(ADD_URL, admin_add_data(organisation, consult_phone="13912345678"))
    assert response.status_code == 200
    assert "不要填写个人手机号码" in response.content.decode()
    assert not ServiceGuide.objects.exists()


def test_admin_edit_of_a_draft_goes_through_the_service(client, organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    client.force_login(author)
    url = reverse("admin:disclosures_serviceguide_change", args=[guide.pk])
    assert client.get(url).status_code == 200
    steps = list(guide.steps.all())
    materials = list(guide.materials.all())
    data = admin_add_data(organisation, time_limit="一个工作日")
    data.pop("organisation")
    data.update(
        {
            "title": "结婚登记办事指南（2025年版）",
            "materials-TOTAL_FORMS": "2",
            "materials-INITIAL_FORMS": "2",
            "materials-0-id": str(materials[0].pk),
            "materials-0-guide": str(guide.pk),
            "materials-1-id": str(materials[1].pk),
            "materials-1-guide": str(guide.pk),
            "steps-TOTAL_FORMS": "3",
            "steps-INITIAL_FORMS": "3",
            "steps-0-id": str(steps[0].pk),
            "steps-0-guide": str(guide.pk),
            "steps-1-id": str(steps[1].pk),
            "steps-1-guide": str(guide.pk),
            "steps-2-id": str(steps[2].pk),
            "steps-2-guide": str(guide.pk),
            "steps-2-order": "3",
            "steps-2-title": "归档",
            "steps-2-description": "",
            "steps-2-DELETE": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, (
        response.context["adminform"].form.errors,
        [fs.formset.errors for fs in response.context["inline_admin_formsets"]],
        [fs.formset.non_form_errors() for fs in response.context["inline_admin_formsets"]],
    )
    guide.refresh_from_db()
    disclosure = Disclosure.objects.get(pk=guide.disclosure_id)
    assert guide.time_limit == "一个工作日"
    assert disclosure.title == "结婚登记办事指南（2025年版）"
    assert [s.title for s in guide.steps.all()] == ["申请", "登记发证"]
    assert disclosure.events.filter(action=DisclosureEvent.Action.EDIT).exists()


def test_admin_scopes_guides_to_the_staff_organisation(client, organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    other_author, _ = staff_pair(OrganisationFactory(slug="other"), prefix="other")
    client.force_login(other_author)
    listing = client.get(reverse("admin:disclosures_serviceguide_changelist"))
    assert listing.status_code == 200
    assert "结婚登记" not in listing.content.decode()
    change = client.get(reverse("admin:disclosures_serviceguide_change", args=[guide.pk]))
    assert change.status_code in (302, 404)


def test_admin_shows_a_submitted_guide_read_only(client, organisation, pair):
    author, _ = pair
    guide = make_guide(organisation, author)
    services.submit_disclosure(actor=author, disclosure=guide.disclosure)
    client.force_login(author)
    url = reverse("admin:disclosures_serviceguide_change", args=[guide.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="time_limit"' not in page.content.decode()
    response = client.post(url, admin_add_data(organisation, time_limit="改动"))
    assert response.status_code == 403
    guide.refresh_from_db()
    assert guide.time_limit == "当场办结"


# ---------------------------------------------------------------- public page


def test_public_page_shows_every_section_in_order(client, organisation, pair):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author), author, reviewer)
    response = client.get(f"/xxgk/bszn/{guide.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    article = html[html.index('class="content document service-guide"') :]
    found = positions(article, [f"、{label}</h2>" for label in SECTIONS])
    assert found == sorted(found)
    for header in ("材料名称", "原件或复印件", "份数", "备注"):
        assert f'<th scope="col">{header}</th>' in article
    assert article.index("居民身份证") < article.index("签字声明")
    assert '<ol class="guide-steps">' in article
    assert article.index("<strong>申请</strong>") < article.index("<strong>登记发证</strong>")
    assert '<a href="https://zwfw.example.gov.cn/hydj"' in article
    assert "不收费" in article


def test_public_page_is_printable(client, organisation, pair):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author, online_url=""), author, reviewer)
    html = client.get(guide.get_absolute_url()).content.decode()
    assert "data-print" in html
    assert "css/portal" in html
    assert "暂不支持在线办理" in html
    css = open(finders.find("css/portal.css"), encoding="utf-8").read()  # noqa: SIM115
    guide_css = css[css.index("/* 办事指南 */") :]
    assert "@media print" in guide_css


def test_draft_submitted_and_withdrawn_guides_are_404(client, organisation, pair):
    author, reviewer = pair
    draft = make_guide(organisation, author)
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.submit_disclosure(actor=author, disclosure=draft.disclosure)
    assert client.get(draft.get_absolute_url()).status_code == 404
    services.publish_disclosure(actor=reviewer, disclosure=draft.disclosure)
    assert client.get(draft.get_absolute_url()).status_code == 200
    services.withdraw_disclosure(
        actor=reviewer, disclosure=draft.disclosure, reason="办理依据已修改"
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/xxgk/bszn/999999/").status_code == 404


def test_published_guide_appears_in_the_column_and_item_page(client, organisation, pair):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author), author, reviewer)
    column = client.get(reverse("disclosures:service-guides")).content.decode()
    assert "结婚登记办事指南" in column
    item = client.get(guide.disclosure.get_absolute_url()).content.decode()
    for label in SECTIONS:
        assert label in item


def test_public_page_query_count_does_not_grow(
    client, organisation, pair, django_assert_max_num_queries
):
    author, reviewer = pair
    guide = publish(make_guide(organisation, author), author, reviewer)
    with django_assert_max_num_queries(12):
        client.get(guide.get_absolute_url())
    guide_services.update_guide(
        actor=author,
        guide=guide,
        fields={},
        materials=[Material(f"材料{i}", MaterialForm.COPY, 1) for i in range(20)],
        steps=[Step(f"步骤{i}") for i in range(20)],
    )
    revisions.approve_revision(actor=reviewer, disclosure=guide.disclosure)
    assert guide.steps.count() == 20
    with django_assert_max_num_queries(12):
        client.get(guide.get_absolute_url())


# ---------------------------------------------------------------- demo


def test_demo_guides_are_published_and_idempotent(client):
    ensure_reference_data()
    catalog_demo.seed()
    assert guide_demo.seed() == 6
    assert guide_demo.seed() == 0
    guides = ServiceGuide.objects.select_related("disclosure")
    assert guides.count() == 6
    assert {g.matter_name for g in guides} == {
        "结婚登记",
        "离婚登记",
        "补领婚姻登记证",
        "城乡最低生活保障申请",
        "特困人员救助供养申请",
        "临时救助申请",
    }
    for guide in guides:
        assert guide.disclosure.status == Status.PUBLISHED
        assert guide.disclosure.created_by.username == "mzj_xxy"
        assert guide.disclosure.reviewed_by.username == "mzj_shy"
        assert client.get(guide.get_absolute_url()).status_code == 200


def test_demo_marriage_guide_follows_the_2025_rules(client):
    ensure_reference_data()
    catalog_demo.seed()
    guide_demo.seed()
    guide = ServiceGuide.objects.get(matter_name="结婚登记")
    page = client.get(guide.get_absolute_url()).content.decode()
    for text in (page, guide.disclosure.body):
        assert "居民身份证" in text
        assert "不收费" in text
        assert "全国通办" in text
        assert "户口簿" not in text
        assert "9元" not in text

"""Cross-department reads through admin choosers (issue #14, item 4): a 财政局 信息员 must not
pick, confirm or read a 民政局 draft through any relation field, autocomplete or /admin/r/."""

from __future__ import annotations

import html

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse

from catalog.admin_scoping import StaffScopedChoicesMixin
from disclosures.models import Disclosure
from tests.disclosures.factories import DraftFactory, author_of
from tests.disclosures.test_admin import draft_form_data, post_page

pytestmark = pytest.mark.django_db

SECRET_TITLE = "关于调整城乡低保标准的请示（内部讨论稿）"


@pytest.fixture
def foreign_draft(org_a):
    """A 民政局 draft that no one outside 民政局 may see."""
    return DraftFactory(organisation=org_a, title=SECRET_TITLE)


@pytest.fixture
def czj_officer(org_b):
    return author_of(org_b, username="czj_xxy")


@pytest.fixture
def own_draft(org_b, czj_officer):
    return DraftFactory(organisation=org_b, actor=czj_officer, title="财政局2026年部门预算说明")


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def test_the_interpretation_link_refuses_another_departments_draft(
    client, foreign_draft, own_draft, czj_officer
):
    client.force_login(czj_officer)
    url = reverse("admin:disclosures_disclosure_change", args=[own_draft.pk])

    response = post_page(
        client, url, draft_form_data(own_draft.organisation, interprets=str(foreign_draft.pk))
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["interprets"]
    assert "选择一个有效的选项" in errors["interprets"][0]
    assert SECRET_TITLE not in text_of(response)
    own_draft.refresh_from_db()
    assert own_draft.interprets_id is None
    assert SECRET_TITLE not in text_of(client.get(url))


def test_the_interpretation_link_accepts_an_item_of_ones_own_department(
    client, org_b, own_draft, czj_officer
):
    policy = DraftFactory(organisation=org_b, actor=czj_officer, title="财政局预算管理办法")
    client.force_login(czj_officer)
    url = reverse("admin:disclosures_disclosure_change", args=[own_draft.pk])

    response = post_page(client, url, draft_form_data(org_b, interprets=str(policy.pk)))

    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.interprets == policy


def test_autocomplete_offers_only_ones_own_items(client, foreign_draft, own_draft, czj_officer):
    client.force_login(czj_officer)

    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "disclosures",
            "model_name": "disclosure",
            "field_name": "interprets",
            "term": "",
        },
    )

    assert response.status_code == 200
    ids = {int(row["id"]) for row in response.json()["results"]}
    assert ids == {own_draft.pk}
    assert SECRET_TITLE not in response.content.decode("unicode_escape")


def test_the_view_on_site_shortcut_does_not_confirm_other_departments_ids(
    client, foreign_draft, own_draft, czj_officer
):
    client.force_login(czj_officer)
    content_type = ContentType.objects.get_for_model(Disclosure)

    def shortcut(pk):
        return client.get(reverse("admin:view_on_site", args=[content_type.pk, pk]))

    assert shortcut(own_draft.pk).status_code == 302
    assert shortcut(foreign_draft.pk).status_code == 404
    assert shortcut(foreign_draft.pk + 10_000).status_code == 404
    assert shortcut("not-a-number").status_code == 404


def test_a_raw_id_field_refuses_another_departments_id(
    rf, org_a, org_b, foreign_draft, czj_officer
):
    from reports.series.models import BudgetDisclosure

    model_admin = admin.site._registry[BudgetDisclosure]
    request = rf.post("/")
    request.user = czj_officer
    form_class = model_admin.get_form(request)
    form = form_class(
        data={
            "organisation": str(org_b.pk),
            "year": "2026",
            "kind": "budget",
            "approved_on": "2026-03-01",
            "disclosure": str(foreign_draft.pk),
        }
    )

    assert not form.is_valid()
    assert "disclosure" in form.errors


def _relation_fields(model):
    for field in model._meta.get_fields():
        relation = (field.many_to_one or field.many_to_many) and field.concrete
        if relation and hasattr(field.related_model._default_manager.all(), "for_staff"):
            yield field


def _admins():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline_class in model_admin.inlines:
            yield inline_class.model, inline_class(model, admin.site)


def test_every_admin_relation_chooser_to_a_scoped_model_goes_through_the_gate(czj_officer):
    """Every ModelAdmin and inline, present and future: a chooser for an organisation-owned
    model filters by the user's memberships (the for_staff gate)."""
    request = RequestFactory().get("/")
    request.user = czj_officer
    checked = 0
    for model, model_admin in _admins():
        for field in _relation_fields(model):
            assert isinstance(model_admin, StaffScopedChoicesMixin), (
                f"{type(model_admin).__name__} offers {model.__name__}.{field.name} unscoped"
            )
            formfield = model_admin.formfield_for_dbfield(field, request)
            if formfield is None:
                continue
            assert "catalog_membership" in str(formfield.queryset.query), (
                f"{type(model_admin).__name__}.{field.name} offers rows outside the user's scope"
            )
            checked += 1
    assert checked >= 10

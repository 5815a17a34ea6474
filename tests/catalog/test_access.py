"""The per-organisation gate: staff see and change only their own organisations' objects."""

import pytest
from django.urls import reverse

from catalog import roles
from catalog.models import Organisation, SiteSettings
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_queryset_gate_limits_every_role_to_its_organisations(role, org_a, org_b):
    user = make_staff(role=role, organisations=[org_a])
    assert list(Organisation.objects.for_staff(user)) == [org_a]


def test_gate_covers_several_memberships(org_a, org_b):
    user = make_staff(role=roles.SUPERVISOR, organisations=[org_a, org_b])
    assert set(Organisation.objects.for_staff(user)) == {org_a, org_b}


def test_superuser_sees_every_organisation(superuser, org_a, org_b):
    assert set(Organisation.objects.for_staff(superuser)) >= {org_a, org_b}


def test_inactive_or_anonymous_users_see_nothing(org_a):
    from django.contrib.auth.models import AnonymousUser

    user = make_staff(role=roles.SUPERVISOR, organisations=[org_a])
    user.is_active = False
    assert not Organisation.objects.for_staff(user).exists()
    assert not Organisation.objects.for_staff(AnonymousUser()).exists()


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_admin_changelist_lists_only_own_organisation(client, role, org_a, org_b):
    client.force_login(make_staff(role=role, organisations=[org_a]))
    response = client.get(reverse("admin:catalog_organisation_changelist"))
    assert response.status_code == 200
    assert org_a.name in response.content.decode()
    assert org_b.name not in response.content.decode()


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_admin_hides_other_organisations_objects(client, role, org_a, org_b):
    client.force_login(make_staff(role=role, organisations=[org_a]))
    response = client.get(reverse("admin:catalog_organisation_change", args=[org_b.pk]))
    # Django admin answers an object outside the queryset with a redirect to the index.
    assert response.status_code == 302
    assert org_b.name not in client.get(response.url).content.decode()


def test_supervisor_updates_own_contact_details_but_not_identity(client, org_a):
    client.force_login(make_staff(role=roles.SUPERVISOR, organisations=[org_a]))
    url = reverse("admin:catalog_organisation_change", args=[org_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    form_data = {
        "name": org_a.name,
        "short_name": "",
        "head": "新负责人",
        "functions": "新的职能",
        "address": "新地址1号",
        "office_hours": "工作日",
        "phone": "0570-7654321",
        "fax": "",
        "email": "",
        "postcode": "324100",
        # attempts to change identity fields must be ignored (read-only for non-superusers)
        "credit_code": "91350100M000100Y43",
        "slug": "hijack",
    }
    response = client.post(url, form_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    org_a.refresh_from_db()
    assert org_a.address == "新地址1号"
    assert org_a.slug == "a-mzj"
    assert org_a.credit_code != "91350100M000100Y43"


@pytest.mark.parametrize("role", [roles.INFO_OFFICER, roles.REVIEWER, roles.CASEWORKER])
def test_non_supervisors_cannot_edit_their_organisation(client, role, org_a):
    client.force_login(make_staff(role=role, organisations=[org_a]))
    url = reverse("admin:catalog_organisation_change", args=[org_a.pk])
    response = client.post(url, {"name": "改名", "postcode": "324100"})
    assert response.status_code == 403
    org_a.refresh_from_db()
    assert org_a.name == "测试县民政局"


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_only_superusers_manage_site_settings_and_users(client, role, org_a):
    client.force_login(make_staff(role=role, organisations=[org_a]))
    assert client.get(reverse("admin:catalog_sitesettings_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_superuser_edits_site_settings_singleton(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:catalog_sitesettings_changelist"))
    assert response.status_code == 302
    assert response.url.endswith("/add/")
    response = client.post(
        reverse("admin:catalog_sitesettings_add"),
        {
            "site_name": "某县政务公开",
            "sponsor": "某县人民政府办公室",
            "organizer": "",
            "site_code": "3310990001",
            "icp_number": "",
            "police_record_number": "",
            "party_gov_badge_url": "",
            "contact_phone": "",
            "contact_email": "",
            "contact_address": "",
        },
    )
    assert response.status_code == 302
    assert SiteSettings.load().sponsor == "某县人民政府办公室"
    # a second row cannot be added
    assert client.get(reverse("admin:catalog_sitesettings_add")).status_code == 403


def test_site_code_format_is_validated(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:catalog_sitesettings_add"),
        {"site_name": "某县政务公开", "site_code": "12345"},
    )
    assert response.status_code == 200
    assert "网站标识码为10位数字" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_role_groups_hold_the_listed_permissions(db):
    from django.contrib.auth.models import Group

    roles.sync_role_groups()
    supervisor = Group.objects.get(name=roles.SUPERVISOR)
    codenames = set(supervisor.permissions.values_list("codename", flat=True))
    assert {"view_organisation", "change_organisation"} <= codenames
    info = Group.objects.get(name=roles.INFO_OFFICER)
    assert "change_organisation" not in set(info.permissions.values_list("codename", flat=True))

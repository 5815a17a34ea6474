"""The per-organisation gate: staff see and change only their own organisations' objects."""

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog import access, roles
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


# --------------------------------------------------------------------------- require_staff
# catalog.access.require_staff: the one staff check every service makes (ADR 0004).

HANDLE = "requests_app.handle_application"
WORDS = access.Refusals(permission="无权限", organisation="非本机构", anonymous="请登录")


class Refused(Exception):
    pass


def check(user, organisation, permission=HANDLE, refusals=WORDS):
    access.require_staff(user, organisation, permission, refusals=refusals, error=Refused)


@pytest.fixture
def caseworker(org_a):
    return make_staff(role=roles.CASEWORKER, organisations=[org_a])


@pytest.mark.parametrize("form", ["instance", "id", "owner", "set"])
def test_a_member_with_the_permission_passes_whatever_names_the_organisation(
    form, caseworker, org_a
):
    named = {
        "instance": org_a,
        "id": org_a.pk,
        "owner": SimpleNamespace(organisation_id=org_a.pk),
        "set": {org_a.pk},
    }[form]
    check(caseworker, named)  # no exception


@pytest.mark.parametrize("form", ["instance", "id", "owner", "set"])
def test_another_organisation_is_refused_with_the_organisation_words(form, caseworker, org_b):
    named = {
        "instance": org_b,
        "id": org_b.pk,
        "owner": SimpleNamespace(organisation_id=org_b.pk),
        "set": {org_b.pk},
    }[form]
    with pytest.raises(Refused, match=r"^非本机构$"):
        check(caseworker, named)


def test_a_set_with_one_foreign_id_is_refused(caseworker, org_a, org_b):
    with pytest.raises(Refused, match=r"^非本机构$"):
        check(caseworker, {org_a.pk, org_b.pk})


def test_a_set_of_all_ones_own_organisations_passes(org_a, org_b):
    user = make_staff(role=roles.CASEWORKER, organisations=[org_a, org_b])
    check(user, frozenset({org_a.pk, org_b.pk}))


def test_an_owner_without_an_organisation_is_refused(caseworker):
    with pytest.raises(Refused, match=r"^非本机构$"):
        check(caseworker, SimpleNamespace(organisation_id=None))


def test_an_empty_set_checks_only_the_role(caseworker):
    check(caseworker, set())
    info_officer = make_staff(role=roles.INFO_OFFICER, organisations=[])
    with pytest.raises(Refused, match=r"^无权限$"):
        check(info_officer, set())


def test_a_role_without_the_permission_is_refused_before_the_organisation(org_a, org_b):
    info_officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    with pytest.raises(Refused, match=r"^无权限$"):
        check(info_officer, org_a)
    with pytest.raises(Refused, match=r"^无权限$"):
        check(info_officer, org_b)


def test_no_permission_to_ask_about_checks_only_the_organisation(org_a, org_b):
    info_officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    check(info_officer, org_a, permission=None)
    with pytest.raises(Refused, match=r"^非本机构$"):
        check(info_officer, org_b, permission=None)


@pytest.mark.parametrize("who", ["none", "anonymous"])
def test_nobody_logged_in_is_refused_with_the_login_words(who, org_a):
    user = None if who == "none" else AnonymousUser()
    with pytest.raises(Refused, match=r"^请登录$"):
        check(user, org_a)
    with pytest.raises(Refused, match=r"^请登录$"):
        check(user, org_a, permission=None)


def test_without_login_words_the_permission_words_are_shown(org_a):
    words = access.Refusals(permission="无权限", organisation="非本机构")
    with pytest.raises(Refused, match=r"^无权限$"):
        check(None, org_a, refusals=words)


def test_an_inactive_member_is_refused(caseworker, org_a):
    caseworker.is_active = False
    with pytest.raises(Refused, match=r"^无权限$"):
        check(caseworker, org_a)
    with pytest.raises(Refused, match=r"^无权限$"):
        check(caseworker, org_a, permission=None)


def test_a_superuser_passes_for_every_organisation_and_permission(superuser, org_a, org_b):
    check(superuser, {org_a.pk, org_b.pk})
    check(superuser, org_b, permission="reports.publish_annualreport")


def test_an_inactive_superuser_is_refused(superuser, org_a):
    superuser.is_active = False
    with pytest.raises(Refused, match=r"^无权限$"):
        check(superuser, org_a)


def test_without_an_error_class_permission_denied_is_raised(caseworker, org_b):
    with pytest.raises(PermissionDenied, match=access.DEFAULT_REFUSALS.organisation):
        access.require_staff(caseworker, org_b, HANDLE)


def test_a_permission_without_its_app_label_is_a_programming_error(caseworker, org_a):
    with pytest.raises(ValueError, match=r"app_label\.codename"):
        check(caseworker, org_a, permission="handle_application")


@pytest.mark.parametrize("value", ["a-mzj", None, [1], True])
def test_something_that_names_no_organisation_is_a_programming_error(value, caseworker):
    with pytest.raises(TypeError):
        check(caseworker, value)


@pytest.mark.parametrize(
    ("module", "words"),
    [
        (
            "requests_app.services.common",
            (
                "您没有办理政府信息公开申请的权限。",
                "您只能办理本机关的申请。",
                "需要登录的工作人员办理。",
            ),
        ),
        ("disclosures.services", ("您没有执行此操作的权限。", "您只能处理本机构的信息。", "")),
        (
            "reports.series.services",
            ("您没有维护统计数据的权限。", "您只能维护本机构的统计数据。", ""),
        ),
        (
            "reports.annual.services",
            ("只有主管可以处理年度报告。", "您只能处理本机关的年度报告。", ""),
        ),
        (
            "reports.obligations.services",
            ("您没有登记公开义务履行情况的权限。", "您只能登记本机构的公开义务。", ""),
        ),
    ],
)
def test_each_feature_keeps_its_own_words(module, words):
    refusals = importlib.import_module(module).REFUSALS
    assert (refusals.permission, refusals.organisation, refusals.anonymous) == words

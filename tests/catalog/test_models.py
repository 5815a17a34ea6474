import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalog.models import Organisation, SiteSettings
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_department_needs_a_parent_government():
    org = OrganisationFactory.build(parent=None, slug="x", credit_code="91350100M000100Y43")
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert "parent" in excinfo.value.message_dict


def test_credit_code_with_wrong_check_char_is_refused():
    org = OrganisationFactory.build(credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    assert "统一社会信用代码" in str(excinfo.value.message_dict["credit_code"])


def test_organisation_cannot_be_its_own_parent(org_a):
    org_a.parent = org_a
    with pytest.raises(ValidationError):
        org_a.full_clean()
    with pytest.raises(IntegrityError):
        Organisation.objects.filter(pk=org_a.pk).update(parent=org_a)


def test_site_settings_is_a_singleton():
    SiteSettings(site_name="一").save()
    SiteSettings(site_name="二").save()
    assert SiteSettings.objects.count() == 1
    assert SiteSettings.load().site_name == "二"
    with pytest.raises(IntegrityError):
        SiteSettings.objects.bulk_create([SiteSettings(id=2, site_name="三")])


def test_police_record_code_keeps_digits_only():
    assert SiteSettings(police_record_number="浙公网安备 33010002000001号").police_record_code == (
        "33010002000001"
    )

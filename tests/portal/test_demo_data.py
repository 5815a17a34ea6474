import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from catalog.models import Membership, Organisation, SiteSettings
from disclosures.models import Attachment, Disclosure, DisclosureEvent, Validity

pytestmark = pytest.mark.django_db


def snapshot():
    user_model = get_user_model()
    return {
        "orgs": list(Organisation.objects.order_by("slug").values()),
        "users": list(user_model.objects.order_by("username").values()),
        "memberships": list(Membership.objects.order_by("id").values("user_id", "organisation_id")),
        "site": list(SiteSettings.objects.values()),
        "disclosures": list(Disclosure.objects.order_by("id").values()),
        "groups": sorted(user_model.groups.through.objects.values_list("user_id", "group_id")),
    }


def test_seed_demo_builds_the_county_and_is_idempotent():
    call_command("seed_demo")
    first = snapshot()
    gov = Organisation.objects.get(slug="xzf")
    assert gov.kind == Organisation.Kind.GOVERNMENT
    names = set(Organisation.objects.filter(parent=gov).values_list("name", flat=True))
    assert {
        "示例县民政局",
        "示例县财政局",
        "示例县退役军人事务局",
        "示例县市场监督管理局",
        "示例县生态环境局",
    } <= names
    user_model = get_user_model()
    for username, role in [
        ("mzj_xxy", "信息员"),
        ("mzj_shy", "审核员"),
        ("mzj_jbr", "依申请经办人"),
        ("mzj_zg", "主管"),
    ]:
        user = user_model.objects.get(username=username)
        assert user.groups.filter(name=role).exists()
        assert user.check_password("Sunshine-2026")
        assert list(user.memberships.values_list("organisation__slug", flat=True)) == ["mzj"]
    assert user_model.objects.get(username="admin").is_superuser
    # the catalogue: hundreds of published items, repealed documents, a withdrawn item
    assert Disclosure.objects.listed().count() >= 300
    assert Disclosure.objects.filter(validity=Validity.REPEALED).exists()
    assert Disclosure.objects.filter(status="withdrawn").count() == 1
    assert Disclosure.objects.exclude(interprets=None).exists()
    assert Attachment.objects.count() >= 50
    events = DisclosureEvent.objects.count()

    call_command("seed_demo")
    assert snapshot() == first
    assert DisclosureEvent.objects.count() == events

    Organisation.objects.filter(slug="mzj").update(phone="0000")
    call_command("seed_demo")
    assert Organisation.objects.get(slug="mzj").phone == "0570-8000101"

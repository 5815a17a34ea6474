"""factory_boy factories shared by the suite."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import Membership, Organisation
from catalog.roles import sync_role_groups
from portal.demo.organisations import demo_credit_code


class GovernmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"测试县人民政府{n}")
    slug = factory.Sequence(lambda n: f"gov{n}")
    kind = Organisation.Kind.GOVERNMENT
    credit_code = factory.Sequence(lambda n: demo_credit_code(f"9{n:08d}"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"测试县第{n}局")
    slug = factory.Sequence(lambda n: f"org{n}")
    kind = Organisation.Kind.DEPARTMENT
    parent = factory.SubFactory(GovernmentFactory, slug="gov-parent", name="测试县人民政府")
    credit_code = factory.Sequence(lambda n: demo_credit_code(f"1{n:08d}"))
    phone = "0570-1234567"
    address = "测试县人民路1号"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "Secret-Pass-123")

    @factory.post_generation
    def save_after(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_staff(*, role: str, organisations: list[Organisation], username: str | None = None):
    """A staff user holding ``role`` (a group name) in each of ``organisations``."""
    sync_role_groups()
    user = UserFactory(**({"username": username} if username else {}))
    user.groups.add(Group.objects.get(name=role))
    for org in organisations:
        Membership.objects.create(user=user, organisation=org)
    return user

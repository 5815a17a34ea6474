from __future__ import annotations

import pytest

from tests.banserver import bans  # noqa: F401 - fixture: a recording HTTP cache purge endpoint
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="测试县民政局", slug="a-mzj")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="测试县财政局", slug="b-czj")


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests render templates without running collectstatic first (the manifest is tested
    separately in tests/portal/test_static.py)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _page_views_off(settings):
    """The page-view counter stays out of other tests (tests/catalog/test_pageviews.py turns
    it on): no background flush thread writes while a test runs."""
    settings.PAGE_VIEWS_ENABLED = False


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Transactional tests flush every table, data migrations included: reload the column
    tree, topics and holiday calendar that the migrations load, so test order never matters."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if transactional or {"transactional_db", "live_server"} & set(request.fixturenames):
        from django.contrib.contenttypes.models import ContentType
        from django.core.management.sql import emit_post_migrate_signal

        from catalog.catalogue_tree import seed_arrangements, seed_reference_data
        from catalog.models import CalendarDay, Category, HolidayArrangement, TopicCategory

        request.getfixturevalue("transactional_db")
        # The flush after the previous transactional test re-created content types while this
        # process still cached the old ones; rebuild them, the permissions and the role groups.
        ContentType.objects.clear_cache()
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
        seed_reference_data(Category, TopicCategory)
        seed_arrangements(HolidayArrangement, CalendarDay)


@pytest.fixture(autouse=True)
def _second_factor_on_force_login(monkeypatch):
    """``client.force_login`` also completes the second factor, through django-otp's own API.

    The admin asks staff for a TOTP code after the password (portal/security/otp.py). Tests
    that are not about logging in get a confirmed device and a session verified with
    ``django_otp.login``, exactly as after a correct code; the check itself stays on.
    Tests about the second factor use ``client.post`` to the login page instead.
    """
    from django.test import Client

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        verify_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def verify_second_factor(client, user) -> None:
    """Mark the client's session as passed the second factor with a confirmed TOTP device."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试设备", confirmed=True)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()


@pytest.fixture(autouse=True)
def _fresh_interaction_search_memo():
    """The site search's 互动交流 block is memoised per process; a test's rolled-back letters
    must not answer the next test's search."""
    from interaction.public.search import hits_memo

    hits_memo.clear()

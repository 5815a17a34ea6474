from __future__ import annotations

import pytest

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

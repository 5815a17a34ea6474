"""Per-address and per-case limits under parallel requests (issue #14, items 1 and 2).

Real requests through the test client, one thread and one database connection each, against a
database that commits (transactional test database): the counting must hold when many requests
check the limit at the same moment.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from requests_app.models import Application
from tests.factories import OrganisationFactory
from tests.requests_app.test_public_views import (
    OTHER_ID_NUMBER,
    PASSWORD,
    form_token,
    natural,
    query,
    register,
    submit,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_fill_delay(settings):
    settings.APPLICATION_MIN_FILL_SECONDS = 0


def in_parallel(count: int, work: Callable[[int], int]) -> list[int]:
    """Run ``work(n)`` for n in range(count) in as many threads released together; the
    status codes, in no particular order."""
    start = threading.Barrier(count)
    statuses: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(n: int) -> None:
        try:
            prepared = work(n)  # a callable: the request itself, sent after the barrier
            start.wait(timeout=60)
            status = prepared()
            with lock:
                statuses.append(status)
        except BaseException as exc:  # reported below; a thread must not die silently
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors
    return statuses


def test_thirty_parallel_submissions_from_one_address_accept_exactly_the_limit(settings):
    settings.APPLICATION_SUBMIT_RATE = (5, 3600)
    org = OrganisationFactory(slug="mzj")

    def prepare(n: int):
        client = Client()
        token = form_token(client, org)  # each its own rendered form
        return lambda: submit(client, org, token=token).status_code

    statuses = Counter(in_parallel(30, prepare))
    assert statuses == {302: 5, 429: 25}
    assert Application.objects.count() == 5


def test_parallel_progress_queries_from_one_address_pass_at_most_the_limit(settings):
    settings.APPLICATION_QUERY_RATE = (20, 3600)
    settings.APPLICATION_CASE_QUERY_RATE = (1000, 86400)
    org = OrganisationFactory(slug="mzj")
    application = register(org)

    def prepare(n: int):
        return lambda: query(Client(), application.number, f"guess-{n}").status_code

    statuses = Counter(in_parallel(28, prepare))
    assert statuses == {200: 20, 429: 8}  # 200: the password was checked (and wrong)


def test_parallel_guesses_from_many_addresses_check_at_most_ten_passwords_of_a_case(settings):
    org = OrganisationFactory(slug="mzj")
    application = register(org)

    def prepare(n: int):
        return lambda: (
            query(
                Client(), application.number, f"guess-{n}", REMOTE_ADDR=f"198.51.100.{n}"
            ).status_code
        )

    statuses = Counter(in_parallel(28, prepare))
    assert statuses == {200: 10, 429: 18}
    # the case stays locked for its owner too, for the rest of the day, cache or not
    cache.clear()
    assert query(Client(), application.number, PASSWORD).status_code == 429
    other = register(org, name="李小四", id_number=OTHER_ID_NUMBER)
    assert query(Client(), other.number, PASSWORD).status_code == 302


def test_one_form_sent_many_times_in_parallel_registers_one_case(settings):
    settings.APPLICATION_SUBMIT_RATE = (100, 3600)
    org = OrganisationFactory(slug="mzj")
    token = form_token(Client(), org)

    def prepare(n: int):
        client = Client()
        return lambda: submit(client, org, natural(), token=token).status_code

    statuses = in_parallel(8, prepare)
    assert Application.objects.count() == 1
    assert 302 in statuses
    assert set(statuses) <= {302, 409}

"""catalog.public_forms: the gate of every public form (admit / claim / release / complete)."""

from __future__ import annotations

import threading
import time
from unittest import mock

import pytest
from django.db import connections
from django.test import RequestFactory

from catalog import security_state
from catalog.public_forms import (
    EXPIRED_FORM,
    GENERIC_REJECTION,
    Duplicate,
    Gate,
    Limit,
    Refusal,
    address_subject,
    client_address,
)
from catalog.security_models import RateCounter, UsedToken

GATE = Gate(
    name="test-form",
    limit=Limit("test-submit", (2, 3600)),
    honeypot="website",
    min_fill_seconds=3,
)
FILLED = 10.0  # seconds a person spent on the form in these tests


FRESH = "fresh"


def post(token: str | None = FRESH, address: str = "192.0.2.1", **data):
    """A POST of GATE's form: by default with a fresh token, filled in for FILLED seconds."""
    if token == FRESH:
        token = GATE.issue_token(issued_at=time.time() - FILLED)
    payload = {**data, **({"form_token": token} if token is not None else {})}
    return RequestFactory().post("/form/", payload, REMOTE_ADDR=address)


def hits(address: str = "192.0.2.1") -> int:
    subject = address_subject(RequestFactory().get("/", REMOTE_ADDR=address))
    return security_state.current_count(scope="test-submit", subject=subject, window_seconds=3600)


# --------------------------------------------------------------------------- admit


@pytest.mark.django_db
def test_a_proper_submission_is_admitted_and_counted():
    admission = GATE.admit(post())
    assert admission.admitted
    assert admission.message == ""
    assert hits() == 1


@pytest.mark.django_db
def test_admit_refuses_beyond_the_rate_limit_and_keeps_the_refused_hit():
    assert GATE.admit(post()).admitted
    assert GATE.admit(post()).admitted
    refused = GATE.admit(post())
    assert refused.refusal is Refusal.RATE_LIMITED
    assert refused.message == "操作过于频繁，请稍后再试。"
    assert 0 < refused.retry_after <= 3601
    assert hits() == 3
    assert GATE.admit(post(address="198.51.100.7")).admitted  # another address


@pytest.mark.django_db
def test_admit_refuses_a_filled_honeypot_without_saying_why_and_keeps_the_hit():
    admission = GATE.admit(post(website="http://spam.example.com"))
    assert admission.refusal is Refusal.BOT
    assert admission.message == GENERIC_REJECTION
    assert hits() == 1


@pytest.mark.django_db
def test_admit_refuses_a_form_sent_back_faster_than_a_person_types():
    admission = GATE.admit(post(token=GATE.issue_token(issued_at=time.time() - 1)))
    assert admission.refusal is Refusal.BOT
    assert admission.message == GENERIC_REJECTION
    assert hits() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "forged", "x" * 5000])
def test_admit_refuses_a_missing_or_forged_token_and_gives_the_hit_back(token):
    admission = GATE.admit(post(token=token))
    assert admission.refusal is Refusal.EXPIRED
    assert admission.message == EXPIRED_FORM
    assert hits() == 0


@pytest.mark.django_db
def test_admit_refuses_a_token_older_than_its_lifetime():
    short = Gate(name="test-form", limit=GATE.limit, token_max_age=60, min_fill_seconds=0)
    with mock.patch("time.time", return_value=time.time() - 61):
        old = short.issue_token()
    assert short.read_token(old) is None
    assert short.admit(post(token=old)).refusal is Refusal.EXPIRED
    assert short.admit(post(token=short.issue_token())).admitted


@pytest.mark.django_db
def test_a_token_of_another_form_is_not_valid_here():
    other = Gate(name="other-form", limit=GATE.limit)
    assert GATE.admit(post(token=other.issue_token(issued_at=0))).refusal is Refusal.EXPIRED


@pytest.mark.django_db
def test_a_gate_without_token_checks_only_the_rate():
    query = Gate(name="test-query", limit=Limit("test-query", (1, 3600)), one_time_token=False)
    request = RequestFactory().post("/query/", {"number": "x"}, REMOTE_ADDR="192.0.2.1")
    admission = query.admit(request)
    assert admission.admitted
    assert query.claim(admission) is None  # nothing to claim: no token
    assert query.admit(request).refusal is Refusal.RATE_LIMITED
    assert query.context() == {"form_token": "", "honeypot": ""}


@pytest.mark.django_db
def test_the_minimum_fill_time_follows_its_setting(settings):
    gate = Gate(name="test-form", limit=GATE.limit, min_fill_seconds=3, min_fill_setting="X_FILL")
    settings.X_FILL = 0
    assert gate.admit(post(token=gate.issue_token())).admitted
    settings.X_FILL = 30
    assert gate.admit(post(token=gate.issue_token())).refusal is Refusal.BOT


# --------------------------------------------------------------------------- claim


@pytest.mark.django_db
def test_the_same_form_claimed_twice_is_answered_with_the_first_submission():
    token = GATE.issue_token(issued_at=time.time() - FILLED)
    first = GATE.admit(post(token=token))
    second = GATE.admit(post(token=token))  # a double click: both admitted before any claim
    assert GATE.claim(first) is None
    duplicate = GATE.claim(second)
    assert duplicate == Duplicate(nonce=first.token.nonce, object_id=None)
    assert duplicate.pending
    assert hits() == 1  # the loser's hit was given back
    GATE.complete(first, 42)
    replay = GATE.admit(post(token=token))
    assert replay.refusal is Refusal.DUPLICATE
    assert replay.duplicate == Duplicate(nonce=first.token.nonce, object_id=42)
    assert not replay.duplicate.pending
    assert hits() == 1  # a replay is not counted
    assert UsedToken.objects.get().object_id == 42


@pytest.mark.django_db
def test_only_an_admitted_submission_can_claim():
    refused = GATE.admit(post(website="x"))
    with pytest.raises(ValueError, match="admitted"):
        GATE.claim(refused)


@pytest.mark.django_db
def test_the_duplicate_path_never_sleeps():
    token = GATE.issue_token(issued_at=time.time() - FILLED)
    first, second = GATE.admit(post(token=token)), GATE.admit(post(token=token))
    assert GATE.claim(first) is None
    with mock.patch("time.sleep", side_effect=AssertionError("slept in the worker")):
        assert GATE.claim(second).pending
        assert GATE.admit(post(token=token)).duplicate.pending


@pytest.mark.django_db(transaction=True)
def test_two_parallel_claims_of_one_form_exactly_one_wins():
    token = GATE.issue_token(issued_at=time.time() - FILLED)
    admissions = [GATE.admit(post(token=token)), GATE.admit(post(token=token))]
    start = threading.Barrier(2)
    results: list = []
    errors: list = []

    def claim(admission) -> None:
        try:
            start.wait(timeout=30)
            results.append(GATE.claim(admission))  # each thread its own connection
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(a,)) for a in admissions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(results, key=lambda r: r is not None) == [
        None,
        Duplicate(nonce=admissions[0].token.nonce, object_id=None),
    ]
    assert UsedToken.objects.count() == 1
    assert hits() == 1


# --------------------------------------------------------------------------- release


@pytest.mark.django_db
def test_release_after_a_failed_validation_lets_the_same_page_be_sent_again():
    limited = Gate(name="test-form", limit=Limit("test-submit", (1, 3600)), min_fill_seconds=0)
    token = limited.issue_token()
    admission = limited.admit(post(token=token))
    assert hits() == 1
    limited.release(admission)  # the form was sent back for a typing mistake
    assert hits() == 0
    again = limited.admit(post(token=token))
    assert again.admitted  # within the limit of one, with the same token
    assert limited.claim(again) is None


@pytest.mark.django_db
def test_release_after_a_failed_service_frees_the_claim_and_the_hit():
    token = GATE.issue_token(issued_at=time.time() - FILLED)
    admission = GATE.admit(post(token=token))
    assert GATE.claim(admission) is None
    GATE.release(admission)  # the database blipped, nothing was registered
    GATE.release(admission)  # twice is harmless: nothing more is given back
    assert not UsedToken.objects.exists()
    assert RateCounter.objects.get().count == 0
    resent = GATE.admit(post(token=token))
    assert resent.admitted
    assert GATE.claim(resent) is None


@pytest.mark.django_db
def test_release_never_frees_a_claim_another_request_holds():
    token = GATE.issue_token(issued_at=time.time() - FILLED)
    winner, other = GATE.admit(post(token=token)), GATE.admit(post(token=token))
    assert GATE.claim(winner) is None
    GATE.release(other)  # the other copy failed validation before claiming
    assert GATE.lookup(winner.token.nonce) == Duplicate(nonce=winner.token.nonce, object_id=None)


# --------------------------------------------------------------------------- addresses


def test_client_address_trusts_only_the_configured_proxy_hops(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5"
    )
    settings.RATE_LIMIT_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.1"
    settings.RATE_LIMIT_PROXY_COUNT = 1
    assert client_address(request) == "203.0.113.5"


def test_ipv6_clients_are_counted_by_their_64_and_mapped_ipv4_as_ipv4():
    def subject(address: str) -> str:
        return address_subject(RequestFactory().get("/", REMOTE_ADDR=address))

    assert subject("2001:db8:1:2::1") == subject("2001:db8:1:2:ffff::9")
    assert subject("2001:db8:1:2::1") != subject("2001:db8:1:3::1")
    assert subject("::ffff:192.0.2.1") == subject("192.0.2.1")

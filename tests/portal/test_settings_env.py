"""How portal/settings.py reads boolean environment variables (README, "Environment variables").

An empty value (``HTTPS=`` in an env file) means "use the default", never "off": a line left
empty by mistake must not switch HTTPS or the SSL redirect off in production.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import env_bool
from tests.portal.test_settings_guards import PRODUCTION, load_settings


@pytest.mark.parametrize("default", [True, False])
@pytest.mark.parametrize("raw", ["", "   "])
def test_an_empty_boolean_means_the_default_not_off(monkeypatch, raw, default):
    monkeypatch.setenv("SUNSHINE_TEST_FLAG", raw)
    assert env_bool("SUNSHINE_TEST_FLAG", default) is default


@pytest.mark.parametrize("default", [True, False])
def test_an_unset_boolean_means_the_default(monkeypatch, default):
    monkeypatch.delenv("SUNSHINE_TEST_FLAG", raising=False)
    assert env_bool("SUNSHINE_TEST_FLAG", default) is default


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("off", False),
    ],
)
def test_the_words_for_on_and_off_override_the_default(monkeypatch, raw, expected):
    monkeypatch.setenv("SUNSHINE_TEST_FLAG", raw)
    assert env_bool("SUNSHINE_TEST_FLAG", not expected) is expected


def test_any_other_word_stops_the_start_with_a_message(monkeypatch):
    monkeypatch.setenv("SUNSHINE_TEST_FLAG", "enabled")
    with pytest.raises(ImproperlyConfigured, match="SUNSHINE_TEST_FLAG must be one of"):
        env_bool("SUNSHINE_TEST_FLAG", False)


def test_an_empty_https_line_keeps_production_secure():
    result = load_settings({**PRODUCTION, "HTTPS": ""})
    assert result.returncode == 0, result.stderr
    hsts, secure_cookie, *_ = result.stdout.split()
    assert (hsts, secure_cookie) == ("31536000", "True")

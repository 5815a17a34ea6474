"""A database outage answers 503 with Retry-After and the styled page; the 依申请公开 form
keeps what the citizen typed, and resubmitting it registers exactly one case.

The database is taken away by making the connection's cursors raise OperationalError (what
psycopg raises when the server is gone): that replaces the database, not the code under test.
"""

from __future__ import annotations

import html as htmllib

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from requests_app.models import Application
from tests.disclosures.test_admin import form_fields
from tests.factories import OrganisationFactory
from tests.requests_app.test_public_views import (
    _media_root,  # noqa: F401  (autouse fixture)
    _no_fill_delay,  # noqa: F401  (autouse fixture)
    _shared_cache,  # noqa: F401  (autouse fixture)
    apply_url,
    form_token,
    id_proof,
    natural,
)


@pytest.fixture
def database(monkeypatch):
    """Call ``database.stop()`` to make every query fail as if the server were gone."""

    class Switch:
        def stop(self):
            def refuse(*args, **kwargs):
                raise OperationalError("connection to server at 127.0.0.1 failed")

            monkeypatch.setattr(connection, "cursor", refuse)
            monkeypatch.setattr(connection, "chunked_cursor", refuse)

        def start(self):
            monkeypatch.undo()

    return Switch()


def text_of(response) -> str:
    return htmllib.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_public_page_answers_503_with_retry_after_and_the_styled_page(client, database):
    OrganisationFactory(name="测试县民政局", slug="mzj")
    database.stop()
    response = client.get(reverse("requests_app:index"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text_of(response)
    assert "系统暂时无法访问" in page
    assert "css/portal.css" in page
    assert "阳光政务公开平台" in page


@pytest.mark.django_db
def test_a_database_error_while_rendering_a_template_is_also_a_503(client, database, org_a):
    # The test client re-raises what Django turns into a 500; the middleware must answer first.
    database.stop()
    response = client.get("/xxgk/fdzdgk/?page=2")
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_the_application_form_is_kept_during_an_outage_and_resubmits_once(client, database):
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    token = form_token(client, org)
    typed = natural()
    database.stop()
    response = client.post(apply_url(org), {**typed, "form_token": token, "id_proof": id_proof()})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text_of(response)
    assert "本次申请尚未提交" in page
    # A browser drops the newline that opens a <textarea>.
    kept = {name: value.removeprefix("\n") for name, value in form_fields(response).items()}
    for field in ("name", "id_number", "phone", "address", "description", "info_title"):
        assert kept[field] == typed[field]
    assert kept["password"] == ""  # secrets are never echoed back
    assert kept["form_token"] == token
    database.start()
    assert not Application.objects.exists()

    resubmitted = {**kept, "applicant_kind": "natural", "id_type": "resident_id"}
    resubmitted |= {"provision_form": "electronic", "delivery_method": "email"}
    resubmitted |= {"password": "chaxun123", "password2": "chaxun123"}
    response = client.post(apply_url(org), {**resubmitted, "id_proof": id_proof()})
    assert response.status_code == 302
    assert Application.objects.count() == 1
    again = client.post(apply_url(org), {**resubmitted, "id_proof": id_proof()})
    assert again.status_code in {302, 409}
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_letter_is_kept_during_an_outage_and_resubmits_once(client, database, settings):
    from interaction.models import Letter, Mailbox
    from tests.interaction.test_public_views import form_token as letter_form_token
    from tests.interaction.test_public_views import letter_data

    settings.LETTER_MIN_FILL_SECONDS = 0
    org = OrganisationFactory(name="测试县民政局", slug="mzj")
    box = Mailbox.objects.create(organisation=org, kind="leader", name="局长信箱", slug="mzj-jz")
    url = reverse("interaction:write", args=[box.slug])
    token = letter_form_token(client, url)
    typed = letter_data(content="请问低保申请需要哪些材料？\n第二行")
    database.stop()
    response = client.post(url, {**typed, "form_token": token})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text_of(response)
    assert "本次来信尚未提交" in page
    assert "查询密码" in page
    assert "重新填写" in page
    assert "第二行" in page  # what was typed is shown
    kept = form_fields(response)
    assert kept["content"] == typed["content"]
    assert kept["writer_name"] == typed["writer_name"]
    assert kept["form_token"] == token
    assert "password" not in kept
    assert "password2" not in kept
    assert "website" not in kept  # the honeypot is not carried along
    database.start()
    assert not Letter.objects.exists()

    # The kept page posts the same text and token; the form asks for the password again.
    back = client.post(url, kept)
    assert back.status_code == 200
    assert "查询密码" in text_of(back)
    assert not Letter.objects.exists()
    done = client.post(url, {**kept, "password": typed["password"], "password2": typed["password"]})
    assert done.status_code == 302
    again = client.post(
        url, {**kept, "password": typed["password"], "password2": typed["password"]}
    )
    assert again.status_code in {302, 409}
    assert Letter.objects.count() == 1

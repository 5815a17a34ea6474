"""Every public form of 互动交流 keeps what was typed when the database is gone: a 503 page,
rendered without the database, that shows the text and sends it again with the same form
token (catalog.outage.keep_typed_on_outage). The database is taken away as in
tests/portal/test_outage.py (its cursors raise OperationalError)."""

from __future__ import annotations

import pytest

from tests.disclosures.test_admin import form_fields
from tests.portal.test_outage import database, text_of  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

TOKEN = "the-form-token"

# (url, typed fields, a field whose label the page shows, what the page names)
FORMS = [
    (
        "/hdjl/yjzj/1/yj/",
        {"article": "3", "content": "建议第三条增加社区养老服务设施用地标准。", "name": "欧阳意见",
         "phone": "13900139000"},
        "content",
        "本次意见尚未提交",
    ),
    (
        "/hdjl/dtgk/jg/mzj/",
        {"subject": "城区学校学位分配情况", "description": "希望公开近三年各校学位数。",
         "name": "欧阳建议", "phone": "13900139001"},
        "subject",
        "本次建议尚未提交",
    ),
    (
        "/hdjl/ft/1/tw/",
        {"nickname": "热心网友", "text": "请问社会组织年检何时改为年度报告？",
         "contact": "13900139002"},
        "text",
        "本次提问尚未提交",
    ),
    (
        "/hdjl/dc/1/",
        {"q1": "2", "q4": "希望增加助餐点。"},
        None,
        "本次答卷尚未提交",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("url", "typed", "shown", "named"), FORMS)
def test_a_public_form_is_kept_during_an_outage(client, database, url, typed, shown, named):  # noqa: F811
    database.stop()
    response = client.post(url, {**typed, "form_token": TOKEN, "website": ""})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    page = text_of(response)
    assert named in page
    kept = form_fields(response)
    for name, value in typed.items():
        assert kept[name] == value
    assert kept["form_token"] == TOKEN
    assert "website" not in kept  # the honeypot is not carried along
    if shown:
        assert typed[shown] in page.replace("<br>", "\n")

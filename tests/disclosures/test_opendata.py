"""Open data downloads of the catalogue: streamed CSV and JSON, filters applied."""

import csv
import io
import json

import pytest
from django.urls import reverse

from disclosures import services
from tests.disclosures.builders import publish_item, publish_items, staff_pair
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def items():
    org = OrganisationFactory(name="测试县民政局", slug="od-mzj")
    author, reviewer = staff_pair(org)
    published = publish_items(
        org, 5, author=author, reviewer=reviewer, years=(2024, 2025), title="开放数据测试{i}"
    )
    gone = publish_item(
        org, author=author, reviewer=reviewer, title="已撤回不应出现", column="tzgg"
    )
    services.withdraw_disclosure(actor=reviewer, disclosure=gone, reason="重复发布")
    return published


def streamed(response) -> str:
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_has_bom_bilingual_header_and_only_listed_items(client, items):
    response = client.get(reverse("disclosures:catalogue-export", args=["csv"]))
    assert response.status_code == 200
    assert "filename*=utf-8''" in response["Content-Disposition"]
    text = streamed(response)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][0] == "索引号(identifier)"
    titles = [row[1] for row in rows[1:]]
    assert sorted(titles) == sorted(item.title for item in items)
    assert "已撤回不应出现" not in text


def test_json_follows_the_filters_and_documents_the_fields(client, items):
    response = client.get(
        reverse("disclosures:catalogue-export", args=["json"]),
        {"year": "2025", "organisation": "od-mzj"},
    )
    data = json.loads(streamed(response))
    expected = {i.title for i in items if i.published_at.year == 2025}
    assert {item["title"] for item in data["items"]} == expected
    assert [f["key"] for f in data["fields"]][:3] == ["identifier", "title", "publisher"]
    first = data["items"][0]
    assert first["identifier"].endswith(("-00001", "-00002", "-00003", "-00004", "-00005"))
    assert first["landingPage"].startswith("http://testserver/xxgk/xx/")
    assert data["filters"] == {"year": "2025", "organisation": "od-mzj"}


def test_malformed_filters_are_reported_not_fatal(client, items):
    response = client.get(reverse("disclosures:catalogue-export", args=["json"]), {"year": "abc"})
    data = json.loads(streamed(response))
    assert data["ignoredFilters"] == ["年份"]
    assert len(data["items"]) == 5


def test_other_formats_are_404(client, db):
    assert client.get("/xxgk/ml.xml").status_code == 404

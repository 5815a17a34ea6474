"""The statistics pages (/hdjl/tj/): figures from the database, the chart's text alternative,
the CSV equal to the table, and nothing personal anywhere."""

from __future__ import annotations

import csv
import io
import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from interaction.models import Letter, LetterEvent, Mailbox, Reply
from interaction.statistics import queries
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)
WRITER = "欧阳秀英"
PHONE = "13912345678"


def letter(org, received_on, **kwargs) -> Letter:
    mailbox, _ = Mailbox.objects.get_or_create(
        slug=f"box-{org.slug}", defaults={"organisation": org, "name": "局长信箱"}
    )
    values = {
        "number": f"TJ{next(_numbers):08d}",
        "mailbox": mailbox,
        "organisation": org,
        "category": "consultation",
        "subject": f"{WRITER}的来信",
        "content": f"联系电话{PHONE}",
        "writer_name": WRITER,
        "writer_phone": PHONE,
        "writer_email": "ouyang@example.com",
        "received_on": received_on,
        "accept_due_on": received_on + timedelta(days=1),
    }
    values.update(kwargs)
    return Letter.objects.create(**values)


def approve(item: Letter, on: date) -> None:
    Reply.objects.create(
        letter=item,
        organisation=item.organisation,
        text="答复",
        state=Reply.State.APPROVED,
        reviewed_by=UserFactory(username="stats-reviewer"),
        approved_at=datetime(on.year, on.month, on.day, 10, tzinfo=timezone.get_current_timezone()),
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def letters(org_a, org_b, today):
    this_month = today.replace(day=1)
    # In January “last month” is this month, so that every letter is in the page's year.
    last_month = (this_month - timedelta(days=1)).replace(day=1) if today.month > 1 else this_month
    answered = letter(
        org_a,
        last_month,
        status="rated",
        accepted_on=last_month,
        answered_on=last_month,
        satisfaction="satisfied",
    )
    approve(answered, last_month)
    letter(org_a, this_month, status="received")
    merged_into = letter(org_b, last_month, status="processing", accepted_on=last_month)
    letter(org_b, last_month, status="closed", merged_into=merged_into, closed_on=last_month)
    abusive = letter(org_b, last_month, status="closed", closed_on=last_month)
    LetterEvent.objects.create(
        letter=abusive, action="close_abusive", from_status="received", to_status="closed"
    )
    return answered


def test_rows_come_in_a_fixed_number_of_queries(letters, org_a, today, django_assert_num_queries):
    first = today.replace(month=1, day=1) - timedelta(days=400)
    with django_assert_num_queries(2):
        rows = queries.letter_rows(first=first, last=today)
    assert len(rows) == 5
    assert sum(r.merged for r in rows) == 1
    assert sum(r.abusive for r in rows) == 1
    assert len(queries.letter_rows(first=first, last=today, organisation=org_a)) == 2


def test_the_overview_renders_the_year_with_the_current_month_marked(client, letters, today):
    response = client.get(reverse("interaction:statistics"))
    assert response.status_code == 200
    body = response.content.decode()
    assert f"{today.year}年{today.month}月（本月截至今日）" in body
    assert "测试县民政局" in body
    assert "重复来信" in body
    assert "不计入受理、答复和各项比率" in body


def test_the_chart_is_svg_with_a_title_and_a_data_table(client, letters):
    body = client.get(reverse("interaction:statistics")).content.decode()
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg
    assert '<title id="chart-letters-title">' in svg
    assert svg.count('class="bar"') == 24
    figure = re.search(r"<figure.*?</figure>", body, re.S).group(0)
    assert "<figcaption>" in figure
    assert figure.count("<tr>") == 13  # the heading and twelve months


def test_the_csv_matches_the_table(client, letters, today):
    page = client.get(reverse("interaction:statistics")).content.decode()
    table = re.search(r'<table class="report-table letter-statistics">.*?</table>', page, re.S)
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S)
    ]
    response = client.get(reverse("interaction:statistics-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert rows == cells
    assert rows[-1][0] == "合计"


def test_the_organisation_page_and_its_csv(client, letters, org_a, today):
    url = reverse("interaction:statistics-organisation", args=[org_a.slug])
    body = client.get(url).content.decode()
    assert "测试县民政局来信办理统计" in body
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("interaction:statistics-organisation-csv", args=[org_a.slug]))
                .content.decode("utf-8")
                .lstrip("\ufeff")
            )
        )
    )
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["来信数"] == "2"
    assert total["满意率"] == "100.0%"
    assert (
        client.get(reverse("interaction:statistics-organisation", args=["nope"])).status_code == 404
    )


def test_zero_denominators_show_a_dash_not_zero_percent(client, org_a):
    rows = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("interaction:statistics-csv")).content.decode().lstrip("\ufeff")
            )
        )
    )
    total = dict(zip(rows[0], rows[-1], strict=True))
    assert total["来信数"] == "0"
    assert total["答复率"] == total["按时办结率"] == total["满意率"] == "—"


@pytest.mark.parametrize("year", ["abc", "1900", "99999999999999999999", ""])
def test_a_bad_year_shows_the_current_year(client, letters, year, today):
    response = client.get(reverse("interaction:statistics"), {"year": year})
    assert response.status_code == 200
    assert f"{today.year}年逐月统计" in response.content.decode()


def test_a_past_year_shows_twelve_months(client, org_a, today):
    letter(org_a, date(today.year - 1, 5, 6), status="received")
    body = client.get(reverse("interaction:statistics"), {"year": today.year - 1}).content
    body = body.decode()
    assert f"{today.year - 1}年12月" in body
    assert "本月截至今日" not in body.split("近12个月来信和答复情况")[0]


def test_no_personal_data_on_the_pages_or_in_the_csv(client, letters, org_a):
    urls = [
        reverse("interaction:statistics"),
        reverse("interaction:statistics-csv"),
        reverse("interaction:statistics-organisation", args=[org_a.slug]),
        reverse("interaction:statistics-organisation-csv", args=[org_a.slug]),
    ]
    for url in urls:
        content = client.get(url).content.decode("utf-8")
        for secret in (WRITER, PHONE, "ouyang@example.com", letters.number):
            assert secret not in content, (url, secret)


def test_the_overview_uses_a_fixed_number_of_queries(
    client, letters, org_a, today, django_assert_max_num_queries
):
    for _ in range(5):
        letter(org_a, today.replace(day=1), status="received")
    with django_assert_max_num_queries(12):
        client.get(reverse("interaction:statistics"))

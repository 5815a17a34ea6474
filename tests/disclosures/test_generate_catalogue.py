"""generate_catalogue: bulk synthetic items that behave like published ones."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from catalog.models import Category, Counter, Organisation
from disclosures.models import Disclosure
from disclosures.search.index import SearchEntry
from disclosures.search.planner import search
from disclosures.search.text import parse_query
from disclosures.services import INDEX_COUNTER
from kernel.identifiers import is_valid_credit_code
from portal.demo import synthetic_catalogue as generator
from tests.disclosures.builders import publish_item, staff_pair

pytestmark = pytest.mark.django_db


def generate(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("generate_catalogue", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def generated():
    return generate(300, "--organisations", 3)


def _statutory_ids() -> set[int]:
    root = Category.objects.get(slug="fdzdgk")
    ids, frontier = set(), {root.pk}
    while frontier:
        frontier = set(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids |= frontier
    return ids


def test_generates_listed_items_over_synthetic_organisations(generated):
    items = Disclosure.objects.listed().filter(external_id__startswith="gen-1-")
    assert items.count() == 300
    orgs = Organisation.objects.filter(slug__startswith="gen-").order_by("slug")
    assert [o.slug for o in orgs] == ["gen-0001", "gen-0002", "gen-0003"]
    assert all(is_valid_credit_code(o.credit_code) for o in orgs)
    assert {o.organisation_id for o in items} == {o.pk for o in orgs}
    assert len({d.title for d in items}) > 50  # varied titles, not one template


def test_index_numbers_unique_and_in_the_organisations_pattern(generated):
    rows = list(
        Disclosure.objects.filter(external_id__startswith="gen-").select_related("organisation")
    )
    numbers = [d.index_number for d in rows]
    assert len(set(numbers)) == len(numbers) == 300
    for d in rows:
        year = timezone.localtime(d.published_at).year
        assert re.fullmatch(rf"{d.organisation.credit_code}/{year}-\d{{5}}", d.index_number)
    # The counters hold exactly the serials handed out per organisation and year.
    for counter in Counter.objects.filter(name=INDEX_COUNTER):
        assert counter.last_value == sum(
            1
            for d in rows
            if d.organisation_id == counter.organisation_id
            and timezone.localtime(d.published_at).year == counter.year
        )


def test_every_item_has_a_statutory_column(generated):
    statutory = _statutory_ids()
    for d in Disclosure.objects.filter(external_id__startswith="gen-").prefetch_related(
        "categories"
    ):
        columns = {c.pk for c in d.categories.all()}
        assert columns
        assert columns <= statutory


def test_dates_within_ten_years_and_not_in_the_future(generated):
    today = timezone.localdate()
    first, last = generator.window(today)
    assert (last - first).days >= 3650
    years = set()
    for d in Disclosure.objects.filter(external_id__startswith="gen-"):
        published_on = timezone.localdate(d.published_at)
        assert first <= published_on <= last < today
        assert d.published_at <= timezone.now()
        assert d.written_on <= published_on
        years.add(published_on.year)
    assert len(years) >= 9  # spread over the decade


def test_search_finds_a_generated_title_word(generated, client):
    assert SearchEntry.objects.filter(disclosure__external_id__startswith="gen-").count() == 300
    # 模拟单位0002 only occurs in generated titles and bodies of that organisation.
    org = Organisation.objects.get(slug="gen-0002")
    word = org.short_name
    with_word = Disclosure.objects.filter(title__contains=word)
    assert with_word.exists()
    result = search(parse_query(word))
    assert result.total > 0
    hit_ids = {h.disclosure.pk for h in result.hits}
    assert hit_ids <= set(Disclosure.objects.filter(organisation=org).values_list("pk", flat=True))
    assert hit_ids & set(with_word.values_list("pk", flat=True))
    # A generated item is found on the public search page by its own title (the query itself is
    # echoed in the search box, so the item's link is what must be on the page).
    titled = Disclosure.objects.filter(external_id__startswith="gen-").order_by("pk").first()
    html = client.get(reverse("search"), {"q": titled.title}).content.decode()
    assert titled.get_absolute_url() in html
    html = client.get(reverse("search"), {"q": word}).content.decode()
    assert "模拟单位" in html


def test_second_run_creates_nothing_and_a_bigger_run_continues(generated):
    before = set(Disclosure.objects.values_list("pk", "index_number"))
    out, _ = generate(300, "--organisations", 3)
    assert "无需生成" in out
    assert set(Disclosure.objects.values_list("pk", "index_number")) == before
    generate(320, "--organisations", 3, "--no-search")
    assert Disclosure.objects.filter(external_id__startswith="gen-1-").count() == 320
    assert Disclosure.objects.filter(external_id="gen-1-320").exists()
    assert SearchEntry.objects.count() == 300  # --no-search skipped the index


def test_same_seed_same_items_other_seed_other_items(generated):
    titles = dict(Disclosure.objects.values_list("external_id", "title"))
    Disclosure.objects.all().delete()
    generate(300, "--organisations", 3)
    assert dict(Disclosure.objects.values_list("external_id", "title")) == titles
    generate(10, "--organisations", 3, "--seed", 2)
    assert Disclosure.objects.filter(external_id__startswith="gen-2-").count() == 10


def test_real_publication_continues_the_serial_numbers(generated):
    org = Organisation.objects.get(slug="gen-0002")
    author, reviewer = staff_pair(org)
    year = (
        timezone.localtime(
            Disclosure.objects.filter(organisation=org).order_by("-published_at")[0].published_at
        )
    ).year
    counter = Counter.objects.get(organisation=org, name=INDEX_COUNTER, year=year)
    generated_numbers = set(
        Disclosure.objects.filter(organisation=org).values_list("index_number", flat=True)
    )
    item = publish_item(
        org,
        author=author,
        reviewer=reviewer,
        title="真实发布的通知",
        publish_at=dt.datetime(year, 6, 1, 10, tzinfo=timezone.get_current_timezone()),
        column="tzgg",
    )
    assert item.index_number == org.format_index_number(
        year=year, month=6, seq=counter.last_value + 1
    )
    assert item.index_number not in generated_numbers


def test_progress_goes_to_stderr(generated):
    out, err = generated
    lines = [line for line in err.splitlines() if "%" in line]
    assert len(lines) >= 3
    assert "100.0%" in lines[-1]
    assert "条/秒" in lines[-1]
    assert "%" not in out


def test_uses_active_organisations_by_default(org_a, org_b):
    generate(40)
    orgs = set(Disclosure.objects.values_list("organisation__slug", flat=True))
    active = set(Organisation.objects.active().values_list("slug", flat=True))
    assert {"a-mzj", "b-czj"} <= orgs <= active
    assert not Organisation.objects.filter(slug__startswith="gen-").exists()

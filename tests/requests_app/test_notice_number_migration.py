"""The migration that makes 发文字号 unique copes with the duplicates older versions issued."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("requests_app", "0002_released_files"), ("catalog", "0005_holiday_arrangement")]


def migrate(targets=None):
    """Migrate to ``targets``, or forward to the latest state (so later tests find it)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_duplicate_numbers_are_renumbered_and_the_earliest_keeps_its_number():
    apps = migrate(BEFORE)
    Organisation = apps.get_model("catalog", "Organisation")
    Application = apps.get_model("requests_app", "Application")
    ReplyNotice = apps.get_model("requests_app", "ReplyNotice")
    Counter = apps.get_model("catalog", "Counter")
    org = Organisation.objects.create(
        name="示例县民政局", short_name="县民政局", slug="mzj", credit_code="11330000MB0000001X"
    )
    other = Organisation.objects.create(
        name="示例县财政局", short_name="县财政局", slug="czj", credit_code="11330000MB0000002X"
    )

    def case(organisation, n):
        return Application.objects.create(
            organisation=organisation,
            number=f"{organisation.slug}-{n}",
            received_on=dt.date(2025, 3, 3),
            name="张三",
            id_number="x",
            phone="1",
            address="a",
            description="d",
        )

    def notice(application, kind, number, day):
        return ReplyNotice.objects.create(
            application=application,
            kind=kind,
            number=number,
            title=kind,
            body=f"<p class='notice-number'>{number}</p><p>正文</p>",
            issued_on=dt.date(2025, 3, day),
        )

    one, two = case(org, 1), case(org, 2)
    receipt = notice(one, "receipt", "县民政局依申请〔2025〕1号", 3)
    correction = notice(one, "correction", "县民政局依申请〔2025〕1号", 5)
    answer = notice(two, "answer", "县民政局依申请〔2025〕1号", 4)
    second = notice(two, "receipt", "县民政局依申请〔2025〕2号", 3)
    elsewhere = notice(case(other, 1), "receipt", "县财政局依申请〔2025〕1号", 3)
    Counter.objects.create(organisation=org, name="notice-receipt", year=2025, last_value=2)

    apps = migrate()
    ReplyNotice = apps.get_model("requests_app", "ReplyNotice")
    Counter = apps.get_model("catalog", "Counter")
    by_pk = {n.pk: n for n in ReplyNotice.objects.all()}

    assert by_pk[receipt.pk].number == "县民政局依申请〔2025〕1号"  # the earliest keeps it
    assert by_pk[second.pk].number == "县民政局依申请〔2025〕2号"
    assert by_pk[answer.pk].number == "县民政局依申请〔2025〕3号"  # by issue date, then id
    assert by_pk[correction.pk].number == "县民政局依申请〔2025〕4号"
    assert "县民政局依申请〔2025〕4号" in by_pk[correction.pk].body
    assert "〔2025〕1号" not in by_pk[correction.pk].body
    assert by_pk[elsewhere.pk].number == "县财政局依申请〔2025〕1号"
    assert by_pk[elsewhere.pk].organisation_id == other.pk
    assert {n.organisation_id for n in by_pk.values() if n.pk != elsewhere.pk} == {org.pk}
    # the shared sequence continues after the highest number in use
    assert Counter.objects.get(organisation_id=org.pk, name="notice", year=2025).last_value == 4
    assert Counter.objects.get(organisation_id=other.pk, name="notice", year=2025).last_value == 1

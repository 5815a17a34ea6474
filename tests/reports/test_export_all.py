"""`manage.py export_all`: everything out in open formats, and back into an empty portal (#19)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command

from catalog import roles
from catalog.models import Counter
from disclosures.imports.models import LegacyAddress
from disclosures.models import Attachment, Disclosure
from disclosures.workflow import Status
from reports.exports.full import verify_export
from tests.disclosures.import_helpers import item, write_csv, write_zip
from tests.disclosures.samples import make_pdf
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db


def catalogue_state() -> dict:
    """What a round trip must keep: counts, attachment checksums, titles, numbers, dates."""
    return {
        "items": Disclosure.objects.filter(status=Status.PUBLISHED).count(),
        "checksums": sorted(Attachment.objects.values_list("sha256", flat=True)),
        "titles": sorted(Disclosure.objects.values_list("title", flat=True)),
        "index": sorted(Disclosure.objects.values_list("index_number", flat=True)),
        "dates": sorted(Disclosure.objects.values_list("published_at", flat=True)),
    }


def test_export_round_trips_into_an_empty_catalogue(tmp_path):
    org = OrganisationFactory(slug="smmzj", name="三明市民政局")
    make_staff(role=roles.SUPERVISOR, organisations=[org], username="chief")
    files = {f"f{n}.pdf": make_pdf(f"attachment number {n}") for n in range(3)}
    rows = [
        item(标题=f"第{n}条信息", 附件=f"f{n}.pdf", 文号=f"明民〔2019〕{n + 1}号",
             原网址=f"http://old.example/{n}.htm", 发布日期=f"2019-0{n + 1}-10",
             成文日期=f"2019-0{n + 1}-01")
        for n in range(3)
    ] + [item(标题="=公式样的标题", 有效性="失效", **{"失效/废止日期": "2021-01-01"})]  # fmt: skip
    call_command(
        "import_catalogue", str(write_csv(tmp_path / "in.csv", rows)), "--user", "chief",
        "--attachments", str(write_zip(tmp_path / "in.zip", files)),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    before = catalogue_state()
    out = tmp_path / "export"
    call_command("export_all", str(out), stdout=io.StringIO(), stderr=io.StringIO())

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["items"] == 4
    assert manifest["counts"]["attachments"] == 3
    assert verify_export(out) == []
    with (out / "catalogue.csv").open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 4
    events = (out / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert any(json.loads(line)["note"].startswith("导入，原发布日期") for line in events)

    # An empty catalogue (in this test's transaction), then the export read back in.
    LegacyAddress.objects.all().delete()
    Disclosure.objects.all().delete()
    Counter.objects.all().delete()
    call_command(
        "import_catalogue", str(out / "catalogue.csv"), "--user", "chief",
        "--attachments", str(out / "attachments.zip"),
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    after = catalogue_state()
    assert after == before
    assert Disclosure.objects.get(title="=公式样的标题").validity == "expired"


def test_a_changed_file_fails_verification(tmp_path):
    OrganisationFactory(slug="smmzj")
    call_command("export_all", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())
    (tmp_path / "events.jsonl").write_text("{}\n", encoding="utf-8")
    assert verify_export(tmp_path) == ["events.jsonl"]


def test_applications_read_back_with_import_applications(tmp_path):
    import datetime as dt

    from requests_app.models import Application
    from tests.reports import case

    org = OrganisationFactory(slug="mzj", name="示例县民政局")
    boss = make_staff(role=roles.SUPERVISOR, organisations=[org], username="boss")
    case(org, boss, received_on=dt.date(2025, 3, 3), outcome="disclose")
    case(org, boss, received_on=dt.date(2025, 3, 4))
    before = sorted(Application.objects.values_list("number", "status", "outcome", "name"))
    call_command("export_all", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    Application.objects.all().delete()
    Counter.objects.all().delete()
    call_command(
        "import_applications", str(tmp_path / "applications.csv"), "--user", "boss",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip
    after = sorted(Application.objects.values_list("number", "status", "outcome", "name"))
    assert after == before

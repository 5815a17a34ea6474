"""The yearly archive package (issue #19, docs/archive.md): repeatable, verifiable, masked
unless restricted, scoped to the 主管 of the organisation, WARC readable back."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from warcio.archiveiterator import ArchiveIterator

from catalog import roles
from disclosures import services as disclosure_services
from reports.archive import layout
from reports.archive.models import ArchiveEvent, ArchivePackage
from reports.archive.services import (
    ArchiveRefused,
    archive_year,
    build_package,
    open_package,
)
from reports.archive.verify import verify_entries, verify_package
from requests_app.access_log.models import PersonalDataAccess
from tests.disclosures.builders import at, edit_published, publish_item, staff_pair
from tests.factories import make_staff
from tests.reports import _person, case, supervisor

pytestmark = pytest.mark.django_db

YEAR = 2025
APPLICANT = _person(7)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _no_pdf_font(settings):
    """A CJK PDF costs about ten seconds of font subsetting: the package is built without a font
    (notices kept as HTML, as on a server without one) except in the tests about the PDFs."""
    settings.REPORT_PDF_FONT = "/nonexistent/font.ttc"


@pytest.fixture
def year_of(org_a):
    """Two items of 2025 (one with an attachment, one withdrawn later), one of 2024, one
    closed case with its reply notice."""
    author, reviewer = staff_pair(org_a)
    boss = supervisor(org_a, username="a-boss")
    first = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="关于2025年养老服务补贴发放工作的通知",
        column="tzgg",
        publish_at=at(YEAR, 3, 3),
        body="<p>各乡镇：现将有关事项通知如下。</p>",
        keywords="养老 补贴",
        document_number="测民〔2025〕3号",
        attachments=[("补贴标准.pdf", b"%PDF-1.4\n% test attachment\n")],
    )
    second = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="县民政局召开2025年社会救助工作会议",
        column="gzdt",
        publish_at=at(YEAR, 4, 1),
    )
    old = publish_item(
        org_a,
        author=author,
        reviewer=reviewer,
        title="2024年的一条信息",
        column="gzdt",
        publish_at=at(2024, 5, 1),
    )
    application = case(
        org_a,
        boss,
        received_on=dt.date(YEAR, 3, 3),
        outcome="disclose",
        answered_on=dt.date(YEAR, 3, 10),
        data=APPLICANT,
    )
    return {"boss": boss, "items": [first, second], "old": old, "case": application}


def entries_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def build(org, restricted=False):
    return build_package(organisation=org, year=YEAR, restricted=restricted)


def test_the_package_holds_the_years_items_cases_and_captures_and_passes_verification(
    org_a, year_of
):
    built = build(org_a)
    entries = entries_of(built.content)
    items = [p for p in entries if p.endswith("/metadata.json")]
    assert len(items) == 2  # the 2024 item is not in the 2025 package
    number = year_of["items"][0].index_number
    meta = json.loads(
        entries[f"{layout.PAYLOAD}items/{layout.safe_name(number, fallback='')}/metadata.json"]
    )
    assert meta["索引号"] == number
    assert meta["文号"] == "测民〔2025〕3号"
    assert meta["发布机构"] == org_a.name
    assert meta["关键词"] == ["养老", "补贴"]
    assert meta["附件"][0]["文件名"] == "补贴标准.pdf"
    attachment = [p for p in entries if "/attachments/" in p]
    assert entries[attachment[0]] == b"%PDF-1.4\n% test attachment\n"
    notices = [p for p in entries if p.startswith(f"data/cases/{year_of['case'].number}/notices/")]
    assert notices
    assert all(p.endswith(".html") for p in notices)
    assert built.info.items == 2
    assert built.info.cases == 1
    assert built.info.captures == 2
    verdict = verify_entries(entries)
    assert verdict.ok, verdict.problems
    assert verdict.records == 3  # warcinfo and two pages


def test_archiving_twice_gives_the_same_bytes_and_a_change_touches_only_that_items_files(
    org_a, year_of
):
    first = build(org_a)
    again = build(org_a)
    assert again.content == first.content
    assert again.sha256 == first.sha256
    item = year_of["items"][1]
    edit_published(
        actor=year_of["boss"], disclosure=item, values={"summary": "会议部署全年社会救助工作。"}
    )
    changed = entries_of(build(org_a).content)
    before = entries_of(first.content)
    assert set(changed) == set(before)
    differ = {p for p in before if before[p] != changed[p]}
    folder = f"data/items/{layout.safe_name(item.index_number, fallback='')}/"
    assert f"{folder}metadata.json" in differ
    assert f"{folder}events.json" in differ
    # Besides the item: its capture, the year's catalogue and the tag files that list them.
    others = {p for p in differ if not p.startswith(folder)}
    assert others == {
        layout.WARC_PATH,
        "data/items/catalogue.json",
        layout.MANIFEST,
        layout.MANIFEST_JSON,
        layout.BAG_INFO,
        layout.TAG_MANIFEST,
    }


def write(tmp_path, entries: dict[str, bytes]):
    path = tmp_path / "package.zip"
    with open(path, "wb") as handle:
        layout.write_zip(handle, entries)
    return path


def run_verify(path):
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_archive", str(path), stdout=out, stderr=err)
    except CommandError as exc:
        return False, out.getvalue() + err.getvalue() + str(exc)
    return True, out.getvalue()


def test_verify_finds_a_tampered_a_missing_and_an_extra_file(org_a, year_of, tmp_path):
    entries = entries_of(build(org_a).content)
    ok, text = run_verify(write(tmp_path, entries))
    assert ok
    assert "校验通过" in text
    body = next(p for p in entries if p.endswith("/body.html"))

    tampered = {**entries, body: entries[body].replace("各乡镇".encode(), "各街道".encode())}
    ok, text = run_verify(write(tmp_path, tampered))
    assert not ok
    assert f"校验值不符：{body}" in text

    missing = {p: c for p, c in entries.items() if p != body}
    ok, text = run_verify(write(tmp_path, missing))
    assert not ok
    assert f"缺少文件：{body}" in text

    extra = {**entries, "data/items/extra.txt": b"not in the manifest"}
    ok, text = run_verify(write(tmp_path, extra))
    assert not ok
    assert "多出文件：data/items/extra.txt" in text


def test_verify_checks_the_warc_records_digests(org_a, year_of, tmp_path):
    entries = entries_of(build(org_a).content)
    # A page altered and the manifest rewritten to match: only the WARC's own digests can tell.
    import gzip

    raw = gzip.decompress(entries[layout.WARC_PATH])
    raw = raw.replace("社会救助".encode(), "社会福利".encode(), 1)
    entries[layout.WARC_PATH] = raw  # uncompressed WARC: readers accept it, lengths unchanged
    payload = {p: c for p, c in entries.items() if p.startswith(layout.PAYLOAD)}
    info = layout.PackageInfo("x", "", YEAR, False, 2, 1, 0, 2)
    verdict = verify_package(write(tmp_path, layout.bag(info, payload, {})))
    assert any("网页采集记录校验不符" in p for p in verdict.problems)


def test_the_warc_reads_back_with_warcio(org_a, year_of):
    entries = entries_of(build(org_a).content)
    records = [
        (r.rec_type, r.rec_headers, r.http_headers, r.content_stream().read())
        for r in ArchiveIterator(io.BytesIO(entries[layout.WARC_PATH]))
    ]
    assert [r[0] for r in records] == ["warcinfo", "response", "response"]
    first = year_of["items"][0]
    _, headers, http, body = records[1]
    assert headers.get_header("WARC-Target-URI").endswith(first.get_absolute_url())
    assert headers.get_header("WARC-Date") == "2025-03-03T02:00:00Z"
    assert http.get_statuscode() == "200"
    assert first.title in body.decode("utf-8")


def test_personal_data_is_only_in_the_restricted_package(org_a, year_of):
    normal = b"".join(entries_of(build(org_a).content).values())
    restricted_entries = entries_of(build(org_a, restricted=True).content)
    restricted = b"".join(restricted_entries.values())
    for value in (APPLICANT["id_number"], APPLICANT["phone"], APPLICANT["address"]):
        assert value.encode() in restricted
        assert value.encode() not in normal
    assert "张三丰".encode() in restricted
    assert "张三丰".encode() not in normal
    assert "张*丰".encode() in normal
    assert verify_entries(restricted_entries).ok


def test_a_supervisor_makes_a_restricted_package_and_each_access_is_logged(org_a, year_of):
    boss = year_of["boss"]
    package = archive_year(actor=boss, organisation=org_a, year=YEAR, restricted=True)
    assert package.case_count == 1
    assert package.restricted
    assert "private/" in package.file.name
    logged = PersonalDataAccess.objects.filter(user=boss, case_number=year_of["case"].number)
    assert logged.count() == 1
    with open_package(actor=boss, package=package) as handle:
        assert layout.sha256_of(handle.read()) == package.sha256
    assert logged.count() == 2
    assert list(
        ArchiveEvent.objects.filter(package=package).order_by("pk").values_list("action", flat=True)
    ) == ["create", "download"]


def test_a_supervisor_of_another_organisation_can_neither_make_nor_download(org_a, org_b, year_of):
    package = archive_year(actor=year_of["boss"], organisation=org_a, year=YEAR)
    stranger = supervisor(org_b, username="b-boss")
    with pytest.raises(ArchiveRefused, match="本机构"):
        archive_year(actor=stranger, organisation=org_a, year=YEAR)
    with pytest.raises(ArchiveRefused, match="本机构"):
        open_package(actor=stranger, package=package)
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    with pytest.raises(ArchiveRefused, match="主管"):
        archive_year(actor=officer, organisation=org_a, year=YEAR)
    assert ArchiveEvent.objects.filter(action="download").count() == 0
    assert ArchivePackage.objects.count() == 1


def test_the_command_prints_progress_writes_the_package_and_a_run_log_beside_it(
    org_a, year_of, tmp_path
):
    out = StringIO()
    call_command("archive_year", org_a.slug, str(YEAR), output=str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "主动公开信息：2/2" in text
    assert "依申请公开案卷：1/1" in text
    assert "完成" in text
    name = layout.package_name(slug=org_a.slug, year=YEAR, restricted=False)
    first = (tmp_path / name).read_bytes()
    assert json.loads((tmp_path / f"{name}.run.json").read_text())["sha256"] == layout.sha256_of(
        first
    )
    call_command("archive_year", org_a.slug, str(YEAR), output=str(tmp_path), stdout=StringIO())
    assert (tmp_path / name).read_bytes() == first
    assert ArchivePackage.objects.get().sha256 == layout.sha256_of(first)
    ok, _ = run_verify(tmp_path / name)
    assert ok


def test_the_command_refuses_an_unknown_organisation_and_a_future_year(org_a):
    with pytest.raises(CommandError, match="不存在"):
        call_command("archive_year", "no-such-org", "2025", stdout=StringIO())
    with pytest.raises(CommandError, match="年度应在"):
        call_command("archive_year", org_a.slug, "2999", stdout=StringIO())


def test_a_withdrawn_item_is_archived_in_the_year_it_was_withdrawn(org_a, year_of):
    item = year_of["old"]
    disclosure_services.withdraw_disclosure(
        actor=make_staff(role=roles.REVIEWER, organisations=[org_a]),
        disclosure=item,
        reason="内容已过时。",
    )
    # Withdrawn now (this year): it is in this year's package, shown as withdrawn, not in 2025's.
    assert build(org_a).info.items == 2
    this_year = build_package(organisation=org_a, year=timezone.localdate().year, restricted=False)
    folder = f"data/items/{layout.safe_name(item.index_number, fallback='')}"
    meta = json.loads(entries_of(this_year.content)[f"{folder}/metadata.json"])
    assert meta["状态"] == "已撤回"
    assert meta["撤回原因"] == "内容已过时。"


def test_the_notices_are_archived_as_pdf_with_the_same_bytes_every_time(org_a, year_of, settings):
    from kernel.pdf import DEFAULT_PDF_FONTS, find_pdf_font
    from reports.archive import cases

    settings.REPORT_PDF_FONT = DEFAULT_PDF_FONTS
    if find_pdf_font() is None:
        pytest.skip("no CJK font on this machine")
    notice = year_of["case"].notices.order_by("pk").last()
    first = cases.notice_pdf(notice, notice.body)
    assert first.startswith(b"%PDF")
    assert cases.notice_pdf(notice, notice.body) == first
    entries = entries_of(build(org_a).content)
    stem = f"data/cases/{year_of['case'].number}/notices/{layout.safe_name(notice.number, fallback='')}"
    assert entries[f"{stem}.pdf"].startswith(b"%PDF")
    assert verify_entries(entries).ok


def test_the_years_annual_report_is_archived_as_the_public_downloaded_it(org_a, year_of):
    from reports.annual.downloads.models import StoredDownload
    from tests.reports import published

    report = published(org_a, year_of["boss"], year=YEAR)
    entries = entries_of(build(org_a).content)
    folder = f"data/reports/{YEAR}-{report.scope}-v1"
    for fmt in ("xlsx", "csv", "json"):  # no font in this test: no PDF
        stored = StoredDownload.objects.get(report=report, fmt=fmt)
        assert entries[f"{folder}/report.{fmt}"] == bytes(stored.body)
    assert f"{folder}/report.pdf" not in entries
    assert json.loads(entries[f"{folder}/events.json"])[-1]["操作"] == "发布"
    assert verify_entries(entries).ok


def test_verify_reports_a_file_that_is_not_a_package(tmp_path):
    path = tmp_path / "not-a-package.zip"
    path.write_bytes(b"plain text, not a ZIP")
    ok, text = run_verify(path)
    assert not ok
    assert "无法读取归档包" in text
    ok, text = run_verify(tmp_path / "missing.zip")
    assert not ok
    assert "找不到归档包" in text


def test_an_unpacked_package_verifies_as_a_folder_and_a_tampered_file_is_found(
    org_a, year_of, tmp_path
):
    path = write(tmp_path, entries_of(build(org_a).content))
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(path) as archive:
        archive.extractall(folder)
    ok, text = run_verify(folder)
    assert ok
    assert "校验通过" in text
    attachment = next(folder.glob("data/items/*/attachments/*"))
    attachment.write_bytes(b"%PDF-1.4\n% replaced\n")
    ok, text = run_verify(folder)
    assert not ok
    assert "校验值不符：" + attachment.relative_to(folder).as_posix() in text


def test_the_command_makes_a_restricted_package_in_a_supervisors_name_and_logs_it(org_a, year_of):
    boss = year_of["boss"]
    call_command(
        "archive_year",
        org_a.slug,
        str(YEAR),
        restricted=True,
        user=boss.username,
        stdout=StringIO(),
    )
    package = ArchivePackage.objects.get(restricted=True)
    assert package.created_by == boss
    assert PersonalDataAccess.objects.filter(user=boss, kind="export").count() == 1
    officer = make_staff(role=roles.INFO_OFFICER, organisations=[org_a])
    with pytest.raises(CommandError, match="主管"):
        call_command(
            "archive_year", org_a.slug, str(YEAR), restricted=True, user=officer.username,
            stdout=StringIO(),
        )  # fmt: skip

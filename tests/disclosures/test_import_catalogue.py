"""`manage.py import_catalogue`: an old site's catalogue in, published items out, all or nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from catalog import roles
from catalog.models import Counter
from disclosures.imports.models import LegacyAddress
from disclosures.models import Disclosure, DisclosureEvent, Validity
from disclosures.workflow import Status
from tests.disclosures.factories import make_published, valid_id_number
from tests.disclosures.import_helpers import item, write_csv, write_map, write_xlsx, write_zip
from tests.disclosures.samples import make_pdf
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def org(db):
    return OrganisationFactory(slug="smmzj", name="三明市民政局", short_name="市民政局")


@pytest.fixture
def chief(org):
    return make_staff(role=roles.SUPERVISOR, organisations=[org], username="chief")


def run(path, *args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_catalogue", str(path), *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def fails(path, *args, **options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command(
            "import_catalogue", str(path), *args, stdout=io.StringIO(), stderr=err, **options
        )
    assert not Disclosure.objects.exists()
    return err.getvalue()


def test_happy_path_publishes_with_original_date_event_and_attachment(tmp_path, org, chief):
    pdf = make_pdf("2019 nian du jian cha biao")
    zip_path = write_zip(tmp_path / "att.zip", {"files/检查表.pdf": pdf})
    number = org.format_index_number(year=2019, month=3, seq=41)
    path = write_csv(
        tmp_path / "items.csv",
        [
            item(
                文号="明民〔2019〕12号",
                索引号=number,
                附件="检查表.pdf",
                原网址="http://mzj.sm.gov.cn/zwgk/tzgg/201903/t20190305_1.htm",
                关键词="养老 检查",
                文种="通知",
            ),
            item(
                标题="市民政局召开2019年工作会议",
                正文="<p onclick='x()'>会议<script>bad()</script></p>",
            ),
        ],
    )
    out, err = run(path, "--attachments", zip_path, "--user", "chief")
    assert "新增2条" in out
    assert "发布2条" in out
    assert "导入 [" in err  # the progress bar is on stderr
    first = Disclosure.objects.get(document_number="明民〔2019〕12号")
    assert first.status == Status.PUBLISHED
    assert timezone.localdate(first.published_at) == dt.date(2019, 3, 5)
    assert first.index_number == number
    assert first.genre == "notice"
    assert [a.original_name for a in first.attachments.all()] == ["检查表.pdf"]
    publish = first.events.get(action=DisclosureEvent.Action.PUBLISH)
    assert publish.note == "导入，原发布日期 2019-03-05"
    assert publish.actor == chief
    second = Disclosure.objects.get(title="市民政局召开2019年工作会议")
    assert "<script" not in second.body
    assert "onclick" not in second.body
    assert "<p>各县" in first.body  # plain text became paragraphs
    # The counter continues after the largest imported 索引号.
    counter = Counter.objects.get(organisation=org, year=2019)
    assert counter.last_value == 42  # 41 imported, 42 given to the item without one
    assert second.index_number == org.format_index_number(year=2019, month=3, seq=42)


def test_second_run_updates_and_never_duplicates(tmp_path, org, chief):
    rows = [
        item(原网址="http://old.example/a/1.htm"),
        item(标题="第二条", 外部编号="OLD-2", 发布日期="2019-04-01"),
    ]
    run(write_csv(tmp_path / "a.csv", rows), "--user", "chief")
    assert Disclosure.objects.count() == 2
    rows[0]["标题"] = "关于开展2019年度养老服务机构检查的通知（更正）"
    out, _ = run(write_csv(tmp_path / "b.csv", rows), "--user", "chief")
    assert Disclosure.objects.count() == 2
    assert "新增0条，更新1条，无变化1条" in out
    changed = LegacyAddress.objects.get(url="http://old.example/a/1.htm").disclosure
    assert changed.title.endswith("（更正）")
    assert changed.events.filter(note="导入更新").count() == 1


def test_gb18030_csv_with_column_map(tmp_path, org, chief):
    path = write_csv(tmp_path / "old.csv", [item(栏目="公告通知")], encoding="gb18030")
    mapping = write_map(tmp_path / "map.csv", {"公告通知": "通知公告"})
    run(path, "--user", "chief", "--column-map", mapping)
    item_ = Disclosure.objects.get()
    assert [c.name for c in item_.categories.all()] == ["通知公告"]
    assert item_.title.startswith("关于开展")


def test_dry_run_writes_nothing(tmp_path, org, chief):
    out, _ = run(write_csv(tmp_path / "a.csv", [item()]), "--user", "chief", "--dry-run")
    assert "检查通过：1条" in out
    assert not Disclosure.objects.exists()


def test_personal_data_is_held_back_as_draft_and_listed(tmp_path, org, chief):
    rows = [item(正文=f"申请人身份证号码{valid_id_number()}"), item(标题="无个人信息")]
    out, _ = run(write_csv(tmp_path / "a.csv", rows), "--user", "chief")
    held = Disclosure.objects.get(title__startswith="关于开展")
    assert held.status == Status.DRAFT
    assert "第2行" in out
    assert "保留为草稿" in out
    assert valid_id_number() not in out  # listed masked, never the number itself
    assert Disclosure.objects.get(title="无个人信息").status == Status.PUBLISHED


def test_only_a_supervisor_of_the_organisation_may_import(tmp_path, org):
    make_staff(role=roles.REVIEWER, organisations=[org], username="rev")
    other = OrganisationFactory(slug="other")
    make_staff(role=roles.SUPERVISOR, organisations=[other], username="elsewhere")
    path = write_csv(tmp_path / "a.csv", [item()])
    for username in ("rev", "elsewhere"):
        with pytest.raises(CommandError, match="主管"):
            run(path, "--user", username)
    assert not Disclosure.objects.exists()


def test_validity_with_dates(tmp_path, org, chief):
    rows = [item(有效性="废止", **{"失效/废止日期": "2020-01-01", "失效/废止说明": "被新办法替代"})]
    run(write_csv(tmp_path / "a.csv", rows), "--user", "chief")
    repealed = Disclosure.objects.get()
    assert repealed.validity == Validity.REPEALED
    assert repealed.validity_changed_on == dt.date(2020, 1, 1)


def test_old_url_redirects_with_301_only_on_404(tmp_path, org, chief, client):
    run(write_csv(tmp_path / "a.csv", [item(原网址="http://old.example/art/2019/3/5/art_1.html")]),
        "--user", "chief")  # fmt: skip
    target = Disclosure.objects.get()
    response = client.get("/art/2019/3/5/art_1.html")
    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()
    assert client.get("/art/2019/3/5/art_2.html").status_code == 404


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"发布日期": "2019-13-45"}, "第2行“发布日期”列：“2019-13-45”格式不正确"),
        ({"发布日期": "2999-01-01"}, "晚于今天"),
        ({"成文日期": "2019-04-01"}, "成文日期不能晚于发布日期"),
        ({"机构": "不存在的局"}, "第2行“机构”列：找不到机构“不存在的局”"),
        ({"栏目": "不存在的栏目"}, "找不到栏目“不存在的栏目”"),
        ({"附件": "没有的文件.pdf"}, "请同时上传附件ZIP文件"),
        ({"有效性": "失效"}, "请填写失效/废止日期"),
        ({"标题": ""}, "请填写标题"),
    ],
)
def test_bad_cells_are_reported_by_line_and_column(tmp_path, org, chief, values, message):
    err = fails(write_csv(tmp_path / "a.csv", [item(**values)]), "--user", "chief")
    assert message in err


def test_unknown_column_header(tmp_path, org, chief):
    path = write_csv(
        tmp_path / "a.csv", [item()], header=["标题", "机构", "栏目", "发布日期", "备注"]
    )
    assert "无法识别的列“备注”" in fails(path, "--user", "chief")


def test_duplicate_document_number_in_file_and_against_database(tmp_path, org, chief):
    rows = [item(文号="明民〔2019〕1号"), item(标题="另一条", 文号="明民[2019]1号")]
    err = fails(write_csv(tmp_path / "a.csv", rows), "--user", "chief")
    assert "“文号”列：文号“明民〔2019〕1号”与第2行重复" in err

    make_published(organisation=org, document_number="明民〔2019〕7号")
    path = write_csv(tmp_path / "b.csv", [item(文号="明民〔2019〕7号")])
    with pytest.raises(CommandError):
        run(path, "--user", "chief")
    assert Disclosure.objects.count() == 1


def test_index_number_of_another_organisation_is_an_error(tmp_path, org, chief):
    other = OrganisationFactory(slug="czj", name="三明市财政局")
    theirs = other.format_index_number(year=2019, month=1, seq=3)
    err = fails(write_csv(tmp_path / "a.csv", [item(索引号=theirs)]), "--user", "chief")
    assert "属于“三明市财政局”" in err


def test_zip_slip_and_missing_file_and_oversize(tmp_path, org, chief, settings):
    pdf = make_pdf("ok")
    slip = write_zip(tmp_path / "slip.zip", {"../../etc/passwd.pdf": pdf, "a.pdf": pdf})
    path = write_csv(tmp_path / "a.csv", [item(附件="a.pdf")])
    assert "指向ZIP以外的位置" in fails(path, "--user", "chief", "--attachments", slip)

    good = write_zip(tmp_path / "good.zip", {"a.pdf": pdf})
    missing = write_csv(tmp_path / "b.csv", [item(附件="a.pdf；b.pdf")])
    assert "ZIP文件中没有附件“b.pdf”" in fails(missing, "--user", "chief", "--attachments", good)

    settings.ATTACHMENT_MAX_BYTES = len(pdf) - 1
    assert "超过大小限制" in fails(path, "--user", "chief", "--attachments", good)


def test_zip_bomb_is_refused_by_declared_total(tmp_path, org, chief, monkeypatch):
    from disclosures.imports import bundle

    monkeypatch.setattr(bundle, "DEFAULT_MAX_TOTAL", 1024 * 1024)
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.pdf", b"%PDF-" + b"\0" * (2 * 1024 * 1024))
    path = write_csv(tmp_path / "a.csv", [item(附件="a.pdf")])
    assert "超过单次导入的上限" in fails(path, "--user", "chief", "--attachments", bomb)


def test_formula_cells_are_text_never_evaluated(tmp_path, org, chief):
    header = ["标题", "机构", "栏目", "发布日期", "关键词"]
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [header, ['=HYPERLINK("http://evil.example","点我")', "smmzj", "工作动态", "2019-03-05",
                  "=1+1"]],
    )  # fmt: skip
    run(path, "--user", "chief")
    imported = Disclosure.objects.get()
    assert imported.title == '=HYPERLINK("http://evil.example","点我")'
    assert imported.keywords == "=1+1"


def test_wrong_encoding_is_a_clear_error_not_a_crash(tmp_path, org, chief):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xff\xfe\x00\x00" + "标题".encode("utf-16-le"))
    with pytest.raises(CommandError):
        run(path, "--user", "chief")
    assert not Disclosure.objects.exists()

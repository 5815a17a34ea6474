"""`manage.py import_applications`: a ledger in, cases through the services out, all or nothing."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from catalog import roles
from catalog.models import CalendarDay, Counter
from kernel.identifiers import credit_code_check_char, id_number_check_char
from requests_app.importing.columns import HEADERS
from requests_app.importing.validation import organisation_index, parse_rows
from requests_app.importing.values import TZ
from requests_app.models import Application, ApplicationEvent, Channel, ReplyNotice
from requests_app.outcomes import Outcome
from requests_app.workflow import Status
from tests.factories import OrganisationFactory, make_staff

pytestmark = pytest.mark.django_db

ID_1 = "33109919800101001" + id_number_check_char("33109919800101001")
ID_2 = "33109919751230002" + id_number_check_char("33109919751230002")
BORN_TOMORROW = "33109920261121001" + id_number_check_char("33109920261121001")  # TODAY + 1
WRONG_ID = ID_1[:17] + ("0" if ID_1[17] != "0" else "1")
CREDIT = "91331099MA2H3B4C5" + credit_code_check_char("91331099MA2H3B4C5")
R = dt.date(2025, 3, 3)  # Monday


@pytest.fixture
def org(db):
    return OrganisationFactory(slug="mzj", name="示例县民政局", short_name="县民政局")


@pytest.fixture
def cal(db):
    return CalendarDay.objects.work_calendar()


@pytest.fixture
def wd(cal):
    return lambda n, start=R: cal.add_working_days(start, n)


HEADER = [
    "受理机关", "申请方式", "收到申请日期", "申请人类型", "姓名/名称", "证件类型", "证件号码",
    "联系电话", "通信地址", "电子邮箱", "所需信息", "经办人", "告知补正日期", "补正事项",
    "补正期限", "收到补正日期", "是否延期", "延长工作日数", "延期批准人", "延期理由",
    "办理结果", "办结日期", "理由和依据", "提供方式",
]  # fmt: skip


def row(**values) -> dict:
    base = {
        "受理机关": "mzj",
        "申请方式": "当面提交",
        "收到申请日期": R.isoformat(),
        "申请人类型": "自然人",
        "姓名/名称": "张三丰",
        "证件类型": "居民身份证",
        "证件号码": ID_1,
        "联系电话": "13800003333",
        "通信地址": "示例县城关镇人民路1号",
        "所需信息": "申请公开2024年度城乡低保资金发放汇总表。",
    }
    base.update(values)
    return base


def good_rows(wd) -> list[dict]:
    return [
        # 1: disclosed on time, with an email address (which must not get a mail)
        row(办理结果="（一）予以公开", 办结日期=wd(10).isoformat(),
            提供方式="以纸质形式当面领取", 电子邮箱="zhang@example.com"),
        # 2: a company, partly disclosed after a 15-day extension
        row(申请方式="网上申请", 申请人类型="商业企业", **{"姓名/名称": "示例县恒信商贸有限公司"},
            证件类型="", 证件号码=CREDIT, 是否延期="是", 延长工作日数="15",
            延期批准人="李晓红", 延期理由="需要调取档案核查", 办理结果="部分公开",
            办结日期=wd(30).isoformat(), 理由和依据="涉及第三方个人信息，作区分处理。",
            提供方式="网上提供"),
        # 3: abandoned after a correction notice
        row(申请方式="挂号信", 证件号码=ID_2, 告知补正日期=wd(3).isoformat(),
            补正事项="请写明所需信息的名称和文号。", 补正期限=wd(13).isoformat(),
            办理结果="1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            办结日期=wd(14).isoformat()),
        # 4: still open, handled by the caseworker
        row(收到申请日期=wd(2).isoformat(), 经办人="mzj_jbr"),
    ]  # fmt: skip


def write_csv(path, rows, header=HEADER, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as out:
        writer = csv.DictWriter(out, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path, rows, header=HEADER, convert=None):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append([(convert or (lambda k, v: v))(k, values.get(k)) for k in header])
    book.save(path)
    return path


def run(path, superuser, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_applications", str(path), user=superuser.username, stdout=out,
                 stderr=err, **options)  # fmt: skip
    return out.getvalue(), err.getvalue()


def failing(path, superuser, **options) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError, match="未写入任何数据"):
        call_command("import_applications", str(path), user=superuser.username,
                     stdout=io.StringIO(), stderr=err, **options)  # fmt: skip
    return err.getvalue()


@pytest.fixture
def caseworker(org):
    return make_staff(role=roles.CASEWORKER, organisations=[org], username="mzj_jbr")


def test_a_good_csv_creates_cases_through_the_services(tmp_path, org, superuser, caseworker, wd):
    path = write_csv(tmp_path / "台账.csv", good_rows(wd))
    out, _ = run(path, superuser)
    assert "已导入4件申请（已办结3件，未办结1件）" in out
    cases = list(Application.objects.order_by("number"))
    assert [a.number for a in cases] == [f"MZJ-YSQ-2025-{n:05d}" for n in (1, 2, 3, 4)]
    disclosed, partial, abandoned, open_case = cases

    assert disclosed.channel == Channel.IN_PERSON
    assert (disclosed.received_on, disclosed.closed_on) == (R, wd(10))
    assert disclosed.outcome == Outcome.DISCLOSE
    assert disclosed.email == "zhang@example.com"
    assert disclosed.submitted_at.astimezone(TZ).time() == dt.time(0, 0)
    assert [e.actor for e in disclosed.events.all()] == [superuser, superuser]
    assert list(disclosed.events.values_list("action", flat=True)) == ["register", "answer"]
    reply = disclosed.notices.get(kind=ReplyNotice.Kind.ANSWER)
    assert reply.issued_on == wd(10)

    assert partial.channel == Channel.ONLINE
    assert partial.applicant_type == "commercial"
    assert partial.outcome == Outcome.PARTIAL
    assert partial.extension_working_days == 15
    assert partial.due_on == wd(35)
    # the extension is dated on the last day it was allowed: the original due date
    assert partial.notices.get(kind=ReplyNotice.Kind.EXTENSION).issued_on == wd(20)
    assert list(partial.events.values_list("action", flat=True)) == ["submit", "extend", "answer"]

    assert abandoned.channel == Channel.REGISTERED_MAIL
    assert abandoned.outcome == Outcome.OTHER_NO_CORRECTION
    assert (abandoned.correction_requested_on, abandoned.closed_on) == (wd(3), wd(14))
    assert list(abandoned.events.values_list("action", flat=True)) == [
        "register", "request_correction", "correction_lapsed",
    ]  # fmt: skip

    assert open_case.status == Status.RECEIVED
    assert open_case.handler == caseworker
    assert open_case.due_on == wd(20, wd(2))
    # historical applicants get no confirmation mail
    assert mail.outbox == []


def test_a_good_xlsx_creates_cases_with_dates_and_numbers_typed_as_excel_does(
    tmp_path, org, superuser, caseworker, wd
):
    def excel(key, value):
        # Excel holds dates as dates, digits typed into a general cell as numbers
        if value and key in {"收到申请日期", "办结日期", "告知补正日期", "补正期限"}:
            return dt.datetime.fromisoformat(value)
        if value and key in {"联系电话", "延长工作日数"}:
            return int(value)
        return value

    rows = good_rows(wd)
    rows[0]["办理结果"] = "withhold_secret"
    rows[0]["理由和依据"] = "经定密审查属于国家秘密。"
    rows[0]["提供方式"] = ""
    path = write_xlsx(tmp_path / "台账.xlsx", rows, convert=excel)
    run(path, superuser, organisation="mzj")
    cases = list(Application.objects.order_by("number"))
    assert [a.outcome for a in cases] == [
        Outcome.WITHHOLD_SECRET, Outcome.PARTIAL, Outcome.OTHER_NO_CORRECTION, "",
    ]  # fmt: skip
    assert cases[0].closed_on == wd(10)
    assert cases[0].phone == "13800003333"
    assert cases[2].correction_due_on == wd(13)
    assert ApplicationEvent.objects.filter(action="answer").count() == 2


def test_a_bad_row_is_reported_by_line_and_nothing_is_written(tmp_path, org, superuser, wd):
    rows = [*good_rows(wd)[:2], row(证件号码=WRONG_ID), row(联系电话="")]
    path = write_csv(tmp_path / "台账.csv", rows)
    err = failing(path, superuser)
    assert "第4行：证件号码校验位不正确" in err
    assert "第5行：联系电话不能为空" in err
    assert "第2行" not in err
    assert not Application.objects.exists()
    assert not ReplyNotice.objects.exists()


def test_a_rule_a_service_enforces_is_reported_by_line_and_nothing_is_written(
    tmp_path, org, superuser, wd
):
    late = row(告知补正日期=wd(8).isoformat(), 补正事项="请写明文号。", 补正期限=wd(20).isoformat())
    path = write_csv(tmp_path / "台账.csv", [row(), late])
    err = failing(path, superuser)
    assert "第3行：补正告知应在收到申请之日起7个工作日内" in err
    assert not Application.objects.exists()
    # the numbers the rolled-back rows took are given back
    assert not Counter.objects.filter(last_value__gt=0).exists()


def test_dry_run_checks_everything_and_writes_nothing(tmp_path, org, superuser, caseworker, wd):
    path = write_csv(tmp_path / "台账.csv", good_rows(wd))
    out, _ = run(path, superuser, dry_run=True)
    assert "检查通过：4件申请可以导入（试运行，未写入）" in out
    assert not Application.objects.exists()
    assert not ApplicationEvent.objects.exists()
    run(path, superuser)
    assert Application.objects.order_by("number").first().number == "MZJ-YSQ-2025-00001"


def test_dry_run_reports_the_rules_the_services_enforce(tmp_path, org, superuser, wd):
    late = row(是否延期="是", 延期批准人="李晓红", 延期理由="核查", 延期日期=wd(21).isoformat())
    path = write_csv(tmp_path / "台账.csv", [late], header=[*HEADER, "延期日期"])
    err = failing(path, superuser, dry_run=True)
    assert "第2行：答复期限已届满，不能再延期。" in err


def test_a_password_file_lists_each_number_with_its_query_password(tmp_path, org, superuser, wd):
    path = write_csv(tmp_path / "台账.csv", [row(), row(证件号码=ID_2)])
    passwords = tmp_path / "密码.csv"
    run(path, superuser, password_file=str(passwords))
    lines = list(csv.reader(passwords.read_text(encoding="utf-8-sig").splitlines()))
    assert lines[0] == ["申请编号", "查询密码"]
    for number, password in lines[1:]:
        assert Application.objects.get(number=number).check_query_password(password)


def test_a_gb18030_csv_from_excel_is_read(tmp_path, org, superuser):
    path = write_csv(tmp_path / "台账.csv", [row()], encoding="gb18030")
    run(path, superuser)
    assert Application.objects.get().name == "张三丰"


def test_numbers_in_the_file_must_be_the_ones_the_platform_assigns(tmp_path, org, superuser):
    header = ["申请编号", *HEADER]
    path = write_csv(tmp_path / "a.csv", [row(申请编号="MZJ-YSQ-2025-00001")], header=header)
    run(path, superuser)
    path = write_csv(tmp_path / "b.csv", [row(申请编号="MZJ-YSQ-2025-00005")], header=header)
    err = failing(path, superuser)
    assert "第2行：申请编号MZJ-YSQ-2025-00005与平台按顺序分配的编号MZJ-YSQ-2025-00002不一致" in err


@pytest.mark.parametrize(
    ("options", "message"),
    [({"user": "nobody"}, "不存在或已停用"), ({"organisation": "nope"}, "受理机关“nope”不存在")],
)
def test_the_user_and_organisation_must_exist(tmp_path, org, superuser, options, message):
    path = write_csv(tmp_path / "台账.csv", [row()])
    with pytest.raises(CommandError, match=message):
        call_command("import_applications", str(path), **{"user": superuser.username, **options})


def test_another_organisation_than_the_one_given_is_an_error(tmp_path, org, superuser):
    OrganisationFactory(slug="czj", name="示例县财政局")
    path = write_csv(tmp_path / "台账.csv", [row(受理机关="示例县财政局")])
    assert "与 --organisation 指定的机关不一致" in failing(path, superuser, organisation="mzj")


def test_an_unknown_or_missing_column_is_an_error(tmp_path, org, superuser):
    header = [h for h in HEADER if h != "证件号码"] + ["备注栏"]
    path = write_csv(tmp_path / "台账.csv", [{k: v for k, v in row().items() if k in header}],
                     header=header)  # fmt: skip
    err = failing(path, superuser)
    assert "第1行：无法识别的列“备注栏”" in err
    assert "第1行：缺少必填列“证件号码”" in err


# --------------------------------------------------------------------------- pure parsing


TODAY = dt.date(2026, 11, 20)


def parse(*rows, organisations=None, organisation=None):
    class Org:
        slug, name, short_name = "mzj", "示例县民政局", "县民政局"

    org = Org()
    index = organisation_index([org]) if organisations is None else organisations
    return parse_rows(
        [(n, {HEADERS[h].key: v for h, v in r.items()}) for n, r in enumerate(rows, 2)],
        organisations=index,
        today=TODAY,
        organisation=organisation,
    )


@pytest.mark.parametrize(
    "name",
    [
        "（三）不予公开 › 3.危及“三安全一稳定”",
        '3.危及"三安全一稳定"',
        "危及“三安全一稳定”",
        "withhold_security",
        " 3. 危及“三安全一稳定” ",
    ],
)
def test_outcomes_are_named_by_their_table_b_row(name):
    records, errors = parse(row(办理结果=name, 办结日期="2025-03-20", 理由和依据="危及公共安全。"))
    assert errors == []
    assert records[0].outcome == Outcome.WITHHOLD_SECURITY


def test_an_unknown_outcome_is_an_error():
    _, errors = parse(row(办理结果="不公开", 办结日期="2025-03-20"))
    assert [str(e) for e in errors] == [
        "第2行：办理结果“不公开”不是年度报告表三的办理结果，请按说明文档填写"
    ]


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"收到申请日期": "2026-11-21"}, "收到申请日期不能晚于今天"),
        ({"收到申请日期": "2025-02-30"}, "收到申请日期格式不正确"),
        ({"证件号码": "33109919801301001X"}, "证件号码中的出生日期不正确"),
        ({"证件号码": BORN_TOMORROW}, "证件号码中的出生日期不正确"),  # one rule with the form
        ({"证件号码": "3310991980"}, "证件号码应为18位"),
        ({"申请人类型": "商业企业", "证件类型": "", "证件号码": CREDIT[:17] + "0"},
         "统一社会信用代码校验位不正确"),
        ({"证件类型": ""}, "自然人申请须填写证件类型"),
        ({"申请方式": "飞鸽传书"}, "申请方式“飞鸽传书”无法识别"),
        ({"受理机关": "县财政局"}, "受理机关“县财政局”不存在"),
        ({"办理结果": "属于国家秘密"}, "已办结的申请须填写办结日期"),
        ({"办理结果": "属于国家秘密", "办结日期": "2025-03-20"}, "须填写理由和依据"),
        ({"办理结果": "予以公开", "办结日期": "2025-03-20"}, "须填写提供方式"),
        ({"办理结果": "予以公开", "办结日期": "2025-03-01", "提供方式": "网上"},
         "办结日期不能早于收到申请日期"),
        ({"办结日期": "2025-03-20"}, "没有填写办理结果"),
        ({"办理结果": "补正后申请内容仍不明确", "办结日期": "2025-03-20", "理由和依据": "仍不明确"},
         "须填写告知补正和收到补正的日期"),
        ({"办理结果": "重复申请", "办结日期": "2025-03-20", "理由和依据": "重复",
          "告知补正日期": "2025-03-05", "补正事项": "写明文号", "补正期限": "2025-03-19"},
         "只能以逾期未补正或其他原因办结"),
        ({"是否延期": "是"}, "须填写延期批准人"),
        ({"是否延期": "是", "延期批准人": "李晓红", "延期理由": "核查", "延长工作日数": "25"},
         "延长工作日数应为1至20"),
        ({"是否延期": "也许"}, "是否延期“也许”无法识别"),
        ({"电子邮箱": "not-an-address"}, "电子邮箱格式不正确"),
        ({"姓名/名称": "张" * 101}, "姓名/名称不能超过100个字"),
    ],
)  # fmt: skip
def test_row_errors_say_what_is_wrong(values, message):
    records, errors = parse(row(**values))
    assert records == []
    assert any(e.line == 2 and message in e.message for e in errors), errors


def test_a_duplicate_number_in_the_file_is_an_error():
    _, errors = parse(row(申请编号="MZJ-YSQ-2025-00001"), row(申请编号="MZJ-YSQ-2025-00001"))
    assert [str(e) for e in errors] == ["第3行：申请编号MZJ-YSQ-2025-00001与第2行重复"]


@pytest.mark.parametrize("text", ["2025-03-03", "2025/3/3", "2025.3.3", "2025年3月3日", "20250303"])
def test_dates_may_be_written_the_usual_ways(text):
    records, errors = parse(row(收到申请日期=text))
    assert errors == []
    assert records[0].received_on == R


def test_the_organisation_may_be_named_by_slug_name_or_short_name():
    for name in ("mzj", "MZJ", "示例县民政局", "县民政局"):
        records, errors = parse(row(受理机关=name))
        assert errors == []
        assert records[0].organisation.slug == "mzj"

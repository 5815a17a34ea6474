"""Reading 公示 rosters and de-identifying them before anything can be published.

Pure module (no Django, no ORM). Staff upload a CSV or XLSX roster; ``read_roster`` returns a
``Preview``: which column is what, what happens to it (保留/遮盖/删除), the de-identified rows,
and Chinese warnings or errors. The raw values never leave this module: a ``Preview`` holds
only de-identified values, so it may be kept in the session, shown and stored.

Rules (domain notes §3.2-3.4):

* 姓名 → masked (张*三, 张*, 欧阳*).
* 身份证号码, 电话, 银行卡/账号, 出生日期, 健康/残疾/病因 and other sensitive details → the
  column is dropped entirely (never stored, never previewed in clear).
* 住址 → truncated to the 村/社区 level, else to the 街道/乡/镇 level.
* Amounts, household size, category, town, village and anything else → kept.

A column is classified by its header AND by its content: a column whose values mostly look
like ID numbers, phone numbers or bank cards is treated as such whatever its header says (a
"备注" or "编号" column full of ID numbers is dropped). Any kept cell that still contains a
personal number after the rules is masked with ``privacy.redact``.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from kernel import privacy

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 50
PREVIEW_ROWS = 20
_HEADER_SEARCH_ROWS = 10

ENCODING_ERROR = "文件编码无法识别，请另存为UTF-8或GBK编码的CSV，或使用XLSX文件。"
NO_HEADER_ERROR = (
    "未找到表头：请确认名单的第一行（或标题下一行）为列名，如“姓名”“保障人数”“保障金额”。"
)
EMPTY_ERROR = "名单为空：表头下没有数据行。"
TOO_LARGE_ERROR = "文件超过2 MB，请分批导入。"
TOO_MANY_ROWS_ERROR = f"名单超过{MAX_ROWS}行，请分批导入。"
XLS_ERROR = "不支持旧版Excel（.xls）文件，请另存为XLSX或CSV文件后再上传。"
XLSX_ERROR = "无法读取XLSX文件：文件可能已损坏、加密，或不是Excel 2007及以上版本的格式。"


class ColumnClass(enum.StrEnum):
    NAME = "name"
    ID_NUMBER = "id_number"
    PHONE = "phone"
    BANK_CARD = "bank_card"
    BIRTH_DATE = "birth_date"
    HEALTH = "health"
    SENSITIVE = "sensitive"
    ADDRESS = "address"
    AMOUNT = "amount"
    HOUSEHOLD = "household"
    CATEGORY = "category"
    AREA = "area"
    OTHER = "other"


CLASS_LABELS: dict[ColumnClass, str] = {
    ColumnClass.NAME: "姓名",
    ColumnClass.ID_NUMBER: "身份证号码",
    ColumnClass.PHONE: "电话号码",
    ColumnClass.BANK_CARD: "银行卡号/账号",
    ColumnClass.BIRTH_DATE: "出生日期",
    ColumnClass.HEALTH: "健康或残疾信息",
    ColumnClass.SENSITIVE: "其他敏感个人信息",
    ColumnClass.ADDRESS: "住址",
    ColumnClass.AMOUNT: "金额",
    ColumnClass.HOUSEHOLD: "人数",
    ColumnClass.CATEGORY: "类别",
    ColumnClass.AREA: "所在地区",
    ColumnClass.OTHER: "其他",
}


class ColumnAction(enum.StrEnum):
    KEEP = "保留"
    MASK = "遮盖"
    DROP = "删除"


DROPPED = frozenset(
    {
        ColumnClass.ID_NUMBER,
        ColumnClass.PHONE,
        ColumnClass.BANK_CARD,
        ColumnClass.BIRTH_DATE,
        ColumnClass.HEALTH,
        ColumnClass.SENSITIVE,
    }
)
MASKED = frozenset({ColumnClass.NAME, ColumnClass.ADDRESS})

# Header keywords, checked in this order: the first class whose keyword occurs wins, so
# "户主身份证号" is an ID column, not a name column.
_HEADER_KEYWORDS: list[tuple[ColumnClass, tuple[str, ...]]] = [
    (ColumnClass.ID_NUMBER, ("身份证", "证件号", "身份号码", "公民身份")),
    (ColumnClass.PHONE, ("电话", "手机", "联系方式", "联系号码", "微信", "邮箱")),
    (ColumnClass.BANK_CARD, ("银行", "卡号", "账号", "帐号", "账户", "帐户", "开户", "社保卡")),
    (ColumnClass.BIRTH_DATE, ("出生", "生日")),
    (
        ColumnClass.HEALTH,
        ("病", "残疾", "伤残", "诊断", "健康", "医院", "住院", "治疗", "孕", "致贫原因"),
    ),
    (ColumnClass.SENSITIVE, ("婚姻", "婚恋", "财产", "存款", "车辆", "房产", "计生", "民族")),
    (ColumnClass.ADDRESS, ("住址", "地址", "居住地", "门牌", "住所", "户籍地")),
    (ColumnClass.CATEGORY, ("类别", "类型", "分类", "档次", "等级", "保障类")),
    (ColumnClass.HOUSEHOLD, ("人口", "人数", "户数", "成员数")),
    (
        ColumnClass.NAME,
        ("姓名", "名字", "户主", "持证人", "申请人", "家庭成员", "对象", "户名", "监护人"),
    ),
    (ColumnClass.AMOUNT, ("金额", "金", "元", "补助", "补贴", "标准", "救助额", "发放")),
    (ColumnClass.AREA, ("乡镇", "街道", "村", "社区", "所在地", "地区", "区域", "镇", "乡")),
]

_FINDING_CLASS = {
    privacy.FindingKind.ID_NUMBER: ColumnClass.ID_NUMBER,
    privacy.FindingKind.ID_NUMBER_15: ColumnClass.ID_NUMBER,
    privacy.FindingKind.MOBILE: ColumnClass.PHONE,
    privacy.FindingKind.BANK_CARD: ColumnClass.BANK_CARD,
}

# Shaped like an 18-digit ID number (region, 19xx/20xx birth date, sequence), whatever its
# check character: a column of these is dropped even when the check digits are wrong.
_ID_SHAPE = re.compile(r"^[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{5}[0-9Xx]$")
# Landlines (0570-1234567, (0570)1234567) and bare 7-8 digit numbers.
_LANDLINE_SHAPE = re.compile(r"^\(?0[0-9]{2,3}\)?[- ]?[0-9]{7,8}$")
_DATE_SHAPE = re.compile(r"^(?:19|20)[0-9]{2}[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?$")
_NAME_SEPARATORS = re.compile(r"[、,，;；/\n]+")  # not spaces: lists pad names ("张　三")
_VILLAGE = re.compile(r"村|社区|居委会")
_TOWN = re.compile(r"街道|镇|乡")
_DIGITS = re.compile(r"[0-9０-９]")


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    label: str
    column_class: ColumnClass
    action: ColumnAction
    reason: str = ""

    @property
    def class_label(self) -> str:
        return CLASS_LABELS[self.column_class]

    @property
    def published(self) -> bool:
        return self.action != ColumnAction.DROP


@dataclass
class Preview:
    """The de-identified roster. ``rows`` hold only the published columns' values."""

    columns: list[ColumnPlan] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def published_columns(self) -> list[str]:
        return [c.label for c in self.columns if c.published]

    @property
    def preview_rows(self) -> list[list[str]]:
        return self.rows[:PREVIEW_ROWS]

    def to_dict(self) -> dict:
        return {
            "columns": [
                [c.label, str(c.column_class), str(c.action), c.reason] for c in self.columns
            ],
            "rows": self.rows,
            "warnings": self.warnings,
            "errors": self.errors,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Preview:
        return cls(
            columns=[
                ColumnPlan(label, ColumnClass(klass), ColumnAction(action), reason)
                for label, klass, action, reason in data["columns"]
            ],
            rows=[list(map(str, row)) for row in data["rows"]],
            warnings=list(data.get("warnings", [])),
            errors=list(data.get("errors", [])),
        )


class RosterFileError(Exception):
    """The file cannot be read as a roster; the message is shown to staff as it is."""


# --------------------------------------------------------------------------- entry point


def read_roster(data: bytes, filename: str) -> Preview:
    """Read a CSV or XLSX roster and de-identify it. Never raises for bad input."""
    if len(data) > MAX_BYTES:
        return Preview(errors=[TOO_LARGE_ERROR])
    try:
        grid = _read_grid(data, filename)
        return deidentify(grid)
    except RosterFileError as exc:
        return Preview(errors=[str(exc)])


def _read_grid(data: bytes, filename: str) -> list[list[str]]:
    name = filename.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0") or name.endswith(".xls"):
        raise RosterFileError(XLS_ERROR)
    if data.startswith(b"PK\x03\x04") or name.endswith(".xlsx"):
        return read_xlsx(data)
    return read_csv(data)


# --------------------------------------------------------------------------- reading


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # UTF-16 or a binary file that happened to decode
            break
        return text
    raise RosterFileError(ENCODING_ERROR)


def read_csv(data: bytes) -> list[list[str]]:
    text = decode_csv(data)
    head = "\n".join(text.splitlines()[:_HEADER_SEARCH_ROWS])
    delimiter = max(",\t;", key=head.count)
    grid: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            grid.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
            if len(grid) > MAX_ROWS + _HEADER_SEARCH_ROWS + 50:
                break
    except csv.Error as exc:
        raise RosterFileError("CSV文件格式有误（如引号不配对），请检查后重新保存。") from exc
    return grid


def read_xlsx(data: bytes) -> list[list[str]]:
    """First worksheet, values only. Merged cells read as empty except their top-left cell."""
    import openpyxl  # imported here: only XLSX uploads need it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise RosterFileError(XLSX_ERROR) from exc
    except Exception as exc:  # openpyxl raises its own types for malformed parts
        raise RosterFileError(XLSX_ERROR) from exc
    try:
        if not workbook.worksheets:
            raise RosterFileError(EMPTY_ERROR)
        grid: list[list[str]] = []
        for row in workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            grid.append([_cell_text(v) for v in row])
            if len(grid) > MAX_ROWS + _HEADER_SEARCH_ROWS + 50:
                break
        return grid
    except RosterFileError:
        raise
    except Exception as exc:
        raise RosterFileError(XLSX_ERROR) from exc
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e19 else f"{value:g}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    # Collapse inner whitespace runs (keep single spaces, e.g. "138 1234 5678").
    return " ".join(str(value).split())


# --------------------------------------------------------------------------- de-identification


def deidentify(grid: list[list[str]]) -> Preview:
    """Find the header, classify each column and apply the rules to every data row."""
    width = max((len(r) for r in grid), default=0)
    grid = [r + [""] * (width - len(r)) for r in grid]
    header_index = _find_header(grid)
    if header_index is None:
        if not any(any(r) for r in grid):
            raise RosterFileError("名单为空：文件中没有任何内容。")
        raise RosterFileError(NO_HEADER_ERROR)
    labels, first_data = _header_labels(grid, header_index)
    warnings: list[str] = []
    data_rows: list[tuple[int, list[str]]] = []
    for number, row in enumerate(grid[first_data:], start=first_data + 1):
        filled = [v for v in row if v]
        if not filled:
            continue
        if len(filled) == 1 and sum(1 for label in labels if label) >= 3:
            warnings.append(f"第{number}行只有一个单元格有内容（可能是标题、合计或备注），已跳过。")
            continue
        data_rows.append((number, row))
    if not data_rows:
        raise RosterFileError(EMPTY_ERROR)
    if len(data_rows) > MAX_ROWS:
        raise RosterFileError(TOO_MANY_ROWS_ERROR)

    plans: list[ColumnPlan] = []
    kept: list[int] = []
    for index, label in enumerate(labels):
        values = [row[index] for _, row in data_rows]
        if not label and not any(values):
            continue  # an empty spare column
        if not label:
            label = f"第{index + 1}列"
        plan = classify_column(label, values)
        plans.append(plan)
        if plan.published:
            kept.append(index)
        else:
            warnings.append(
                f"已删除“{plan.label}”列（{plan.class_label}，不得公示）"
                + (f"：{plan.reason}。" if plan.reason else "。")
            )
    if not any(p.column_class == ColumnClass.NAME for p in plans):
        warnings.append("未识别出姓名列：请核对各列的处理方式。")

    kept_plans = [p for p in plans if p.published]
    rows: list[list[str]] = []
    for number, row in data_rows:
        out = []
        for plan, index in zip(kept_plans, kept, strict=True):
            value, note = apply_rule(plan.column_class, row[index])
            if note:
                warnings.append(f"第{number}行“{plan.label}”{note}")
            out.append(value)
        rows.append(out)
    return Preview(columns=plans, rows=rows, warnings=warnings)


def _find_header(grid: list[list[str]]) -> int | None:
    """The first row (within the first few non-empty rows) that reads like column labels.

    Title rows ("XX镇2026年11月城乡低保对象公示名单", usually merged across the table) have one
    filled cell and are skipped; a row with a known keyword in two or more cells wins.
    """
    candidates = [i for i, row in enumerate(grid) if sum(1 for v in row if v) >= 2]
    candidates = candidates[:_HEADER_SEARCH_ROWS]
    for i in candidates:
        if sum(1 for v in grid[i] if v and _header_class(v) is not None) >= 2:
            return i
    for i in candidates:
        if not any(_DIGITS.search(v) for v in grid[i]):  # labels, not data
            return i
    return None


def _header_labels(grid: list[list[str]], header_index: int) -> tuple[list[str], int]:
    """Column labels and the index of the first data row.

    A two-row header (e.g. "家庭成员" merged over "姓名" and "关系") is recognised when the row
    below the header has no digits and fills a cell that the header left empty, or carries
    known keywords: labels become "家庭成员/姓名". Merged cells are empty except the top-left,
    so an empty header cell inherits the label on its left when the row below names it.
    """
    header = grid[header_index]
    below = grid[header_index + 1] if header_index + 1 < len(grid) else []
    is_subheader = (
        bool(below)
        and any(below)
        and not any(_DIGITS.search(v) for v in below)
        and (
            any(v and not header[i] for i, v in enumerate(below))
            or sum(1 for v in below if v and _header_class(v) is not None) >= 2
        )
    )
    if not is_subheader:
        return [_clean_label(v) for v in header], header_index + 1
    labels = []
    parent = ""
    for i, top in enumerate(header):
        sub = below[i] if i < len(below) else ""
        if top:
            parent = top
        if top and sub:
            labels.append(_clean_label(f"{top}/{sub}"))
        elif top:
            labels.append(_clean_label(top))
        elif sub:
            labels.append(_clean_label(f"{parent}/{sub}" if parent else sub))
        else:
            labels.append("")
    return labels, header_index + 2


def _clean_label(value: str) -> str:
    return "".join(value.split())[:40]


def _header_class(label: str) -> ColumnClass | None:
    compact = "".join(label.split())
    for column_class, keywords in _HEADER_KEYWORDS:
        if any(k in compact for k in keywords):
            return column_class
    return None


def classify_column(label: str, values: list[str]) -> ColumnPlan:
    """Header keywords first, then the content: personal numbers in most cells win."""
    by_content, reason = _content_class(values)
    by_header = _header_class(label) or ColumnClass.OTHER
    if by_content is not None and by_header not in DROPPED:
        column_class = by_content
        if by_header != by_content:
            reason = f"表头为“{label}”，但{reason}"
    else:
        column_class, reason = by_header, ""
    return ColumnPlan(label, column_class, _action(column_class), reason)


def _action(column_class: ColumnClass) -> ColumnAction:
    if column_class in DROPPED:
        return ColumnAction.DROP
    if column_class in MASKED:
        return ColumnAction.MASK
    return ColumnAction.KEEP


def _content_class(values: list[str]) -> tuple[ColumnClass | None, str]:
    filled = [v for v in values if v]
    if not filled:
        return None, ""
    kinds: Counter[ColumnClass] = Counter()
    for value in filled:
        findings = privacy.scan_text(value, location="")
        if findings:
            kinds[_FINDING_CLASS[findings[0].kind]] += 1
        elif _ID_SHAPE.match(value):
            kinds[ColumnClass.ID_NUMBER] += 1
        elif _LANDLINE_SHAPE.match(value):
            kinds[ColumnClass.PHONE] += 1
        elif _DATE_SHAPE.match(value) and _looks_like_birth_date(value):
            kinds[ColumnClass.BIRTH_DATE] += 1
    if not kinds:
        return None, ""
    column_class, count = kinds.most_common(1)[0]
    if count * 2 < len(filled):
        return None, ""
    share = f"{count}/{len(filled)}"
    return column_class, f"内容中{share}项为{CLASS_LABELS[column_class]}"


def _looks_like_birth_date(value: str) -> bool:
    year = int(value[:4])
    return year < 2015  # 公示 dates (批准日期, 起始时间) are recent; birth dates mostly are not


def apply_rule(column_class: ColumnClass, value: str) -> tuple[str, str]:
    """The published value of one kept cell and, if something was hidden, a note for staff."""
    note = ""
    if column_class == ColumnClass.NAME:
        value = mask_names(value)
    elif column_class == ColumnClass.ADDRESS and value:
        truncated = truncate_address(value)
        if not truncated:
            note = "无法截取到村（社区）或街道一级，已隐去。"
        value = truncated
    if value and privacy.scan_text(value, location=""):
        value = privacy.redact(value)
        note = (note + " " if note else "") + "含疑似身份证号码、手机号码或银行卡号，已遮盖。"
    elif value and _ID_SHAPE.search(value.replace(" ", "")):
        value = re.sub(r"[0-9Xx]", "*", value)
        note = "含疑似身份证号码，已遮盖。"
    return value, note


def mask_names(value: str) -> str:
    """Mask each name of a cell ("张三、李小四" → "张*、李*四")."""
    if not value:
        return ""
    parts = [p for p in _NAME_SEPARATORS.split(value) if p]
    return "、".join(privacy.mask_name(p) for p in parts)


def truncate_address(value: str) -> str:
    """Keep an address only down to the 村/社区 level, else to the 街道/乡/镇 level.

    "城关镇幸福社区3组12号" → "城关镇幸福社区"; "城关镇人民路12号" → "城关镇". When even that
    part would contain a house number, nothing is kept ("").
    """
    compact = "".join(value.split())
    for pattern in (_VILLAGE, _TOWN):
        match = pattern.search(compact)
        if match and not _DIGITS.search(compact[: match.end()]):
            return compact[: match.end()]
    return ""


# --------------------------------------------------------------------------- staff mapping

REMAP_KEEP = "keep"
REMAP_MASK_NAME = "mask_name"
REMAP_DROP = "drop"
REMAP_CHOICES = (
    (REMAP_KEEP, "按识别结果处理"),
    (REMAP_MASK_NAME, "作为姓名遮盖"),
    (REMAP_DROP, "删除此列"),
)


def remap(preview: Preview, choices: dict[str, str]) -> Preview:
    """Apply the staff's column mapping to an already de-identified preview.

    Mapping can only make the roster stricter: a published column may be dropped or treated as
    names (masked); a column the rules dropped can never be brought back, because its values
    were never kept. ``choices`` maps a published column's label to a REMAP_* value.
    """
    columns: list[ColumnPlan] = []
    keep_index: list[int] = []
    mask_index: set[int] = set()
    warnings = list(preview.warnings)
    position = 0
    for plan in preview.columns:
        if not plan.published:
            columns.append(plan)
            continue
        choice = choices.get(plan.label, REMAP_KEEP)
        if choice == REMAP_DROP:
            columns.append(
                ColumnPlan(plan.label, plan.column_class, ColumnAction.DROP, "工作人员选择删除此列")
            )
            warnings.append(f"已按工作人员选择删除“{plan.label}”列。")
        elif choice == REMAP_MASK_NAME and plan.column_class != ColumnClass.NAME:
            columns.append(
                ColumnPlan(plan.label, ColumnClass.NAME, ColumnAction.MASK, "工作人员指定为姓名列")
            )
            keep_index.append(position)
            mask_index.add(position)
        else:
            columns.append(plan)
            keep_index.append(position)
        position += 1
    rows = [
        [mask_names(row[i]) if i in mask_index else row[i] for i in keep_index]
        for row in preview.rows
    ]
    return Preview(columns=columns, rows=rows, warnings=warnings, errors=list(preview.errors))

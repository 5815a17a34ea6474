"""The rules of a catalogue import file, row by row: pure, no ORM and no clock.

:func:`parse_rows` takes the rows read by ``kernel.tables.read_table``, a :class:`Context`
holding what the database already has (as plain values: names to ids, the 文号 and 索引号
taken, the files in the ZIP) and today's date, and gives the valid :class:`Record` s, or the
errors by line and column. Messages are Chinese, for the person who filled in the file.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from disclosures.docnumbers import normalise_document_number
from disclosures.imports.columns import BY_KEY
from disclosures.models.items import Genre, Validity
from disclosures.richtext import sanitise_html
from kernel.spreadsheet import FORMULA_STARTS
from kernel.tables import RowError, cell_text, is_blank, parse_date

SEPARATORS = re.compile(r"[；;]")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


@dataclass(frozen=True)
class OrgInfo:
    id: int
    name: str
    slug: str
    credit_code: str
    index_pattern: str


@dataclass(frozen=True)
class Holder:
    """An item already in the database, as far as the rules need it: who it is."""

    organisation_id: int
    external_id: str = ""
    source_url: str = ""

    def is_row(self, organisation_id: int, external_id: str, source_url: str) -> bool:
        if organisation_id != self.organisation_id:
            return False
        return bool(
            (external_id and external_id == self.external_id)
            or (source_url and source_url == self.source_url)
        )


@dataclass(frozen=True)
class Context:
    organisations: Mapping[str, OrgInfo]  # name, short name, slug, credit code → organisation
    columns: Mapping[str, int | None]  # column name or slug → id (None: a name used twice)
    topics: Mapping[str, int]
    today: dt.date
    column_map: Mapping[str, str] = field(default_factory=dict)  # old site's name → name/slug
    attachments: frozenset[str] | None = None  # file names in the ZIP; None: no ZIP given
    taken_numbers: Mapping[tuple[int, str], tuple[Holder, ...]] = field(default_factory=dict)
    taken_index: Mapping[str, Holder] = field(default_factory=dict)
    organisation: OrgInfo | None = None  # --organisation: the default, and the only one allowed


@dataclass(frozen=True)
class Record:
    line: int
    organisation_id: int
    title: str
    column_ids: tuple[int, ...]
    published_on: dt.date
    written_on: dt.date
    topic_id: int | None = None
    genre: str = Genre.OTHER
    document_number: str = ""
    index_number: str = ""  # kept as given; empty: generated on publication
    index_year: int | None = None
    index_seq: int | None = None
    validity: str = Validity.VALID
    validity_changed_on: dt.date | None = None
    validity_note: str = ""
    keywords: str = ""
    summary: str = ""
    body: str = ""
    attachments: tuple[str, ...] = ()
    source_url: str = ""
    external_id: str = ""
    warnings: tuple[str, ...] = ()


GENRES = {label: value for value, label in Genre.choices} | {v: v for v in Genre.values}
VALIDITIES = {"": Validity.VALID} | {label: value for value, label in Validity.choices}
VALIDITIES |= {v: v for v in Validity.values} | {"现行有效": Validity.VALID, "已废止": "repealed"}


def text(value: Any) -> str:
    """A cell as text. Formula-looking text stays text; the quote our own exports put before it
    (kernel.spreadsheet.safe_cell) is taken off again."""
    result = cell_text(value)
    if result.startswith("'") and result[1:].startswith(FORMULA_STARTS):
        return result[1:]
    return result


def body_html(value: str) -> str:
    """The body as sanitised HTML: HTML is cleaned; plain text becomes paragraphs."""
    if _TAG.search(value):
        return sanitise_html(value)
    paragraphs = [line.strip() for line in value.splitlines() if line.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def index_number_regex(org: OrgInfo) -> re.Pattern[str] | None:
    """The organisation's 索引号 pattern as a regular expression with ``year`` and ``seq``."""
    parts = []
    fixed = {
        "credit_code": org.credit_code,
        "org_code": org.credit_code[8:17],
        "slug": org.slug,
    }
    groups = {"year": r"(?P<year>\d{4})", "month": r"(?P<month>\d{2})", "seq": r"(?P<seq>\d+)"}
    try:
        for literal, name, _spec, _conv in string.Formatter().parse(org.index_pattern):
            parts.append(re.escape(literal))
            if name is None:
                continue
            if name in fixed:
                parts.append(re.escape(fixed[name]))
            elif name in groups and f"(?P<{name}>" not in "".join(parts):
                parts.append(groups[name])
            else:
                return None
    except ValueError:
        return None
    return re.compile("".join(parts) + r"\Z")


def parse_column_map(rows: list[tuple[int, dict[str, Any]]]) -> tuple[dict[str, str], list]:
    """The column map file's rows: old site's column name → portal column name or code."""
    mapping, errors = {}, []
    for line, cells in rows:
        old, new = text(cells.get("old")), text(cells.get("new"))
        if not old or not new:
            errors.append(RowError(line, "“原栏目”和“栏目”都要填写。"))
        elif old in mapping and mapping[old] != new:
            errors.append(RowError(line, f"原栏目“{old}”对应了两个不同的栏目。"))
        else:
            mapping[old] = new
    return mapping, errors


class _Row:
    """One row being checked: its cells, and the errors found so far."""

    def __init__(self, line: int, cells: dict[str, Any]):
        self.line, self.cells, self.errors = line, cells, []
        self.warnings: list[str] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(RowError(self.line, message, BY_KEY[key].header))

    def text(self, key: str) -> str:
        value = text(self.cells.get(key))
        limit = BY_KEY[key].max_length
        if limit and len(value) > limit:
            self.error(key, f"不能超过{limit}个字（现有{len(value)}个字）。")
        return value

    def date(self, key: str) -> dt.date | None:
        if is_blank(self.cells.get(key)):
            return None
        try:
            return parse_date(self.cells[key])
        except ValueError as exc:
            self.error(key, f"“{text(self.cells[key])}”{exc}。")
            return None


def parse_rows(
    rows: list[tuple[int, dict[str, Any]]], *, context: Context
) -> tuple[list[Record], list[RowError]]:
    """Every row checked; records only when there is no error at all (all or nothing)."""
    records: list[Record] = []
    errors: list[RowError] = []
    seen_numbers: dict[tuple[int, str], int] = {}
    seen_index: dict[str, int] = {}
    seen_ids: dict[tuple[int, str], int] = {}
    for line, cells in rows:
        row = _Row(line, cells)
        record = _parse_row(row, context)
        if record is not None:
            _check_unique(row, record, context, seen_numbers, seen_index, seen_ids)
        errors.extend(row.errors)
        if record is not None and not row.errors:
            records.append(record)
    return (records if not errors else []), errors


def _organisation(row: _Row, context: Context) -> OrgInfo | None:
    name = row.text("organisation")
    if not name:
        if context.organisation is None:
            row.error("organisation", "请填写发布机构（名称或网址标识）。")
        return context.organisation
    org = context.organisations.get(name)
    if org is None:
        row.error("organisation", f"找不到机构“{name}”，请填写平台中机构的全称、简称或网址标识。")
    elif context.organisation is not None and org.id != context.organisation.id:
        row.error("organisation", f"本次只能导入“{context.organisation.name}”的信息。")
        return None
    return org


def _columns(row: _Row, context: Context) -> tuple[int, ...]:
    ids = []
    for name in (n.strip() for n in SEPARATORS.split(row.text("columns"))):
        if not name:
            continue
        target = context.column_map.get(name, name)
        if target not in context.columns:
            row.error("columns", f"找不到栏目“{name}”，请使用平台栏目名称或在栏目对照表中对应。")
        elif context.columns[target] is None:
            row.error("columns", f"栏目名称“{target}”不唯一，请改用栏目的网址标识。")
        else:
            ids.append(context.columns[target])
    if not ids and not row.errors:
        row.error("columns", "请填写栏目。")
    return tuple(dict.fromkeys(i for i in ids if i is not None))


def _parse_row(row: _Row, context: Context) -> Record | None:
    title = row.text("title")
    if not title:
        row.error("title", "请填写标题。")
    org = _organisation(row, context)
    column_ids = _columns(row, context)
    published_on = row.date("published_on")
    if published_on is None and is_blank(row.cells.get("published_on")):
        row.error("published_on", "请填写发布日期。")
    elif published_on is not None and published_on > context.today:
        row.error(
            "published_on", f"发布日期{published_on:%Y年%m月%d日}晚于今天，只能导入已发布的信息。"
        )
    written_on = row.date("written_on") or published_on
    if written_on and published_on and written_on > published_on:
        row.error("written_on", "成文日期不能晚于发布日期。")
    topic_id = None
    if topic := row.text("topic"):
        topic_id = context.topics.get(topic)
        if topic_id is None:
            row.error("topic", f"找不到主题分类“{topic}”。")
    genre = Genre.OTHER
    if genre_text := row.text("genre"):
        genre = GENRES.get(genre_text)
        if genre is None:
            row.error("genre", f"无法识别的文种“{genre_text}”。")
    validity = VALIDITIES.get(row.text("validity"))
    if validity is None:
        row.error("validity", "应为“有效”“失效”或“废止”。")
    changed_on = row.date("validity_changed_on")
    note = row.text("validity_note")
    if validity and validity != Validity.VALID:
        if changed_on is None and not row.errors:
            row.error("validity_changed_on", "失效或废止的信息请填写失效/废止日期。")
        if validity == Validity.REPEALED and not note:
            row.error("validity_note", "废止的文件请填写说明（如废止依据或替代文件）。")
    elif changed_on is not None:
        row.error("validity_changed_on", "有效的信息不填失效/废止日期。")
    if changed_on and changed_on > context.today:
        row.error("validity_changed_on", "失效/废止日期不能晚于今天。")
    attachments = tuple(n.strip() for n in SEPARATORS.split(row.text("attachments")) if n.strip())
    for name in attachments:
        if context.attachments is None:
            row.error("attachments", f"附件“{name}”：请同时上传附件ZIP文件。")
            break
        if name not in context.attachments:
            row.error("attachments", f"ZIP文件中没有附件“{name}”。")
    source_url = row.text("source_url")
    if source_url and not re.match(r"^(https?://[^/\s]+)?/\S*$", source_url):
        row.error("source_url", "应为以 http:// 或 https:// 开头的网址，或以 / 开头的路径。")
    number = normalise_document_number(row.text("document_number"))
    index_number, index_year, index_seq = _index_number(row, org, context)
    summary, keywords, external_id = (
        row.text("summary"),
        row.text("keywords"),
        row.text("external_id"),
    )
    body = body_html(text(row.cells.get("body")))
    if org is None or published_on is None or row.errors:
        return None
    return Record(
        line=row.line,
        organisation_id=org.id,
        title=title,
        column_ids=column_ids,
        published_on=published_on,
        written_on=written_on or published_on,
        topic_id=topic_id,
        genre=genre,
        document_number=number,
        index_number=index_number,
        index_year=index_year,
        index_seq=index_seq,
        validity=validity or Validity.VALID,
        validity_changed_on=changed_on,
        validity_note=note,
        keywords=keywords,
        summary=summary,
        body=body,
        attachments=attachments,
        source_url=source_url,
        external_id=external_id,
        warnings=tuple(row.warnings),
    )


def _index_number(row: _Row, org: OrgInfo | None, context: Context):
    """A given 索引号 is kept when it has the organisation's pattern; one of another
    organisation's pattern is an error; any other is replaced by a generated one (a warning)."""
    number = row.text("index_number").replace(" ", "")
    if not number or org is None:
        return "", None, None
    own = index_number_regex(org)
    match = own.match(number) if own else None
    if match:
        seq = int(match.group("seq"))
        return number, int(match.group("year")), seq
    for other in {o.id: o for o in context.organisations.values()}.values():
        pattern = index_number_regex(other)
        if other.id != org.id and pattern and pattern.match(number):
            row.error("index_number", f"索引号“{number}”属于“{other.name}”，不是本机构的索引号。")
            return "", None, None
    row.warnings.append(f"索引号“{number}”不符合本机构的索引号格式，将重新编号。")
    return "", None, None


def _check_unique(row, record, context, seen_numbers, seen_index, seen_ids) -> None:
    org = record.organisation_id
    for key, value in (("external_id", record.external_id), ("source_url", record.source_url)):
        if value:
            earlier = seen_ids.setdefault((org, f"{key}:{value}"), row.line)
            if earlier != row.line:
                row.error(key, f"与第{earlier}行重复。")
    if record.document_number:
        key = (org, record.document_number)
        earlier = seen_numbers.setdefault(key, row.line)
        if earlier != row.line:
            row.error("document_number", f"文号“{record.document_number}”与第{earlier}行重复。")
        holders = context.taken_numbers.get(key, ())
        if any(not h.is_row(org, record.external_id, record.source_url) for h in holders):
            row.error("document_number", f"本机构已有文号为“{record.document_number}”的信息。")
    if record.index_number:
        earlier = seen_index.setdefault(record.index_number, row.line)
        if earlier != row.line:
            row.error("index_number", f"索引号与第{earlier}行重复。")
        holder = context.taken_index.get(record.index_number)
        if holder and not holder.is_row(org, record.external_id, record.source_url):
            row.error("index_number", f"索引号“{record.index_number}”已被其他信息使用。")

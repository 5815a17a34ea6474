"""Use cases for 公示 rosters: a reviewed 公示 item built from a de-identified roster."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from catalog.models import Category, Organisation
from disclosures import services
from disclosures.directory import services as directory
from disclosures.models import Disclosure, Genre
from disclosures.richtext import sanitise_html
from disclosures.rosters.models import Roster, RosterKind
from kernel import privacy

DEFAULT_PERIOD_DAYS = 7  # 低保 公示期: 7 days (domain notes §4.1)


def default_period_end(
    start: dt.date,
    kind: str,
    *,
    organisation_id: int | None = None,
    category: Category | None = None,
) -> dt.date:
    """The last day of a 公示 starting on ``start``, start included: as the organisation's
    标准目录 row for the column says (e.g. 公示7个工作日, counted on the held calendar), else
    7 calendar days in all."""
    row = None
    if organisation_id is not None:
        row = directory.row_for_column(organisation_id=organisation_id, category=category)
    return directory.publicity_end(start=start, row=row, default_days=DEFAULT_PERIOD_DAYS).date


def period_text(start: dt.date, end: dt.date) -> str:
    return f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日"


def _check_deidentified(columns: list[str], rows: list[list[str]]) -> None:
    """Last guard before storing: no cell may still hold a personal number."""
    for row in rows:
        if len(row) != len(columns):
            raise services.DisclosureError("名单数据不完整，请重新上传。")
        for value in row:
            if privacy.scan_text(str(value), location=""):
                raise services.DisclosureError(
                    "名单中仍有疑似身份证号码、手机号码或银行卡号，未保存。请重新上传。"
                )


def roster_body(roster: Roster, *, kind_label: str) -> str:
    """The 公示 text published as the item's body: intro, period, contacts, the table, links."""
    period = period_text(roster.period_start, roster.period_end)
    page_url = reverse("disclosures_roster", args=[roster.disclosure_id])
    csv_url = reverse("disclosures_roster_csv", args=[roster.disclosure_id])
    head = format_html_join("", '<th scope="col">{}</th>', ((c,) for c in roster.columns))
    body_rows = format_html_join(
        "",
        "<tr>{}</tr>",
        ((format_html_join("", "<td>{}</td>", ((v,) for v in row)),) for row in roster.rows),
    )
    html = format_html(
        "<p>现将{}名单予以公示（共{}条）。</p>"
        "<p>公示期：{}。</p>"
        "<p>异议方式：{}</p>"
        "<p>监督电话：{}</p>"
        '<p><a href="{}">查看公示名单及公示状态</a>　<a href="{}">下载名单（CSV）</a></p>'
        "<table><caption>{}名单</caption><thead><tr>{}</tr></thead><tbody>{}</tbody></table>"
        "<p>本名单已按规定去标识化处理，不含身份证号码、联系电话、银行账号等个人信息。</p>",
        kind_label,
        len(roster.rows),
        period,
        roster.objection_method,
        roster.supervision_phone,
        page_url,
        csv_url,
        kind_label,
        head,
        body_rows,
    )
    return sanitise_html(html)


@transaction.atomic
def import_roster(
    *,
    actor,
    organisation: Organisation,
    category: Category,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    supervision_phone: str,
    objection_method: str,
    columns: list[str],
    rows: list[list[str]],
    external_id: str = "",
) -> Roster:
    """Create the 公示 draft and its roster together; the normal review then publishes it.

    ``columns`` and ``rows`` must come from ``rosters.read_roster`` (de-identified); they are
    checked once more here, and nothing is saved if any cell still holds a personal number.
    ``external_id`` identifies a roster imported from another system (or the demo) on re-import.
    """
    if period_end < period_start:
        raise services.DisclosureError("公示截止日期不能早于开始日期。")
    if not rows:
        raise services.DisclosureError("名单为空，未保存。")
    _check_deidentified(columns, rows)
    kind_label = RosterKind(kind).label
    disclosure = services.create_draft(
        actor=actor,
        organisation=organisation,
        title=title,
        external_id=external_id,
        written_on=min(period_start, timezone.localdate()),
        categories=[category],
        genre=Genre.PUBLICITY,
        summary=f"{kind_label}名单公示，公示期：{period_text(period_start, period_end)}。",
    )
    roster = Roster(
        disclosure=disclosure,
        kind=kind,
        columns=list(columns),
        rows=[list(map(str, row)) for row in rows],
        period_start=period_start,
        period_end=period_end,
        supervision_phone=supervision_phone.strip(),
        objection_method=objection_method.strip(),
    )
    roster.full_clean(exclude=["disclosure"])
    roster.save()
    # The body links to the roster page, whose address needs the new item's id. Filled in
    # the same transaction as the draft, so the CREATE event covers it.
    Disclosure.objects.filter(pk=disclosure.pk).update(
        body=roster_body(roster, kind_label=kind_label)
    )
    return roster

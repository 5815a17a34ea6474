"""The self-audit of each organisation, read from the portal's own data (no writes).

Each check gathers the offending pages of one rule of reports.selfaudit.rules and returns a
Finding; ``audit_organisation`` runs them all and returns the rules' Result (score, verdict).
What the portal cannot see about itself (reachability, serious errors, security incidents)
is listed in docs/self-audit.md, not guessed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from catalog.models import Organisation
from disclosures.freshness import column_states
from disclosures.models import Disclosure, Genre
from disclosures.models import Validity as ItemValidity
from disclosures.service_guides.models import ServiceGuide
from interaction.models import Letter, Mailbox
from interaction.workflow import OPEN
from interaction.workflow import Category as LetterCategory
from reports.models import AnnualReport, BrokenLink, BudgetDisclosure, LinkCheckRun
from reports.obligations import rules as obligation_rules
from reports.obligations import services as obligation_services
from reports.selfaudit import rules
from reports.selfaudit.rules import RULES, Finding, Page, Result

_OPEN = [s.value for s in OPEN]


@dataclass(frozen=True)
class OrganisationAudit:
    organisation: Organisation
    result: Result
    today: dt.date

    @property
    def score(self) -> int:
        return self.result.score

    @property
    def verdict(self) -> str:
        return str(self.result.verdict)


def _item_page(item: Disclosure, note: str = "") -> Page:
    return Page(
        title=item.title,
        public_url=item.get_absolute_url(),
        admin_url=reverse("admin:disclosures_disclosure_change", args=[item.pk]),
        note=note,
    )


def _letter_page(letter: Letter, note: str) -> Page:
    # The 查询码 only: a letter's subject may carry the writer's personal details.
    return Page(
        title=f"来信 {letter.number}",
        admin_url=reverse("admin:interaction_letter_change", args=[letter.pk]),
        note=note,
    )


def check_home(org: Organisation, today: dt.date) -> Finding:
    newest = (
        Disclosure.objects.listed()
        .filter(organisation=org)
        .aggregate(newest=Max("published_at"))["newest"]
    )
    day = timezone.localdate(newest) if newest else None
    stale = rules.home_is_stale(day, today)
    pages = []
    if stale:
        note = f"最新信息发布于{day:%Y-%m-%d}" if day else "没有已发布的信息"
        pages.append(Page(title=f"{org.name}首页", public_url=org.get_absolute_url(), note=note))
    return Finding(RULES["home"], pages, vetoed=stale)


def check_columns(org: Organisation, today: dt.date) -> tuple[Finding, Finding]:
    """The column veto items: stale 动态/通知 columns, ≥10 columns behind their own update
    cycle, and ≥5 empty columns (disclosures.freshness gives each column's newest item)."""
    stale, empty, counts = [], [], {"dynamic": 0, "notice": 0, "should": 0}
    admin_url = reverse("admin:disclosures_disclosure_freshness")
    for state in column_states(Organisation.objects.filter(pk=org.pk), today=today):
        column = state.column
        if state.state == "empty":
            empty.append(Page(str(column), column.get_absolute_url(), admin_url, "栏目无内容"))
            continue
        kind = rules.column_kind(column.name, column.update_cycle_days)
        veto_stale = rules.column_is_stale_for_veto(kind, state.newest, today)
        if veto_stale:
            counts["dynamic" if kind == rules.ColumnKind.DYNAMIC else "notice"] += 1
        if state.state == "stale":
            counts["should"] += 1
        if veto_stale or state.state == "stale":
            note = (
                f"最新信息{state.newest:%Y-%m-%d}，已{state.days}天未更新，"
                f"更新周期{column.update_cycle_days}天"
            )
            stale.append(Page(str(column), column.get_absolute_url(), admin_url, note))
    reasons = rules.column_vetoes(
        stale_dynamic=counts["dynamic"],
        stale_notice=counts["notice"],
        should_update=counts["should"],
        empty=0,
    )
    empty_reasons = rules.column_vetoes(
        stale_dynamic=0, stale_notice=0, should_update=0, empty=len(empty)
    )
    return (
        Finding(RULES["columns"], stale, reasons, vetoed=bool(reasons)),
        Finding(RULES["empty"], empty, empty_reasons, vetoed=bool(empty_reasons)),
    )


def check_interaction(org: Organisation, today: dt.date) -> Finding:
    """互动回应差: a letter of the last year unanswered for over 3 months, or no open channel."""
    since = today - dt.timedelta(days=rules.LETTER_WINDOW_DAYS)
    letters = Letter.objects.filter(
        organisation=org, received_on__gte=since, merged_into__isnull=True
    ).exclude(category=LetterCategory.SITE_ERROR)
    pages, reasons = [], []
    for letter in letters.order_by("received_on", "pk"):
        if rules.letter_unanswered_too_long(
            received_on=letter.received_on,
            answered_on=letter.answered_on,
            is_open=letter.status in _OPEN,
            today=today,
        ):
            note = f"{letter.received_on:%Y-%m-%d}收到，" + (
                f"{letter.answered_on:%Y-%m-%d}答复" if letter.answered_on else "至今未答复"
            )
            pages.append(_letter_page(letter, note))
    if pages:
        reasons.append(f"一年内有{len(pages)}件留言超过3个月未答复")
    channels = Mailbox.objects.filter(
        organisation=org,
        is_active=True,
        kind__in=[Mailbox.Kind.LEADER, Mailbox.Kind.CONSULTATION],
    )
    if not channels.exists():
        reasons.append("没有启用的领导信箱或咨询投诉信箱")
    return Finding(RULES["interaction"], pages, reasons, vetoed=bool(reasons))


def check_schedule(rows, org: Organisation) -> Finding:
    """Overdue periods of the obligations (reports.obligations.services.dashboard_rows)."""
    pages = [
        Page(
            title=f"{row.obligation.name}（{row.period.label}）",
            public_url=row.obligation.column.get_absolute_url() if row.obligation.column else "",
            admin_url=reverse("admin:reports_obligation_calendar"),
            note=f"应于{row.due:%Y-%m-%d}前公开",
        )
        for row in rows
        if row.obligation.organisation_id == org.pk and row.state == obligation_rules.State.OVERDUE
    ]
    return Finding(RULES["schedule"], pages)


def last_link_check() -> LinkCheckRun | None:
    return LinkCheckRun.objects.filter(status=LinkCheckRun.Status.DONE).first()


def check_links(org: Organisation, run: LinkCheckRun | None) -> Finding:
    if run is None:
        return Finding(RULES["links"], (), ("尚未运行链接检查（manage.py check_links）",))
    pages = [
        Page(
            title=link.url,
            public_url=link.found_on[0] if link.found_on else "",
            note=f"{link.problem}；所在页面{len(link.found_on)}个",
        )
        for link in run.broken_links.for_organisations([org.pk]).order_by("url")
    ]
    note = f"{run.started_at:%Y-%m-%d %H:%M}检查"
    return Finding(RULES["links"], pages, (note,))


def check_guides(org: Organisation) -> Finding:
    guides = (
        ServiceGuide.objects.listed()
        .filter(disclosure__organisation=org)
        .annotate(
            n_steps=Count("steps", distinct=True), n_materials=Count("materials", distinct=True)
        )
        .select_related("disclosure")
        .order_by("matter_name", "pk")
    )
    pages = []
    for guide in guides:
        values = {
            name: getattr(guide, name)
            for name in (
                "matter_name", "legal_basis", "conditions", "time_limit", "location",
                "office_hours", "consult_phone", "fee",
            )
        }  # fmt: skip
        values.update(steps=guide.n_steps, materials=guide.n_materials)
        missing = rules.missing_guide_elements(values)
        if missing:
            pages.append(
                Page(
                    title=guide.matter_name or guide.disclosure.title,
                    public_url=guide.disclosure.get_absolute_url(),
                    admin_url=reverse("admin:disclosures_serviceguide_change", args=[guide.pk]),
                    note="缺少：" + "、".join(missing),
                )
            )
    return Finding(RULES["guides"], pages)


def check_interpretations(org: Organisation, today: dt.date) -> Finding:
    """Valid 行政规范性文件 of the last year without a published 政策解读 linked to them."""
    since = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=365), dt.time()))
    interpreted = Disclosure.objects.listed().filter(interprets__isnull=False).values("interprets")
    items = (
        Disclosure.objects.listed()
        .filter(
            organisation=org,
            genre=Genre.NORMATIVE,
            validity=ItemValidity.VALID,
            published_at__gte=since,
        )
        .exclude(pk__in=interpreted)
        .order_by("-published_at")
    )
    return Finding(RULES["interpretations"], [_item_page(i, "未关联政策解读") for i in items])


def check_annual_report(org: Organisation, today: dt.date) -> Finding:
    government = org.kind == Organisation.Kind.GOVERNMENT
    year, deadline = rules.annual_report_due(today, government=government)
    first = (
        AnnualReport.objects.published()
        .filter(organisation=org, year=year)
        .order_by("published_at")
        .first()
    )
    published_on = timezone.localdate(first.published_at) if first and first.published_at else None
    if not rules.annual_report_late(published_on, deadline):
        return Finding(RULES["annual_report"])
    note = (
        f"{published_on:%Y-%m-%d}发布，晚于{deadline:%Y-%m-%d}"
        if published_on
        else f"{deadline:%Y-%m-%d}前未发布"
    )
    page = Page(
        title=f"{org.name}{year}年政府信息公开工作年度报告",
        public_url=first.get_absolute_url() if first else "",
        admin_url=(
            reverse("admin:reports_annualreport_change", args=[first.pk])
            if first
            else reverse("admin:reports_annualreport_changelist")
        ),
        note=note,
    )
    return Finding(RULES["annual_report"], [page])


def check_budgets(org: Organisation, today: dt.date) -> Finding:
    """部门预决算 approved in the last two years and not published within 20 days of 批复."""
    since = today - dt.timedelta(days=730)
    pages = []
    for row in BudgetDisclosure.objects.filter(
        organisation=org, approved_on__gte=since
    ).select_related("organisation", "disclosure"):
        if rules.budget_late(
            approved_on=row.approved_on, published_on=row.published_on, today=today
        ):
            state = f"{row.published_on:%Y-%m-%d}公开" if row.published_on else "尚未公开"
            pages.append(
                Page(
                    title=str(row),
                    public_url=row.disclosure.get_absolute_url() if row.disclosure else "",
                    admin_url=reverse("admin:reports_budgetdisclosure_change", args=[row.pk]),
                    note=f"{row.approved_on:%Y-%m-%d}批复，{state}",
                )
            )
    return Finding(RULES["budgets"], pages)


def check_late_letters(org: Organisation, today: dt.date, *, site_errors: bool) -> Finding:
    since = today - dt.timedelta(days=rules.LETTER_WINDOW_DAYS)
    letters = Letter.objects.filter(
        organisation=org, received_on__gte=since, merged_into__isnull=True
    ).filter(
        Q(category=LetterCategory.SITE_ERROR)
        if site_errors
        else ~Q(category=LetterCategory.SITE_ERROR)
    )
    pages = []
    for letter in letters.order_by("received_on", "pk"):
        # a letter not yet accepted has only its 受理期限
        due_on = letter.due_on or letter.accept_due_on
        if rules.letter_answered_late(
            due_on=due_on,
            answered_on=letter.answered_on,
            is_open=letter.status in _OPEN,
            today=today,
        ):
            done = f"{letter.answered_on:%Y-%m-%d}答复" if letter.answered_on else "尚未答复"
            limit = "答复期限" if letter.due_on else "受理期限"
            pages.append(_letter_page(letter, f"{limit}{due_on:%Y-%m-%d}，{done}"))
    return Finding(RULES["site_errors_late" if site_errors else "letters_late"], pages)


_LAST_RUN = object()


def audit_organisation(
    org: Organisation, *, today: dt.date, rows=None, run=_LAST_RUN
) -> OrganisationAudit:
    """Every rule for ``org``. ``rows`` (the obligations' dashboard rows) and ``run`` (the last
    link check, or None) may be passed in when auditing several organisations."""
    if run is _LAST_RUN:
        run = last_link_check()
    if rows is None:
        rows = obligation_services.dashboard_rows(
            Organisation.objects.filter(pk=org.pk), today=today
        )
    columns, empty = check_columns(org, today)
    findings = [
        check_home(org, today),
        columns,
        empty,
        check_interaction(org, today),
        check_schedule(rows, org),
        check_links(org, run),
        check_guides(org),
        check_interpretations(org, today),
        check_annual_report(org, today),
        check_budgets(org, today),
        check_late_letters(org, today, site_errors=False),
        check_late_letters(org, today, site_errors=True),
    ]
    return OrganisationAudit(org, Result(tuple(findings)), today)


def audit_organisations(organisations, *, today: dt.date | None = None) -> list[OrganisationAudit]:
    today = today or timezone.localdate()
    organisations = list(organisations)
    rows = obligation_services.dashboard_rows(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]), today=today
    )
    run = last_link_check()
    return [audit_organisation(org, today=today, rows=rows, run=run) for org in organisations]


def broken_links_for(user_org_ids: list[int] | None, run: LinkCheckRun | None):
    """The last run's broken links a user may read: all for ``None`` (superuser), else those
    found on their organisations' pages."""
    if run is None:
        return BrokenLink.objects.none()
    links = run.broken_links.all()
    return links if user_org_ids is None else links.for_organisations(user_org_ids)

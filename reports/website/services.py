"""Use cases of the 政府网站工作年度报表: create, enter figures, freeze, publish, correct.

The statuses and the actions allowed from each are the annual report's transition table
(reports.annual.workflow). Only a 主管 of a top-level organisation (the site's 主办单位, an
organisation without a parent) handles the site's report. Publishing takes a second person:
neither the one who froze the figures nor the one who last entered them (four eyes).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from catalog.access import Refusals, require_staff
from catalog.models import Organisation
from reports import purging
from reports.annual.services import correction_note, lock, next_status
from reports.website import figures
from reports.website.models import WebsiteReport, WebsiteReportEvent
from reports.website.template import clean_entered, missing_entries

Action = WebsiteReportEvent.Action
PERMISSION = "reports.publish_websitereport"

REFUSALS = Refusals(
    permission="只有主管可以处理政府网站工作年度报表。",
    organisation="政府网站工作年度报表由网站主办单位的主管处理。",
)


class WebsiteReportError(Exception):
    """A rule stops the action; the message is shown to staff as it is."""


class InvalidEntries(WebsiteReportError):
    def __init__(self, problems: dict[str, str]):
        self.problems = problems
        super().__init__("填报的数据有误：" + "；".join(problems.values()))


def require_site_supervisor(actor) -> None:
    """A 主管 (the permission) who belongs to a top-level organisation (superusers do)."""
    require_staff(actor, frozenset(), PERMISSION, refusals=REFUSALS, error=WebsiteReportError)
    if actor.is_superuser:
        return
    tops = Organisation.objects.filter(parent__isnull=True).values_list("pk", flat=True)
    if not Organisation.objects.for_staff(actor).filter(pk__in=tops).exists():
        raise WebsiteReportError(REFUSALS.organisation)


def log_event(report: WebsiteReport, actor, action: str, note: str = "") -> None:
    WebsiteReportEvent.objects.create(report=report, actor=actor, action=action, note=note)


def _next_status(report: WebsiteReport, action: str) -> str:
    return next_status(report, action, error=WebsiteReportError)


@transaction.atomic
def create_report(*, actor, year: int) -> WebsiteReport:
    require_site_supervisor(actor)
    if year >= timezone.localdate().year:
        raise WebsiteReportError("年度报表在该年度结束后编制，请选择已结束的年度。")
    if WebsiteReport.objects.filter(year=year).exists():
        raise WebsiteReportError(f"{year}年政府网站工作年度报表已存在。")
    report = WebsiteReport.objects.create(year=year, entered={"site_type": "政府门户网站"})
    log_event(report, actor, Action.CREATE)
    return report


@transaction.atomic
def enter_figures(*, actor, report: WebsiteReport, values: dict[str, object]) -> WebsiteReport:
    """Replace the entered values given (blank clears a value); refused with every problem
    found, nothing saved, when one value is wrong."""
    require_site_supervisor(actor)
    report = lock(report)
    _next_status(report, Action.EDIT)
    clean, problems = clean_entered(values)
    if problems:
        raise InvalidEntries(problems)
    merged = {**report.entered, **clean}
    report.entered = {key: value for key, value in merged.items() if value is not None}
    report.edited_by = actor
    report.save()
    log_event(report, actor, Action.EDIT)
    return report


def check(report: WebsiteReport) -> list[str]:
    """Why the report cannot be frozen yet: the entered figures still blank."""
    return missing_entries(report.entered)


@transaction.atomic
def freeze(*, actor, report: WebsiteReport) -> WebsiteReport:
    """Fix the site and computed figures: later page views or letters no longer change them."""
    require_site_supervisor(actor)
    report = lock(report)
    status = _next_status(report, Action.FREEZE)
    missing = check(report)
    if missing:
        raise WebsiteReportError("以下数据尚未填报，不能锁定：" + "、".join(missing))
    report.snapshot = figures.live_values(report.year)
    report.status = status
    report.frozen_at = timezone.now()
    report.frozen_by = actor
    report.save()
    log_event(report, actor, Action.FREEZE, "数据已锁定")
    return report


@transaction.atomic
def reopen(*, actor, report: WebsiteReport) -> WebsiteReport:
    require_site_supervisor(actor)
    report = lock(report)
    report.status = _next_status(report, Action.REOPEN)
    report.snapshot = {}
    report.frozen_at = None
    report.frozen_by = None
    report.save()
    log_event(report, actor, Action.REOPEN, "解除锁定，数据恢复实时计算")
    return report


@transaction.atomic
def publish(*, actor, report: WebsiteReport) -> WebsiteReport:
    require_site_supervisor(actor)
    report = lock(report)
    status = _next_status(report, Action.PUBLISH)
    if actor.pk in (report.frozen_by_id, report.edited_by_id):
        raise WebsiteReportError(
            "锁定或填报数据的人员不能发布本报表，请由另一名主管审核发布（双人审核）。"
        )
    report.status = status
    report.published_at = timezone.now()
    report.published_by = actor
    report.save()
    log_event(report, actor, Action.PUBLISH)
    purging.purge_website_report(report)
    return report


@transaction.atomic
def correct(*, actor, report: WebsiteReport, change_note: str) -> WebsiteReport:
    """Start a corrected version of a published report; the published one is never changed.
    The new version starts as a draft with the entered values of the old one."""
    require_site_supervisor(actor)
    report = lock(report)
    change_note = correction_note(report, change_note, error=WebsiteReportError)
    new = WebsiteReport.objects.create(
        year=report.year,
        version=report.version + 1,
        supersedes=report,
        change_note=change_note,
        entered=dict(report.entered),
    )
    log_event(new, actor, Action.CORRECT, change_note)
    return new

"""Writes of the self-audit: storing a link-check run, and the weekly mail per organisation.

Both are run by management commands (no staff actor): ``record_link_check`` stores what the
crawler found, ``send_weekly_audit`` mails one organisation's findings to its 主管 staff at
most once per ISO week.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from catalog import roles
from catalog.models import Organisation
from reports.models import BrokenLink, LinkCheckRun, SelfAuditMailing
from reports.selfaudit import checks, rules
from reports.selfaudit.crawler import Options, Report

TOP_FINDINGS = 5  # deduction items named in the mail, the heaviest first
PAGES_PER_FINDING = 3


def start_link_check(*, options: Options) -> LinkCheckRun:
    return LinkCheckRun.objects.create(
        started_at=timezone.now(), base_url=options.base_url, external=options.external
    )


@transaction.atomic
def record_link_check(*, run: LinkCheckRun, report: Report) -> LinkCheckRun:
    """Store the broken links of a finished walk and close the run."""
    run = LinkCheckRun.objects.select_for_update().get(pk=run.pk)
    BrokenLink.objects.bulk_create(
        BrokenLink(
            run=run,
            url=url[:1000],
            internal=internal,
            status=status,
            error=error[:300],
            found_on=sorted(report.found_on.get(url, ()))[:50],
            organisation_ids=sorted(report.organisations.get(url, ())),
        )
        for url, (status, error, internal) in sorted(report.broken.items())
    )
    run.finished_at = timezone.now()
    run.status = LinkCheckRun.Status.DONE
    run.pages_checked = report.pages
    run.links_checked = report.links
    run.broken_count = len(report.broken)
    run.note = "已达到链接数上限，部分链接未检查。" if report.capped else ""
    run.save()
    return run


def fail_link_check(*, run: LinkCheckRun, reason: str) -> None:
    LinkCheckRun.objects.filter(pk=run.pk).update(
        status=LinkCheckRun.Status.FAILED, finished_at=timezone.now(), note=reason[:300]
    )


def supervisors_of(org: Organisation) -> list:
    """Active 主管 staff of ``org`` with an e-mail address."""
    return list(
        get_user_model()
        .objects.filter(
            is_active=True, memberships__organisation=org, groups__name=roles.SUPERVISOR
        )
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


@dataclass(frozen=True)
class Sent:
    organisation: Organisation
    recipients: int
    skipped: bool  # already mailed this week
    audit: checks.OrganisationAudit | None = None


def dashboard_url() -> str:
    return getattr(settings, "PORTAL_URL", "") + reverse("admin:reports_selfaudit")


def render_mail(audit: checks.OrganisationAudit) -> tuple[str, str]:
    result = audit.result
    deductions = sorted(result.deductions, key=lambda f: -f.points)[:TOP_FINDINGS]
    body = render_to_string(
        "emails/reports/self_audit.txt",
        {
            "organisation": audit.organisation,
            "today": audit.today,
            "score": result.score,
            "verdict": str(result.verdict),
            "vetoes": result.vetoes,
            "deductions": deductions,
            "pages_per_finding": PAGES_PER_FINDING,
            "dashboard_url": dashboard_url(),
        },
    )
    subject = (
        f"网站自查周报（{rules.iso_week(audit.today)}）：{audit.organisation.name}"
        f" {result.score}分，{result.verdict}"
    )
    return subject, body


def send_weekly_audit(*, organisation: Organisation, today: dt.date, force: bool = False) -> Sent:
    """Mail ``organisation``'s self-audit to its 主管 staff, once per ISO week (``force`` sends
    again). The week's row is written in the same transaction as the send: a failed send
    leaves no row, so the next run tries again."""
    week = rules.iso_week(today)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=organisation.pk)
        done = SelfAuditMailing.objects.filter(organisation=organisation, week=week)
        if done.exists() and not force:
            return Sent(organisation, 0, True)
        audit = checks.audit_organisation(organisation, today=today)
        recipients = supervisors_of(organisation)
        if recipients:
            subject, body = render_mail(audit)
            EmailMessage(
                subject, body, settings.DEFAULT_FROM_EMAIL, [u.email for u in recipients]
            ).send()
        done.delete()
        SelfAuditMailing.objects.create(
            organisation=organisation,
            week=week,
            recipients=len(recipients),
            score=audit.score,
            verdict=audit.verdict,
        )
    return Sent(organisation, len(recipients), False, audit)

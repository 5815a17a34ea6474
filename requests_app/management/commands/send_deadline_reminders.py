"""Remind caseworkers of replies due soon or overdue (条例 Art. 33): one mail per person.

A case goes to its handler; an unassigned case (or one whose handler has left) goes to every
active caseworker of its organisation. Mails list numbers and due dates only: no applicant's
name, ID number, phone or address, since mailboxes are not the place for personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from catalog import roles
from catalog.models import CalendarDay
from catalog.statutory_holidays import PROVISIONAL_NOTE
from kernel.runonce import RunOnceCommand
from requests_app.models import Application


@dataclass(frozen=True)
class Item:
    number: str
    organisation: str
    due_on: dt.date
    working_days: int  # left until the due date, or past it when overdue
    assigned: bool
    provisional: bool = False  # counted over a year whose holiday notice is not entered yet


@dataclass
class Digest:
    user: object
    overdue: list[Item] = field(default_factory=list)
    due_soon: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.due_soon)


class Command(RunOnceCommand):
    help = "向经办人发送答复期限提醒邮件：即将到期和已超期的政府信息公开申请（每人一封）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=5, help="提醒多少个工作日内到期的申请（默认5）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送")

    def handle(self, *args, **options):
        days = options["days"]
        if days < 0:
            raise CommandError("--days 不能小于0。")
        today = timezone.localdate()
        calendar = CalendarDay.objects.work_calendar()
        until = calendar.add_working_days(today, days)
        overdue = Application.objects.overdue(on=today)
        due_soon = Application.objects.due_within(on=today, until=until)

        digests: dict[int, Digest] = {}
        caseworkers: dict[int, list] = {}
        orphans = []
        for bucket, queryset in (("overdue", overdue), ("due_soon", due_soon)):
            for case in queryset.select_related("organisation", "handler").order_by(
                "due_on", "number"
            ):
                if case.due_on < today:
                    left = -calendar.working_days_between(case.due_on, today)
                else:
                    left = calendar.working_days_between(today, case.due_on)
                item = Item(
                    case.number,
                    case.organisation.name,
                    case.due_on,
                    abs(left),
                    assigned=case.handler_id is not None,
                    provisional=case.custom_due_on is None
                    and calendar.touches_provisional(
                        case.corrected_received_on or case.received_on, case.due_on
                    ),
                )
                recipients = self._recipients(case, caseworkers)
                if not recipients:
                    orphans.append(case)
                for user in recipients:
                    digest = digests.setdefault(user.pk, Digest(user))
                    getattr(digest, bucket).append(item)

        messages, skipped = [], []
        for digest in sorted(digests.values(), key=lambda d: d.user.username):
            if not digest.user.email:
                skipped.append(digest)
                continue
            messages.append(self._message(digest, today, days))
            if options["dry_run"] or options["verbosity"] >= 2:
                self.stdout.write(
                    f"{digest.user.username} <{digest.user.email}>：已超期{len(digest.overdue)}件，"
                    f"{days}个工作日内到期{len(digest.due_soon)}件"
                )
        for digest in skipped:
            self.stderr.write(
                f"账号“{digest.user.username}”未设置电子邮箱，未发送（{digest.count}件）。"
            )
        for case in orphans:
            self.stderr.write(
                f"{case.organisation.name}没有在职的依申请经办人，{case.number}无人提醒。"
            )

        total_overdue, total_soon = overdue.count(), due_soon.count()
        if options["dry_run"]:
            self.stdout.write(
                f"试运行：将发送提醒邮件{len(messages)}封；已超期{total_overdue}件，"
                f"{days}个工作日内到期{total_soon}件。"
            )
            return
        sent = get_connection().send_messages(messages) if messages else 0
        self.stdout.write(
            f"已发送提醒邮件{sent or 0}封；已超期{total_overdue}件，{days}个工作日内到期{total_soon}件。"
        )

    def _recipients(self, case: Application, caseworkers: dict[int, list]) -> list:
        if case.handler is not None and case.handler.is_active:
            return [case.handler]
        org_id = case.organisation_id
        if org_id not in caseworkers:
            caseworkers[org_id] = list(
                get_user_model()
                .objects.filter(
                    is_active=True,
                    memberships__organisation_id=org_id,
                    groups__name=roles.CASEWORKER,
                )
                .distinct()
                .order_by("username")
            )
        return caseworkers[org_id]

    def _message(self, digest: Digest, today: dt.date, days: int) -> EmailMessage:
        user = digest.user
        body = render_to_string(
            "emails/deadline_reminder.txt",
            {
                "name": user.get_full_name() or user.username,
                "today": today,
                "days": days,
                "overdue": digest.overdue,
                "due_soon": digest.due_soon,
                "provisional_note": PROVISIONAL_NOTE,
                "any_provisional": any(i.provisional for i in digest.overdue + digest.due_soon),
            },
        )
        subject = (
            f"政府信息公开申请答复期限提醒：已超期{len(digest.overdue)}件，"
            f"{days}个工作日内到期{len(digest.due_soon)}件"
        )
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

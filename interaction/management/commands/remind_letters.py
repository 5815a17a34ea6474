"""Daily (cron): tell each organisation's letter handlers which letters are overdue or due
within DUE_SOON_WORKING_DAYS working days.

One mail per handler and organisation, listing 查询码, category, which limit (受理/答复) and
its date only: no subject, no content, nothing of the writer. Each letter listed gets one
REMIND event a day at most, so running the command twice sends no second reminder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from catalog.models import CalendarDay
from interaction import queues
from interaction.deadlines import DUE_SOON_WORKING_DAYS
from interaction.models import Letter, LetterEvent
from interaction.services.common import LetterError, lock, log, transition
from interaction.services.handling import handlers_of
from interaction.workflow import Action, Status
from kernel.runonce import RunOnceCommand


@dataclass(frozen=True)
class Item:
    number: str
    category: str
    limit: str  # 受理期限 or 答复期限
    due_on: dt.date
    working_days: int  # left, or past when overdue


class Command(RunOnceCommand):
    help = "向来信经办人发送办理期限提醒：已逾期和2个工作日内到期的来信（每个机构一封）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只列出将发送的提醒，不发送")

    def handle(self, *args, **options):
        today = timezone.localdate()
        calendar = CalendarDay.objects.work_calendar()
        start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
        reminded = LetterEvent.objects.filter(action=Action.REMIND, created_at__gte=start)
        base = Letter.objects.open().exclude(pk__in=reminded.values("letter_id"))
        late = set(queues.overdue(base, today).values_list("pk", flat=True))
        soon = queues.due_soon(base, today, calendar)
        letters = (
            (queues.overdue(base, today) | soon)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        )
        by_org: dict[int, tuple[object, list[Item], list[Item], list[Letter]]] = {}
        for letter in letters:
            due = queues.binding_due(letter)
            limit = "受理期限" if letter.status == Status.RECEIVED else "答复期限"
            if letter.status == Status.RECEIVED and due != letter.accept_due_on:
                limit = "答复期限"
            if due < today:
                days = calendar.working_days_between(due, today)
            else:
                days = calendar.working_days_between(today, due)
            item = Item(letter.number, letter.get_category_display(), limit, due, days)
            entry = by_org.setdefault(letter.organisation_id, (letter.organisation, [], [], []))
            (entry[1] if letter.pk in late else entry[2]).append(item)
            entry[3].append(letter)

        total = len(by_org)
        sent = 0
        for index, (organisation, overdue, due_soon, listed) in enumerate(by_org.values(), 1):
            handlers = [u for u in handlers_of(organisation.pk) if u.email]
            self.stdout.write(
                f"[{index}/{total}] {organisation.name}：已逾期{len(overdue)}件，"
                f"即将到期{len(due_soon)}件，提醒{len(handlers)}人"
            )
            if not handlers:
                self.stderr.write(f"{organisation.name}没有设置电子邮箱的来信经办人，未发送。")
            if options["dry_run"]:
                continue
            messages = [self._message(u, organisation, overdue, due_soon, today) for u in handlers]
            if messages:  # sent first: a failed send leaves no event, so a rerun reminds again
                sent += get_connection().send_messages(messages) or 0
            with transaction.atomic():
                for letter in listed:
                    self._remind(letter, len(handlers))
        verb = "试运行：涉及" if options["dry_run"] else f"已发送提醒邮件{sent}封；涉及"
        self.stdout.write(f"{verb}{total}个机构。")

    def _remind(self, letter: Letter, recipients: int) -> None:
        letter = lock(letter)
        try:
            old, new = transition(letter, Action.REMIND)
        except LetterError:
            return  # answered or closed meanwhile
        note = f"已发送催办提醒（{recipients}人）" if recipients else "无可提醒的经办人"
        log(letter, None, Action.REMIND, from_status=old, to_status=new, note=note, public=False)

    def _message(self, user, organisation, overdue, due_soon, today) -> EmailMessage:
        body = render_to_string(
            "emails/interaction/letter_reminder.txt",
            {
                "name": user.get_full_name() or user.username,
                "organisation": organisation.name,
                "today": today,
                "days": DUE_SOON_WORKING_DAYS,
                "overdue": overdue,
                "due_soon": due_soon,
            },
        )
        subject = (
            f"来信办理期限提醒（{organisation.name}）：已逾期{len(overdue)}件，"
            f"即将到期{len(due_soon)}件"
        )
        return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])

"""Demo 互动交流 for the fictional county: mailboxes, default time limits, letters in every
status over the last 14 months, and 政策问答 entries linked to the demo policies.

The staff services of #16 (interaction.services.handling) are being written alongside, so the
letters are written here directly, the way the services would leave them: dates in order and
in the past, due dates from interaction.deadlines on the held calendar, replies approved by a
second person, and one LetterEvent for every step. Once the services exist, walking the letters
through them is the better way.

Idempotent: mailboxes by slug, time limits by category, letters by their fixed 查询码 (DEMO…),
knowledge entries by question. Writers are fictional; no public field holds a writer's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay, Organisation
from disclosures.models import Disclosure
from interaction import deadlines
from interaction.models import KnowledgeEntry, Letter, LetterEvent, Mailbox, Reply, TimeLimit
from interaction.workflow import REJECTION_GUIDANCE, Action, Category, RejectionReason, Status
from portal.demo.letter_texts import ENTRIES, SITE_ERRORS, TOPICS
from portal.demo.organisations import demo_password

DEPARTMENTS = ("mzj", "czj", "tyjrj", "scjgj", "sthjj")
# (handler, reviewer) of each organisation: the reviewer is a second person (four eyes).
STAFF = {
    "xzf": ("xzf_zg", "admin"),
    "mzj": ("mzj_jbr", "mzj_shy"),
    "czj": ("czj_jbr", "czj_shy"),
    "tyjrj": ("tyjrj_jbr", "tyjrj_zg"),
    "scjgj": ("scjgj_zg", "admin"),
    "sthjj": ("sthjj_zg", "admin"),
}
WRITERS = ("刘建华", "陈玉梅", "杨志刚", "黄丽娟", "赵国强", "周秀兰", "吴海涛", "孙红霞")


@dataclass
class Walk:
    """One letter being written: its fields, the events of its steps and its replies."""

    letter: Letter
    cal: object
    limits: deadlines.Limits
    staff: dict
    events: list[LetterEvent] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    def at(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(10, len(self.events)), tzinfo=_tz())

    def step(self, action: Action, day: dt.date, actor, to_status: str, **kwargs) -> None:
        self.events.append(
            LetterEvent(
                letter=self.letter,
                actor=actor,
                action=action,
                from_status=self.letter.status if self.events else "",
                to_status=to_status,
                created_at=self.at(day),
                **kwargs,
            )
        )
        self.letter.status = to_status

    def clock(self) -> None:
        letter = self.letter
        clock = deadlines.LetterClock(
            received_on=letter.received_on,
            limits=self.limits,
            accepted_on=letter.accepted_on,
            followed_up_on=letter.followed_up_on,
            extension_days=letter.extension_days,
        )
        letter.accept_due_on = deadlines.accept_due(clock, self.cal)
        letter.due_on = deadlines.answer_due(clock, self.cal)

    def days(self, start: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(start, n)


def _handler(walk: Walk, org: Organisation):
    return walk.staff[STAFF[org.slug][0]]


def _reviewer(walk: Walk, org: Organisation):
    return walk.staff[STAFF[org.slug][1]]


def _accept(walk: Walk, org: Organisation, on: dt.date) -> None:
    walk.letter.accepted_on = on
    walk.letter.handler = _handler(walk, org)
    walk.step(Action.ACCEPT, on, _handler(walk, org), Status.ACCEPTED)


def _answer(walk: Walk, org: Organisation, on: dt.date, text: str, *, round: int = 1) -> None:
    """Draft, submit, approve by the second person: the reply goes out on ``on``."""
    letter, handler, reviewer = walk.letter, _handler(walk, org), _reviewer(walk, org)
    submitted = walk.days(on, 0)
    walk.step(Action.SUBMIT_REPLY, submitted, handler, Status.REVIEWING, public=False)
    walk.replies.append(
        Reply(
            letter=letter,
            round=round,
            organisation=org,
            text=f"您好！{text}如有疑问，请与我们联系。",
            public_text=text,
            state=Reply.State.APPROVED,
            drafted_by=handler,
            reviewed_by=reviewer,
            approved_at=walk.at(on),
        )
    )
    walk.step(Action.APPROVE, on, reviewer, Status.ANSWERED)
    letter.answered_on = on
    letter.answered_by_organisation = org


def _publish(walk: Walk, org: Organisation, on: dt.date, subject: str, content: str) -> None:
    letter = walk.letter
    letter.publish_consent = True
    letter.is_public = True
    letter.public_subject = subject
    letter.public_content = f"来信人反映：{content}"
    letter.published_at = walk.at(on)
    walk.step(Action.PUBLISH, on, _reviewer(walk, org), letter.status, public=False)


# The path each demo letter takes; the last word is the status it ends in.
PATHS = [
    "received",
    "rejected",
    "accepted",
    "processing",
    "processing_overdue",
    "transferred",
    "reviewing",
    "answered",
    "rated",
    "followed_up",
    "closed",
    "closed_late",
    "closed_extended",
    "merged",
    "abusive",
]


def _walk(walk: Walk, path: str, org: Organisation, other: Organisation, topic, today) -> None:
    letter = walk.letter
    _category, subject, content, reply = topic
    received = letter.received_on
    walk.step(Action.SUBMIT, received, None, Status.RECEIVED)
    if path == "received":
        return
    if path == "rejected":
        letter.rejection_reason = RejectionReason.PETITION
        walk.step(
            Action.REJECT,
            walk.days(received, 1),
            _handler(walk, org),
            Status.REJECTED,
            note=f"属于信访事项。{REJECTION_GUIDANCE[RejectionReason.PETITION]}",
        )
        return
    if path == "transferred":
        walk.step(
            Action.TRANSFER,
            walk.days(received, 1),
            _handler(walk, org),
            Status.RECEIVED,
            from_organisation=org,
            to_organisation=other,
            note=f"所反映事项属于{other.name}职责，转其办理。",
        )
        letter.organisation = org = other
    if path == "abusive":
        letter.closed_on = walk.days(received, 1)
        walk.step(
            Action.CLOSE_ABUSIVE,
            letter.closed_on,
            _handler(walk, org),
            Status.CLOSED,
            note="来信内容与政务无关且含辱骂性语言，作无效来信处理。",
        )
        return
    _accept(walk, org, walk.days(received, 1))
    if path == "accepted":
        return
    if path == "merged":
        letter.closed_on = walk.days(received, 2)
        walk.step(
            Action.MERGE,
            letter.closed_on,
            _handler(walk, org),
            Status.CLOSED,
            note="与同一来信人此前反映的同一事项合并办理。",
        )
        return
    letter.office = "综合股"
    walk.step(
        Action.ASSIGN,
        letter.accepted_on,
        _handler(walk, org),
        Status.PROCESSING,
        note="交综合股办理。",
        public=False,
    )
    if path in ("processing", "processing_overdue", "transferred"):
        return
    if path == "closed_extended":
        letter.extension_days = 5
        letter.extension_reason = "需会同乡镇现场核查。"
        letter.extension_approved_by = _reviewer(walk, org)
        walk.step(
            Action.EXTEND,
            walk.days(letter.accepted_on, 3),
            _reviewer(walk, org),
            Status.PROCESSING,
            note="需会同乡镇现场核查，延期5个工作日。",
        )
    limit = walk.limits.answer_days + letter.extension_days
    taken = limit + 3 if path == "closed_late" else max(1, limit - 2)
    answered = walk.days(letter.accepted_on, taken)
    if path == "reviewing":
        walk.step(
            Action.SUBMIT_REPLY, answered, _handler(walk, org), Status.REVIEWING, public=False
        )
        walk.replies.append(
            Reply(
                letter=letter,
                organisation=org,
                text=f"您好！{reply}",
                public_text=reply,
                state=Reply.State.SUBMITTED,
                drafted_by=_handler(walk, org),
            )
        )
        return
    _answer(walk, org, answered, reply)
    if path == "answered":
        return
    if path == "followed_up":
        letter.followed_up_on = walk.days(answered, 2)
        letter.follow_up = "请问具体什么时候能办好？"
        walk.step(Action.FOLLOW_UP, letter.followed_up_on, None, Status.FOLLOWED_UP)
        return
    rated_on = walk.days(answered, 2)
    letter.satisfaction = (
        "dissatisfied"
        if path == "closed_late"
        else ("basically_satisfied" if received.month % 3 == 0 else "satisfied")
    )
    walk.step(Action.RATE, rated_on, None, Status.RATED)
    if path == "rated":
        return
    letter.closed_on = walk.days(rated_on, 1)
    walk.step(Action.CLOSE, letter.closed_on, _handler(walk, org), Status.CLOSED)
    _publish(walk, org, letter.closed_on, subject, content)


@dataclass(frozen=True)
class Planned:
    number: str
    org: str
    path: str
    days_ago: int
    topic: int


def plan() -> list[Planned]:
    """Deterministic: every path for some organisation, and closed letters in every month."""
    planned: list[Planned] = []
    orgs = ("xzf", *DEPARTMENTS)
    recent = {
        "received": 1,
        "accepted": 3,
        "processing": 6,
        "transferred": 5,
        "reviewing": 12,
        "answered": 20,
        "followed_up": 24,
        "rated": 26,
    }
    n = 0
    for i, path in enumerate(PATHS):
        org = orgs[i % len(orgs)]
        days = recent.get(path, 45 + 13 * i)
        if path == "processing_overdue":
            days = 70
        planned.append(Planned(f"DEMO{n:04d}", org, path, days, i))
        n += 1
    # Closed letters in each of the last 14 months, two organisations a month.
    for month in range(14):
        for k in range(2):
            org = orgs[(month * 2 + k) % len(orgs)]
            path = ("closed", "closed", "closed_late", "rated")[(month + k) % 4]
            planned.append(Planned(f"DEMO{n:04d}", org, path, 35 + 30 * month + 7 * k, month + k))
            n += 1
    return planned


def _received_on(cal, today: dt.date, days_ago: int) -> dt.date:
    day = today - dt.timedelta(days=days_ago)
    while not cal.is_working_day(day) and day > today - dt.timedelta(days=days_ago + 7):
        day -= dt.timedelta(days=1)
    return day


def _mailboxes(orgs: dict[str, Organisation]) -> dict[str, Mailbox]:
    specs = [
        ("xzf-xzxx", "xzf", Mailbox.Kind.LEADER, "县长信箱", 1),
        ("zxts", "xzf", Mailbox.Kind.CONSULTATION, "咨询投诉", 2),
        ("zhaocuo", "xzf", Mailbox.Kind.SITE_ERROR, "我为政府网站找错", 3),
    ]
    specs += [
        (f"{slug}-jzxx", slug, Mailbox.Kind.LEADER, "局长信箱", 10 + i)
        for i, slug in enumerate(DEPARTMENTS)
    ]
    boxes = {}
    for slug, org, kind, name, order in specs:
        boxes[slug], _ = Mailbox.objects.get_or_create(
            slug=slug,
            defaults={
                "organisation": orgs[org],
                "kind": kind,
                "name": name,
                "sort_order": order,
                "introduction": "受理范围：对本机构工作的咨询、投诉、建议和求助。"
                "咨询类来信5个工作日内答复，投诉、建议、求助类15个工作日内答复。"
                "属于信访、诉讼、仲裁、行政复议的事项，请通过相应渠道提出。",
            },
        )
    return boxes


def _time_limits() -> None:
    for category, limits in deadlines.DEFAULTS.items():
        TimeLimit.objects.get_or_create(
            organisation=None,
            category=category,
            defaults={
                "accept_days": limits.accept_days,
                "answer_days": limits.answer_days,
                "count_from_receipt": limits.count_from_receipt,
            },
        )


def seed() -> int:
    """Create what is missing; return how many letters were created now."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=["xzf", *DEPARTMENTS])}
    usernames = {name for pair in STAFF.values() for name in pair}
    staff = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    if len(orgs) < len(STAFF) or len(staff) < len(usernames):
        return 0  # portal.demo.organisations has not run
    with transaction.atomic():
        _time_limits()
        boxes = _mailboxes(orgs)
        created = _letters(orgs, boxes, staff)
        _knowledge(orgs, staff)
    return created


def _letters(orgs, boxes, staff) -> int:
    existing = set(
        Letter.objects.filter(number__startswith="DEMO").values_list("number", flat=True)
    )
    cal = CalendarDay.objects.work_calendar()
    today = timezone.localdate()
    password = make_password(demo_password())  # one hash for every demo letter: fast enough
    created = 0
    for planned in plan():
        if planned.number in existing:
            continue
        letter, walk = None, None
        # Move the letter earlier, a week at a time, until every step lies in the past.
        for shift in range(0, 140, 7):
            letter, walk = _build(planned, orgs, boxes, staff, cal, password, today, shift)
            if max(e.created_at for e in walk.events).date() <= today:
                break
        if planned.path == "merged":
            letter.merged_into = (
                Letter.objects.filter(organisation=letter.organisation, number__startswith="DEMO")
                .exclude(status=Status.REJECTED)
                .filter(merged_into__isnull=True)
                .order_by("number")
                .first()
            )
            if letter.merged_into is None:
                continue
        walk.clock()
        letter.save()
        for event in walk.events:
            event.letter = letter
        LetterEvent.objects.bulk_create(walk.events)
        for reply in walk.replies:
            reply.letter = letter
            reply.save()
        created += 1
    return created


def _build(planned: Planned, orgs, boxes, staff, cal, password, today, shift):
    """The letter of ``planned`` (not saved) walked along its path, received ``shift`` days
    earlier than planned."""
    org = orgs[planned.org]
    if planned.org in DEPARTMENTS:
        other = orgs[DEPARTMENTS[(DEPARTMENTS.index(planned.org) + 1) % len(DEPARTMENTS)]]
    else:
        other = orgs["mzj"]
    topics = TOPICS[planned.org]
    topic = topics[planned.topic % len(topics)]
    box = boxes["xzf-xzxx" if planned.org == "xzf" else f"{planned.org}-jzxx"]
    category = topic[0]
    site_error = None
    if planned.org == "xzf" and planned.topic % 2 == 1:
        site_error = SITE_ERRORS[planned.topic % 2]
        kind, _page, content, reply = site_error
        box, category = boxes["zhaocuo"], Category.SITE_ERROR
        topic = (category, "网站纠错：" + Letter.ErrorType(kind).label, content, reply)
    index = int(planned.number[4:])
    writer = WRITERS[index % len(WRITERS)]
    received = _received_on(cal, today, planned.days_ago + shift)
    letter = Letter(
        number=planned.number,
        mailbox=box,
        organisation=org,
        category=category,
        subject=topic[1],
        content=f"{topic[2]}（来信人：{writer}）",
        writer_name=writer,
        writer_phone=f"1380000{index:04d}",
        writer_email=f"writer{index:04d}@example.com" if index % 2 else "",
        publish_consent=planned.path.startswith("closed"),
        query_password=password,
        received_on=received,
        submitted_at=dt.datetime.combine(received, dt.time(9), tzinfo=_tz()),
    )
    if site_error is not None:
        letter.error_type, letter.page_url = (
            site_error[0],
            f"https://www.example.gov.cn{site_error[1]}",
        )
    walk = Walk(letter, cal, deadlines.DEFAULTS[Category(category)], staff)
    _walk(walk, planned.path, org, other, topic, today)
    return letter, walk


def _tz():
    return timezone.get_current_timezone()


def _knowledge(orgs, staff) -> None:
    """The 政策问答 entries, written by the handler and published by the reviewer."""
    policies = Disclosure.objects.listed()
    for slug, question, answer, topic, titles in ENTRIES:
        org = orgs[slug]
        entry, was_created = KnowledgeEntry.objects.get_or_create(
            organisation=org,
            question=question,
            defaults={
                "answer": answer,
                "topic": topic,
                "created_by": staff[STAFF[slug][0]],
                "reviewed_by": staff[STAFF[slug][1]],
                "is_published": True,
                "published_at": timezone.now(),
            },
        )
        if was_created:
            linked = [
                p
                for title in titles
                for p in policies.filter(organisation=org, title__startswith=title)[:1]
            ]
            entry.policies.set(linked)

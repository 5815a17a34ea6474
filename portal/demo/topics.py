"""Demo 点题公开 for the fictional county: the standing calls of the county government and two
bureaus, and suggestions in every state, walked through the real services
(interaction.topics.intake and .services) with the dates of each step in the past.

Among them: an answer 已经公开 linking a demo item, a promise (将予公开) kept later with a
linked item, a promise whose planned date has passed (overdue for staff), a refusal with its
legal basis, a 依申请 guidance without consent to publish, one answer awaiting review and two
suggestions waiting, one of them overdue. Suggesters are fictional; no public field holds a
name or contact.

Idempotent: calls by organisation, suggestions by (organisation, subject).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from catalog.models import CalendarDay, Organisation
from disclosures.models import Disclosure
from interaction.topics import intake, services
from interaction.topics.models import Suggestion, SuggestionEvent, TopicCall
from interaction.topics.workflow import AnswerKind, RefusalReason

# (handler, reviewer) of each organisation: two people (four eyes).
STAFF = {"xzf": ("xzf_zg", "admin"), "mzj": ("mzj_jbr", "mzj_shy"), "czj": ("czj_jbr", "czj_shy")}

INTRODUCTIONS = {
    "xzf": "欢迎就县政府及其工作部门应当主动公开的政府信息提出建议。对涉及公众利益、"
    "群众普遍关注的信息，我们将逐条研究答复，能公开的及时公开。",
    "mzj": "欢迎就社会救助、养老服务、婚姻登记、殡葬管理等民政领域的信息公开提出建议。",
    "czj": "欢迎就预决算、政府债务、财政资金使用等财政信息公开提出建议。",
}


@dataclass(frozen=True)
class Planned:
    org: str
    subject: str
    description: str
    path: str  # waiting, overdue, reviewing, published, kept, promise_overdue, refused, apply
    days_ago: int
    consent: bool = True


PLAN = (
    Planned(
        "xzf",
        "县城公共停车场收费标准及收入使用情况",
        "希望公开县城各公共停车场的收费标准、定价依据以及停车收入的使用情况。",
        "waiting",
        2,
    ),
    Planned(
        "czj",
        "2025年度县级部门预算绩效评价结果",
        "希望公开县级各部门2025年度预算项目的绩效评价结果和整改情况。",
        "overdue",
        40,
    ),
    Planned(
        "mzj",
        "城乡低保对象人数按乡镇分布情况",
        "希望按乡镇公开城市和农村最低生活保障对象的人数及保障金发放总额。",
        "reviewing",
        10,
    ),
    Planned(
        "mzj",
        "最低生活保障审核确认办法",
        "希望公开本县最低生活保障申请、审核确认的具体办法和办理流程。",
        "published",
        30,
    ),
    Planned(
        "czj",
        "政府采购意向公开情况",
        "希望集中公开县级预算单位的政府采购意向，方便供应商提前了解。",
        "kept",
        75,
    ),
    Planned(
        "xzf",
        "老旧小区改造年度计划及进展",
        "希望公开今年纳入改造的老旧小区名单、改造内容和施工进展。",
        "promise_overdue",
        90,
    ),
    Planned(
        "xzf",
        "县政府常务会议讨论记录",
        "希望公开县政府常务会议上各参会人员的发言记录。",
        "refused",
        50,
    ),
    Planned(
        "mzj",
        "本人父亲的婚姻登记档案",
        "希望公开我父亲1985年的婚姻登记档案。",
        "apply",
        20,
        consent=False,
    ),
)


def seed() -> int:
    """Create what is missing; return how many suggestions were created now."""
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=STAFF)}
    usernames = {name for pair in STAFF.values() for name in pair}
    staff = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    if len(orgs) < len(STAFF) or len(staff) < len(usernames):
        return 0  # portal.demo.organisations has not run
    created = 0
    with transaction.atomic():
        for slug, org in orgs.items():
            TopicCall.objects.get_or_create(
                organisation=org, defaults={"introduction": INTRODUCTIONS[slug]}
            )
        for planned in PLAN:
            org = orgs[planned.org]
            if Suggestion.objects.filter(organisation=org, subject=planned.subject).exists():
                continue
            handler, reviewer = (staff[name] for name in STAFF[planned.org])
            _walk(planned, org, handler, reviewer)
            created += 1
    return created


def _working_day(day: dt.date) -> dt.date:
    cal = CalendarDay.objects.work_calendar()
    while not cal.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _backdate(suggestion: Suggestion, day: dt.date, *, after: int = 0) -> int:
    """Put the steps written since event ``after`` on ``day`` (the services write the clock's
    time); returns the last event id, for the next step."""
    events = SuggestionEvent.objects.filter(suggestion=suggestion, pk__gt=after)
    events.update(
        created_at=dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    )
    return SuggestionEvent.objects.filter(suggestion=suggestion).latest("id").pk


def _items(org: Organisation) -> list[Disclosure]:
    return list(Disclosure.objects.listed().filter(organisation=org).order_by("-published_at")[:2])


def _walk(planned: Planned, org: Organisation, handler, reviewer) -> None:
    today = timezone.localdate()
    received = _working_day(today - dt.timedelta(days=planned.days_ago))
    suggestion = intake.submit_suggestion(
        organisation=org,
        subject=planned.subject,
        description=planned.description,
        reason="群众普遍关心，主动公开有利于监督。",
        name="王丽",
        phone="13900001234",
        publish_consent=planned.consent,
        today=received,
    )
    Suggestion.objects.filter(pk=suggestion.pk).update(
        submitted_at=dt.datetime.combine(
            received, dt.time(10), tzinfo=timezone.get_current_timezone()
        )
    )
    last = _backdate(suggestion, received)
    if planned.path in ("waiting", "overdue"):
        return
    drafted = min(today, received + dt.timedelta(days=5))
    items = _items(org)
    answer: dict = {"answer_kind": AnswerKind.APPLY}
    if planned.path in ("published", "reviewing"):
        if not items:
            return
        answer = {
            "answer_kind": AnswerKind.PUBLISHED,
            "disclosure": items[0],
            "answer_text": "该信息已在本机关政府信息公开专栏主动公开，请点击链接查看。",
        }
    elif planned.path in ("kept", "promise_overdue"):
        answer = {
            "answer_kind": AnswerKind.WILL_PUBLISH,
            "planned_on": drafted + dt.timedelta(days=30),
            "answer_text": "我们正在整理相关信息，将在计划日期前主动公开。",
        }
    elif planned.path == "refused":
        answer = {
            "answer_kind": AnswerKind.NOT_PUBLISHED,
            "refusal_reason": RefusalReason.PROCESS,
            "answer_text": "会议讨论记录属于过程性信息，不予公开；会议决定事项已在“政务动态”栏目公开。",
        }
    else:
        answer["answer_text"] = (
            "婚姻登记档案涉及个人信息，请本人或者近亲属持相关证明到县民政局婚姻登记处查询。"
        )
    services.submit_answer(actor=handler, suggestion=suggestion, today=drafted, **answer)
    last = _backdate(suggestion, drafted, after=last)
    if planned.path == "reviewing":
        return
    approved = min(today, drafted + dt.timedelta(days=2))
    services.approve_answer(actor=reviewer, suggestion=suggestion, today=approved)
    last = _backdate(suggestion, approved, after=last)  # the approval and the publication
    if planned.path == "kept" and items:
        linked = min(today, approved + dt.timedelta(days=20))
        services.link_item(
            actor=reviewer, suggestion=suggestion, disclosure=items[-1], today=linked
        )
        _backdate(suggestion, linked, after=last)

"""Demo 依申请公开 cases for 示例县民政局, 财政局 and 退役军人事务局 (received in 2025 and 2026).

Every case is created through :mod:`requests_app.services` with explicit past dates, so each has
a real number, clock, event history and frozen notices, and the rules (补正 within 7 working
days, one extension before the due date, …) hold for the demo too. Between them the cases cover
every state (新收未分派, 办理中, 待补正, 征求意见中, 待缴费, 已办结), every Table B outcome row,
overdue and extended cases, cases carried over from 2025 into 2026, and 行政复议 / 行政诉讼
records with every kind and result.

Deterministic: the cases are a fixed table with fixed receipt dates; names, ID numbers, phone
numbers and times of day come from a ``random.Random`` with a fixed seed, drawn for the whole
table before anything is written.

Idempotent: a demo case is recognised by its natural key (受理机关, 提交时间). Each demo case has
a fixed submission time to the second (microseconds zero), drawn once from the seeded generator;
real submissions take the clock's time with microseconds, and the importer uses midnight, so a
real case never carries a demo key. A second run finds every key and creates nothing. A case
whose planned history reaches past today (the dates are fixed, not relative to today) is left
out and created by the first run on or after its last date.

The demo backdates the event rows it writes to the day of each action, so the case history
reads as it happened; the services themselves always stamp events with the current time.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import CalendarDay, Organisation
from kernel.identifiers import credit_code_check_char, id_number_check_char
from portal.demo.application_cases import (
    CASES,
    CORRECTION_ITEMS,
    CREDIT_PREFIX,
    DELIVERY_METHOD,
    GIVEN,
    OC,
    ONLINE,
    ORG_NAMES,
    REASONS,
    ROADS,
    STAFF,
    SURNAMES,
    TOWNS,
    AppealSpec,
    CaseSpec,
    N,
)
from portal.demo.organisations import demo_password
from requests_app import deadlines, fees, services
from requests_app.models import (
    Appeal,
    Application,
    ApplicationEvent,
    DeliveryMethod,
    IdType,
    Pause,
    ProvisionForm,
    ReplyNotice,
)

TZ = ZoneInfo("Asia/Shanghai")
SEED = "sunshine-demo-applications"
REGION = "331099"  # the fictional county of portal.demo.organisations; no real person has this region code
D = dt.date


@dataclass
class Step:
    on: dt.date
    action: str
    kwargs: dict = field(default_factory=dict)


@dataclass
class PlannedCase:
    spec: CaseSpec
    submitted_at: dt.datetime
    data: dict
    steps: list[Step]
    appeals: list[tuple[AppealSpec, dt.date, dt.date | None]]

    @property
    def last_day(self) -> dt.date:
        days = [self.spec.received, *(s.on for s in self.steps)]
        for _, filed, decided in self.appeals:
            days += [filed, decided or filed]
        return max(days)


# --------------------------------------------------------------------------- applicants


def _id_number(rng: random.Random) -> str:
    born = D(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 52))
    first17 = f"{REGION}{born:%Y%m%d}{rng.randrange(1, 999):03d}"
    return first17 + id_number_check_char(first17)


def _credit_code(rng: random.Random, kind: str) -> str:
    org_code = "".join(rng.choice("0123456789") for _ in range(9))
    first17 = f"{CREDIT_PREFIX[kind]}{REGION}{org_code}"
    return first17 + credit_code_check_char(first17)


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _applicant(rng: random.Random, spec: CaseSpec) -> dict:
    address = f"示例县{rng.choice(TOWNS)}{rng.choice(ROADS)}{rng.randint(1, 199)}号"
    phone = f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
    data = {
        "applicant_type": spec.applicant_type,
        "phone": phone,
        "address": address,
        "postcode": "324100",
        "description": spec.description,
        "provision_form": ProvisionForm.ELECTRONIC,
        "delivery_method": DeliveryMethod.ONLINE,
    }
    if spec.channel != ONLINE:
        data["provision_form"] = ProvisionForm.PAPER
        data["delivery_method"] = DeliveryMethod.POST
    if spec.applicant_type == N:
        data.update(name=_person(rng), id_type=IdType.RESIDENT_ID, id_number=_id_number(rng))
    else:
        data.update(
            name=rng.choice(ORG_NAMES[spec.applicant_type]),
            id_number=_credit_code(rng, spec.applicant_type),
            legal_representative=_person(rng),
            contact_name=_person(rng),
        )
    return data


def _submitted_at(rng: random.Random, spec: CaseSpec) -> dt.datetime:
    # Online: any hour (the platform confirms receipt at once); offline: registered in office hours.
    online = spec.channel == ONLINE
    hour = rng.randint(7, 22) if online else rng.choice([9, 10, 11, 14, 15, 16])
    return dt.datetime.combine(
        spec.received, dt.time(hour, rng.randint(0, 59), rng.randint(1, 59)), tzinfo=TZ
    )


# --------------------------------------------------------------------------- histories


def _provided(spec: CaseSpec) -> str:
    if spec.channel == ONLINE:
        return "以电子文档形式通过本平台提供，请凭申请编号和查询密码下载。"
    return "以纸质复印件形式邮寄提供。"


def _close(spec: CaseSpec, on: dt.date) -> list[Step]:
    outcome = spec.outcome
    if outcome == OC.OTHER:
        return [Step(on, "close_other", {"reason": "申请人书面撤回申请。"})]
    kwargs = {"outcome": outcome, "reasons": REASONS.get(outcome, "")}
    if outcome in {OC.DISCLOSE, OC.PARTIAL}:
        kwargs["provided"] = _provided(spec)
    if outcome == OC.DISCLOSE_PUBLISHED:
        kwargs["provided"] = (
            "该信息已于2026年1月在示例县人民政府门户网站“政府信息公开—财政预决算”栏目主动公开，"
            "网址：https://www.example.gov.cn/xxgk/czyjs/。"
        )
    if outcome == OC.UNABLE_NOT_OURS:
        kwargs["responsible_agency"] = "示例县城关镇人民政府"
        kwargs["responsible_agency_contact"] = "电话0570-8012345，地址示例县城关镇人民路20号"
    return [Step(on, "answer", kwargs)]


def _deliver(spec: CaseSpec, on: dt.date) -> Step:
    by_post = DELIVERY_METHOD[spec.channel].startswith("邮寄")
    return Step(
        on + dt.timedelta(days=3 if by_post else 0),
        "deliver",
        {"method": DELIVERY_METHOD[spec.channel]},
    )


def _steps(spec: CaseSpec, rng: random.Random, cal) -> list[Step]:
    """The dated actions of one case; every date obeys the rule the service enforces."""
    r = spec.received
    wd = cal.add_working_days
    assign = Step(wd(r, 1), "assign")
    scenario = spec.scenario
    if scenario == "new":
        return []
    if scenario == "assigned":
        return [assign]
    if scenario == "answer":
        on = wd(r, rng.randint(4, 18))
        return [assign, *_close(spec, on), _deliver(spec, on)]
    if scenario in {"extend", "extended_open"}:
        days = rng.choice([10, 15, 20])
        extend = Step(
            wd(r, rng.randint(14, 19)),
            "extend",
            {
                "working_days": days,
                "reason": "所申请信息涉及年份较长、数量较多，需要调取档案逐件核查",
            },
        )
        if scenario == "extended_open":
            return [assign, extend]
        on = wd(r, 20 + days - rng.randint(1, 4))
        return [assign, extend, *_close(spec, on), _deliver(spec, on)]
    if scenario in {"consult", "consult_agency", "consulting", "consulting_agency"}:
        kind = Pause.Kind.OTHER_AGENCY if "agency" in scenario else Pause.Kind.THIRD_PARTY
        sent = wd(r, rng.randint(2, 5))
        start = Step(sent, "start_consultation", {"kind": kind, "party": spec.party})
        if scenario.startswith("consulting"):
            return [assign, start]
        ended = wd(sent, rng.randint(8, 15))
        on = wd(ended, rng.randint(2, 6))
        end = Step(ended, "end_consultation", {"note": f"已收到{spec.party}的书面意见"})
        return [assign, start, end, *_close(spec, on), _deliver(spec, on)]
    if scenario in {"correct", "lapse", "correcting"}:
        asked = wd(r, rng.randint(2, 6))  # within the 7 working days of Art. 30
        due = wd(asked, 10)
        request = Step(
            asked, "request_correction", {"items": CORRECTION_ITEMS, "correction_due_on": due}
        )
        if scenario == "correcting":
            return [assign, request]
        if scenario == "lapse":
            on = wd(due, 1)
            return [assign, request, Step(on, "correction_lapsed"), _deliver(spec, on)]
        corrected = wd(asked, rng.randint(4, 9))
        receive = Step(
            corrected,
            "receive_correction",
            {"description": spec.description + "（补正后仍未说明所需信息的名称或特征。）"},
        )
        on = wd(corrected, rng.randint(5, 12))
        return [assign, request, receive, *_close(spec, on), _deliver(spec, on)]
    if scenario in {"fee_paid", "fee_lapsed", "awaiting_fee"}:
        notified = wd(r, rng.randint(3, 5))
        quote = fees.quote_per_volume(rng.choice([150, 180, 260]))
        fee = Step(
            notified,
            "issue_fee_notice",
            {"amount": quote.amount, "basis": f"国办函〔2020〕109号，{quote.explanation}"},
        )
        if scenario == "awaiting_fee":
            return [assign, fee]
        if scenario == "fee_lapsed":
            on = wd(deadlines.fee_payment_due(notified, cal), 1)
            return [assign, fee, Step(on, "fee_lapsed"), _deliver(spec, on)]
        paid = wd(notified, rng.randint(5, 12))
        on = wd(paid, rng.randint(4, 10))
        return [assign, fee, Step(paid, "record_payment"), *_close(spec, on), _deliver(spec, on)]
    if scenario == "withdraw":
        on = wd(r, rng.randint(3, 8))
        return [assign, *_close(spec, on), _deliver(spec, on)]
    raise ValueError(f"unknown demo scenario {scenario!r}")


def _appeals(spec: CaseSpec, closed_on: dt.date | None):
    planned = []
    previous_decided = None
    for appeal in spec.appeals:
        base = previous_decided if appeal.after_previous else closed_on
        filed = base + dt.timedelta(days=appeal.filed_after)
        decided = (
            None
            if appeal.decided_after is None
            else filed + dt.timedelta(days=appeal.decided_after)
        )
        planned.append((appeal, filed, decided))
        previous_decided = decided
    return planned


CLOSING = {"answer", "close_other", "correction_lapsed", "fee_lapsed"}


def plan(cal) -> list[PlannedCase]:
    """The whole demo, drawn from one seeded generator before anything is written."""
    rng = random.Random(SEED)
    planned = []
    for spec in CASES:
        submitted_at = _submitted_at(rng, spec)
        data = _applicant(rng, spec)
        steps = _steps(spec, rng, cal)
        closing = [s.on for s in steps if s.action in CLOSING]
        planned.append(
            PlannedCase(
                spec, submitted_at, data, steps, _appeals(spec, closing[-1] if closing else None)
            )
        )
    keys = [(p.spec.org, p.submitted_at) for p in planned]
    assert len(set(keys)) == len(keys), "demo submission times must be unique"
    return sorted(planned, key=lambda p: (p.spec.received, p.submitted_at))


# --------------------------------------------------------------------------- writing


def seed() -> int:
    """Create the demo cases that do not exist yet; return how many were created now."""
    user_model = get_user_model()
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=list(STAFF))}
    users = {
        u.username: u
        for u in user_model.objects.filter(
            username__in=[name for s in STAFF.values() for name in (s.supervisor, s.caseworker)]
        )
    }
    if len(orgs) < len(STAFF) or len(users) < 2 * len(STAFF):
        return 0  # portal.demo.organisations has not run: nothing to attach the cases to
    existing = set(
        Application.objects.filter(organisation__in=orgs.values()).values_list(
            "organisation__slug", "submitted_at"
        )
    )
    today = timezone.localdate()
    created = 0
    for case in plan(CalendarDay.objects.work_calendar()):
        if (case.spec.org, case.submitted_at) in existing or case.last_day > today:
            continue
        staff = STAFF[case.spec.org]
        _create(case, orgs[case.spec.org], users[staff.supervisor], users[staff.caseworker])
        created += 1
    return created


@transaction.atomic
def _create(case: PlannedCase, org: Organisation, supervisor, caseworker) -> Application:
    spec = case.spec
    offline = spec.channel != ONLINE
    application = services.submit_application(
        organisation=org,
        data=case.data,
        query_password=_query_password(),
        channel=spec.channel,
        received_on=spec.received,
        submitted_at=case.submitted_at,
        actor=caseworker if offline else None,
    )
    _backdate(application, 0, case.submitted_at)
    for number, step in enumerate(case.steps, start=1):
        last_event = application.events.aggregate(m=Max("pk"))["m"] or 0
        application = _run(step, application, org, supervisor, caseworker)
        when = dt.datetime.combine(step.on, dt.time(9, 0), tzinfo=TZ) + dt.timedelta(
            minutes=7 * number
        )
        _backdate(application, last_event, when)
    for appeal, filed, decided in case.appeals:
        Appeal.objects.create(
            application=application,
            kind=appeal.kind,
            filed_on=filed,
            result=appeal.result,
            decided_on=decided,
            body=_appeal_body(org, appeal.kind),
            note="" if decided else "案件正在审理中。",
        )
    return application


def _run(step: Step, application: Application, org, supervisor, caseworker) -> Application:
    kw = dict(step.kwargs)
    on = step.on
    common = {"actor": caseworker, "application": application}
    match step.action:
        case "assign":
            return services.assign(actor=supervisor, application=application, handler=caseworker)
        case "request_correction":
            return services.request_correction(**common, on=on, **kw)
        case "receive_correction":
            return services.receive_correction(**common, received_on=on, **kw)
        case "correction_lapsed":
            return services.correction_lapsed(**common, on=on)
        case "start_consultation":
            return services.start_consultation(**common, sent_on=on, **kw)
        case "end_consultation":
            return services.end_consultation(**common, ended_on=on, **kw)
        case "extend":
            return services.extend(**common, on=on, approver=org.head or "办公室主任", **kw)
        case "issue_fee_notice":
            return services.issue_fee_notice(**common, notice_received_on=on, **kw)
        case "record_payment":
            return services.record_payment(**common, paid_on=on)
        case "fee_lapsed":
            return services.fee_lapsed(**common, on=on)
        case "answer":
            return services.answer(**common, answered_on=on, **kw)
        case "close_other":
            return services.close_other(**common, on=on, **kw)
        case "deliver":
            notice = application.notices.filter(
                kind__in=[ReplyNotice.Kind.ANSWER, ReplyNotice.Kind.CLOSURE]
            ).latest("pk")
            services.record_delivery(actor=caseworker, notice=notice, delivered_on=on, **kw)
            return application
    raise ValueError(f"unknown demo step {step.action!r}")


def _backdate(application: Application, after_pk: int, when: dt.datetime) -> None:
    ApplicationEvent.objects.filter(application=application, pk__gt=after_pk).update(
        created_at=when
    )


def _appeal_body(org: Organisation, kind: str) -> str:
    if kind == Appeal.Kind.REVIEW:
        return org.parent.name if org.parent_id else "示例县人民政府"
    return "示例市中级人民法院" if kind == Appeal.Kind.LITIGATION_AFTER_REVIEW else "示例县人民法院"


def _query_password() -> str:
    # The demo accounts' password, so a visitor can try the progress page with any demo case.
    return demo_password()

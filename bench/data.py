"""The benchmark's data: one organisation with 100,000 cases in a year, written with bulk_create.

This is bench data, not portal behaviour: rows are written directly (no services, no events),
but every row is one the services could have produced (a closed case has an outcome and a
closing date after its receipt, a decided appeal has a date …). The plan is drawn from a seeded
generator, so the same plan can be drawn again on a later run to check the computed figures
against numbers counted here in plain Python, independently of reports.annual.figures.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db import transaction

TZ = ZoneInfo("Asia/Shanghai")
SEED = "sunshine-bench-v1"
YEAR = 2025
MARKER = "bench-data-v1"
SLUG = "bench"

OUTCOME_WEIGHTS = {
    "disclose": 450,
    "partial": 100,
    "withhold_secret": 5,
    "withhold_law": 10,
    "withhold_security": 5,
    "withhold_third_party": 40,
    "withhold_internal": 15,
    "withhold_process": 20,
    "withhold_enforcement": 10,
    "withhold_inquiry": 15,
    "unable_not_held": 120,
    "unable_new_creation": 30,
    "unable_unclear": 15,
    "refuse_petition": 40,
    "refuse_repeat": 30,
    "refuse_publication": 5,
    "refuse_excessive": 10,
    "refuse_confirm": 10,
    "other_no_correction": 25,
    "other_no_fee": 10,
    "other": 45,
}
TYPE_WEIGHTS = {
    "natural": 80,
    "commercial": 8,
    "research": 2,
    "public_welfare": 2,
    "legal_service": 5,
    "other_org": 3,
}
OPEN_SHARE = 0.03  # never closed: still open today
FEE_SHARE = 0.01  # disclosed or partly disclosed after a fee notice
APPEAL_SHARE = 0.04  # share of refusals that end in 行政复议 or 行政诉讼
GENRES = [
    "notice",
    "news",
    "announcement",
    "opinion",
    "report",
    "plan",
    "statistics",
    "interpretation",
    "publicity",
    "other",
]
COLUMNS = [
    "gzdt",
    "tzgg",
    "ghjh",
    "tjxx",
    "bmys",
    "bmjs",
    "cxdb",
    "tkgy",
    "lsjz",
    "yfaz",
    "shzz",
    "ylfw",
    "xzxk",
    "zcjd",
    "bszn",
]


@dataclass(frozen=True)
class Case:
    received_on: dt.date
    applicant_type: str
    outcome: str  # "" while open
    closed_on: dt.date | None
    fee: tuple[dt.date, int, int] | None = None  # notice issued on, billed, collected
    appeal: tuple[str, dt.date, str, dt.date | None] | None = None  # kind, filed, result, decided


@dataclass(frozen=True)
class Item:
    written_on: dt.date
    published_at: dt.datetime
    genre: str
    columns: tuple[str, ...]
    status: str  # published or withdrawn
    validity: str  # valid, repealed or expired
    validity_changed_on: dt.date | None


@dataclass
class Plan:
    cases: list[Case] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    @property
    def received_in_year(self) -> int:
        return sum(1 for c in self.cases if c.received_on.year == YEAR)


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _day(rng: random.Random, start: dt.date, days: int) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(days))


def plan(cases: int, items: int) -> Plan:
    """``cases`` received in YEAR, plus 4 % carried in from YEAR-1 and 2 % closed in YEAR-1."""
    rng = random.Random(f"{SEED}-{cases}-{items}")  # noqa: S311 - seeded bench data
    result = Plan()
    start = dt.date(YEAR, 1, 1)
    for _ in range(cases):
        received = _day(rng, start, 365)
        result.cases.append(_case(rng, received, received, 45))
    for _ in range(cases * 4 // 100):  # received Oct–Dec of the year before, open on 1 January
        received = _day(rng, dt.date(YEAR - 1, 10, 1), 92)
        result.cases.append(_case(rng, received, start, 120))
    for _ in range(cases * 2 // 100):  # received and closed the year before
        received = _day(rng, dt.date(YEAR - 1, 1, 1), 240)
        result.cases.append(_case(rng, received, received, 30, can_stay_open=False))
    for _ in range(items):
        result.items.append(_item(rng))
    return result


def _case(rng, received, earliest_close, spread, can_stay_open=True) -> Case:
    kind = _pick(rng, TYPE_WEIGHTS)
    if can_stay_open and rng.random() < OPEN_SHARE:
        return Case(received, kind, "", None)
    outcome = _pick(rng, OUTCOME_WEIGHTS)
    closed = earliest_close + dt.timedelta(days=rng.randrange(1, spread))
    fee = appeal = None
    if outcome == "other_no_fee" or (
        outcome in {"disclose", "partial"} and rng.random() < FEE_SHARE
    ):
        billed = 100 * rng.randint(1, 7)
        fee = (received + dt.timedelta(days=1), billed, 0 if outcome == "other_no_fee" else billed)
    if outcome.startswith(("withhold", "unable", "refuse")) and rng.random() < APPEAL_SHARE:
        kind_of = rng.choices(
            ["review", "litigation_direct", "litigation_after_review"], weights=[6, 3, 1]
        )[0]
        filed = closed + dt.timedelta(days=rng.randint(10, 60))
        if rng.random() < 0.3:
            appeal = (kind_of, filed, "pending", None)
        else:
            result = rng.choice(["maintained", "corrected", "other"])
            appeal = (kind_of, filed, result, filed + dt.timedelta(days=rng.randint(20, 150)))
    return Case(received, kind, outcome, closed, fee, appeal)


def _item(rng) -> Item:
    written = _day(rng, dt.date(YEAR - 4, 1, 1), 365 * 5)
    published = dt.datetime.combine(
        written + dt.timedelta(days=rng.randrange(0, 12)),
        dt.time(rng.randrange(8, 18), rng.randrange(60)),
        tzinfo=TZ,
    )
    roll = rng.random()
    if roll < 0.01:
        genre, columns = "rule", ("qtwj",)
    elif roll < 0.05:
        genre, columns = "normative", ("gfxwj",)
    else:
        genre = rng.choice(GENRES)
        columns = tuple(rng.sample(COLUMNS, rng.choice([1, 1, 1, 2])))
    validity, changed = "valid", None
    if genre in {"rule", "normative"} and rng.random() < 0.15:
        validity = rng.choice(["repealed", "repealed", "expired"])
        changed = written + dt.timedelta(days=rng.randint(100, 1200))
    status = "withdrawn" if rng.random() < 0.01 else "published"
    return Item(written, published, genre, columns, status, validity, changed)


# --------------------------------------------------------------------------- expected figures


def expected_table_b(plan: Plan) -> dict[str, dict[str, int]]:
    """The Table B counts of YEAR by the definitions of law-and-annual-report §1.4."""
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    counts: dict[str, Counter] = {}

    def add(row, col):
        counts.setdefault(row, Counter())[col] += 1

    for c in plan.cases:
        if start <= c.received_on <= end:
            add("new", c.applicant_type)
        if c.received_on < start and (c.closed_on is None or c.closed_on >= start):
            add("carried_in", c.applicant_type)
        if c.closed_on and start <= c.closed_on <= end:
            add(c.outcome, c.applicant_type)
        if c.received_on <= end and (c.closed_on is None or c.closed_on > end):
            add("carried_out", c.applicant_type)
    return {row: dict(cols) for row, cols in counts.items()}


def expected_table_c(plan: Plan) -> dict[str, dict[str, int]]:
    end = dt.date(YEAR, 12, 31)
    counts: dict[str, Counter] = {}
    for c in plan.cases:
        if c.appeal is None or c.appeal[1].year != YEAR:
            continue
        kind, _, result, decided = c.appeal
        counted = result if decided is not None and decided <= end else "pending"
        counts.setdefault(kind, Counter())[counted] += 1
    return {kind: dict(results) for kind, results in counts.items()}


def expected_table_a(plan: Plan) -> dict[str, int]:
    end = dt.date(YEAR, 12, 31)
    result = Counter()
    for item in plan.items:
        prefix = {"rule": "rules", "normative": "normative"}.get(item.genre)
        if prefix is None:
            continue
        changed = item.validity_changed_on
        if item.written_on.year == YEAR:
            result[f"{prefix}_issued"] += 1
        if item.validity == "repealed" and changed.year == YEAR:
            result[f"{prefix}_repealed"] += 1
        ended = item.validity != "valid" and changed <= end
        if item.status == "published" and item.written_on <= end and not ended:
            result[f"{prefix}_in_force"] += 1
    return {
        f"{p}_{k}": result[f"{p}_{k}"]
        for p in ("rules", "normative")
        for k in ("issued", "repealed", "in_force")
    }


def expected_fees(plan: Plan) -> tuple[int, int, int]:
    notices = [c.fee for c in plan.cases if c.fee and c.fee[0].year == YEAR]
    return len(notices), sum(f[1] for f in notices), sum(f[2] for f in notices)


def expected_proactive_total(plan: Plan) -> int:
    return sum(1 for item in plan.items if item.published_at.astimezone(TZ).year == YEAR)


# --------------------------------------------------------------------------- writing


def marker(cases: int, items: int) -> str:
    return f"{MARKER} cases={cases} items={items}"


def is_built(org, *, cases: int, items: int) -> bool:
    """The data of this size is complete (the marker is written last, in the same transaction)."""
    return org is not None and org.guide_notes == marker(cases, items)


@transaction.atomic
def build(plan: Plan, *, cases: int, items: int, batch: int = 5000):
    """Write the plan and a published report of YEAR (for the public page); return the org."""
    from catalog.models import Category, Organisation
    from disclosures import listing
    from disclosures.models import Disclosure
    from portal.demo.organisations import demo_credit_code
    from reports.annual import figures
    from reports.models import AnnualReport
    from requests_app.models import Appeal, Application, ReplyNotice

    government = Organisation.objects.create(
        name="基准测试县人民政府",
        slug=f"{SLUG}-gov",
        kind="government",
        credit_code=demo_credit_code("990000001"),
    )
    org = Organisation.objects.create(
        name="基准测试县民政局",
        short_name="测试民政局",
        slug=SLUG,
        kind="department",
        parent=government,
        credit_code=demo_credit_code("990000002"),
    )
    applications = []
    for n, c in enumerate(plan.cases, start=1):
        submitted = dt.datetime.combine(c.received_on, dt.time(10, 0), tzinfo=TZ)
        applications.append(
            Application(
                organisation=org,
                number=f"BENCH-YSQ-{n:07d}",
                channel="online",
                submitted_at=submitted,
                received_on=c.received_on,
                applicant_type=c.applicant_type,
                name="基准测试申请人",
                id_number="331099198001010000",
                phone="13800000000",
                address="基准测试县人民路1号",
                description="申请公开本县城乡最低生活保障资金发放汇总表。",
                query_password="!",  # noqa: S106 - Django's "unusable" marker
                status="closed" if c.closed_on else "received",
                outcome=c.outcome,
                closed_on=c.closed_on,
                fee_amount=c.fee[1] if c.fee else 0,
                fee_paid_amount=c.fee[2] if c.fee else 0,
            )
        )
    Application.objects.bulk_create(applications, batch_size=batch)
    notices, appeals = [], []
    for n, (application, c) in enumerate(zip(applications, plan.cases, strict=True), start=1):
        if c.fee:
            notices.append(
                ReplyNotice(
                    application=application,
                    organisation_id=application.organisation_id,
                    kind="fee",
                    number=f"测试民政局依申请〔{YEAR}〕{n}号",
                    title="基准测试县民政局政府信息公开信息处理费收费通知书",
                    body="",
                    issued_on=c.fee[0],
                )
            )
        if c.appeal:
            kind, filed, result, decided = c.appeal
            appeals.append(
                Appeal(
                    application=application,
                    kind=kind,
                    filed_on=filed,
                    result=result,
                    decided_on=decided,
                )
            )
    ReplyNotice.objects.bulk_create(notices, batch_size=batch)
    Appeal.objects.bulk_create(appeals, batch_size=batch)

    categories = dict(Category.objects.values_list("slug", "pk"))
    disclosures = [
        Disclosure(
            organisation=org,
            title=f"基准测试信息{n:06d}",
            genre=item.genre,
            written_on=item.written_on,
            index_number=f"BENCH/{item.written_on.year}-{n:06d}",
            status=item.status,
            published_at=item.published_at,
            validity=item.validity,
            validity_changed_on=item.validity_changed_on,
            validity_note="已废止。" if item.validity != "valid" else "",
            withdrawn_reason="基准测试撤回。" if item.status == "withdrawn" else "",
            withdrawn_at=item.published_at if item.status == "withdrawn" else None,
        )
        for n, item in enumerate(plan.items, start=1)
    ]
    for disclosure in disclosures:  # bulk_create skips save(), which keeps the heading
        disclosure.refresh_heading()
    Disclosure.objects.bulk_create(disclosures, batch_size=batch)
    through = Disclosure.categories.through
    through.objects.bulk_create(
        [
            through(disclosure_id=d.pk, category_id=categories[slug])
            for d, item in zip(disclosures, plan.items, strict=True)
            for slug in item.columns
        ],
        batch_size=batch,
    )
    # bulk_create bypasses the services: the public column lists' rows are written here.
    listing.refresh_listings([d.pk for d in disclosures], bulk=True)
    report = AnnualReport.objects.create(
        organisation=org, year=YEAR, section_overview="基准测试用年度报告。"
    )
    snapshot = figures.tables_to_json(figures.compute(report))
    AnnualReport.objects.filter(pk=report.pk).update(
        snapshot=snapshot,
        status=AnnualReport.Status.PUBLISHED,
        frozen_at=dt.datetime(YEAR + 1, 1, 20, 10, tzinfo=TZ),
        published_at=dt.datetime(YEAR + 1, 1, 20, 11, tzinfo=TZ),
    )
    org.guide_notes = marker(cases, items)
    org.save(update_fields=["guide_notes"])
    return org

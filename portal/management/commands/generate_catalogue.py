"""Generate N synthetic published items for load testing (docs/generate-catalogue.md).

Fast path: rows are bulk-inserted (Disclosure, its column links, its column listing rows, its
SearchEntry) in batches, one transaction each, without disclosures.services. 索引号 serials are
reserved on the same catalog.models.Counter rows the publishing service uses, so later real
publications continue the sequence. Items carry ``external_id`` ``gen-<seed>-<n>``; a rerun
continues after the highest ``n`` of its seed, so running the same command twice creates
nothing the second time.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from catalog.models import CalendarDay, Category, Counter, Organisation
from disclosures import listing
from disclosures.models import Disclosure
from disclosures.search.index import SearchEntry, entry_values
from disclosures.services import INDEX_COUNTER, is_published_late
from disclosures.workflow import Status
from portal.demo import synthetic_catalogue as generator
from portal.demo.organisations import demo_credit_code

STATUTORY_ROOT = "fdzdgk"
GOVERNMENT_SLUG = "xzf"


def synthetic_slug(i: int) -> str:
    return f"gen-{i:04d}"


def ensure_synthetic_organisations(k: int, columns: list[Category]) -> list[Organisation]:
    """Organisations gen-0001 … gen-<k> (created when missing), all statutory columns on."""
    parent = Organisation.objects.filter(slug=GOVERNMENT_SLUG).first()
    existing = {o.slug: o for o in Organisation.objects.filter(slug__startswith="gen-")}
    orgs = []
    for i in range(1, k + 1):
        slug = synthetic_slug(i)
        org = existing.get(slug)
        if org is None:
            org = Organisation(
                slug=slug,
                name=f"示例县模拟单位{i:04d}",
                short_name=f"模拟单位{i:04d}",
                kind=Organisation.Kind.DEPARTMENT if parent else Organisation.Kind.OTHER,
                parent=parent,
                credit_code=demo_credit_code(f"9{i:08d}"),
                phone=f"0570-89{i:05d}",
                sort_order=900,
            )
            org.full_clean()
            org.save()
            org.columns.add(*columns)
        orgs.append(org)
    return orgs


class Command(BaseCommand):
    help = "生成 N 条模拟的已发布主动公开信息（压力测试用，直接批量写入，不经过发布流程）。"

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="本种子下的目标条数（已有的不重复生成）")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--organisations",
            type=int,
            default=0,
            help="创建/使用 K 个模拟机构 gen-0001…；默认使用现有的全部启用机构",
        )
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-search", action="store_true", help="不写全文检索条目")

    def handle(self, *args, count, seed, organisations, batch_size, no_search, **options):
        if count < 0 or organisations < 0 or batch_size < 1:
            raise CommandError("count、--organisations、--batch-size 不能为负数。")
        columns = self._statutory_columns()
        if organisations:
            orgs = ensure_synthetic_organisations(organisations, columns)
        else:
            orgs = list(Organisation.objects.active().order_by("pk"))
        if not orgs:
            raise CommandError("没有可用的机构：请先运行 seed_demo 或使用 --organisations K。")
        by_org = self._columns_by_org(orgs, columns)

        prefix = f"gen-{seed}-"
        done = self._highest_n(prefix)
        todo = max(count - done, 0)
        if not todo:
            self.stdout.write(f"种子 {seed} 已有 {done} 条，无需生成。")
            return
        # Report about every 1%: batches no bigger than 1% of the run (at least 100 items).
        size = max(1, min(batch_size, max(100, math.ceil(todo / 100))))
        calendar = CalendarDay.objects.work_calendar()
        first, last = generator.window(timezone.localdate())
        info = {
            o.pk: generator.OrgInfo(o.name, o.short_name or o.name, o.phone or "0570-8000001")
            for o in orgs
        }
        started = time.monotonic()
        created = 0
        self._progress(0, todo, started)
        for start in range(done + 1, count + 1, size):
            ns = range(start, min(start + size, count + 1))
            items, links = [], []
            for n in ns:
                rng = generator.placement_rng(seed, n)
                org = orgs[rng.randrange(len(orgs))]
                column = rng.choice(by_org[org.pk])
                spec = generator.make_item(
                    seed,
                    n,
                    org=info[org.pk],
                    column_slug=column.slug,
                    column_name=column.name,
                    first=first,
                    last=last,
                    calendar=calendar,
                )
                items.append(self._disclosure(spec, org, prefix, calendar))
                links.append(column)
            self._write(items, links, no_search)
            created += len(items)
            self._progress(created, todo, started)
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成 {created} 条（{len(orgs)} 个机构），用时 {elapsed:.1f} 秒，"
                f"{created / max(elapsed, 1e-9):.0f} 条/秒。"
            )
        )

    # ------------------------------------------------------------------ helpers

    def _statutory_columns(self) -> list[Category]:
        root = Category.objects.filter(slug=STATUTORY_ROOT).first()
        if root is None:
            raise CommandError("缺少“法定主动公开内容”栏目：请先运行 migrate。")
        columns, frontier = [], [root.pk]
        while frontier:
            level = list(
                Category.objects.filter(parent_id__in=frontier, kind="statutory").order_by("pk")
            )
            columns += level
            frontier = [c.pk for c in level]
        if not columns:
            raise CommandError("“法定主动公开内容”下没有栏目。")
        return columns

    def _columns_by_org(self, orgs, columns) -> dict[int, list[Category]]:
        """Each organisation's enabled statutory columns (all of them when it enabled none)."""
        allowed = {c.pk: c for c in columns}
        enabled = defaultdict(list)
        through = Organisation.columns.through
        rows = through.objects.filter(
            organisation_id__in=[o.pk for o in orgs], category_id__in=list(allowed)
        ).order_by("category_id")
        for org_id, category_id in rows.values_list("organisation_id", "category_id"):
            enabled[org_id].append(allowed[category_id])
        return {o.pk: enabled.get(o.pk) or columns for o in orgs}

    def _highest_n(self, prefix: str) -> int:
        value = (
            Disclosure.objects.filter(external_id__startswith=prefix)
            .annotate(n=Cast(Substr("external_id", len(prefix) + 1), IntegerField()))
            .aggregate(m=Max("n"))["m"]
        )
        return value or 0

    def _disclosure(self, spec, org, prefix, calendar) -> Disclosure:
        published_on = timezone.localdate(spec.published_at)
        return Disclosure(
            organisation=org,
            title=spec.title,
            body=spec.body,
            summary=spec.summary,
            keywords=spec.keywords,
            genre=spec.genre,
            document_number=spec.document_number,
            written_on=spec.written_on,
            status=Status.PUBLISHED,
            published_at=spec.published_at,
            is_late=is_published_late(spec.written_on, published_on, calendar),
            external_id=f"{prefix}{spec.n}",
        )

    def _write(self, items: list[Disclosure], links: list[Category], no_search: bool) -> None:
        with transaction.atomic():
            self._assign_index_numbers(items)
            for item in items:  # bulk_create skips save(), which keeps the heading
                item.refresh_heading()
            Disclosure.objects.bulk_create(items)
            through = Disclosure.categories.through
            through.objects.bulk_create(
                [
                    through(disclosure_id=d.pk, category_id=c.pk)
                    for d, c in zip(items, links, strict=True)
                ]
            )
            listing.refresh_listings([d.pk for d in items])
            if not no_search:
                SearchEntry.objects.bulk_create(
                    [
                        SearchEntry(
                            disclosure_id=d.pk,
                            **entry_values(d, [], [i for i in (c.pk, c.parent_id) if i]),
                        )
                        for d, c in zip(items, links, strict=True)
                    ]
                )

    def _assign_index_numbers(self, items: list[Disclosure]) -> None:
        """Reserve serials per (organisation, year) on the publishing service's counters."""
        groups: dict[tuple[int, int], list[Disclosure]] = defaultdict(list)
        for item in sorted(items, key=lambda d: d.published_at):
            year = timezone.localtime(item.published_at).year
            groups[(item.organisation_id, year)].append(item)
        Counter.objects.bulk_create(
            [Counter(organisation_id=o, name=INDEX_COUNTER, year=y) for o, y in groups],
            ignore_conflicts=True,
        )
        org_ids = {o for o, _ in groups}
        years = {y for _, y in groups}
        counters = {
            (c.organisation_id, c.year): c
            for c in Counter.objects.select_for_update()
            .filter(name=INDEX_COUNTER, organisation_id__in=org_ids, year__in=years)
            .order_by("pk")
        }
        numbers = {}
        for key, group in groups.items():
            counter = counters[key]
            org = group[0].organisation
            for item in group:
                counter.last_value += 1
                when = timezone.localtime(item.published_at)
                item.index_number = org.format_index_number(
                    year=when.year, month=when.month, seq=counter.last_value
                )
                numbers[item.index_number] = item
        # A number typed in by an import or an edited pattern may already exist: skip it.
        taken = set(
            Disclosure.objects.filter(index_number__in=list(numbers)).values_list(
                "index_number", flat=True
            )
        )
        for number in taken:
            item = numbers[number]
            counter = counters[(item.organisation_id, timezone.localtime(item.published_at).year)]
            when = timezone.localtime(item.published_at)
            while True:
                counter.last_value += 1
                candidate = item.organisation.format_index_number(
                    year=when.year, month=when.month, seq=counter.last_value
                )
                if not Disclosure.objects.filter(index_number=candidate).exists():
                    item.index_number = candidate
                    break
        Counter.objects.bulk_update([counters[k] for k in groups], ["last_value"])

    def _progress(self, done: int, total: int, started: float) -> None:
        width = 30
        share = done / total if total else 1.0
        filled = int(width * share)
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed > 0 else 0.0
        self.stderr.write(
            f"[{'#' * filled}{'-' * (width - filled)}] {share:6.1%} {done}/{total} "
            f"{rate:,.0f} 条/秒 {elapsed:.1f}s"
        )

"""Which columns are empty or stale, per organisation (the evaluators' "no empty column" rule).

A column counts for an organisation when the organisation has enabled it; its newest listed
item (in the column or its sub-columns) is compared with the column's update cycle
(Category.update_cycle_days: 14 days for 动态类, 180 for 政策文件、通知公告 …).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Category, Organisation
from disclosures.models import Disclosure


@dataclass(frozen=True)
class ColumnState:
    organisation: Organisation
    column: Category
    newest: dt.date | None
    days: int | None  # days since the newest item

    @property
    def state(self) -> str:
        if self.newest is None:
            return "empty"
        return "stale" if self.days > self.column.update_cycle_days else "ok"

    @property
    def label(self) -> str:
        return {"empty": "栏目无内容", "stale": "超期未更新", "ok": "正常"}[self.state]


def column_states(organisations, *, today: dt.date | None = None) -> list[ColumnState]:
    """Every enabled column of ``organisations`` with its newest item: two queries in all."""
    today = today or timezone.localdate()
    organisations = list(organisations.prefetch_related("columns__parent"))
    through = Disclosure.categories.through
    newest = {
        (row["disclosure__organisation_id"], row["column_id"]): row["newest"]
        for row in through.objects.filter(
            disclosure__in=Disclosure.objects.listed(),
            disclosure__organisation__in=organisations,
        )
        # an item in a sub-column also keeps its parent column fresh
        .values(
            "disclosure__organisation_id", column_id=Coalesce("category__parent_id", "category_id")
        )
        .annotate(newest=Max("disclosure__published_at"))
        .order_by()
    }
    direct = {
        (row["disclosure__organisation_id"], row["category_id"]): row["newest"]
        for row in through.objects.filter(
            disclosure__in=Disclosure.objects.listed(),
            disclosure__organisation__in=organisations,
        )
        .values("disclosure__organisation_id", "category_id")
        .annotate(newest=Max("disclosure__published_at"))
        .order_by()
    }
    states = []
    for org in organisations:
        for column in sorted(org.columns.all(), key=lambda c: (c.sort_order, c.pk)):
            candidates = [
                d for d in (newest.get((org.pk, column.pk)), direct.get((org.pk, column.pk))) if d
            ]
            latest = max(candidates) if candidates else None
            day = timezone.localdate(latest) if latest else None
            states.append(ColumnState(org, column, day, (today - day).days if day else None))
    return states

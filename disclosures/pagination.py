"""Pagination that stays cheap on a million items: a capped count and a bounded depth.

Counting every match of a large column costs a scan of the whole column on each request, and a
deep OFFSET walks every skipped row. Beyond ``ROW_CAP`` rows the total is shown as
“约10,000条以上” and browsing stops at the last page within the cap; the filters (year, date
range, organisation) narrow a list to reach older items.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

ROW_CAP = 10_000


class CappedPaginator(Paginator):
    row_cap = ROW_CAP

    @cached_property
    def count(self) -> int:
        """The exact count up to the cap; ``row_cap`` + 1 means “more than the cap”."""
        return self.object_list[: self.row_cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.row_cap

    @cached_property
    def num_pages(self) -> int:
        if self.is_capped:
            return self.row_cap // self.per_page
        return super().num_pages

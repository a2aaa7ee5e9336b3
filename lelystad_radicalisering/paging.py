"""A paginator that stops counting: lists over sets that can hold tens of
thousands of rows (a partner's visible cases) count at most ``COUNT_CAP + 1``
rows, so the count reads as far as the first page needs and a little more,
never the whole set. Beyond the cap the page says "1.000+" and the pager
offers the first ``COUNT_CAP // per_page`` pages and asks for a narrower filter.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.formats import number_format
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, cap: int = COUNT_CAP, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    @cached_property
    def count(self) -> int:
        # SELECT COUNT(*) FROM (SELECT ... LIMIT cap + 1): stops at the cap.
        return min(self.object_list[: self.cap + 1].count(), self.cap + 1)

    @property
    def capped(self) -> bool:
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.capped:
            return self.cap // self.per_page
        return super().num_pages

    @property
    def count_display(self) -> str:
        """ "1.000+" beyond the cap, else the number (with the locale's grouping)."""
        if self.capped:
            return f"{number_format(self.cap, force_grouping=True)}+"
        return number_format(self.count, force_grouping=True)

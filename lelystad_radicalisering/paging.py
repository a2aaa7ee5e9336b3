"""A paginator that stops counting: lists over sets that can hold tens of
thousands of rows (a partner's visible cases) count at most ``COUNT_CAP + 1``
rows, so the count reads as far as the first page needs and a little more,
never the whole set. Beyond the cap the page says "1.000+" and the pager
offers the first ``COUNT_CAP // per_page`` pages and asks for a narrower filter.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet, Subquery, Value
from django.http import HttpRequest
from django.utils.formats import number_format
from django.utils.functional import cached_property

COUNT_CAP = 1000
_NOT_TOLD = object()


class CappedPaginator(Paginator):
    """Counts at most ``cap`` rows; beyond it the page says "more than" and
    offers the first ``cap`` rows' pages. Told the page ``number`` asked for
    (the audit log), it reads a first page at once, and one that is not full
    is its own count (no count query)."""

    def __init__(
        self, object_list, per_page, *, cap: int = COUNT_CAP, number: object = _NOT_TOLD, **kwargs
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap
        self._first = None
        if number is not _NOT_TOLD and number in (None, "", "1"):
            self._first = list(object_list[: per_page + 1])

    @cached_property
    def count(self) -> int:
        if self._first is not None and len(self._first) <= self.per_page:
            return len(self._first)
        # SELECT COUNT(*) FROM (SELECT id ... LIMIT cap + 1): stops at the cap.
        # Neither the order nor the annotations change how many rows there are
        # up to the cap: without them PostgreSQL stops at the first cap + 1 rows
        # it finds instead of sorting the whole set (bench/permission_query.py).
        counted = self.object_list.order_by().values("pk")[: self.cap + 1]
        return min(counted.count(), self.cap + 1)

    def page(self, number):
        number = self.validate_number(number)
        if number == 1 and self._first is not None:
            return self._get_page(self._first[: self.per_page], number, self)
        return super().page(number)

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


def capped_counts(querysets: dict[str, QuerySet], cap: int = COUNT_CAP) -> dict[str, int]:
    """Several counts, each stopping at ``cap + 1``, in one query:
    ``SELECT COUNT(*) FROM (... LIMIT cap + 1) UNION ALL ...``. For headline
    figures over sets that can hold hundreds of thousands of rows (open
    signals): each reads at most ``cap + 1`` index entries. A count above
    ``cap`` means "more than cap" (``count_label``)."""
    return _counts_in_one_query(querysets, cap)


def exact_counts(querysets: dict[str, QuerySet]) -> dict[str, int]:
    """Several exact counts in one query (``capped_counts`` without the cap),
    for small sets such as a quarter's figures or the records due for
    destruction."""
    return _counts_in_one_query(querysets, None)


def _counts_in_one_query(querysets: dict[str, QuerySet], cap: int | None) -> dict[str, int]:
    parts, params = [], []
    for index, queryset in enumerate(querysets.values()):
        counted = queryset.order_by().values("pk")
        if cap is not None:
            counted = counted[: cap + 1]
        sql, sub_params = counted.query.sql_with_params()
        # The SQL is the ORM's own, with its parameters kept apart.
        parts.append(f"SELECT {index}, COUNT(*) FROM ({sql}) AS counted_{index}")  # noqa: S608  # nosec B608
        params.extend(sub_params)
    if not parts:
        return {}
    with connections[next(iter(querysets.values())).db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        found = dict(cursor.fetchall())
    return {name: found[index] for index, name in enumerate(querysets)}


class CountOf(Subquery):
    """``(SELECT COUNT(*) FROM (<queryset> [LIMIT cap + 1]))`` as a column: not
    correlated with the outer query, so PostgreSQL runs it once (an InitPlan)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()

    def __init__(self, queryset: QuerySet, cap: int | None = None) -> None:
        counted = queryset.order_by().values("pk")
        super().__init__(counted if cap is None else counted[: cap + 1])


def rows_and_counts(
    rows: QuerySet, limit: int, counts: dict[str, QuerySet], *, cap: int | None = None
) -> tuple[list, dict[str, int]]:
    """The first ``limit`` rows and counts, in one query: each count is a column
    of the rows (``CountOf``). Every counted set must be ``rows``'s set or a
    part of it: no rows then means every count is 0. With ``cap``, a count
    stops at ``cap + 1``, as in ``capped_counts``."""
    names = {name: f"_count_{name}" for name in counts}
    annotated = rows.annotate(
        **{names[name]: CountOf(queryset, cap) for name, queryset in counts.items()}
    )
    found = list(annotated[:limit])
    if not found:
        return found, dict.fromkeys(counts, 0)
    return found, {name: getattr(found[0], column) for name, column in names.items()}


def rows_and_counts_of_panels(
    panels: dict[str, tuple[QuerySet, QuerySet, int | None, Callable]], limit: int
) -> dict[str, tuple[list, int]]:
    """``rows_and_counts`` for several panels over one model, in one query: the
    panels' parts joined with UNION ALL, each row tagged with its panel. A panel
    is (rows, counted set, cap, sort key); the rows querysets must select the
    same columns (filter and order through ``alias()``, not ``annotate()``).
    The sort key puts each panel's rows back in its order, which UNION ALL
    need not keep."""
    names = list(panels)
    parts = [
        rows.annotate(_panel=Value(index), _count=CountOf(counted, cap))[:limit]
        for index, (rows, counted, cap, _key) in enumerate(panels.values())
    ]
    found: dict[str, list] = {name: [] for name in names}
    for obj in parts[0].union(*parts[1:], all=True):
        found[names[obj._panel]].append(obj)
    result = {}
    for name, (_rows, _counted, _cap, key) in panels.items():
        rows = sorted(found[name], key=key)
        result[name] = (rows, rows[0]._count if rows else 0)
    return result


def count_label(count: int, cap: int = COUNT_CAP) -> str:
    """ "1.000+" above the cap, else the number."""
    if count > cap:
        return f"{number_format(cap, force_grouping=True)}+"
    return str(count)


def query_without_page(request: HttpRequest) -> str:
    """The list's query string without its page number: the pager's links add
    their own (``pagina``), the filters stay."""
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()

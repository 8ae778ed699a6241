"""What a table is, how tables register, and the year they are computed for."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet
from django.utils import timezone

TABLES: dict[str, Callable[["Period"], "Table"]] = {}
CHAPTERS: dict[str, list[str]] = {}
# The chapters of the annual report, in order (the Centre's and the Rapporteur's reports).
CHAPTER_ORDER = ["reports_identification", "victims", "children", "foreign_victims", "protection",
                 "criminal_proceedings", "cooperation"]


def ordered_ids() -> list[str]:
    return [tid for chapter in CHAPTER_ORDER for tid in CHAPTERS.get(chapter, [])]


@dataclass(frozen=True)
class Period:
    """A calendar year in the system's time zone."""

    year: int

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year, 1, 1))

    @property
    def end(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime(self.year + 1, 1, 1))

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


@dataclass
class Table:
    id: str
    title: str
    definition: str
    dimensions: list[str]
    cells: list[dict]
    sources: list[str] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    suppressed: bool = False
    chapter: str = ""
    # For disclosure control, never published: how many persons are behind each entry of a
    # value that is a mapping (e.g. {"average_age_by_form": {"sexual": 12, …}}).
    weights: dict = field(default_factory=dict)

    def total(self) -> int:
        return sum(c["count"] or 0 for c in self.cells)


def table(table_id: str, chapter: str):
    """Register a table function under its stable id, in a chapter of the report."""

    def register(fn):
        TABLES[table_id] = fn
        CHAPTERS.setdefault(chapter, []).append(table_id)
        fn.table_id, fn.chapter = table_id, chapter
        return fn

    return register


def cells(rows, names: list[str]) -> list[dict]:
    """Cells {name: code, …, "count": n} from rows (code, …, n); NULL codes become "unknown"."""
    return [{**{name: (code if code not in (None, "") else "unknown")
                for name, code in zip(names, row[:-1], strict=True)}, "count": row[-1]}
            for row in rows]


def counted(qs: QuerySet, of: str = "pk", *, distinct: bool = True, **dimensions) -> list[dict]:
    """Cells {dimension: code, …, "count": n} from a query grouped by the given expressions
    (an expression per dimension name), counting `of` (distinct unless the query's joins
    cannot repeat a row: a plain count is much cheaper at scale)."""
    aliases = {f"dim_{name}": expression for name, expression in dimensions.items()}
    rows = qs.order_by().annotate(**aliases).values(*aliases) \
        .annotate(count=Count(of, distinct=distinct)).order_by(*aliases)
    return cells(([row[a] for a in aliases] + [row["count"]] for row in rows), list(dimensions))


def organisation_types(qs: QuerySet, path: str) -> list[str]:
    """The distinct organisation types found at `path` (the sources of a table's records)."""
    from atis.core.models import Organisation

    ids = qs.order_by().values(path)
    return sorted(t for t in Organisation.objects.filter(pk__in=ids).order_by()
                  .values_list("type", flat=True).distinct() if t)


def select(query: str, **params) -> list[tuple]:
    """Rows of a set-based query the ORM cannot express (a window, an aggregate over a
    grouped set). `{app_model}` names a table (e.g. `{intake_report}`); `%(name)s` a
    parameter, adapted to the database as the ORM would (dates and aware datetimes)."""
    adapted = {name: _adapt(value) for name, value in params.items()}
    with connection.cursor() as cursor:
        cursor.execute(query.format_map(_Tables()), adapted)
        return cursor.fetchall()


def year_of(column: str, periods: list["Period"]) -> tuple[str, dict]:
    """SQL giving the year of consecutive `periods` in which the datetime `column` falls
    (NULL outside them), and its parameters, for `select`."""
    params = {f"end_{i}": period.end for i, period in enumerate(periods)}
    whens = " ".join(f"WHEN {column} < %(end_{i})s THEN {period.year:d}"
                     for i, period in enumerate(periods))
    return f"CASE {whens} END", params


class _Tables(dict):
    def __missing__(self, name: str) -> str:
        return connection.ops.quote_name(name)


def _adapt(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, list | tuple):
        raise TypeError("pass lists as separate parameters")
    return value

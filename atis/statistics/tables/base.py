"""What a table is, how tables register, and the year they are computed for."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, OuterRef, QuerySet
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
    def next_day(self) -> datetime.date:
        """The first day after the year."""
        return datetime.date(self.year + 1, 1, 1)

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
    # The dimensions whose totals are published: exclusive categories of one unit. The others
    # (measures, categories a record may have several of) have no total.
    totals: list[str] = field(default_factory=list)
    # What each number among the values is, for disclosure control (`atis.statistics.
    # published`): counts, averages, shares, checks. A value without a rule is not published.
    rules: list = field(default_factory=list)
    # Totals or cells of this table that are the same number as another table's
    # [(key, published.Cell)]: disclosure control treats them as one.
    links: list = field(default_factory=list)
    # Totals {fixed dimension: code, …, "count": n} over the total dimensions left out (the
    # grand total has no dimension), filled in by the engine.
    margins: list[dict] = field(default_factory=list)

    def total(self) -> int | None:
        """The grand total (None when hidden, or when the categories cannot be added up)."""
        grand = next((m for m in self.margins if not set(m) & set(self.dimensions)), None)
        return grand["count"] if grand else None


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
    # COUNT(*) rather than of the key, so an index holding the dimensions answers alone.
    count = Count("*") if of == "pk" and not distinct else Count(of, distinct=distinct)
    rows = qs.order_by().annotate(**aliases).values(*aliases) \
        .annotate(count=count).order_by(*aliases)
    return cells(([row[a] for a in aliases] + [row["count"]] for row in rows), list(dimensions))


def organisation_types(qs: QuerySet, path: str) -> list[str]:
    """The distinct organisation types found at `path` (the sources of a table's records):
    a look-up per organisation, which an index on the organisation and the date answers,
    rather than a pass over the year's records."""
    from atis.core.models import Organisation

    found = qs.order_by().filter(**{path: OuterRef("pk")})
    return sorted(t for t in Organisation.objects.filter(Exists(found)).order_by()
                  .values_list("type", flat=True).distinct() if t)


def types_of(organisation_ids) -> list[str]:
    """The distinct types of these organisations (None: no organisation)."""
    from atis.core.models import Organisation

    return sorted(t for t in Organisation.objects.filter(pk__in=[i for i in organisation_ids if i])
                  .order_by().values_list("type", flat=True).distinct() if t)


def select(query: str, **params) -> list[tuple]:
    """Rows of a set-based query the ORM cannot express (a window, an aggregate over a
    grouped set). `{app_model}` names a table (e.g. `{intake_report}`); `%(name)s` a
    parameter, adapted to the database as the ORM would (dates and aware datetimes)."""
    with connection.cursor() as cursor:
        _execute(cursor, query, params)
        return cursor.fetchall()


def execute(query: str, **params) -> None:
    """Run a statement written as for `select` (an INSERT … SELECT of derived rows)."""
    with connection.cursor() as cursor:
        _execute(cursor, query, params)


def _execute(cursor, query: str, params: dict) -> None:
    cursor.execute(query.format_map(_Tables()), {name: _adapt(value)
                                                 for name, value in params.items()})


def year_of(column: str, periods: list["Period"], *, dates: bool = False) -> tuple[str, dict]:
    """SQL giving the year of consecutive `periods` in which `column` (a datetime, or a date
    with `dates`) falls (NULL outside them), and its parameters (`end_0`, …), for `select`."""
    params = {f"end_{i}": period.next_day if dates else period.end
              for i, period in enumerate(periods)}
    whens = " ".join(f"WHEN {column} < %(end_{i})s THEN {period.year:d}"
                     for i, period in enumerate(periods))
    return f"CASE {whens} END", params


def age_group_at(birth_year: str, year: str) -> str:
    """SQL of the age group ("child" under 18, "adult", "unknown") from a year of birth, in
    a year (both SQL; the coarse attribute, as the tables define it)."""
    return (f"CASE WHEN {birth_year} IS NULL THEN 'unknown' "
            f"WHEN {birth_year} > {year} - 18 THEN 'child' ELSE 'adult' END")


def end_of(column: str, periods: list["Period"]) -> str:
    """SQL giving the end of the year in which `column` falls (with `year_of`'s parameters)."""
    whens = " ".join(f"WHEN {column} < %(end_{i})s THEN %(end_{i})s" for i in range(len(periods)))
    return f"CASE {whens} END"


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

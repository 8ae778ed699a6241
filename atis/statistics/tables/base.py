"""What a table is, how tables register, and the year they are computed for."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

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


def counted(qs: QuerySet, of: str = "pk", **dimensions) -> list[dict]:
    """Cells {dimension: code, …, "count": n} from a query grouped by the given expressions
    (an expression per dimension name), counting distinct `of`; NULL codes become "unknown"."""
    aliases = {f"dim_{name}": expression for name, expression in dimensions.items()}
    rows = qs.annotate(**aliases).values(*aliases).annotate(count=Count(of, distinct=True)) \
        .order_by(*aliases)
    return [{**{name: (row[f"dim_{name}"] if row[f"dim_{name}"] not in (None, "") else "unknown")
                for name in dimensions}, "count": row["count"]} for row in rows]


def organisation_types(qs: QuerySet, path: str) -> list[str]:
    """The distinct organisation types found at `path` (the sources of a table's records)."""
    return sorted({t for t in qs.values_list(f"{path}__type", flat=True).distinct() if t})

"""What the numbers of a table are, for disclosure control (`atis.statistics.published`):
the cells and totals they refer to, and the rules for the values beside the cells."""

from dataclasses import dataclass

from atis.statistics.sdc import TOTAL

__all__ = ["TOTAL", "Average", "Cell", "Check", "Count", "Parts", "Share", "Value"]


@dataclass(frozen=True)
class Cell:
    """A cell of a table, or (with TOTAL for a dimension) one of its totals."""

    table: str
    key: tuple


@dataclass(frozen=True)
class Value:
    """A count among a table's values, at `path` (e.g. ("online",))."""

    table: str
    path: tuple


@dataclass(frozen=True)
class Count:
    """values[path] counts persons or records; `same_as` when another table publishes it."""

    path: tuple
    same_as: Cell | None = None


@dataclass(frozen=True)
class Average:
    """values[path] is a mean over `persons` persons, describing the count `of`."""

    path: tuple
    persons: int
    of: Cell | Value | None = None


@dataclass(frozen=True)
class Parts:
    """Averages of the parts of a whole whose average is also published."""

    whole: tuple
    parts: tuple[tuple, ...]


@dataclass(frozen=True)
class Share:
    path: tuple
    numerator: Cell | Value
    denominator: Cell | Value


@dataclass(frozen=True)
class Check:
    """values[path] is a comparison {a, b, difference, flag} of two cells."""

    path: tuple
    a: Cell
    b: Cell

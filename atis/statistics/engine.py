"""The annual statistics: every table computed for a year, as the JSON contract other tools
rely on; published outputs pass through disclosure control."""

import contextlib

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from atis.statistics import disclosure
from atis.statistics.tables import base


def _published_cells(table: base.Table, threshold: int) -> base.Table:
    keys = {tuple(c[d] for d in table.dimensions): c["count"] for c in table.cells}
    hidden = disclosure.suppress(keys, threshold)
    cells = []
    for key in sorted(set(keys) | hidden, key=lambda k: tuple(map(str, k))):
        cell = dict(zip(table.dimensions, key, strict=True))
        if key in hidden:
            cell.update({"count": None, "suppressed": True})
        else:
            cell["count"] = keys.get(key, 0)
        cells.append(cell)
    table.cells, table.suppressed = cells, bool(hidden)
    return table


def _published_values(table: base.Table, threshold: int) -> None:
    """Averages and shares drawn from fewer than `threshold` persons are withheld."""
    if not table.values:
        return
    if table.total() < threshold and "checks" not in table.values:
        table.values = dict.fromkeys(table.values)
        table.suppressed = True
        return
    for name, weights in table.weights.items():
        if table.values.get(name) is not None:
            table.values[name] = {key: value for key, value in table.values[name].items()
                                  if weights.get(key, 0) >= threshold}


@contextlib.contextmanager
def _one_snapshot():
    """Every table of a report read from one snapshot of the data, in one transaction. On
    PostgreSQL: read-only repeatable read when the report opens the transaction, no JIT
    (compiling these queries costs more than it saves), memory to hash a year's rows
    without spilling to disk, and index look-ups priced as on SSDs."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Index look-ups cost little more than reads in order on SSDs and cached data:
            # without random_page_cost the planner hashes a history to check a year's few
            # persons. One round trip: a table of a few milliseconds would pay for four.
            settings_sql = ("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; "
                            "SET LOCAL random_page_cost = 1.1")
            if outermost:
                settings_sql = ("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
                                + settings_sql)
            with connection.cursor() as cursor:
                cursor.execute(settings_sql)
        yield


def compute(year: int, *, published: bool = False, threshold: int | None = None,
            only=None) -> dict[str, base.Table]:
    threshold = threshold or settings.DISCLOSURE_THRESHOLD
    period = base.Period(year)
    tables = {}
    with _one_snapshot():
        for table_id in base.ordered_ids():
            if only and table_id not in only:
                continue
            fn = base.TABLES[table_id]
            table = fn(period)
            table.chapter = fn.chapter
            if published:
                _published_values(table, threshold)
                _published_cells(table, threshold)
            tables[table_id] = table
    return tables


def as_json(year: int, tables: dict[str, base.Table], *, published: bool,
            computed_at=None) -> dict:
    computed_at = computed_at or timezone.now()
    return {"year": year, "published": published,
            "generated_at": computed_at.isoformat(timespec="seconds"),
            "tables": {tid: {"title": t.title, "definition": t.definition, "sources": t.sources,
                             "dimensions": t.dimensions, "cells": t.cells, "values": t.values,
                             "suppressed": t.suppressed, "chapter": t.chapter}
                       for tid, t in tables.items()}}


def annual(year: int, *, published: bool = False, language: str = "en", **kwargs) -> dict:
    """The whole annual report as the JSON contract, in `language`."""
    with translation.override(language):
        return as_json(year, compute(year, published=published, **kwargs), published=published)

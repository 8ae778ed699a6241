"""The annual statistics: every table computed for a year, as the JSON contract other tools
rely on; published outputs pass through disclosure control."""

from collections import defaultdict

from django.conf import settings
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
    by_form = table.values.get("average_age_by_form")
    if by_form is not None:
        counts = defaultdict(int)
        for cell in table.cells:
            counts[cell.get("form")] += cell["count"] or 0
        table.values["average_age_by_form"] = {f: v for f, v in by_form.items()
                                               if counts.get(f, threshold) >= threshold}


def compute(year: int, *, published: bool = False, threshold: int | None = None,
            only=None) -> dict[str, base.Table]:
    threshold = threshold or settings.DISCLOSURE_THRESHOLD
    period = base.Period(year)
    tables = {}
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


def as_json(year: int, tables: dict[str, base.Table], *, published: bool) -> dict:
    return {"year": year, "published": published,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
            "tables": {tid: {"title": t.title, "definition": t.definition, "sources": t.sources,
                             "dimensions": t.dimensions, "cells": t.cells, "values": t.values,
                             "suppressed": t.suppressed, "chapter": t.chapter}
                       for tid, t in tables.items()}}


def annual(year: int, *, published: bool = False, language: str = "en", **kwargs) -> dict:
    """The whole annual report as the JSON contract, in `language`."""
    with translation.override(language):
        return as_json(year, compute(year, published=published, **kwargs), published=published)

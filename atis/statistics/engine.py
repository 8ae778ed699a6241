"""The annual statistics: every table computed for a year, as the JSON contract other tools
rely on; published outputs pass through disclosure control."""

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation

from atis.statistics import published as disclosure
from atis.statistics.tables import base


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
    """The tables of `year` (all, or those in `only`). The published edition is always
    protected as a whole (tables share totals), then narrowed to `only`."""
    return _computed(year, published=published, threshold=threshold, only=only)[0]


def _computed(year: int, *, published: bool, threshold: int | None, only=None):
    threshold = threshold or settings.DISCLOSURE_THRESHOLD
    period = base.Period(year)
    tables = {}
    with _one_snapshot():
        for table_id in base.ordered_ids():
            if only and not published and table_id not in only:
                continue
            fn = base.TABLES[table_id]
            table = fn(period)
            table.chapter = fn.chapter
            table.margins = disclosure.exact_margins(table)
            tables[table_id] = table
    audit = disclosure.protect(tables, threshold) if published else None
    if only:
        tables = {tid: t for tid, t in tables.items() if tid in only}
    return tables, audit


def as_json(year: int, tables: dict[str, base.Table], *, published: bool,
            computed_at=None) -> dict:
    computed_at = computed_at or timezone.now()
    return {"year": year, "published": published,
            "generated_at": computed_at.isoformat(timespec="seconds"),
            "tables": {tid: {"title": t.title, "definition": t.definition, "sources": t.sources,
                             "dimensions": t.dimensions, "totals": t.totals, "cells": t.cells,
                             "margins": t.margins, "values": t.values,
                             "suppressed": t.suppressed, "chapter": t.chapter}
                       for tid, t in tables.items()}}


def annual(year: int, *, published: bool = False, language: str = "en", **kwargs) -> dict:
    """The whole annual report as the JSON contract, in `language`."""
    with translation.override(language):
        return as_json(year, compute(year, published=published, **kwargs), published=published)


@dataclass
class Publication:
    """A year's published edition as a release freezes it: the tables after disclosure
    control, the threshold and method used, and the audit of what was hidden
    (`published.protect`)."""

    year: int
    tables: dict[str, base.Table]
    threshold: int
    method: str
    audit: dict


METHOD = "optimal-suppression-1"


def publication(year: int, *, threshold: int | None = None) -> Publication:
    threshold = threshold or settings.DISCLOSURE_THRESHOLD
    tables, audit = _computed(year, published=True, threshold=threshold)
    return Publication(year, tables, threshold, METHOD, audit)

"""Recently computed tables, for everything people open: the statistics pages, the API,
the downloads and the dashboards show tables computed at most STATISTICS_CACHE_SECONDS ago
(ATIS_STATISTICS_CACHE_SECONDS, default 600) and never compute a report per request.

Each table is kept on its own in the shared cache (every process sees the same figures), by
year, edition, disclosure threshold and language; a request computes only the tables that
are missing, in one snapshot. The time each was computed travels with it, so a page says
how recent its figures are. Charts, the slow part of a page, are kept the same way, by
their figures and language. With the setting at 0 nothing is kept (the tests, and sites
that prefer exact figures to speed).
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from atis.statistics import charts, engine
from atis.statistics.tables import base


def _key(year: int, table_id: str, published: bool) -> str:
    threshold = settings.DISCLOSURE_THRESHOLD if published else 0
    return f"atis:statistics:{year}:{table_id}:{int(published)}:{threshold}:" \
           f"{translation.get_language() or 'en'}"


def tables(year: int, *, published: bool, only=None) -> tuple[dict[str, base.Table], datetime.datetime]:
    """The tables of `year` (all, or those in `only`) and when the oldest was computed."""
    wanted = [tid for tid in base.ordered_ids() if not only or tid in only]
    ttl = settings.STATISTICS_CACHE_SECONDS
    if not ttl:
        return engine.compute(year, published=published, only=wanted), timezone.now()
    keys = {tid: _key(year, tid, published) for tid in wanted}
    kept = cache.get_many(keys.values())
    found = {tid: kept[key] for tid, key in keys.items() if key in kept}
    missing = [tid for tid in wanted if tid not in found]
    if missing:
        now = timezone.now()
        computed = engine.compute(year, published=published, only=missing)
        cache.set_many({keys[tid]: (now, table) for tid, table in computed.items()}, ttl)
        found.update({tid: (now, table) for tid, table in computed.items()})
    return {tid: found[tid][1] for tid in wanted}, min(at for at, _ in found.values())


def charts_of(tables: dict[str, base.Table], label) -> dict[str, str | None]:
    """Each table's chart as a data URI (`label(dimension, code, table_id)` names the bars),
    drawn once for the same figures in one language."""
    def draw(table):
        return charts.data_uri(table, lambda d, c, t=table.id: label(d, c, t))

    ttl = settings.STATISTICS_CACHE_SECONDS
    if not ttl:
        return {tid: draw(table) for tid, table in tables.items()}
    language = translation.get_language() or "en"
    keys = {}
    for tid, table in tables.items():
        figures = json.dumps([tid, table.dimensions, table.cells], sort_keys=True, default=str)
        keys[tid] = f"atis:statistics:chart:{hashlib.sha256(figures.encode()).hexdigest()}:{language}"
    kept = cache.get_many(keys.values())
    drawn = {tid: kept.get(key) for tid, key in keys.items()}
    missing = {tid: draw(tables[tid]) or "" for tid, uri in drawn.items() if uri is None}
    cache.set_many({keys[tid]: uri for tid, uri in missing.items()}, ttl)
    drawn.update(missing)
    return {tid: uri or None for tid, uri in drawn.items()}

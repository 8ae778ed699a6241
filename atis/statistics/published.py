"""The published edition: every number of the report passes one disclosure control.

Cells, totals and the counts among a table's values are the nodes of one system of
equations (`atis.statistics.sdc`): a table's totals are sums of its cells, and a total that
another table also publishes is the same node there. The system is protected as a whole
(the fewest persons hidden such that no hidden small count can be pinned below the
threshold from everything else published) and audited by linear programming. Averages,
shares and cross-source checks are then shown only where they reveal nothing the counts
hide: an average rests on at least `threshold` persons and describes a published count; a
share's numerator and denominator are both published, the denominator at least the
threshold; a check shows both of its counts or neither. When one average of a breakdown is
withheld while the whole's average is shown, a second one is withheld too, so the whole
cannot give the missing part's sum of ages. A value that has no rule is not published.
"""

import math
from itertools import product

from atis.statistics import sdc
from atis.statistics.tables.base import Table
from atis.statistics.tables.rules import TOTAL, Average, Cell, Check, Count, Parts, Share, Value


def margin_keys(table: Table):
    """Every key of the table's totals: TOTAL in at least one total dimension."""
    categories = _categories(table)
    choices = [categories[d] + ([TOTAL] if d in table.totals else []) for d in table.dimensions]
    for key in product(*choices):
        if TOTAL in key:
            yield key


def exact_margins(table: Table) -> list[dict]:
    """The table's totals, exactly (the internal edition)."""
    counts = _counts(table)
    sums = {}
    for key in margin_keys(table):
        sums[key] = sum(n for k, n in counts.items()
                        if all(m in (TOTAL, c) for m, c in zip(key, k, strict=True)))
    return [_margin(table, key, n) for key, n in sums.items()]


def protect(tables: dict[str, Table], threshold: int) -> dict:
    """Replace every table's cells, totals and values by their published form. Returns the
    audit: whether it is safe, cells and persons hidden, the number of unsafe cells, and
    the tightest interval of a hidden small count ({cell, low, high}; high None when
    unbounded)."""
    system = sdc.System.build(_grids(tables), _links(tables))
    hidden = sdc.protect(system, threshold)
    for table in tables.values():
        _publish(table, system, hidden, threshold)
    audit = sdc.audit(system, hidden, threshold)
    tightest = audit.tightest
    return {"safe": audit.safe, "cells_hidden": audit.cells_hidden,
            "persons_hidden": audit.persons_hidden, "unsafe": len(audit.unsafe),
            "tightest": None if tightest is None else {
                "cell": _name(system, tightest.node), "low": tightest.low,
                "high": None if math.isinf(tightest.high) else tightest.high}}


def _name(system: sdc.System, node: int) -> str:
    """A node as its first table and key, e.g. "sentences (1-2 years)"."""
    grid, key = system.keys_of(node)[0]
    return f"{grid} ({', '.join(map(str, key))})" if key else grid


def _categories(table: Table) -> dict[str, list]:
    return {d: sorted({c[d] for c in table.cells}, key=str) for d in table.dimensions}


def _counts(table: Table) -> dict[tuple, int]:
    return {tuple(c[d] for d in table.dimensions): c["count"] for c in table.cells}


def _margin(table: Table, key: tuple, count: int | None, at_least: int | None = None) -> dict:
    margin = {d: code for d, code in zip(table.dimensions, key, strict=True) if code != TOTAL}
    margin["count"] = count
    if count is None:
        margin["suppressed"] = True
        if at_least:
            margin["at_least"] = at_least
    return margin


def _value_grid(table_id: str, path: tuple) -> str:
    return f"{table_id}/" + "/".join(map(str, path))


def _get(values: dict, path: tuple):
    for step in path:
        if not isinstance(values, dict | list):
            return None
        try:
            values = values[step]
        except (KeyError, IndexError, TypeError):
            return None
    return values


def _grids(tables: dict[str, Table]):
    for tid, table in tables.items():
        yield sdc.Grid(tid, tuple(table.dimensions), _counts(table), tuple(table.totals),
                       _categories(table))
        for rule in table.rules:
            if isinstance(rule, Count):
                yield sdc.Grid(_value_grid(tid, rule.path), (), {(): _get(table.values, rule.path)
                                                                 or 0})


def _links(tables: dict[str, Table]):
    for tid, table in tables.items():
        pairs = [(Cell(tid, key), ref) for key, ref in table.links]
        pairs += [(Value(tid, rule.path), rule.same_as) for rule in table.rules
                  if isinstance(rule, Count) and rule.same_as]
        for here, there in pairs:
            if _exists(tables, here) and _exists(tables, there):
                yield (*_grid_key(here), *_grid_key(there))


def _grid_key(ref: Cell | Value) -> tuple[str, tuple]:
    if isinstance(ref, Value):
        return _value_grid(ref.table, ref.path), ()
    return ref.table, ref.key


def _exists(tables: dict[str, Table], ref: Cell | Value) -> bool:
    """Whether the number is in the report: its table is, and has the key's categories (a
    category nobody falls in has no cell to link) or the counted value."""
    table = tables.get(ref.table)
    if table is None:
        return False
    if isinstance(ref, Value):
        return any(isinstance(r, Count) and r.path == ref.path for r in table.rules)
    categories = _categories(table)
    return all(code == TOTAL or code in categories[d]
               for d, code in zip(table.dimensions, ref.key, strict=True))


def _node(system: sdc.System, ref: Cell | Value) -> int:
    return system.node(*_grid_key(ref))


def _shown(system, hidden, ref) -> int | None:
    try:
        node = _node(system, ref)
    except (KeyError, ValueError):  # a zero cell that was never listed
        return 0 if isinstance(ref, Cell) else None
    return None if node in hidden else system.value(node)


def _publish(table: Table, system: sdc.System, hidden: frozenset, threshold: int) -> None:
    counts = _counts(table)
    categories = _categories(table)
    cells = []
    for key in product(*[categories[d] for d in table.dimensions]):
        node = system.node(table.id, key)
        if node in hidden:
            cells.append({**dict(zip(table.dimensions, key, strict=True)), "count": None,
                          "suppressed": True})
        elif counts.get(key):
            cells.append({**dict(zip(table.dimensions, key, strict=True)), "count": counts[key]})
    table.cells = cells
    margins = []
    for key in margin_keys(table):
        node = system.node(table.id, key)
        if node in hidden:
            visible = sum(c["count"] or 0 for c in cells if all(
                m == TOTAL or m == c[d] for m, d in zip(key, table.dimensions, strict=True)))
            margins.append(_margin(table, key, None, visible))
        else:
            margins.append(_margin(table, key, system.value(node)))
    table.margins = margins
    table.values, withheld = _published_values(table, system, hidden, threshold)
    table.suppressed = withheld or any(c.get("suppressed") for c in cells + margins)


def _published_values(table: Table, system, hidden, threshold) -> tuple[dict, bool]:
    shown: dict[tuple, object] = {}
    averages = {}
    for rule in table.rules:
        if isinstance(rule, Parts):
            continue
        value = _get(table.values, rule.path)
        if isinstance(rule, Count):
            shown[rule.path] = _shown(system, hidden, Value(table.id, rule.path))
        elif isinstance(rule, Average):
            counted = rule.of is None or _shown(system, hidden, rule.of) is not None
            averages[rule.path] = rule.persons
            shown[rule.path] = value if rule.persons >= threshold and counted else None
        elif isinstance(rule, Share):
            numerator = _shown(system, hidden, rule.numerator)
            denominator = _shown(system, hidden, rule.denominator)
            ok = numerator is not None and denominator is not None and denominator >= threshold
            shown[rule.path] = value if ok else None
        elif isinstance(rule, Check):
            a, b = _shown(system, hidden, rule.a), _shown(system, hidden, rule.b)
            shown[rule.path] = value if a is not None and b is not None else {
                "quantity": value["quantity"], "a": {"source": value["a"]["source"], "value": None},
                "b": {"source": value["b"]["source"], "value": None}, "difference": None,
                "flag": None}
    for rule in table.rules:
        if isinstance(rule, Parts) and shown.get(rule.whole) is not None:
            _second_withheld(rule, shown, averages)
    withheld = any(shown[path] is None and _get(table.values, path) is not None for path in shown)
    return _rebuild(table.values, shown), withheld


def _second_withheld(rule: Parts, shown: dict, persons: dict) -> None:
    """With the whole's average shown, one withheld part would be the whole's sum of ages
    minus the others': withhold the smallest shown part too (or the whole if none is left)."""
    present = [p for p in rule.parts if p in shown]
    withheld = [p for p in present if shown[p] is None]
    if len(withheld) != 1:
        return
    visible = sorted((p for p in present if shown[p] is not None),
                     key=lambda p: (persons.get(p, 0), str(p)))
    if visible:
        shown[visible[0]] = None
    else:
        shown[rule.whole] = None


def _rebuild(values: dict, shown: dict[tuple, object]) -> dict:
    """The values' structure with only the numbers that have a rule, as shown."""
    def walk(node, path):
        if path in shown:
            return shown[path]
        if isinstance(node, dict):
            return {k: walk(v, (*path, k)) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, (*path, i)) for i, v in enumerate(node)]
        return None

    return walk(values, ())

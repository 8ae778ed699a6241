"""The report as people read it: each table as a grid with labelled rows and columns and
its real totals, the values beside it in words, the sources named, the change from the
previous year. Hidden counts show as "…"; a hidden total as "at least n" when its visible
parts add up to n."""

from itertools import product

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from atis.core.roles import OrganisationType
from atis.statistics.labels import DIMENSIONS
from atis.statistics.tables.base import Table

HIDDEN = "…"

VALUE_LABELS = {
    "average_age": gettext_lazy("Average age"),
    "average_age_children": gettext_lazy("Average age of children"),
    "average_age_by_form": gettext_lazy("Average age by form of exploitation"),
    "online": gettext_lazy("Recruited or exploited through the internet or social networks"),
    "total": gettext_lazy("Victims identified"),
    "online_share": gettext_lazy("Share recruited or exploited online"),
    "children": gettext_lazy("Child victims identified"),
}
SERIES_LABELS = {
    "children_share": gettext_lazy("share of children"),
    "foreign_share": gettext_lazy("share of foreign nationals"),
    "online_share": gettext_lazy("share recruited online"),
}
AGREE = {True: pgettext_lazy("statistics", "differ"), False: pgettext_lazy("statistics", "agree")}


def count_text(count, at_least=None) -> str:
    if count is not None:
        return number_format(count, force_grouping=True)
    if at_least:
        return _("at least %(n)s") % {"n": number_format(at_least, force_grouping=True)}
    return HIDDEN


def grid(table: Table, label) -> dict:
    """Header rows, body rows and footer of the table (counts as numbers, hidden ones as
    text). Rows are the first dimension; columns
    the others' combinations, with a total column per group and overall where those
    dimensions add up; the footer totals the rows where the first dimension adds up."""
    dims = table.dimensions
    if not dims:
        return {"head": [], "body": [], "foot": None}
    first, others = dims[0], dims[1:]
    cats = {d: sorted({c[d] for c in table.cells} | {m[d] for m in table.margins if d in m},
                      key=str) for d in dims}
    cells = {tuple(c[d] for d in dims): c for c in table.cells}
    margins = {tuple(m.get(d, "*") for d in dims): m for m in table.margins}

    def shown(key):
        """A count as a number, or the text that stands for a hidden one."""
        found = margins.get(key) if "*" in key else cells.get(key)
        if not found:
            return 0
        if found["count"] is None:
            return count_text(None, found.get("at_least"))
        return found["count"]

    columns = _columns(table, others, cats)
    head = _head(others, columns, label, table.id)
    body = [{"label": label(first, r, table.id), "cells": [shown((r, *c)) for c in columns]}
            for r in cats[first]]
    foot = [shown(("*", *c)) for c in columns] if first in table.totals else None
    return {"head": head, "body": body, "foot": foot, "count_only": not others}


def _columns(table: Table, others: list[str], cats: dict) -> list[tuple]:
    """Column keys ("*" for a total): each combination of the other dimensions; a total of
    the last over each group of the one before; the total of them all."""
    if not others:
        return [()]
    columns = []
    if len(others) == 1:
        columns = [(c,) for c in cats[others[0]]]
    else:
        outer, inner = others[0], others[-1]
        middle = others[1:-1]
        for o in cats[outer]:
            for rest in product(*[cats[d] for d in middle]):
                columns += [(o, *rest, i) for i in cats[inner]]
                if inner in table.totals:
                    columns.append((o, *rest, "*"))
    if all(d in table.totals for d in others):
        columns.append(tuple("*" for _d in others))
    return columns


def _head(others, columns, label, table_id) -> list[list[dict]]:
    """Header rows: one per other dimension, spans merging equal leading codes."""
    rows = []
    for level, dimension in enumerate(others):
        row = []
        for column in columns:
            code = column[level]
            prefix = column[:level + 1]
            text = _("Total") if code == "*" else label(dimension, code, table_id)
            if row and row[-1]["key"] == prefix:
                row[-1]["span"] += 1
            else:
                row.append({"key": prefix, "text": text, "span": 1})
        rows.append(row)
    return rows


def sources_text(sources: list[str]) -> str:
    names = dict(OrganisationType.choices)
    return ", ".join(str(names.get(s, s)) for s in sources) or "—"


def values(table: Table, label) -> list[dict]:
    """The values beside the cells, in words: [{"label", "text" | "items"}]."""
    lines = []
    found = table.values or {}
    if "checks" in found:
        return []
    if table.id == "time_series":
        return _series_shares(found.get("shares", {}))
    for name, value in found.items():
        title = str(VALUE_LABELS.get(name, name))
        if isinstance(value, dict):
            lines.append({"label": title, "items": [
                {"label": label("form", "unknown" if code is None else code, table.id),
                 "text": _number(v)}
                for code, v in value.items()]})
        elif name.endswith("_share"):
            lines.append({"label": title, "text": _share(value)})
        else:
            lines.append({"label": title, "text": _number(value)})
    return lines


def checks(table: Table, label) -> list[dict]:
    """Cross-source comparisons: the quantity, both sources' values, the difference."""
    rows = []
    for check in (table.values or {}).get("checks", []):
        a, b = check["a"], check["b"]
        rows.append({"quantity": label("quantity", check["quantity"], table.id),
                     "a": label("source", a["source"], table.id), "a_value": count_text(a["value"]),
                     "b": label("source", b["source"], table.id), "b_value": count_text(b["value"]),
                     "difference": HIDDEN if check["difference"] is None
                     else number_format(check["difference"]),
                     "flag": HIDDEN if check["flag"] is None else str(AGREE[check["flag"]])})
    return rows


def _series_shares(shares: dict) -> list[dict]:
    return [{"label": year, "items": [
        {"label": str(SERIES_LABELS.get(name, name)), "text": _share(v)}
        for name, v in by_name.items()]} for year, by_name in shares.items()]


def _number(value) -> str:
    if value is None:
        return _("not shown (too few persons)")
    return number_format(value, decimal_pos=1 if isinstance(value, float) else None)


def _share(value) -> str:
    if value is None:
        return _("not shown (too few persons)")
    return number_format(round(value * 100, 1), decimal_pos=1) + " %"


def change(total, previous) -> dict | None:
    """The year-over-year change of a grand total, when both years' totals are shown."""
    if total is None or previous is None:
        return None
    return {"previous": number_format(previous, force_grouping=True),
            "change": ("+" if total > previous else "") + number_format(total - previous)}


def dimension_names(table: Table) -> list[str]:
    return [str(DIMENSIONS.get(d, d)) for d in table.dimensions]

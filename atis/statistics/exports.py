"""The annual report in every format: JSON (the contract), CSV (a zip of one file per
table), XLSX (one sheet per table), print-ready HTML with charts, and PDF."""

import csv
import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from atis.core.exports import safe_row
from atis.statistics import engine, recent
from atis.statistics.chapters import CHAPTER_TITLES
from atis.statistics.labels import DIMENSIONS, Labeller
from atis.statistics.tables import base

FORMATS = ("json", "csv", "xlsx", "html", "pdf")


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries (Pango) are missing."""


def _rows(table: base.Table):
    for cell in table.cells:
        yield [cell[d] for d in table.dimensions] + [cell["count"], bool(cell.get("suppressed"))]


def to_csv(report: dict, tables: dict[str, base.Table]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table_id, table in tables.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(safe_row([*table.dimensions, "count", "suppressed"]))
            writer.writerows(safe_row(row) for row in _rows(table))
            archive.writestr(f"{table_id}.csv", text.getvalue())
        archive.writestr("report.json", json.dumps(report, ensure_ascii=False, indent=1))
    return buffer.getvalue()


def to_xlsx(report: dict, tables: dict[str, base.Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for table_id, table in tables.items():
        sheet = book.create_sheet(table_id[:31])
        sheet.append(safe_row([table.title]))
        sheet["A1"].font = Font(bold=True)
        sheet.append(safe_row([table.definition]))
        sheet.append(safe_row([_("Sources") + ": " + ", ".join(table.sources)]))
        sheet.append([])
        sheet.append(safe_row([*table.dimensions, "count", "suppressed"]))
        for row in _rows(table):
            sheet.append(safe_row(row))
        for name, value in (table.values or {}).items():
            sheet.append(safe_row([name, json.dumps(value, ensure_ascii=False)]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pivot(table: base.Table, label) -> dict | None:
    """Rows × columns with totals, for two-dimensional tables."""
    if len(table.dimensions) != 2:
        return None
    rows_dim, cols_dim = table.dimensions
    rows = sorted({c[rows_dim] for c in table.cells}, key=str)
    cols = sorted({c[cols_dim] for c in table.cells}, key=str)
    grid = {(c[rows_dim], c[cols_dim]): c for c in table.cells}
    body = []
    for r in rows:
        cells = [grid.get((r, c)) for c in cols]
        values = [cell["count"] if cell else 0 for cell in cells]
        body.append({"label": label(rows_dim, r, table.id),
                     "cells": ["…" if v is None else v for v in values],
                     "total": sum(v or 0 for v in values)})
    totals = [sum((grid.get((r, c)) or {"count": 0})["count"] or 0 for r in rows) for c in cols]
    return {"columns": [label(cols_dim, c, table.id) for c in cols], "rows": body,
            "totals": totals, "grand_total": sum(totals)}


def figures(year: int, *, published: bool, fresh: bool = False):
    """The tables of `year` and when they were computed: just now when `fresh` (the
    command line), else as recently kept (`recent`)."""
    if fresh:
        return engine.compute(year, published=published), timezone.now()
    return recent.tables(year, published=published)


def sections(report: dict, tables: dict[str, base.Table], *, fresh: bool = False) -> list[dict]:
    """Chapters with their tables, labels, pivots, charts and year-over-year change."""
    label = Labeller()
    drawings = recent.charts_of(tables, label)
    previous = {tid: t.total() for tid, t in
                figures(report["year"] - 1, published=report["published"], fresh=fresh)[0].items()}
    result = []
    for chapter in base.CHAPTER_ORDER:
        items = []
        for table_id in base.CHAPTERS.get(chapter, []):
            if table_id not in tables:
                continue
            table = tables[table_id]
            items.append({
                "table": table, "pivot": _pivot(table, label),
                "dimensions": [DIMENSIONS.get(d, d) for d in table.dimensions],
                "rows": [([label(d, cell[d], table.id) for d in table.dimensions], cell["count"])
                         for cell in table.cells],
                "chart": drawings[table_id],
                "total": table.total(), "previous": previous.get(table_id),
                "change": table.total() - previous[table_id] if table_id in previous else None})
        result.append({"title": CHAPTER_TITLES[chapter], "items": items})
    return result


def to_html(report: dict, tables: dict[str, base.Table], *, fresh: bool = False) -> str:
    return render_to_string("statistics/report.html",
                            {"report": report, "sections": sections(report, tables, fresh=fresh)})


def to_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # the Pango libraries are not installed
        raise PdfUnavailable(str(exc)) from None
    return HTML(string=html).write_pdf()


def render(year: int, fmt: str, *, published: bool = False, language: str = "en",
           fresh: bool = False) -> tuple[bytes, str]:
    """The report as bytes and its content type."""
    with translation.override(language):
        tables, computed_at = figures(year, published=published, fresh=fresh)
        report = engine.as_json(year, tables, published=published, computed_at=computed_at)
        if fmt == "json":
            return json.dumps(report, ensure_ascii=False, indent=1).encode(), "application/json"
        if fmt == "csv":
            return to_csv(report, tables), "application/zip"
        if fmt == "xlsx":
            return to_xlsx(report, tables), \
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        html = to_html(report, tables, fresh=fresh)
        if fmt == "html":
            return html.encode(), "text/html; charset=utf-8"
        return to_pdf(html), "application/pdf"

"""The annual report in every format: JSON (the contract), CSV (a zip of one file per
table), XLSX (one sheet per table), print-ready HTML with charts, and PDF."""

import contextlib
import csv
import io
import json
import zipfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from atis.core.exports import safe_row
from atis.statistics import engine, presentation, recent
from atis.statistics.chapters import CHAPTER_TITLES
from atis.statistics.labels import Labeller
from atis.statistics.tables import base

FORMATS = ("json", "csv", "xlsx", "html", "pdf")


class PdfUnavailable(Exception):
    """WeasyPrint's system libraries (Pango) are missing."""


def _rows(table: base.Table):
    """Cells, then totals ("*" for the dimensions added up), with the least a hidden total
    can be."""
    for cell in [*table.cells, *table.margins]:
        yield [cell.get(d, "*") for d in table.dimensions] + [
            cell["count"], bool(cell.get("suppressed")), cell.get("at_least")]


def to_csv(report: dict, tables: dict[str, base.Table]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table_id, table in tables.items():
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(safe_row([*table.dimensions, "count", "suppressed", "at_least"]))
            writer.writerows(safe_row(row) for row in _rows(table))
            archive.writestr(f"{table_id}.csv", text.getvalue())
        archive.writestr("report.json", json.dumps(report, ensure_ascii=False, indent=1))
    return buffer.getvalue()


def to_xlsx(report: dict, tables: dict[str, base.Table]) -> bytes:
    """One sheet per table as people read it: labelled rows and columns, totals, values."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    label = Labeller()
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table_id, table in tables.items():
        sheet = book.create_sheet(table_id[:31])
        sheet.append(safe_row([table.title]))
        sheet["A1"].font = bold
        sheet.append(safe_row([table.definition]))
        sheet.append(safe_row([_("Sources") + ": " + presentation.sources_text(table.sources)]))
        sheet.append([])
        grid = presentation.grid(table, label)
        names = presentation.dimension_names(table)
        if grid.get("count_only"):
            sheet.append(safe_row([capfirst(names[0]), _("Count")]))
        for level, row in enumerate(grid["head"]):
            cells = [capfirst(names[0]) if level == 0 else ""]
            for head in row:
                cells += [capfirst(str(head["text"]))] + [""] * (head["span"] - 1)
            sheet.append(safe_row(cells))
        for row in grid["body"]:
            sheet.append(safe_row([capfirst(str(row["label"])), *row["cells"]]))
        if grid["foot"]:
            sheet.append(safe_row([_("Total"), *grid["foot"]]))
        for line in presentation.values(table, label):
            if "items" in line:
                text = "; ".join(f"{i['label']}: {i['text']}" for i in line["items"])
            else:
                text = line["text"]
            sheet.append(safe_row([str(line["label"]), text]))
        for check in presentation.checks(table, label):
            sheet.append(safe_row([check["quantity"], check["a"], check["a_value"], check["b"],
                                   check["b_value"], check["difference"], check["flag"]]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def figures(year: int, *, published: bool, fresh: bool = False):
    """The tables of `year` and when they were computed: just now when `fresh` (the
    command line), else as recently kept (`recent`)."""
    if fresh:
        return engine.compute(year, published=published), timezone.now()
    return recent.tables(year, published=published)


def sections(report: dict, tables: dict[str, base.Table], *, fresh: bool = False,
             previous: dict | None = None) -> list[dict]:
    """Chapters with their tables as people read them (`presentation`), charts, and the
    change from the previous year: from `previous` (the previous year's report as JSON, for
    a release) or, for the internal edition, as computed."""
    label = Labeller()
    drawings = recent.charts_of(tables, label)
    if previous is not None:
        before = {tid: _grand_total(t["margins"], t["dimensions"])
                  for tid, t in previous["tables"].items()}
    elif report["published"]:
        before = {}
    else:
        before = {tid: t.total() for tid, t in
                  figures(report["year"] - 1, published=False, fresh=fresh)[0].items()}
    result = []
    for chapter in base.CHAPTER_ORDER:
        items = []
        for table_id in base.CHAPTERS.get(chapter, []):
            if table_id not in tables:
                continue
            table = tables[table_id]
            items.append({
                "table": table, "grid": presentation.grid(table, label),
                "dimensions": presentation.dimension_names(table),
                "values": presentation.values(table, label),
                "checks": presentation.checks(table, label),
                "sources": presentation.sources_text(table.sources),
                "chart": drawings[table_id],
                "hidden_in_chart": any(c.get("suppressed") for c in table.cells),
                "change": presentation.change(table.total(), before.get(table_id))})
        result.append({"title": CHAPTER_TITLES[chapter], "items": items})
    return result


def _grand_total(margins: list[dict], dimensions: list[str]) -> int | None:
    grand = next((m for m in margins if not set(m) & set(dimensions)), None)
    return grand["count"] if grand else None


def to_html(report: dict, tables: dict[str, base.Table], *, fresh: bool = False,
            previous: dict | None = None) -> str:
    return render_to_string("statistics/report.html", {
        "report": report, "sections": sections(report, tables, fresh=fresh, previous=previous)})


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


RELEASE_FORMATS = (*FORMATS, "page")


def release_files(publication: engine.Publication, *, language: str,
                  previous: dict | None = None) -> dict[str, bytes]:
    """Every file of a release in `language`, keyed by format: the FORMATS and "page" (the
    fragment the public page shows), without "pdf" where the server cannot make one.
    `previous` is the previous year's released JSON report, for the year-over-year change
    (None: no release of it)."""
    with translation.override(language):
        tables = publication.tables
        report = engine.as_json(publication.year, tables, published=True)
        chapters = sections(report, tables, fresh=True, previous=previous)
        html = render_to_string("statistics/report.html",
                                {"report": report, "sections": chapters})
        files = {
            "json": json.dumps(report, ensure_ascii=False, indent=1).encode(),
            "csv": to_csv(report, tables), "xlsx": to_xlsx(report, tables),
            "html": html.encode(),
            "page": render_to_string("statistics/_sections.html",
                                     {"report": report, "sections": chapters}).encode(),
        }
        with contextlib.suppress(PdfUnavailable):  # complete without it; the audit says so
            files["pdf"] = to_pdf(html)
        return files

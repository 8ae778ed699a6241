"""Files in the template's shape: the documented, empty template the Centre downloads, and
import files built from rows (for tests, benchmarks and migrations scripted in Python)."""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atis.core.exports import safe_row
from atis.imports import template as t

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TYPE_LABELS = {
    t.TEXT: gettext_lazy("text"),
    t.INTEGER: gettext_lazy("whole number"),
    t.DECIMAL: gettext_lazy("number"),
    t.BOOLEAN: gettext_lazy("yes/no"),
    t.DATE: gettext_lazy("date YYYY-MM-DD"),
    t.DATETIME: gettext_lazy("date YYYY-MM-DD, or date and time YYYY-MM-DDTHH:MM"),
    t.CODE: gettext_lazy("code"),
    t.CHOICE: gettext_lazy("one of"),
    t.COUNTRY: gettext_lazy("country (ISO alpha-2)"),
    t.LANGUAGE: gettext_lazy("language (ISO 639)"),
    t.ORGANISATION: gettext_lazy("organisation code"),
    t.REFERENCE: gettext_lazy("source reference in the sheet"),
    t.FORMS: gettext_lazy("form or form:sub-type"),
}


def describe(column: t.Column) -> str:
    """One line saying what a column takes."""
    kind = str(TYPE_LABELS[column.type])
    if column.type == t.CHOICE:
        kind += " " + ", ".join(column.choices)
    elif column.type == t.REFERENCE:
        kind += " " + column.sheet
    elif column.code_lists:
        kind += " (" + ", ".join(column.code_lists) + ")"
    elif column.organisation_types:
        kind += " (" + ", ".join(column.organisation_types) + ")"
    parts = [kind]
    if column.many:
        parts.append(_("several, separated by “;”"))
    if column.required:
        parts.append(_("required"))
    if column.max_length:
        parts.append(_("at most %(n)d characters") % {"n": column.max_length})
    if column.personal:
        parts.append(_("personal data, encrypted"))
    text = "; ".join(parts) + "."
    return f"{text} {column.description}" if column.description else text


def template_xlsx() -> bytes:
    """The template: a guide sheet, one sheet per record kind (the header, each column
    explained in a comment) and the code lists with their labels in the active language."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    book = Workbook()
    guide = book.active
    guide.title = t.GUIDE_SHEET
    guide.append([_("ATIS legacy import template")])
    guide["A1"].font = Font(bold=True, size=14)
    guide.append([_("Fill in one sheet per record kind (leave out those you do not need), one "
                    "row per record, from row 2. Sheets refer to each other by the source "
                    "reference. This sheet and code_lists are not imported. See the "
                    "administrator's guide, “Migrating from spreadsheets”.")])
    guide.append([])
    guide.append([_("sheet"), _("column"), _("what it takes")])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for sheet in t.SHEETS:
        guide.append([sheet.name, "", str(sheet.description)])
        for column in sheet.columns:
            guide.append([sheet.name, column.name, describe(column)])
    guide.column_dimensions["A"].width = 18
    guide.column_dimensions["B"].width = 28
    guide.column_dimensions["C"].width = 120
    for sheet in t.SHEETS:
        ws = book.create_sheet(sheet.name)
        ws.append([c.name for c in sheet.columns])
        for cell, column in zip(ws[1], sheet.columns, strict=True):
            cell.font = Font(bold=column.required)
            cell.comment = Comment(describe(column), "ATIS", width=320, height=140)
            ws.column_dimensions[cell.column_letter].width = max(14, len(column.name) + 2)
        ws.freeze_panes = "A2"
    _code_lists(book.create_sheet(t.CODES_SHEET))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _code_lists(ws) -> None:
    from openpyxl.styles import Font

    from atis.core.models import Organisation
    from atis.reference.models import Country, Language, Term

    ws.append([_("list"), _("code"), _("label")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for term in Term.objects.filter(list__in=t.CODE_LISTS, active=True).order_by("list", "sort_order",
                                                                                  "code"):
        ws.append(safe_row([term.list, term.code, term.label]))
    for sheet in t.SHEETS:
        for column in sheet.columns:
            if column.type == t.CHOICE:
                for code in column.choices:
                    ws.append([f"{sheet.name}.{column.name}", code, ""])
    for country in Country.objects.filter(active=True).order_by("code"):
        ws.append(safe_row(["country", country.code, country.label]))
    for language in Language.objects.filter(active=True).order_by("code"):
        ws.append(safe_row(["language", language.code, language.label]))
    for org in Organisation.objects.filter(active=True).order_by("type", "code"):
        ws.append(safe_row([f"organisation:{org.type}", org.code, org.name]))
    ws.column_dimensions["A"].width = 32
    ws.column_dimensions["B"].width = 36
    ws.column_dimensions["C"].width = 70


# --- building import files --------------------------------------------------------------------

def cell(value):
    """A value as the template writes it: lists joined with “;”, forms as form:sub-type,
    booleans yes/no, dates ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple | set):
        return t.SEPARATOR.join(t.SUBTYPE_SEPARATOR.join(p for p in v if p) if isinstance(v, tuple)
                                else str(cell(v)) for v in value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def _lines(sheet: t.Sheet, rows: Iterable[dict]):
    names = [c.name for c in sheet.columns]
    yield names
    for row in rows:
        unknown = set(row) - set(names)
        if unknown:
            raise ValueError(f"{sheet.name}: no column {', '.join(sorted(unknown))}")
        yield [cell(row.get(name)) for name in names]


def build_xlsx(sheets: dict[str, Iterable[dict]]) -> bytes:
    """An XLSX import file from rows (dicts by column name), one sheet per entry, streamed."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for line in _lines(t.BY_NAME[name], rows):
            ws.append(line)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def build_csv(sheet: str, rows: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _lines(t.BY_NAME[sheet], rows):
        writer.writerow(line)
    return buffer.getvalue().encode("utf-8")


def build_zip(sheets: dict[str, Iterable[dict]]) -> bytes:
    """A ZIP of CSV files, one per sheet (persons.csv …)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sheets.items():
            archive.writestr(f"{name}.csv", build_csv(name, rows))
    return buffer.getvalue()

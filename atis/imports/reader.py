"""Reading an import file into sheets of raw rows, streamed.

Three formats: an XLSX workbook with one sheet per record kind; a ZIP of CSV files, one
per sheet, each named after its sheet (`persons.csv` …); or a single CSV named after its
sheet. CSV files are UTF-8, comma-, semicolon- or tab-separated. The header is the first
row; row numbers are those a spreadsheet shows (the first data row is 2).
"""

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.utils.translation import gettext as _

from atis.core.errors import DomainError
from atis.imports import template

# A ZIP member or workbook larger than this when unpacked is refused (a "zip bomb").
MAX_UNPACKED = 1024 * 1024 * 1024


@dataclass
class Sheet:
    name: str
    total: int | None  # data rows, when the file says so cheaply
    rows: Iterator[tuple[int, Sequence]]  # (row number, values), the header first as row 1


@dataclass
class Book:
    format: str
    sheets: dict[str, Sheet]  # known sheets, in the template's order
    unknown: list[str]  # sheet names the template does not know


def read(content: bytes, filename: str = "") -> Book:
    """Open the file. `filename` only names the sheet of a single CSV; it is never kept."""
    if content[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except zipfile.BadZipFile:
            raise DomainError({"file": _("The file is damaged: it cannot be opened.")}) from None
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
            raise DomainError({"file": _("The file is too large once unpacked.")})
        if "[Content_Types].xml" in archive.namelist():
            return _xlsx(content)
        return _zip(archive)
    stem = PurePosixPath(filename.replace("\\", "/")).stem.lower()
    if stem not in template.BY_NAME:
        raise DomainError({"file": _("A single CSV file must be named after its sheet "
                                     "(persons.csv, reports.csv …); otherwise send an XLSX "
                                     "workbook or a ZIP of CSV files.")})
    return _book("csv", {stem: _csv_sheet(stem, content)}, [])


def _book(fmt: str, found: dict[str, Sheet], unknown: list[str]) -> Book:
    ordered = {s.name: found[s.name] for s in template.SHEETS if s.name in found}
    return Book(fmt, ordered, unknown)


def _xlsx(content: bytes) -> Book:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a file that is not XLSX
        raise DomainError({"file": _("The file is not an XLSX workbook.")}) from None
    found, unknown = {}, []
    for worksheet in workbook.worksheets:
        name = worksheet.title.strip().lower()
        if name in (template.GUIDE_SHEET, template.CODES_SHEET):
            continue
        if name not in template.BY_NAME:
            unknown.append(worksheet.title)
            continue
        total = (worksheet.max_row - 1) if worksheet.max_row else None
        found[name] = Sheet(name, total, enumerate(worksheet.iter_rows(values_only=True), start=1))
    return _book("xlsx", found, unknown)


def _zip(archive: zipfile.ZipFile) -> Book:
    found, unknown = {}, []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        name = path.stem.lower()
        if path.suffix.lower() != ".csv" or name not in template.BY_NAME:
            unknown.append(path.name)
            continue
        found[name] = _csv_sheet(name, archive.read(info))
    return _book("zip", found, unknown)


def _csv_sheet(name: str, content: bytes) -> Sheet:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError({"file": _("The CSV file “%(sheet)s” is not UTF-8 text: save it "
                                     "as “CSV UTF-8”.") % {"sheet": name}}) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    total = max(0, sum(1 for line in text.splitlines() if line.strip()) - 1)
    # Numbered by record, as a spreadsheet shows them (a quoted cell may span lines).
    return Sheet(name, total, enumerate(csv.reader(io.StringIO(text, newline=""),
                                                   delimiter=delimiter), start=1))

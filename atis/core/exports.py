"""Cells for CSV and XLSX exports: text that a spreadsheet would run as a formula (it
starts with =, +, -, @, a tab or a carriage return) is written with a leading single
quote, so a stakeholder's answer `=HYPERLINK(...)` stays text (CSV/formula injection).
Every export writes its rows through `safe_row`."""

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with text that starts like a formula prefixed by a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(value) for value in row]

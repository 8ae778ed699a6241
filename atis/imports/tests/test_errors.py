"""Every kind of row error names sheet, row and column with a translated message (never
a personal value), and the file is refused whole."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from atis.imports import workbook
from atis.people.models import Person

NOT_IDENTIFIED_EXTRA = ("recruitment_methods", "recruitment_online", "exploiter_relations",
                        "control_methods", "origin_country", "exploitation_country",
                        "exploitation_municipality", "exploitation_began_on", "identified_where",
                        "child_school_attendance")


def edit(rows, sheet, index, **changes):
    rows[sheet][index].update(changes)
    return rows


CASES = {
    "a required value is blank": (
        lambda r: edit(r, "reports", 0, channel=""), ("reports", 2, "channel"), "This is required."),
    "not a date": (
        lambda r: edit(r, "services", 0, delivered_on="1.2.2024"), ("services", 2, "delivered_on"),
        "Not a date (YYYY-MM-DD)."),
    "not a whole number": (
        lambda r: edit(r, "persons", 1, birth_year="nineteen ninety"), ("persons", 3, "birth_year"),
        "Not a whole number."),
    "not yes or no": (
        lambda r: edit(r, "identifications", 0, recruitment_online="perhaps"),
        ("identifications", 2, "recruitment_online"), "Write yes or no."),
    "an unknown code": (
        lambda r: edit(r, "reports", 0, suspected_forms=["sexual", "smuggling"]),
        ("reports", 2, "suspected_forms"), "Unknown code(s): smuggling."),
    "an unknown organisation": (
        lambda r: edit(r, "services", 0, provider="no-such-org"), ("services", 2, "provider"),
        "Unknown code(s): no-such-org."),
    "an organisation of the wrong type": (
        lambda r: edit(r, "shelter_stays", 0, shelter="centre"), ("shelter_stays", 2, "shelter"),
        "Unknown code(s): centre."),
    "a sub-type of another form": (
        lambda r: edit(r, "identifications", 0, forms=[("labour", "sexual_commercial")]),
        ("identifications", 2, "forms"), "The sub-type sexual_commercial does not belong to labour."),
    "a reference to no row": (
        lambda r: edit(r, "identifications", 0, report="R-404"), ("identifications", 2, "report"),
        "No row “R-404” in the sheet reports (nor imported before from this source)."),
    "the same source reference twice": (
        lambda r: r["services"].append(dict(r["services"][0])) or r,
        ("services", 3, "source_reference"), "This reference is already on row 2."),
    "in the future": (
        lambda r: edit(r, "services", 0, delivered_on=datetime.date(2026, 3, 2)),
        ("services", 2, "delivered_on"), "This cannot be in the future (today is"),
    "a decision before the procedure opened": (
        lambda r: edit(r, "identifications", 0, decided_at=datetime.date(2023, 11, 20)),
        ("identifications", 2, "decided_at"), "This cannot be before the procedure was opened"),
    "an approval before the decision": (
        lambda r: edit(r, "identifications", 0, approved_at=datetime.date(2024, 1, 9)),
        ("identifications", 2, "approved_at"), "This cannot be before the decision was made"),
    "triage before receipt": (
        lambda r: edit(r, "reports", 1, triaged_at=datetime.date(2024, 1, 31)),
        ("reports", 3, "triaged_at"), "This cannot be before the report was received"),
    "a release before the detention": (
        lambda r: edit(r, "events", 0, on=datetime.date(2023, 12, 1)),
        ("events", 2, "kind"), "There is no detention or imprisonment to end."),
    "an identification of a dismissed report": (
        lambda r: edit(r, "identifications", 0, report="R-2", person="P-2"),
        ("identifications", 2, "report"), "Only an accepted report opens an identification procedure."),
    "a dismissal without a reason": (
        lambda r: edit(r, "reports", 1, dismissal_reason=""), ("reports", 3, "dismissal_reason"),
        "Give the reason for dismissing the report."),
    "a non-identification with forms": (
        lambda r: edit(r, "identifications", 0, outcome="not_identified", reason="other_offence",
                       **dict.fromkeys(NOT_IDENTIFIED_EXTRA)),
        ("identifications", 2, "forms"), "Only an identification (outcome identified) records this."),
    "a stay without the reason for leaving": (
        lambda r: edit(r, "shelter_stays", 0, departure_reason=""),
        ("shelter_stays", 2, "departure_reason"), "Give both the day the person left and the reason."),
    "a damaged party twice in a case": (
        lambda r: r["damaged_parties"].append({"source_reference": "DP-2", "case": "C-1",
                                               "person": "P-1"}) or r,
        ("damaged_parties", 3, "person"), "This person is already a damaged party in the case."),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_row_error_names_sheet_row_and_column(run_import, rows, time_machine, case):
    time_machine.move_to("2026-03-01T12:00:00+01:00", tick=False)
    change, where, message = CASES[case]
    run = run_import(change(rows))
    assert run.status == "refused"
    errors = run.result["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [where], errors
    assert errors[0]["message"].startswith(message)
    assert Person.objects.count() == 0


def test_a_row_refused_is_not_reported_again_where_others_refer_to_it(run_import, rows):
    rows["persons"][0]["date_of_birth"] = "2006-13-40"
    errors = run_import(rows).result["errors"]
    assert [(e["sheet"], e["row"], e["column"]) for e in errors] == [("persons", 2, "date_of_birth")]


def test_messages_never_repeat_a_personal_value(run_import, rows):
    secret = "Tajnovićeva" * 10
    rows["persons"][0].update(family_name=secret, date_of_birth="secret-birthday")
    rows["persons"][1]["phones"] = ["x" * 41]
    run = run_import(rows)
    text = str(run.result)
    assert "Tajnović" not in text and "secret-birthday" not in text and "x" * 41 not in text
    assert {(e["row"], e["column"]) for e in run.result["errors"]} == {
        (2, "family_name"), (2, "date_of_birth"), (3, "phones")}


def test_header_problems_are_reported_on_row_1_and_nothing_else_follows(run_import, rows):
    book = load_workbook(io.BytesIO(workbook.build_xlsx(rows)))
    book["reports"].delete_cols(2)  # received_at, a required column
    book["services"].cell(row=1, column=7, value="colour")
    book.create_sheet("victims")
    buffer = io.BytesIO()
    book.save(buffer)
    errors = run_import(buffer.getvalue()).result["errors"]
    assert sorted((e["sheet"], e["row"] or 0, e["column"]) for e in errors) == [
        ("reports", 1, "received_at"), ("services", 1, "colour"), ("victims", 0, "")]


def test_a_file_that_is_not_an_import_file_is_refused_with_one_message(run_import):
    run = run_import(b"%PDF-1.7 not a workbook", filename="cases.pdf")
    assert run.status == "refused" and len(run.result["errors"]) == 1
    assert run.result["errors"][0]["sheet"] == "" and "CSV" in run.result["errors"][0]["message"]

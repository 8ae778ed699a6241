"""The formats, the template, duplicates, and the Centre's import page."""

import datetime
import io

from openpyxl import load_workbook

from atis.imports import template, workbook
from atis.imports.models import ImportRun
from atis.people.models import Person


def test_a_zip_of_csv_files_imports_like_the_workbook(run_import, rows):
    run = run_import(workbook.build_zip(rows), filename="export.zip")
    assert run.file_format == "zip" and run.status == "done", run.result["errors"]
    assert run.result["counts"]["events"]["created"] == 4


def test_a_single_csv_is_the_sheet_its_name_says(run_import, rows):
    run = run_import(workbook.build_csv("persons", rows["persons"]), filename="Persons.csv")
    assert run.file_format == "csv" and run.result["counts"] == {
        "persons": {"rows": 2, "new": 2, "existing": 0, "created": 2}}


def test_a_semicolon_separated_csv_with_a_bom_is_read(run_import):
    content = "\ufeffsource_reference;sex;citizenships\nP-7;female;\"RS;UA\"\n".encode()
    run = run_import(content, filename="persons.csv")
    assert run.status == "done", run.result["errors"]
    assert sorted(Person.objects.get().citizenships.values_list("code", flat=True)) == ["RS", "UA"]


def test_a_csv_not_named_after_a_sheet_or_not_utf8_is_refused(run_import):
    assert "named after its sheet" in run_import(b"a,b\n1,2\n", filename="export.csv") \
        .result["errors"][0]["message"]
    assert "UTF-8" in run_import("source_reference\nČ-1\n".encode("cp1250"), filename="persons.csv") \
        .result["errors"][0]["message"]


def test_duplicates_of_persons_in_atis_and_in_the_file_are_reported(run_import, rows, make_person,
                                                                     manager):
    known = make_person(actor=manager, identity={"given_name": "Mila", "family_name": "Ilić",
                                                 "date_of_birth": datetime.date(2006, 5, 2)})
    rows["persons"][1]["phones"] = ["064/111-22-33"]  # Mila's number, written otherwise
    for dry_run in (True, False):
        run = run_import(rows, dry_run=dry_run)
        assert run.result["duplicate_count"] == 2
        first, second = run.result["duplicates"]
        assert (first["row"], first["matches"], first["rows"]) == (
            2, [{"pseudonym": known.pseudonym, "kinds": ["name_birth"]}], [])
        assert (second["row"], second["matches"], second["rows"]) == (3, [], [2])
    assert Person.objects.count() == 3  # imported as separate persons, for the Centre to check


def test_the_template_has_every_sheet_and_column_and_the_code_lists(client, manager):
    client.force_login(manager)
    response = client.get("/imports/template.xlsx")
    assert response["Content-Type"] == workbook.XLSX
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [template.GUIDE_SHEET, *(s.name for s in template.SHEETS),
                               template.CODES_SHEET]
    for sheet in template.SHEETS:
        header = [c.value for c in book[sheet.name][1]]
        assert header == [c.name for c in sheet.columns]
        assert book[sheet.name]["A1"].comment is not None
    codes = {(r[0], r[1]) for r in book[template.CODES_SHEET].iter_rows(min_row=2, values_only=True)}
    assert {("exploitation_form", "sexual"), ("dismissal_reason", "no_offence"), ("country", "RS"),
            ("organisation:shelter", "shelter"), ("events.kind", "detention_ended")} <= codes


def test_the_empty_template_imports_as_nothing(run_import, client, manager):
    client.force_login(manager)
    run = run_import(client.get("/imports/template.xlsx").content)
    assert run.status == "done" and all(c["rows"] == 0 for c in run.result["counts"].values())


def test_the_template_module_matches_the_models():
    from atis.justice.models import DamagedParty, ProceedingEvent

    assert set(template.EVENTS.column("kind").choices) == set(ProceedingEvent.Kind.values)
    assert set(template.DAMAGED_PARTIES.column("pvw_status").choices) == set(DamagedParty.Pvw.values)
    for sheet in template.SHEETS:
        for column in sheet.columns:
            assert column.type in template.TYPES
            assert column.type != template.REFERENCE or column.sheet in template.BY_NAME
            assert (column.type in (template.CODE, template.FORMS)) == bool(column.code_lists)


def test_the_page_checks_a_file_and_shows_row_errors(client, manager, rows):
    client.force_login(manager)
    page = client.get("/imports/")
    assert b'id="import-form"' in page.content and b"/imports/template.xlsx" in page.content
    rows["services"][0]["provider"] = "nowhere"
    stream = io.BytesIO(workbook.build_xlsx(rows))
    stream.name = "Ana Petrović 2015.xlsx"
    response = client.post("/imports/", {"file": stream, "source": "legacy", "action": "check"})
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{run.pk}/"
    assert "Petrović" not in response["Location"]
    shown = client.get(response["Location"]).content.decode()
    assert 'data-sheet="services" data-row="2" data-column="provider"' in shown
    assert "Petrović" not in shown and run.dry_run and run.status == "refused"
    status = client.get(f"/imports/{run.pk}/status/").content.decode()
    assert 'id="run-status"' in status and "hx-get" not in status  # finished: polling stops


def test_the_page_imports_and_lists_the_imported_cases(client, manager, rows):
    client.force_login(manager)
    stream = io.BytesIO(workbook.build_xlsx(rows))
    stream.name = "history.xlsx"
    response = client.post("/imports/", {"file": stream, "source": "legacy", "action": "import"},
                           follow=True)
    body = response.content.decode()
    assert 'id="cases"' in body and Person.objects.count() == 2
    procedure = Person.objects.get(birth_year=2006).procedures.get()
    assert f"/cases/{procedure.pk}/" in body


def test_a_running_run_is_polled_until_it_finishes(client, manager):
    run = ImportRun.objects.create(source="legacy", checksum="0" * 64, file_format="xlsx",
                                   started_by=manager, status="checking", rows_total=100, rows_done=40)
    client.force_login(manager)
    status = client.get(f"/imports/{run.pk}/status/").content.decode()
    assert f'hx-get="/imports/{run.pk}/status/"' in status and 'value="40"' in status


def test_the_page_refuses_a_post_without_a_file(client, manager):
    client.force_login(manager)
    response = client.post("/imports/", {"source": "legacy", "action": "check"})
    assert response.status_code == 200 and ImportRun.objects.count() == 0

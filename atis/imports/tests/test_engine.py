"""The engine: a whole history goes in with its real dates and its recorded moments of
today, all or nothing, once."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from atis.identification.models import Decision, Procedure
from atis.imports.models import ImportedRecord
from atis.intake.models import Report
from atis.justice.models import CriminalCase, DamagedParty, Defendant, ProceedingEvent
from atis.people import selectors as people_selectors
from atis.people.models import CaseAssignment, Person, PersonIdentity
from atis.protection.models import ServiceRecord, ShelterStay
from atis.statistics.models import VictimYear

NOW = "2026-03-01T12:00:00+01:00"
CASE_MODELS = (Person, PersonIdentity, Report, Procedure, Decision, ServiceRecord, ShelterStay,
               CriminalCase, Defendant, DamagedParty, ProceedingEvent, ImportedRecord)


def day(value) -> str:
    return timezone.localtime(value).date().isoformat()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in CASE_MODELS}


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(NOW, tick=False)
    return timezone.now()


def test_records_carry_the_dates_they_happened_and_are_recorded_now(run_import, rows, frozen,
                                                                     manager):
    run = run_import(rows)
    assert (run.status, run.result["errors"]) == ("done", [])
    report = Report.objects.get(status="accepted")
    assert (day(report.received_at), day(report.triaged_at)) == ("2023-11-20", "2023-11-21")
    assert timezone.localtime(report.received_at).hour == 9
    assert report.created_at == frozen and report.triage_recorded_at == frozen
    procedure = Procedure.objects.get()
    assert procedure.status == "identified" and day(procedure.opened_at) == "2023-11-21"
    assert procedure.is_child and not procedure.is_foreign
    decision = procedure.decisions.get()
    assert (day(decision.decided_at), day(decision.approved_at)) == ("2024-01-10", "2024-01-12")
    assert decision.recorded_at == frozen and decision.state == "approved"
    assert (decision.age_at_exploitation_start, decision.age_at_identification) == (17, 17)
    assert sorted(decision.forms.values_list("form", "subtype")) == [
        ("labour", ""), ("sexual", "sexual_commercial")]
    assert list(decision.recruitment.values_list("method", flat=True)) == ["false_friendship"]
    assert decision.recruitment_online is True and decision.child_school_attendance is False
    assert decision.mixed_migration is None
    assert day(decision.person_informed_at) == "2024-01-15"
    dismissed = Report.objects.get(status="dismissed")
    assert dismissed.dismissal_reason == "no_offence" and day(dismissed.triaged_at) == "2024-02-03"


def test_statistics_count_the_imported_history_in_its_own_years(run_import, rows, frozen):
    run_import(rows)
    assert VictimYear.objects.filter(year=2024).count() == 1
    assert VictimYear.objects.filter(year=2023).count() == 0
    assert VictimYear.objects.filter(year=2026).count() == 0


def test_persons_are_pseudonymised_by_the_year_first_known_encrypted_and_indexed(
        run_import, rows, frozen, manager):
    run_import(rows)
    mila = Person.objects.get(birth_year=2006)
    assert mila.pseudonym.startswith("V-2023-") and mila.first_known_on == datetime.date(2023, 11, 20)
    assert [c.code for c in mila.citizenships.all()] == ["RS"]
    assert mila.created_at == frozen and mila.created_by == manager
    assert CaseAssignment.objects.filter(person=mila, user=manager, active=True).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT family_name FROM people_personidentity WHERE person_id = %s", [mila.pk])
        stored = cursor.fetchone()[0]
    assert "Ilić" not in stored and stored.startswith("v2:")
    assert PersonIdentity.objects.get(person=mila).family_name == "Ilić"
    found = people_selectors.likely_duplicates(user=manager, given_name="Mila", family_name="ILIC",
                                               date_of_birth=datetime.date(2006, 5, 2))
    assert [person for person, _kinds in found] == [mila]


def test_protection_and_proceedings_follow_the_events(run_import, rows, frozen):
    run_import(rows)
    stay = ShelterStay.objects.get()
    assert (stay.phase, stay.left_on, stay.is_return) == ("recovery", datetime.date(2024, 6, 1), False)
    assert list(stay.phase_changes.values_list("phase", "on")) == [
        ("adaptation", datetime.date(2024, 1, 20)), ("recovery", datetime.date(2024, 2, 20))]
    assert ServiceRecord.objects.get().sessions == 3
    defendant = Defendant.objects.get()
    assert defendant.pseudonym.startswith("D-2023-")
    assert (defendant.stage, defendant.in_custody) == ("investigation", False)
    assert DamagedParty.objects.get().pvw_status == "granted"
    case = CriminalCase.objects.get()
    assert case.reference.startswith("J-2023-") and case.events.count() == 4
    assert set(case.events.values_list("recorded_by_organisation__code", flat=True)) == {"hppo-novi-sad"}


def test_dry_run_reports_what_would_be_created_and_writes_nothing(run_import, rows, frozen):
    run = run_import(rows, dry_run=True)
    assert run.status == "done" and not run.result["committed"]
    assert run.result["counts"]["persons"] == {"rows": 2, "new": 2, "existing": 0, "created": 0}
    assert run.result["counts"]["events"]["new"] == 4
    assert set(counts().values()) == {0}


def test_a_bad_row_in_the_last_sheet_writes_nothing_at_all(run_import, rows, frozen):
    rows["events"].append({"source_reference": "E-9", "case": "C-1", "defendant": "D-1",
                           "kind": "conviction", "on": datetime.date(2024, 3, 1)})
    run = run_import(rows)
    assert run.status == "refused" and not run.result["committed"]
    assert run.result["errors"] == [{"sheet": "events", "row": 6, "column": "sentence_months",
                                     "message": "A conviction records the sentence or the fine."}]
    assert set(counts().values()) == {0}


def test_importing_the_same_file_again_creates_nothing_and_says_so(run_import, rows, frozen):
    first = run_import(rows)
    before = counts()
    second = run_import(rows)
    assert second.status == "done" and counts() == before
    assert all(c["new"] == 0 and c["created"] == 0 and c["existing"] == c["rows"]
               for c in second.result["counts"].values())
    assert ImportedRecord.objects.filter(run=first).count() == sum(before[m.__name__] for m in (
        Person, Report, Procedure, ServiceRecord, ShelterStay, CriminalCase, Defendant, DamagedParty,
        ProceedingEvent))


def test_a_later_file_adds_to_records_imported_before(run_import, rows, frozen):
    run_import({"persons": rows["persons"], "reports": rows["reports"]})
    assert Procedure.objects.count() == 0
    later = {"persons": rows["persons"][:1], "identifications": rows["identifications"],
             "services": rows["services"]}
    run = run_import(later)
    assert run.result["counts"]["persons"] == {"rows": 1, "new": 0, "existing": 1, "created": 0}
    procedure = Procedure.objects.get()
    assert procedure.report.reference.startswith("R-2023-") and procedure.person.birth_year == 2006
    assert procedure.decisions.get().age_at_identification == 17  # from the stored date of birth
    assert Person.objects.count() == 2


def test_another_source_system_is_imported_separately(run_import, rows, frozen):
    run_import({"persons": rows["persons"]})
    run = run_import({"persons": rows["persons"]}, source="ngo-db")
    assert run.result["counts"]["persons"]["created"] == 2
    assert Person.objects.count() == 4
    assert len(run.result["duplicates"]) == 1  # Mila shares name and date of birth and a phone


def test_rows_of_a_sheet_may_come_in_any_order_of_events(run_import, rows, frozen):
    rows["events"].reverse()
    assert run_import(rows).status == "done"


def test_rows_another_run_imported_meanwhile_make_the_run_write_nothing(run_import, rows, frozen,
                                                                         monkeypatch):
    from atis.core.errors import DomainError
    from atis.imports import validate
    from atis.imports.models import ImportRun

    run_import({"persons": rows["persons"][:1]})
    before = counts()
    monkeypatch.setattr(validate, "_mapped", lambda source, sheet, refs: {})  # the check missed it
    with pytest.raises(DomainError):
        run_import(rows)
    assert counts() == before
    assert ImportRun.objects.order_by("-pk").first().status == "failed"

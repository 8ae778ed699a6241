"""The statistics facts follow the records through the services, and a rebuild from the
records gives the same rows (`facts`, `receivers`)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.roles import Role
from atis.identification import services as identification
from atis.intake import services as intake
from atis.justice import services as justice
from atis.justice.models import DamagedParty, ProceedingEvent
from atis.people.models import Person
from atis.protection import services as protection
from atis.protection.models import ServiceRecord
from atis.statistics import facts
from atis.statistics.models import (
    CourtSpan,
    CriminalReportEntry,
    ProceedingStep,
    ReportOutcome,
    ServedYear,
    ServiceYear,
    StayYear,
    VictimYear,
)
from atis.statistics.tests.conftest import YEAR

TODAY = timezone.localdate()


def snapshot() -> dict[str, set[tuple]]:
    """Every fact as plain values, without the row ids a rebuild renumbers."""
    found = {}
    for kind, (model, _compute) in facts.ALL_KINDS.items():
        names = [f.attname for f in model._meta.concrete_fields if f.name != "id"]
        found[kind] = set(model.objects.values_list(*names))
    return found


def _history(identify, centre, make_person):
    """Victims (one identified twice, one with several forms), services, a dismissed
    report and a pending one, all recorded through the services."""
    manager = centre["manager"]
    victim = identify(forms=["sexual", "labour"]).person
    twice = identify(forms=["labour"]).person
    again = intake.report_submit(actor=manager, channel="phone", source_type="centre",
                                 persons=[{"pseudonym": twice.pseudonym}])
    [procedure] = identification.report_accept(actor=manager, report=again)
    identification.decision_propose(actor=manager, procedure=procedure, outcome="identified",
                                    forms=[{"form": "sexual"}])
    at_risk = make_person(actor=manager, first_known_on=datetime.date(YEAR - 1, 1, 10))
    for person, service, day in [(victim, "information", TODAY), (victim, "information", TODAY),
                                 (at_risk, "legal_support", datetime.date(YEAR - 1, 12, 31))]:
        protection.service_record(actor=manager, person=person, service=service, delivered_on=day)
    dismissed = intake.report_submit(actor=centre["reporter"], channel="phone",
                                     source_type="school", persons=[{"sex": "male"}])
    intake.report_dismiss(actor=manager, report=dismissed, reason="no_offence")
    intake.report_submit(actor=centre["reporter"], channel="phone", source_type="school",
                         persons=[{"sex": "female"}])
    return victim, at_risk, twice


@pytest.fixture
def court_case(make_user, org):
    """A case before a higher court (indicted, then convicted) and before an appellate court
    (an appeal, not yet judged)."""
    police = make_user(Role.POLICE_OFFICER, "pu-novi-sad")
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    judge = make_user(Role.COURT_STAFF, "higher-court-novi-sad")
    case = justice.case_open(actor=police, opened_on=datetime.date(YEAR - 1, 3, 1),
                             offences=["art388_1"], prosecutor_office=org("hppo-novi-sad"))
    defendant = justice.defendant_add(actor=police, case=case, sex="male", citizenship="AL",
                                      role="exploiter")
    for actor, kind, month, court in [
            (prosecutor, "investigation_ordered", 4, None),
            (prosecutor, "investigation_closed", 6, None),
            (prosecutor, "indictment", 7, "higher-court-novi-sad"),
            (judge, "conviction", 10, "higher-court-novi-sad"),
            (prosecutor, "appeal", 11, "appellate-court-novi-sad")]:
        justice.event_record(actor=actor, case=case, kind=kind, defendant=defendant,
                             on=datetime.date(YEAR - 1, month, 1),
                             court=org(court) if court else None,
                             **({"sentence_months": 40} if kind == "conviction" else {}))
    return case


def test_a_rebuild_gives_the_rows_the_services_kept(identify, centre, make_person, court_case,
                                                    org):
    victim, _at_risk, _twice = _history(identify, centre, make_person)
    stay = protection.stay_admit(actor=centre["manager"], person=victim, shelter=org("shelter"),
                                 admitted_on=TODAY)
    protection.stay_leave(actor=centre["manager"], stay=stay, left_on=TODAY,
                          reason="independent_living")
    kept = snapshot()
    assert all(kept.values()), kept  # every kind has rows: the comparison means something
    facts.rebuild()
    assert snapshot() == kept


def test_the_facts_hold_what_the_tables_group(identify, centre, make_person):
    victim, at_risk, twice = _history(identify, centre, make_person)
    fact = VictimYear.objects.get(person=victim)
    assert (fact.year, fact.form, fact.sex, fact.citizenship_group) == \
        (YEAR, "multiple", "female", "national")
    assert VictimYear.objects.get(person=twice).form == "sexual"  # the latest of the year
    assert set(ServiceYear.objects.values_list("person_id", "year", "service", "services")) == {
        (victim.pk, YEAR, "information", 2), (at_risk.pk, YEAR - 1, "legal_support", 1)}
    assert set(ServedYear.objects.values_list("person_id", "year", "standing")) == {
        (victim.pk, YEAR, "identified_this_year"), (at_risk.pk, YEAR - 1, "not_identified")}
    assert sorted(ReportOutcome.objects.values_list("outcome", "dismissal_reason")) == [
        ("dismissed", "no_offence"), ("identified", ""), ("identified", ""), ("identified", ""),
        ("pending", "")]


def spans(case) -> dict:
    return {s.level: (s.first_on, s.done_on, s.accused) for s in CourtSpan.objects.filter(case=case)}


def test_a_case_before_each_court_level_is_kept_from_its_events_and_defendants(court_case, org):
    assert spans(court_case) == {
        "higher": (datetime.date(YEAR - 1, 7, 1), datetime.date(YEAR - 1, 10, 1), 1),
        "appellate": (datetime.date(YEAR - 1, 11, 1), None, 1)}
    ProceedingEvent.objects.get(case=court_case, kind="conviction").delete()
    assert spans(court_case)["higher"] == (datetime.date(YEAR - 1, 7, 1), None, 1)
    justice.defendant_add(actor=court_case.created_by, case=court_case, sex="female",
                          citizenship="RS", role="exploiter")
    assert {level: n for level, (_f, _d, n) in spans(court_case).items()} == {
        "higher": 2, "appellate": 2}


def test_the_steps_of_a_case_name_who_reached_them_and_when(court_case, make_person, centre):
    defendant = court_case.defendants.get()
    assert set(ProceedingStep.objects.values_list("year", "measure", "who", "recorder_type",
                                                  "first_on")) == {
        (YEAR - 1, measure, defendant.pk, recorder, datetime.date(YEAR - 1, month, 1))
        for measure, recorder, month in [
            ("investigations_ordered", "prosecutor_office", 4),
            ("investigations_closed", "prosecutor_office", 6),
            ("indicted", "prosecutor_office", 7), ("convicted", "court", 10),
            ("sentenced_to_prison", "", 10)]}
    victim = make_person(actor=centre["manager"])
    DamagedParty.objects.create(case=court_case, person=victim)  # as the import writes it
    damaged = ProceedingStep.objects.filter(measure__in=["damaged_persons", "prosecuted_damaged"])
    assert set(damaged.values_list("measure", "who", "first_on")) == {
        ("damaged_persons", victim.pk, datetime.date(YEAR - 1, 4, 1)),
        ("prosecuted_damaged", victim.pk, datetime.date(YEAR - 1, 4, 1))}


def entries(case) -> set[tuple]:
    return set(CriminalReportEntry.objects.filter(case=case).values_list(
        "entry", "opened_on", "police_administration__code", "sex", "citizenship_group",
        "age_group", "person", "offences", "perpetrators", "damaged_persons"))


def test_the_criminal_report_counts_the_case_its_offences_and_parties(court_case, make_person,
                                                                     centre):
    filed = datetime.date(YEAR - 1, 3, 1)
    perpetrator = ("perpetrator", filed, "pu-novi-sad", "male", "foreign", "", None, 0, 0, 0)
    assert entries(court_case) == {
        ("criminal_report", filed, "pu-novi-sad", "", "", "", None, 1, 1, 0), perpetrator}
    victim = make_person(actor=centre["manager"], birth_year=YEAR - 15)
    DamagedParty.objects.create(case=court_case, person=victim)  # as the import writes it
    # A child in the year the report was filed; then an adult once the year of birth is
    # corrected.
    assert entries(court_case) == {
        ("criminal_report", filed, "pu-novi-sad", "", "", "", None, 1, 1, 1), perpetrator,
        ("damaged_person", filed, "pu-novi-sad", "female", "", "child", victim.pk, 0, 0, 0)}
    victim.birth_year = YEAR - 40
    victim.save()
    assert ("damaged_person", filed, "pu-novi-sad", "female", "", "adult", victim.pk, 0, 0, 0) \
        in entries(court_case)
    court_case.defendants.get().delete()
    assert perpetrator not in entries(court_case)
    assert ("criminal_report", filed, "pu-novi-sad", "", "", "", None, 1, 0, 1) in \
        entries(court_case)


def test_a_case_opened_without_the_police_has_its_report_entry(make_user):
    prosecutor = make_user(Role.PROSECUTOR, "hppo-novi-sad")
    case = justice.case_open(actor=prosecutor, opened_on=datetime.date(YEAR, 2, 1),
                             offences=["art388_1", "art388_2"])
    assert entries(case) == {("criminal_report", datetime.date(YEAR, 2, 1), None, "", "", "",
                              None, 2, 0, 0)}


def test_a_stay_that_ended_counts_in_each_year_it_spans(identify, centre, org):
    manager = centre["manager"]
    person = identify(forms=["labour"], birth_year=YEAR - 19).person
    Person.objects.filter(pk=person.pk).update(first_known_on=datetime.date(YEAR - 2, 1, 1))
    person.refresh_from_db()
    stay = protection.stay_admit(actor=manager, person=person, shelter=org("shelter"),
                                 admitted_on=datetime.date(YEAR - 2, 6, 1))
    assert not StayYear.objects.exists()  # still open: read from the stay itself
    protection.stay_leave(actor=manager, stay=stay, left_on=datetime.date(YEAR - 1, 3, 1),
                          reason="independent_living")
    rows = {(year, age_group, admitted) for year, age_group, admitted in
            StayYear.objects.values_list("year", "age_group", "admitted")}
    assert rows == {(YEAR - 2, "child", True), (YEAR - 1, "child", False)}
    person.birth_year = YEAR - 30
    person.save()
    assert set(StayYear.objects.values_list("age_group", flat=True)) == {"adult"}


def test_a_deleted_service_leaves_the_facts(identify, centre, make_person):
    victim, _at_risk, _twice = _history(identify, centre, make_person)
    first, second = ServiceRecord.objects.filter(person=victim)
    first.delete()
    assert ServiceYear.objects.get(person=victim).services == 1
    second.delete()
    assert not ServiceYear.objects.filter(person=victim).exists()


def test_the_rebuild_command_counts_the_rows_and_is_audited(identify, centre, make_person):
    _history(identify, centre, make_person)
    VictimYear.objects.all().delete()  # as after a load that bypassed the services
    out = io.StringIO()
    call_command("statistics", "rebuild", stdout=out)
    assert out.getvalue().strip() == (
        f"statistics facts rebuilt: victims 2, services {ServiceYear.objects.count()}, "
        f"served {ServedYear.objects.count()}, reports {ReportOutcome.objects.count()}, "
        f"stays {StayYear.objects.count()}, court_spans {CourtSpan.objects.count()}, "
        f"steps {ProceedingStep.objects.count()}, "
        f"report_entries {CriminalReportEntry.objects.count()}")
    assert VictimYear.objects.count() == 2
    assert AuditEntry.objects.filter(action="statistics.rebuild").count() == 1

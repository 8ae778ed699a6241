import datetime

import pytest
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core import chronology
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.intake import selectors, services
from atis.intake.models import HotlineCall, IndicatorChecklist, Report
from atis.people.models import Person


def test_report_records_source_indicators_and_persons(make_user, submit_report):
    teacher = make_user(Role.REPORTER, "school-os-kralj-petar-prvi-beograd")
    checklist = IndicatorChecklist.objects.get(code="education_child", current=True)
    codes = list(checklist.indicators.values_list("code", flat=True)[:2])
    report = submit_report(teacher, source_type="school", checklist="education_child",
                           indicators=codes, exploitation_country="RS",
                           narrative="She stopped coming to school.")
    assert report.reference.startswith(f"R-{timezone.localdate().year}-")
    assert report.source_organisation.code == "school-os-kralj-petar-prvi-beograd"
    assert sorted(i.code for i in report.indicators.all()) == sorted(codes)
    assert report.checklist.version == 1 and report.persons.count() == 1
    assert [f.category for f in report.feedback.all()] == ["received"]
    assert report.narrative == "She stopped coming to school."


def test_unified_list_is_available_to_every_sector(make_user, submit_report):
    unified = IndicatorChecklist.objects.get(code="unified", current=True)
    code = unified.indicators.first().code
    report = submit_report(make_user(Role.PARTNER_CASEWORKER), source_type="association",
                           checklist="unified", indicators=[code])
    assert report.indicators.get().code == code


def test_revised_checklist_is_a_new_version_and_old_reports_keep_theirs(submit_report, tmp_path):
    import json

    first = IndicatorChecklist.objects.get(code="police_adult", current=True)
    old_report = submit_report(checklist="police_adult",
                               indicators=[first.indicators.first().code])
    rows = json.loads(services.CHECKLISTS_FILE.read_text())
    police = next(r for r in rows if r["code"] == "police_adult")
    police["indicators"].append({"code": "new_sign", "en": "A new sign", "sr_latn": "Novi znak"})
    path = tmp_path / "indicators.json"
    path.write_text(json.dumps([police]))
    assert services.checklists_load(path=path) == {"created": 0, "revised": 1}
    current = IndicatorChecklist.objects.get(code="police_adult", current=True)
    assert current.version == first.version + 1 and current.indicators.filter(code="new_sign").exists()
    old_report.refresh_from_db()
    assert old_report.checklist == first
    assert services.checklists_load(path=path) == {"created": 0, "revised": 0}


@pytest.mark.parametrize("fields, field", [
    ({"channel": "pigeon"}, "channel"),
    ({"source_type": "oracle"}, "source_type"),
    ({"suspected_forms": ["sexual", "knitting"]}, "suspected_forms"),
    ({"exploitation_country": "XX"}, "exploitation_country"),
    ({"received_at": timezone.now() + datetime.timedelta(days=2)}, "received_at"),
    ({"checklist": "no_such_list"}, "checklist"),
    ({"checklist": "police_adult", "indicators": ["not-on-it"]}, "indicators"),
    ({"indicators": ["x"]}, "indicators"),
    ({"narrative": "x" * 10001}, "narrative"),
    ({"persons": [{"sex": "female", "birth_year": 1800}]}, "birth_year"),
    ({"persons": [{"pseudonym": "V-2026-0001"}]}, "persons"),
])
def test_bad_reports_are_refused_naming_the_field_and_write_nothing(make_user, submit_report,
                                                                    fields, field):
    reporter = make_user(Role.REPORTER)
    before = (Report.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        submit_report(reporter, **fields)
    assert field in exc.value.fields
    assert (Report.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before


def test_a_report_needs_a_person(make_user):
    with pytest.raises(DomainError) as exc:
        services.report_submit(actor=make_user(Role.REPORTER), channel="phone",
                               source_type="school", persons=[])
    assert "persons" in exc.value.fields


def test_received_defaults_to_now_and_takes_the_day_it_happened(make_user, submit_report):
    before = timezone.now()
    now = submit_report()
    assert before <= now.received_at <= timezone.now()
    day = timezone.localdate() - datetime.timedelta(days=40)
    earlier = submit_report(received_at=day)
    assert timezone.localtime(earlier.received_at).date() == day
    assert earlier.reference.startswith(f"R-{day.year}-")
    assert earlier.feedback.get().given_at == earlier.received_at
    assert earlier.created_at >= before  # recorded now, whatever the date entered


def test_external_reference_is_unique_per_source_organisation(make_user, submit_report):
    police = make_user(Role.REPORTER, "pu-novi-sad")
    colleague = make_user(Role.REPORTER, "pu-novi-sad")
    first = submit_report(police, external_reference="KU-2024-117")
    before = (Report.objects.count(), Person.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        submit_report(colleague, external_reference="KU-2024-117")
    assert list(exc.value.fields) == ["external_reference"]
    assert (Report.objects.count(), Person.objects.count(), AuditEntry.objects.count()) == before
    other = submit_report(make_user(Role.REPORTER, "pu-nis"), external_reference="KU-2024-117")
    assert other != first and other.external_reference == first.external_reference
    submit_report(police)
    submit_report(police)  # no reference: no constraint


def test_external_reference_has_at_most_100_characters(submit_report):
    with pytest.raises(DomainError) as exc:
        submit_report(external_reference="x" * 101)
    assert "external_reference" in exc.value.fields


def test_dismissal_is_dated_when_it_happened(make_user, submit_report):
    received = timezone.now() - datetime.timedelta(days=10)
    report = submit_report(received_at=received)
    day = timezone.localdate() - datetime.timedelta(days=3)
    services.report_dismiss(actor=make_user(Role.CENTRE_CASEWORKER), report=report,
                            reason="no_offence", dismissed_at=day)
    report.refresh_from_db()
    assert timezone.localtime(report.triaged_at).date() == day
    assert report.triage_recorded_at > report.triaged_at
    assert report.feedback.get(category="dismissed").given_at == report.triaged_at


@pytest.mark.parametrize("when, conflict", [
    (lambda received: received - datetime.timedelta(days=1), "the report was received"),
    (lambda received: timezone.now() + datetime.timedelta(days=3), "in the future"),
])
def test_dismissal_before_receipt_or_in_the_future_is_refused_and_writes_nothing(
        make_user, submit_report, when, conflict):
    received = timezone.now() - datetime.timedelta(days=5)
    report = submit_report(received_at=received)
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    before = (report.feedback.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.report_dismiss(actor=caseworker, report=report, reason="no_offence",
                                dismissed_at=when(received))
    [message] = exc.value.fields["dismissed_at"]
    assert conflict in message
    report.refresh_from_db()
    assert report.status == "received" and report.triaged_at is None
    assert (report.feedback.count(), AuditEntry.objects.count()) == before


def test_the_refusal_names_the_date_it_conflicts_with(make_user, submit_report):
    received = timezone.now() - datetime.timedelta(days=5)
    report = submit_report(received_at=received)
    with pytest.raises(DomainError) as exc:
        services.report_dismiss(actor=make_user(Role.CENTRE_CASEWORKER), report=report,
                                reason="no_offence",
                                dismissed_at=timezone.localdate() - datetime.timedelta(days=6))
    assert chronology.shown(received) in exc.value.fields["dismissed_at"][0]


def test_hotline_call_in_the_future_is_refused(make_user):
    with pytest.raises(DomainError) as exc:
        services.hotline_call_log(actor=make_user(Role.HOTLINE_OPERATOR), caller="citizen",
                                  outcome="information",
                                  received_at=timezone.localdate() + datetime.timedelta(days=1))
    assert "received_at" in exc.value.fields
    assert not HotlineCall.objects.exists()


def test_centre_can_report_an_existing_person(make_user, make_person, submit_report):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    person = make_person(actor=caseworker)
    report = submit_report(caseworker, source_type="centre", channel="proactive_detection",
                           persons=[{"pseudonym": person.pseudonym}])
    assert report.persons.get().person == person


@pytest.mark.parametrize("role", [Role.COORDINATOR_ANALYST, Role.RAPPORTEUR, Role.ADMIN])
def test_analysts_and_administrators_do_not_report(make_user, submit_report, role):
    with pytest.raises(AccessDenied):
        submit_report(make_user(role))


def test_dismissal_with_referral_tells_the_reporter_only_the_category(make_user, submit_report, org):
    reporter = make_user(Role.REPORTER)
    report = submit_report(reporter)
    services.report_dismiss(actor=make_user(Role.CENTRE_CASEWORKER), report=report,
                            reason="other_act", referred_to=org("csw-novi-sad"),
                            note="Domestic violence; CSW informed.")
    report.refresh_from_db()
    assert report.status == "dismissed" and report.dismissal_reason == "other_act"
    assert [f.category for f in report.feedback.all()] == ["received", "dismissed", "referred"]
    with pytest.raises(DomainError) as exc:
        services.report_dismiss(actor=make_user(Role.CENTRE_MANAGER), report=report,
                                reason="no_offence")
    assert "status" in exc.value.fields


def test_dismissal_needs_a_known_reason(make_user, submit_report):
    report = submit_report()
    with pytest.raises(DomainError) as exc:
        services.report_dismiss(actor=make_user(Role.CENTRE_CASEWORKER), report=report,
                                reason="bored")
    assert "reason" in exc.value.fields
    report.refresh_from_db()
    assert report.status == "received"


def test_reporter_sees_only_own_reports_and_never_the_file(make_user, submit_report):
    mine, theirs = make_user(Role.REPORTER), make_user(Role.REPORTER)
    report = submit_report(mine)
    submit_report(theirs)
    assert list(selectors.report_list(user=mine)) == [report]
    with pytest.raises(AccessDenied):
        selectors.report_file(user=mine, report=report)
    assert selectors.report_file(user=make_user(Role.CENTRE_CASEWORKER), report=report)


def test_reading_the_file_is_audited(make_user, submit_report):
    report = submit_report(narrative="Details")
    before = AuditEntry.objects.filter(action="report.view_file").count()
    selectors.report_file(user=make_user(Role.CENTRE_MANAGER), report=report)
    assert AuditEntry.objects.filter(action="report.view_file").count() == before + 1


def test_hotline_call_becomes_a_report_in_one_step(make_user):
    operator = make_user(Role.HOTLINE_OPERATOR)
    call = services.hotline_call_log(
        actor=operator, caller="family_member", outcome="report", summary="Sister abroad",
        report={"source_type": "family_member", "suspected_forms": ["labour"],
                "persons": [{"sex": "female", "citizenships": ["RS"]}]})
    assert call.report.channel == "hotline" and call.report.reported_by == operator
    assert call.report.received_at == call.received_at


def test_hotline_call_without_report_and_the_mismatch_refused(make_user):
    operator = make_user(Role.HOTLINE_OPERATOR)
    services.hotline_call_log(actor=operator, caller="citizen", outcome="information")
    with pytest.raises(DomainError) as exc:
        services.hotline_call_log(actor=operator, caller="citizen", outcome="report")
    assert "outcome" in exc.value.fields
    assert HotlineCall.objects.count() == 1
    with pytest.raises(AccessDenied):
        services.hotline_call_log(actor=make_user(Role.REPORTER), caller="citizen",
                                  outcome="information")

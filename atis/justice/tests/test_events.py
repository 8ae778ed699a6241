import datetime

import pytest
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.justice import policy as justice_policy
from atis.justice import selectors, services
from atis.justice.models import ImpunityFlag, Notification, ProceedingEvent, RiskAssessment
from atis.protection import services as protection

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def record(actor, case, kind, on=TODAY, **kwargs):
    return services.event_record(actor=actor, case=case, kind=kind, on=on, **kwargs)


def indict(police, case, defendant):
    record(police, case, "investigation_ordered", TODAY - 50 * DAY, defendant=defendant)
    record(police, case, "investigation_closed", TODAY - 40 * DAY, defendant=defendant)
    record(police, case, "indictment", TODAY - 30 * DAY, defendant=defendant)


@pytest.mark.parametrize("kind, extra, field", [
    ("conviction", {"sentence_months": 36}, "kind"),
    ("hearing", {"sentence_months": 12}, "sentence_months"),
    ("detention_ended", {}, "kind"),
    ("investigation_ordered", {"on": TODAY - 90 * DAY}, "on"),
    ("investigation_ordered", {"on": TODAY + 3 * DAY}, "on"),
    ("restraining_order", {"defendant": None}, "defendant"),
    ("pvw_granted", {}, "damaged_party"),
    ("reclassification", {"reclassified_to": "art999"}, "reclassified_to"),
    ("final_judgement", {"outcome": "convicted"}, "kind"),
    ("final_judgement", {}, "outcome"),
])
def test_refused_events_name_the_field_and_write_nothing(criminal_case, kind, extra, field):
    case, defendant, _procedure, _caseworker, police = criminal_case
    kwargs = {"defendant": defendant, **extra}
    on = kwargs.pop("on", TODAY)
    before = (ProceedingEvent.objects.count(), Notification.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        record(police, case, kind, on, **kwargs)
    assert field in exc.value.fields
    assert (ProceedingEvent.objects.count(), Notification.objects.count(),
            AuditEntry.objects.count()) == before


def test_judgement_needs_an_indictment_and_a_conviction_needs_a_sentence(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    with pytest.raises(DomainError):
        record(police, case, "conviction", defendant=defendant, sentence_months=36)
    indict(police, case, defendant)
    with pytest.raises(DomainError) as exc:
        record(police, case, "conviction", defendant=defendant)
    assert "sentence_months" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        record(police, case, "conviction", TODAY - 35 * DAY, defendant=defendant, sentence_months=36)
    assert "on" in exc.value.fields
    record(police, case, "conviction", defendant=defendant, sentence_months=36)
    defendant.refresh_from_db()
    assert defendant.stage == "convicted"


def test_final_conviction_with_prison_puts_the_defendant_in_custody(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    indict(police, case, defendant)
    record(police, case, "conviction", TODAY - 20 * DAY, defendant=defendant, sentence_months=48)
    record(police, case, "final_judgement", TODAY - 10 * DAY, defendant=defendant, outcome="convicted",
           sentence_months=48)
    defendant.refresh_from_db()
    assert defendant.stage == "final_conviction" and defendant.in_custody
    record(police, case, "release_from_prison", TODAY + 300 * DAY, defendant=defendant)
    defendant.refresh_from_db()
    assert not defendant.in_custody


def test_events_notify_the_caseworker_and_consented_network_only(criminal_case, org, make_user):
    case, defendant, procedure, caseworker, police = criminal_case
    person = procedure.person
    protection.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                              area="access_to_justice")
    protection.consent_record(actor=caseworker, person=person, organisation=org("astra"),
                              area="employment")
    event = record(police, case, "detention_ordered", TODAY - 5 * DAY, defendant=defendant)
    notes = Notification.objects.filter(event=event)
    assert set(notes.exclude(user=None).values_list("user_id", flat=True)) == {caseworker.pk}
    assert set(notes.exclude(organisation=None).values_list("organisation__code", flat=True)) == {"atina"}
    atina = make_user(Role.PARTNER_CASEWORKER, "atina")
    astra = make_user(Role.PARTNER_CASEWORKER, "astra")
    assert selectors.notification_inbox(user=atina).filter(event=event).count() == 1
    assert not selectors.notification_inbox(user=astra).exists()


def test_a_notification_never_carries_the_name(criminal_case, api_client_for):
    case, defendant, procedure, caseworker, police = criminal_case
    record(police, case, "detention_ordered", TODAY - 5 * DAY, defendant=defendant)
    body = api_client_for(caseworker).get("/api/v1/notifications/").content.decode()
    assert procedure.person.pseudonym in body
    assert "Mila" not in body and "Ilić" not in body and "Ili\\u0107" not in body


def test_quiet_events_notify_no_one(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    record(police, case, "investigation_ordered", TODAY - 50 * DAY, defendant=defendant)
    event = record(police, case, "investigation_closed", TODAY - 40 * DAY, defendant=defendant)
    assert not event.notifications.exists()


def test_release_within_the_window_opens_a_risk_assessment(criminal_case, org, settings):
    case, defendant, procedure, caseworker, police = criminal_case
    protection.consent_record(actor=caseworker, person=procedure.person, organisation=org("atina"),
                              area="safety")
    record(police, case, "detention_ordered", TODAY - 20 * DAY, defendant=defendant)
    settings.RISK_ASSESSMENT_DAYS = 7
    far = record(police, case, "detention_ended", TODAY + 20 * DAY, defendant=defendant)
    assert not RiskAssessment.objects.exists()
    assert services.risk_assessments_open_due(today=TODAY + 14 * DAY) == 2
    assert set(RiskAssessment.objects.filter(event=far).values_list("organisation__code", flat=True)) \
        == {"centre", "atina"}
    assessment = RiskAssessment.objects.get(organisation__code="centre")
    with pytest.raises(DomainError):
        services.risk_assessment_complete(actor=caseworker, assessment=assessment, level="high",
                                          outcome="")
    services.risk_assessment_complete(actor=caseworker, assessment=assessment, level="high",
                                      outcome="Safety plan updated; police liaison informed.")
    assert selectors.risk_assessments(user=caseworker).filter(organisation__code="centre").count() == 0


def test_escape_opens_the_assessment_at_once(criminal_case):
    case, defendant, _procedure, _caseworker, police = criminal_case
    record(police, case, "detention_ordered", TODAY - 20 * DAY, defendant=defendant)
    record(police, case, "escape", TODAY, defendant=defendant)
    assert RiskAssessment.objects.filter(organisation__code="centre").exists()


def test_victim_prosecuted_is_flagged_for_the_non_punishment_opinion(criminal_case, make_user):
    case, _defendant, procedure, caseworker, police = criminal_case
    services.defendant_add(actor=police, case=case, sex="female", role="other",
                           person=procedure.person.pseudonym)
    flag = ImpunityFlag.objects.get(person=procedure.person)
    assert flag.kind == "criminal"
    services.impunity_opinion(actor=caseworker, flag=flag,
                              opinion="She was forced to commit the offence (Art. 26 CoE Convention).")
    with pytest.raises(AccessDenied):
        services.impunity_opinion(actor=police, flag=flag, opinion="x")


def test_police_link_only_persons_they_were_alerted_about(criminal_case, make_person, make_user):
    case, _defendant, _procedure, caseworker, police = criminal_case
    stranger = make_person(actor=caseworker)
    with pytest.raises(DomainError) as exc:
        services.damaged_party_add(actor=police, case=case, person=stranger.pseudonym)
    assert "person" in exc.value.fields
    services.damaged_party_add(actor=caseworker, case=case, person=stranger.pseudonym)


@pytest.mark.parametrize("role, org_code, sees", [
    (Role.POLICE_OFFICER, "pu-novi-sad", True), (Role.POLICE_OFFICER, "pu-nis", False),
    (Role.PROSECUTOR, "hppo-novi-sad", True), (Role.PROSECUTOR, "hppo-nis", False),
    (Role.COURT_STAFF, "higher-court-novi-sad", False), (Role.CENTRE_MANAGER, None, True),
    (Role.CENTRE_CASEWORKER, None, False), (Role.PARTNER_CASEWORKER, None, False),
    (Role.SHELTER_STAFF, None, False), (Role.RAPPORTEUR, None, False),
])
def test_who_sees_the_case(criminal_case, make_user, role, org_code, sees):
    case = criminal_case[0]
    assert justice_policy.visible_cases(make_user(role, org_code)).filter(pk=case.pk).exists() == sees


def test_court_sees_the_case_once_it_is_seized(criminal_case, make_user, org):
    case, defendant, _procedure, _caseworker, police = criminal_case
    court = make_user(Role.COURT_STAFF, "higher-court-novi-sad")
    indict(police, case, defendant)
    record(police, case, "hearing", TODAY + 10 * DAY, court=org("higher-court-novi-sad"))
    assert justice_policy.visible_cases(court).filter(pk=case.pk).exists()
    assert justice_policy.visible_cases(criminal_case[3]).filter(pk=case.pk).exists()


def test_justice_staff_never_get_the_centres_notes(criminal_case, api_client_for):
    from atis.identification import services as identification

    case, _defendant, procedure, caseworker, police = criminal_case
    identification.note_add(actor=caseworker, procedure=procedure, text="Centre's private note")
    body = api_client_for(police).get(f"/api/v1/cases/{case.pk}/").content.decode()
    assert procedure.person.pseudonym in body and "private note" not in body
    assert api_client_for(police).get(f"/api/v1/identifications/{procedure.pk}/").status_code == 404


def test_legal_assistance_requests(make_user):
    prosecutor = make_user(Role.PROSECUTOR)
    request = services.legal_assistance_record(actor=prosecutor, direction="outbound",
                                               type="extradition", country="CH",
                                               requested_on=TODAY - 10 * DAY)
    with pytest.raises(DomainError):
        services.legal_assistance_outcome(actor=prosecutor, request=request, outcome="met",
                                          on=TODAY - 20 * DAY)
    services.legal_assistance_outcome(actor=prosecutor, request=request, outcome="met", on=TODAY)
    with pytest.raises(AccessDenied):
        services.legal_assistance_record(actor=make_user(Role.POLICE_OFFICER), direction="inbound",
                                         type="general", country="HR", requested_on=TODAY)


def test_the_daily_run_catches_a_release_it_missed_and_a_rerun_changes_nothing(
        criminal_case, settings):
    case, defendant, _procedure, _caseworker, police = criminal_case
    record(police, case, "detention_ordered", TODAY - 20 * DAY, defendant=defendant)
    settings.RISK_ASSESSMENT_DAYS = 7
    release = record(police, case, "detention_ended", TODAY + 20 * DAY, defendant=defendant)
    # The scheduler was down from before the window opened until three days after the release.
    assert services.risk_assessments_open_due(today=TODAY + 23 * DAY) == 1
    assert RiskAssessment.objects.get().event == release
    entries = AuditEntry.objects.count()
    assert services.risk_assessments_open_due(today=TODAY + 23 * DAY) == 0
    assert services.risk_assessments_open_due(today=TODAY + 24 * DAY) == 0
    assert AuditEntry.objects.count() == entries and RiskAssessment.objects.count() == 1

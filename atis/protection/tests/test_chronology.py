"""Every step of protection is dated when it happened (default today), apart from when it
was recorded, and is refused when it would come before the step it follows: the refusal
names the field and the date it conflicts with, and writes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.chronology import shown
from atis.core.errors import DomainError
from atis.protection import selectors, services
from atis.protection.models import (
    CaseConference,
    Consent,
    MedicalExamination,
    Placement,
    PlacementRefusal,
    PlanTask,
    PlanVersion,
    ProtectionPlan,
    ResidenceStatus,
    SecurityIncident,
    ServiceRecord,
    ShelterPhaseChange,
    ShelterStay,
)
from atis.protection.rules import add_months

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def ago(days: int) -> datetime.date:
    return TODAY - days * DAY


@pytest.fixture
def history(victim, org):
    """A person first known 400 days ago, with the steps of a year of protection, each on
    its real day: consent (300 days ago), conference (290), plan (280, revised at 250), a
    Shelter stay (admitted 100, recovery from 90), and a foreigner's applications."""
    person, caseworker = victim(first_known_on=ago(400))
    consent = services.consent_record(actor=caseworker, person=person, organisation=org("atina"),
                                      area="psychological_support", given_on=ago(300))
    conference = services.conference_record(actor=caseworker, person=person, held_on=ago(290),
                                            organisations=[org("centre"), org("atina")])
    plan = services.plan_create(actor=caseworker, person=person, conference=conference,
                                started_on=ago(280), tasks=[{
                                    "area": "psychological_support", "goal": "Counselling",
                                    "organisation": org("atina"), "due_on": ago(200)}])
    services.plan_revise(actor=caseworker, plan=plan, note="Review", revised_on=ago(250))
    stay = services.stay_admit(actor=caseworker, person=person, shelter=org("shelter"),
                               admitted_on=ago(100))
    services.stay_move_phase(actor=caseworker, stay=stay, phase="recovery", on=ago(90))
    foreigner, _ = victim(caseworker=caseworker, citizenships=["NG"], first_known_on=ago(400))
    temporary = services.residence_status_record(actor=caseworker, person=foreigner,
                                                 kind="temporary_stay", applied_on=ago(60))
    services.residence_opinion(actor=caseworker, status=temporary, positive=True, on=ago(50))
    avr = services.residence_status_record(actor=caseworker, person=foreigner,
                                           kind="voluntary_return", applied_on=ago(30), country="NG")
    return {"person": person, "caseworker": caseworker, "consent": consent, "plan": plan,
            "task": plan.tasks.get(), "stay": stay, "temporary": temporary, "avr": avr, "org": org}


# (step, the refused call, the field named, the date it conflicts with, rows that must not change)
REFUSED = [
    ("consent given before the person was known",
     lambda h: services.consent_record(actor=h["caseworker"], person=h["person"],
                                       organisation=h["org"]("astra"), given_on=ago(401)),
     "given_on", ago(400), lambda: Consent.objects.count()),
    ("consent withdrawn before it was given",
     lambda h: services.consent_withdraw(actor=h["caseworker"], consent=h["consent"],
                                         withdrawn_on=ago(301)),
     "withdrawn_on", ago(300), lambda: Consent.objects.filter(withdrawn_on__isnull=False).count()),
    ("case conference before the person was known",
     lambda h: services.conference_record(actor=h["caseworker"], person=h["person"],
                                          held_on=ago(401), organisations=[h["org"]("centre")]),
     "held_on", ago(400), lambda: CaseConference.objects.count()),
    ("plan revised before its last revision",
     lambda h: services.plan_revise(actor=h["caseworker"], plan=h["plan"], revised_on=ago(260)),
     "revised_on", ago(250), lambda: PlanVersion.objects.count()),
    ("plan closed before its last revision",
     lambda h: services.plan_close(actor=h["caseworker"], plan=h["plan"], reason="goals_achieved",
                                   closed_on=ago(260)),
     "closed_on", ago(250), lambda: ProtectionPlan.objects.filter(status="closed").count()),
    ("task done before the plan started",
     lambda h: services.task_set_status(actor=h["caseworker"], task=h["task"], status="done",
                                        completed_on=ago(281)),
     "completed_on", ago(280), lambda: PlanTask.objects.filter(status="done").count()),
    ("service on a task before the plan started",
     lambda h: services.service_record(actor=h["caseworker"], person=h["person"],
                                       service="information", task=h["task"], delivered_on=ago(281)),
     "delivered_on", ago(280), lambda: ServiceRecord.objects.count()),
    ("service before the person was known",
     lambda h: services.service_record(actor=h["caseworker"], person=h["person"],
                                       service="information", delivered_on=ago(401)),
     "delivered_on", ago(400), lambda: ServiceRecord.objects.count()),
    ("Shelter phase before the current phase began",
     lambda h: services.stay_move_phase(actor=h["caseworker"], stay=h["stay"], phase="preparation",
                                        on=ago(91)),
     "on", ago(90), lambda: ShelterPhaseChange.objects.count()),
    ("leaving the Shelter before the current phase began",
     lambda h: services.stay_leave(actor=h["caseworker"], stay=h["stay"], left_on=ago(95),
                                   reason="independent_living"),
     "left_on", ago(90), lambda: ShelterStay.objects.filter(left_on__isnull=False).count()),
    ("examination before the admission",
     lambda h: services.examination_record(actor=h["caseworker"], stay=h["stay"],
                                           examination="general", on=ago(101)),
     "on", ago(100), lambda: MedicalExamination.objects.count()),
    ("security incident before the admission",
     lambda h: services.incident_record(actor=h["caseworker"], stay=h["stay"], on=ago(101),
                                        description="A car waited outside"),
     "on", ago(100), lambda: SecurityIncident.objects.count()),
    ("placement before the person was known",
     lambda h: services.placement_record(actor=h["caseworker"], person=h["person"],
                                         kind="supported_housing", started_on=ago(401)),
     "started_on", ago(400), lambda: Placement.objects.count()),
    ("placement ended before it started",
     lambda h: services.placement_record(actor=h["caseworker"], person=h["person"],
                                         kind="supported_housing", started_on=ago(50),
                                         ended_on=ago(51)),
     "ended_on", ago(50), lambda: Placement.objects.count()),
    ("placement refused before it was requested",
     lambda h: services.placement_refusal_record(actor=h["caseworker"], person=h["person"],
                                                 kind="supported_housing",
                                                 organisation=h["org"]("csw-nis"),
                                                 requested_on=ago(40), refused_on=ago(41)),
     "refused_on", ago(40), lambda: PlacementRefusal.objects.count()),
    ("the Centre's opinion before the application",
     lambda h: services.residence_opinion(actor=h["caseworker"], status=h["temporary"],
                                          positive=False, on=ago(61)),
     "on", ago(60), lambda: ResidenceStatus.objects.filter(centre_opinion_positive=False).count()),
    ("residence decision before the application",
     lambda h: services.residence_decide(actor=h["caseworker"], status=h["temporary"],
                                         decision="granted", decided_on=ago(61)),
     "decided_on", ago(60), lambda: ResidenceStatus.objects.exclude(decision="pending").count()),
    ("residence decision before the Centre's opinion",
     lambda h: services.residence_decide(actor=h["caseworker"], status=h["temporary"],
                                         decision="granted", decided_on=ago(55)),
     "decided_on", ago(50), lambda: ResidenceStatus.objects.exclude(decision="pending").count()),
    ("border police notified before the application",
     lambda h: services.border_police_notified(actor=h["caseworker"], status=h["avr"], on=ago(31)),
     "on", ago(30),
     lambda: ResidenceStatus.objects.filter(border_police_notified_on__isnull=False).count()),
]


@pytest.mark.parametrize("step, call, field, conflicts_with, rows", REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_a_step_before_the_one_it_follows_is_refused_and_nothing_is_written(
        history, step, call, field, conflicts_with, rows):
    before = (rows(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        call(history)
    [message] = exc.value.fields[field]
    assert shown(conflicts_with) in message, message
    assert (rows(), AuditEntry.objects.count()) == before


FUTURE = [
    ("consent", lambda h, day: services.consent_record(
        actor=h["caseworker"], person=h["person"], organisation=h["org"]("astra"), given_on=day),
     "given_on"),
    ("service", lambda h, day: services.service_record(
        actor=h["caseworker"], person=h["person"], service="information", delivered_on=day),
     "delivered_on"),
    ("Shelter phase", lambda h, day: services.stay_move_phase(
        actor=h["caseworker"], stay=h["stay"], phase="preparation", on=day), "on"),
    ("placement", lambda h, day: services.placement_record(
        actor=h["caseworker"], person=h["person"], kind="supported_housing", started_on=day),
     "started_on"),
    ("residence application", lambda h, day: services.residence_status_record(
        actor=h["caseworker"], person=h["person"], kind="repatriation", applied_on=day),
     "applied_on"),
]


@pytest.mark.parametrize("step, call, field", FUTURE, ids=[f[0] for f in FUTURE])
def test_a_step_in_the_future_is_refused(history, step, call, field):
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError) as exc:
        call(history, TODAY + DAY)
    assert "future" in exc.value.fields[field][0]
    assert AuditEntry.objects.count() == entries


def test_steps_default_to_today_and_record_when_they_were_entered(victim, org):
    person, caseworker = victim()
    consent = services.consent_record(actor=caseworker, person=person, organisation=org("atina"))
    service = services.service_record(actor=caseworker, person=person, service="information")
    stay = services.stay_admit(actor=caseworker, person=person, shelter=org("shelter"))
    assert (consent.given_on, service.delivered_on, stay.admitted_on) == (TODAY, TODAY, TODAY)
    for row in (consent, service, stay):
        assert abs(row.recorded_at - timezone.now()) < datetime.timedelta(minutes=1)


def test_a_plan_entered_later_keeps_its_own_days(history):
    """Entered today, a plan of 280 days ago with tasks due since then is accepted; its
    revision is dated on its own day, not the day it was typed in."""
    plan, person = history["plan"], history["person"]
    assert plan.started_on == ago(280) and plan.review_due == add_months(ago(280), 3)
    assert history["task"].due_on == ago(200)
    [version] = plan.versions.all()
    assert version.revised_on == ago(250) and version.created_at.date() == timezone.now().date()
    timeline = selectors.protection_file(user=history["caseworker"], person=person)["timeline"]
    assert {"on": ago(250), "kind": "revision"} in [{"on": e["on"], "kind": e["kind"]}
                                                    for e in timeline]


def test_plan_not_before_its_conference_nor_tasks_due_before_the_plan(victim, org):
    person, caseworker = victim(first_known_on=ago(100))
    conference = services.conference_record(actor=caseworker, person=person, held_on=ago(10),
                                            organisations=[org("centre")])
    safety = {"area": "safety", "goal": "Safety plan", "organisation": org("centre"),
              "due_on": ago(5)}
    with pytest.raises(DomainError) as exc:
        services.plan_create(actor=caseworker, person=person, conference=conference,
                             started_on=ago(11), tasks=[safety])
    assert shown(ago(10)) in exc.value.fields["started_on"][0]
    with pytest.raises(DomainError) as exc:
        services.plan_create(actor=caseworker, person=person, conference=conference,
                             started_on=ago(4), tasks=[safety])
    assert shown(ago(4)) in exc.value.fields["due_on"][0]
    assert not ProtectionPlan.objects.filter(person=person).exists()


def test_case_conference_not_before_the_identification_procedure_opened(open_procedure, org):
    procedure, caseworker = open_procedure()
    opened = timezone.localtime(procedure.opened_at).date()
    with pytest.raises(DomainError) as exc:
        services.conference_record(actor=caseworker, person=procedure.person,
                                   held_on=opened - DAY, organisations=[org("centre")])
    assert "identification procedure" in exc.value.fields["held_on"][0]
    assert shown(opened) in exc.value.fields["held_on"][0]
    assert not CaseConference.objects.exists()


def test_a_service_to_a_person_reported_earlier_may_be_dated_from_the_report(submit_report,
                                                                             make_user):
    """A report entered with its real, earlier date makes the person known from then."""
    from atis.core.roles import Role

    report = submit_report(received_at=timezone.now() - 30 * DAY)
    person = report.persons.get().person
    manager = make_user(Role.CENTRE_MANAGER)
    record = services.service_record(actor=manager, person=person, service="information",
                                     delivered_on=ago(30))
    assert record.delivered_on == ago(30)
    with pytest.raises(DomainError):
        services.service_record(actor=manager, person=person, service="information",
                                delivered_on=ago(31))


# --- the API and the pages ---------------------------------------------------------------------

def test_api_takes_each_date_and_refuses_a_conflicting_one_with_the_field(history, api_client_for):
    api = api_client_for(history["caseworker"])
    person = history["person"]
    refused = api.post(reverse("api-services", args=[person.pseudonym]),
                       {"service": "information", "delivered_on": ago(401).isoformat()}, format="json")
    assert refused.status_code == 400 and shown(ago(400)) in refused.json()["errors"]["delivered_on"][0]
    assert not ServiceRecord.objects.exists()
    withdrawn = api.post(reverse("api-consent-withdraw", args=[history["consent"].pk]),
                         {"withdrawn_on": ago(10).isoformat()}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_on"] == ago(10).isoformat()
    decided = api.post(reverse("api-residence-decision", args=[history["temporary"].pk]),
                       {"decision": "granted", "decided_on": ago(20).isoformat()}, format="json")
    assert decided.status_code == 200 and decided.json()["decided_on"] == ago(20).isoformat()
    admitted_default = api.post(reverse("api-services", args=[person.pseudonym]),
                                {"service": "information"}, format="json")
    assert admitted_default.status_code == 201
    assert admitted_default.json()["delivered_on"] == TODAY.isoformat()
    assert admitted_default.json()["recorded_at"]


def test_openapi_documents_every_step_date(client, make_user):
    from atis.core.roles import Role

    client.force_login(make_user(Role.CENTRE_MANAGER))
    schemas = client.get(reverse("api-schema"), {"format": "json"}).json()["components"]["schemas"]
    expected = {"ConsentIn": "given_on", "WithdrawIn": "withdrawn_on", "ConferenceIn": "held_on",
                "PlanIn": "started_on", "ReviseIn": "revised_on", "CloseIn": "closed_on",
                "TaskStatusIn": "completed_on", "ServiceIn": "delivered_on",
                "AdmitIn": "admitted_on", "PhaseIn": "on", "LeaveIn": "left_on",
                "ExaminationIn": "on", "IncidentIn": "on", "PlacementIn": "ended_on",
                "RefusalIn": "refused_on", "ResidenceIn": "applied_on", "OpinionIn": "on",
                "ResidenceDecisionIn": "decided_on", "NoticeIn": "on"}
    for schema, field in expected.items():
        prop = schemas[f"{schema}Request"]["properties"][field]
        assert prop["format"] == "date" and prop.get("description"), (schema, field)
        assert field not in schemas[f"{schema}Request"].get("required", []), (schema, field)


def test_page_keeps_what_was_typed_after_a_date_error(client, history):
    client.force_login(history["caseworker"])
    person = history["person"]
    url = reverse("protection-page", args=[person.pseudonym])
    assert f'name="delivered_on" value="{TODAY.isoformat()}"' in client.get(url).content.decode()
    typed = {"action": "service", "service": "legal_support", "sessions": "7",
             "delivered_on": ago(401).isoformat(), "outcome": "Court accompaniment"}
    page = client.post(url, typed)
    html = page.content.decode()
    assert page.status_code == 200 and not ServiceRecord.objects.exists()
    assert shown(ago(400)) in html
    assert f'name="delivered_on" value="{ago(401).isoformat()}"' in html
    assert 'name="sessions" value="7"' in html and "Court accompaniment" in html
    assert '<option value="legal_support" selected>' in html
    done = client.post(url, {**typed, "delivered_on": ago(30).isoformat()})
    assert done.status_code == 302 and ServiceRecord.objects.get().delivered_on == ago(30)

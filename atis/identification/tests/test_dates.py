"""Every step of identification is dated when it happened (default: now) and recorded when
it was entered; a date out of order is refused naming the field and the date it conflicts
with, and nothing is written."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core import chronology
from atis.core.errors import DomainError
from atis.core.roles import Role
from atis.identification import services
from atis.identification.models import Decision, IndicatorAssessment, Interview, Procedure
from atis.intake.models import IndicatorChecklist, ReportFeedback

ADULT = {"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}
TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def formal_ids(n=2):
    checklist = IndicatorChecklist.objects.get(code="formal_sexual_adult", current=True)
    return list(checklist.indicators.values_list("pk", flat=True)[:n])


@pytest.fixture
def case(make_user, submit_report):
    """A report received 20 days ago, accepted 15 days ago by a manager with a lead
    caseworker: (procedure, manager, caseworker)."""
    manager, caseworker = make_user(Role.CENTRE_MANAGER), make_user(Role.CENTRE_CASEWORKER)
    report = submit_report(received_at=moment(days_ago(20)), persons=[ADULT])
    [procedure] = services.report_accept(actor=manager, report=report, lead_caseworker=caseworker,
                                         accepted_at=days_ago(15))
    return procedure, manager, caseworker


def written():
    """What a refused step must leave as it was."""
    return (Decision.objects.count(), Interview.objects.count(),
            IndicatorAssessment.objects.count(), ReportFeedback.objects.count(),
            AuditEntry.objects.count())


# --- what each step records ------------------------------------------------------------

def test_acceptance_opens_the_procedure_on_its_day_and_records_when_it_was_entered(case):
    procedure, _manager, _caseworker = case
    report = procedure.report
    assert timezone.localtime(procedure.opened_at).date() == days_ago(15)
    assert report.triaged_at == procedure.opened_at
    assert report.triage_recorded_at > timezone.now() - datetime.timedelta(minutes=1)
    assert report.feedback.get(category="accepted").given_at == procedure.opened_at


def test_deadlines_follow_the_receipt_not_the_recording(case):
    procedure, _manager, _caseworker = case
    received = procedure.report.received_at
    assert procedure.target_date == days_ago(20) + datetime.timedelta(days=30)
    assert {a.due_at for a in procedure.alerts.all()} == {received + datetime.timedelta(hours=24)}
    assert all(a.overdue for a in procedure.alerts.all())


def test_every_step_defaults_to_now(open_procedure, make_user, org):
    procedure, caseworker = open_procedure(persons=[ADULT])
    start = timezone.now()
    alert = services.alert_mark_sent(actor=caseworker, alert=procedure.alerts.get(recipient="police"),
                                     organisation=org("pu-novi-sad"))
    interview = services.interview_record(actor=caseworker, procedure=procedure, mode="video")
    services.indicators_assess(actor=caseworker, procedure=procedure, indicator_ids=formal_ids(1))
    decision = services.decision_propose(actor=caseworker, procedure=procedure,
                                         outcome="not_identified", reason="other")
    services.decision_approve(actor=make_user(Role.CENTRE_MANAGER), decision=decision)
    services.person_informed(actor=caseworker, decision=decision, how="in_person")
    decision.refresh_from_db()
    assert interview.held_on == TODAY()
    for value in (alert.sent_at, procedure.indicator_assessments.get().assessed_at,
                  decision.decided_at, decision.approved_at, decision.person_informed_at):
        assert start <= value <= timezone.now()


def test_a_decision_takes_effect_on_its_approval_day(case):
    procedure, manager, caseworker = case
    proposal = services.decision_propose(actor=caseworker, procedure=procedure,
                                         outcome="identified", forms=[{"form": "sexual"}],
                                         decided_at=days_ago(10))
    services.decision_approve(actor=manager, decision=proposal, approved_at=days_ago(8))
    proposal.refresh_from_db()
    procedure.refresh_from_db()
    assert timezone.localtime(proposal.decided_at).date() == days_ago(10)
    assert timezone.localtime(proposal.approved_at).date() == days_ago(8)
    assert proposal.recorded_at > proposal.decided_at
    assert proposal.approval_recorded_at >= proposal.recorded_at
    assert procedure.closed_at == proposal.approved_at
    assert procedure.report.feedback.get(category="identified").given_at == proposal.approved_at


@pytest.mark.parametrize("approved_at, effect", [(None, 5), (2, 2)])
def test_a_managers_own_decision_takes_effect_the_day_it_was_made_unless_told(
        case, approved_at, effect):
    procedure, manager, _caseworker = case
    decision = services.decision_propose(
        actor=manager, procedure=procedure, outcome="not_identified", reason="other",
        decided_at=days_ago(5), approved_at=approved_at and days_ago(approved_at))
    assert decision.state == "approved"
    assert timezone.localtime(decision.approved_at).date() == days_ago(effect)


def test_a_day_keeps_the_case_in_order_on_the_day_of_the_step_it_follows(make_user, submit_report):
    received = moment(days_ago(3), hour=15)
    report = submit_report(received_at=received, persons=[ADULT])
    [procedure] = services.report_accept(actor=make_user(Role.CENTRE_MANAGER), report=report,
                                         accepted_at=days_ago(3))
    assert procedure.opened_at == received


def test_ages_are_taken_on_the_day_the_decision_took_effect(make_user, submit_report, org):
    manager = make_user(Role.CENTRE_MANAGER)
    eighteenth = days_ago(100)
    born = eighteenth.replace(year=eighteenth.year - 18)
    report = submit_report(received_at=days_ago(300), persons=[
        {"sex": "female", "citizenships": ["RS"], "identity": {"date_of_birth": born}}])
    [procedure] = services.report_accept(actor=manager, report=report, accepted_at=days_ago(300))
    services.alert_mark_sent(actor=manager, alert=procedure.alerts.get(recipient="social_work"),
                             organisation=org("csw-novi-sad"), sent_at=days_ago(299))
    decision = services.decision_propose(
        actor=manager, procedure=procedure, outcome="identified", forms=[{"form": "sexual"}],
        decided_at=days_ago(200), exploitation_began_on=days_ago(500))
    assert (decision.age_at_identification, decision.age_at_exploitation_start) == (17, 16)


# --- refusals: every step, at the service ----------------------------------------------

def refuse(step, case, org):
    """Run one step with a date out of order; returns the refusal's fields."""
    procedure, manager, caseworker = case
    before = written()
    with pytest.raises(DomainError) as exc:
        step(procedure, manager, caseworker, org)
    assert written() == before
    return exc.value.fields


STEPS = {
    "sent_at": lambda p, m, c, org: services.alert_mark_sent(
        actor=m, alert=p.alerts.get(recipient="police"), organisation=org("pu-novi-sad"),
        sent_at=days_ago(21)),
    "held_on": lambda p, m, c, org: services.interview_record(
        actor=m, procedure=p, mode="video", held_on=days_ago(16)),
    "assessed_at": lambda p, m, c, org: services.indicators_assess(
        actor=m, procedure=p, indicator_ids=formal_ids(), assessed_at=days_ago(16)),
    "decided_at": lambda p, m, c, org: services.decision_propose(
        actor=c, procedure=p, outcome="not_identified", reason="other", decided_at=days_ago(16)),
    "approved_at": lambda p, m, c, org: services.decision_propose(
        actor=m, procedure=p, outcome="not_identified", reason="other", decided_at=days_ago(10),
        approved_at=days_ago(11)),
}
FOLLOWS = {"sent_at": 20, "held_on": 15, "assessed_at": 15, "decided_at": 15, "approved_at": 10}


@pytest.mark.parametrize("field", list(STEPS))
def test_a_step_before_the_one_it_follows_is_refused_naming_the_date(case, org, field):
    fields = refuse(STEPS[field], case, org)
    [message] = fields[field]
    assert chronology.shown(days_ago(FOLLOWS[field])) in message
    assert Procedure.objects.get(pk=case[0].pk).status == "open"


FUTURE = {
    "sent_at": lambda p, m, c, org: services.alert_mark_sent(
        actor=m, alert=p.alerts.get(recipient="police"), organisation=org("pu-novi-sad"),
        sent_at=timezone.now() + datetime.timedelta(hours=2)),
    "held_on": lambda p, m, c, org: services.interview_record(
        actor=m, procedure=p, mode="video", held_on=days_ago(-1)),
    "assessed_at": lambda p, m, c, org: services.indicators_assess(
        actor=m, procedure=p, indicator_ids=formal_ids(), assessed_at=days_ago(-1)),
    "decided_at": lambda p, m, c, org: services.decision_propose(
        actor=c, procedure=p, outcome="not_identified", reason="other", decided_at=days_ago(-2)),
    "approved_at": lambda p, m, c, org: services.decision_propose(
        actor=m, procedure=p, outcome="not_identified", reason="other", approved_at=days_ago(-1)),
}


@pytest.mark.parametrize("field", list(FUTURE))
def test_a_step_in_the_future_is_refused(case, org, field):
    fields = refuse(FUTURE[field], case, org)
    assert chronology.shown(TODAY()) in fields[field][0]


def test_approval_before_the_decision_is_refused_and_the_proposal_still_waits(case):
    procedure, manager, caseworker = case
    proposal = services.decision_propose(actor=caseworker, procedure=procedure,
                                         outcome="not_identified", reason="other",
                                         decided_at=days_ago(5))
    before = written()
    with pytest.raises(DomainError) as exc:
        services.decision_approve(actor=manager, decision=proposal, approved_at=days_ago(6))
    assert chronology.shown(days_ago(5)) in exc.value.fields["approved_at"][0]
    assert written() == before
    assert Decision.objects.get(pk=proposal.pk).state == "proposed"
    assert Procedure.objects.get(pk=procedure.pk).status == "awaiting_approval"


def test_a_proposal_is_not_approved_by_its_own_author(case):
    procedure, _manager, caseworker = case
    with pytest.raises(DomainError) as exc:
        services.decision_propose(actor=caseworker, procedure=procedure,
                                  outcome="not_identified", reason="other", approved_at=days_ago(1))
    assert "approved_at" in exc.value.fields
    assert not Decision.objects.exists()


def test_informing_the_person_before_the_decision_took_effect_is_refused(case):
    procedure, manager, _caseworker = case
    decision = services.decision_propose(actor=manager, procedure=procedure,
                                         outcome="not_identified", reason="other",
                                         decided_at=days_ago(5), approved_at=days_ago(4))
    before = written()
    with pytest.raises(DomainError) as exc:
        services.person_informed(actor=manager, decision=decision, how="in_person",
                                 informed_at=days_ago(5))
    assert chronology.shown(days_ago(4)) in exc.value.fields["informed_at"][0]
    assert written() == before
    assert Decision.objects.get(pk=decision.pk).person_informed_at is None


def test_acceptance_before_the_receipt_is_refused(make_user, submit_report):
    report = submit_report(received_at=moment(days_ago(3)))
    manager = make_user(Role.CENTRE_MANAGER)
    before = written()
    with pytest.raises(DomainError) as exc:
        services.report_accept(actor=manager, report=report, accepted_at=days_ago(4))
    assert chronology.shown(days_ago(3)) in exc.value.fields["accepted_at"][0]
    assert written() == before and not Procedure.objects.exists()


# --- refusals: every step, over the API --------------------------------------------------

API_STEPS = {
    "sent_at": lambda p, d: ("api-alert-sent", p.alerts.get(recipient="police").pk,
                             {"organisation": "pu-novi-sad", "sent_at": d}),
    "held_on": lambda p, d: ("api-identification-interviews", p.pk, {"mode": "video", "held_on": d}),
    "assessed_at": lambda p, d: ("api-identification-indicators", p.pk,
                                 {"indicators": formal_ids(), "assessed_at": d}),
    "decided_at": lambda p, d: ("api-identification-decisions", p.pk,
                                {"outcome": "not_identified", "reason": "other", "decided_at": d}),
    "approved_at": lambda p, d: ("api-identification-decisions", p.pk,
                                 {"outcome": "not_identified", "reason": "other",
                                  "decided_at": days_ago(10).isoformat(), "approved_at": d}),
}


@pytest.mark.parametrize("field", list(API_STEPS))
@pytest.mark.parametrize("when", ["before", "future"])
def test_the_api_refuses_a_date_out_of_order_with_a_400_naming_it(case, api_client_for, field,
                                                                   when):
    procedure, manager, _caseworker = case
    day = days_ago(FOLLOWS[field] + 1) if when == "before" else days_ago(-1)
    name, pk, body = API_STEPS[field](procedure, day.isoformat())
    before = written()
    response = api_client_for(manager).post(reverse(name, args=[pk]), body, format="json")
    assert response.status_code == 400, response.json()
    [message] = response.json()["errors"][field]
    assert chronology.shown(days_ago(FOLLOWS[field]) if when == "before" else TODAY()) in message
    assert written() == before


def test_the_api_dates_approval_and_informing(case, api_client_for):
    procedure, manager, lead = case
    caseworker = api_client_for(lead)
    proposed = caseworker.post(reverse("api-identification-decisions", args=[procedure.pk]), {
        "outcome": "not_identified", "reason": "other", "decided_at": days_ago(6).isoformat()},
        format="json").json()
    boss = api_client_for(manager)
    early = boss.post(reverse("api-decision-approve", args=[proposed["id"]]),
                      {"approved_at": days_ago(7).isoformat()}, format="json")
    assert early.status_code == 400 and "approved_at" in early.json()["errors"]
    approved = boss.post(reverse("api-decision-approve", args=[proposed["id"]]),
                         {"approved_at": days_ago(5).isoformat()}, format="json").json()
    assert approved["approved_at"].startswith(days_ago(5).isoformat())
    assert approved["approval_recorded_at"][:10] == TODAY().isoformat()
    early = boss.post(reverse("api-decision-informed", args=[proposed["id"]]),
                      {"how": "in_person", "informed_at": days_ago(6).isoformat()}, format="json")
    assert early.status_code == 400 and "informed_at" in early.json()["errors"]
    informed = boss.post(reverse("api-decision-informed", args=[proposed["id"]]),
                         {"how": "in_person", "informed_at": days_ago(4).isoformat()},
                         format="json").json()
    assert informed["person_informed_at"].startswith(days_ago(4).isoformat())

import datetime

import pytest
from django.utils import timezone

from atis.audit.models import AuditEntry
from atis.core.errors import AccessDenied, DomainError
from atis.core.roles import Role
from atis.identification import selectors, services
from atis.identification.models import Decision, Procedure
from atis.intake.models import IndicatorChecklist, ReportFeedback
from atis.people.models import Person

ADULT = {"sex": "female", "birth_year": 1990, "citizenships": ["RS"]}
IDENTIFIED = {"outcome": "identified", "forms": [{"form": "sexual", "subtype": "sexual_commercial"}],
              "recruitment_methods": ["false_friendship", "job_offer"], "recruitment_online": True,
              "exploiter_relations": ["partner"], "control_methods": ["threats"],
              "origin_country": "RS", "exploitation_country": "RS",
              "exploitation_municipality": "Novi Sad", "identified_where": "serbia"}


def feedback(procedure):
    return [f.category for f in procedure.report.feedback.all()]


def test_caseworker_proposes_and_manager_approves(open_procedure, make_user):
    procedure, caseworker = open_procedure(persons=[ADULT])
    decision = services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    procedure.refresh_from_db()
    assert procedure.status == "awaiting_approval" and decision.state == "proposed"
    assert sorted(r.method for r in decision.recruitment.all()) == ["false_friendship", "job_offer"]
    with pytest.raises(AccessDenied):
        services.decision_approve(actor=caseworker, decision=decision)
    manager = make_user(Role.CENTRE_MANAGER)
    services.decision_approve(actor=manager, decision=decision)
    procedure.refresh_from_db()
    decision.refresh_from_db()
    assert procedure.status == "identified" and procedure.closed_at is not None
    assert decision.approved_by == manager and decision.decided_by_organisation.code == "centre"
    assert feedback(procedure) == ["received", "accepted", "identified"]


def test_managers_own_decision_takes_effect_at_once(open_procedure, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    procedure, _ = open_procedure(caseworker=manager, persons=[ADULT])
    services.decision_propose(actor=manager, procedure=procedure, outcome="not_identified",
                              reason="labour_rights_violation")
    procedure.refresh_from_db()
    assert procedure.status == "not_identified"
    assert feedback(procedure)[-1] == ReportFeedback.Category.NOT_IDENTIFIED


def test_a_decision_goes_back_only_with_a_reason(open_procedure, make_user):
    procedure, caseworker = open_procedure(persons=[ADULT])
    decision = services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    with pytest.raises(DomainError) as refused:
        services.decision_return(actor=make_user(Role.CENTRE_MANAGER), decision=decision, note=" ")
    assert "note" in refused.value.fields
    procedure.refresh_from_db()
    assert procedure.status == "awaiting_approval" and not procedure.notes.exists()


def test_returned_decision_reopens_the_procedure(open_procedure, make_user):
    procedure, caseworker = open_procedure(persons=[ADULT])
    decision = services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    services.decision_return(actor=make_user(Role.CENTRE_MANAGER), decision=decision,
                             note="Interview the employer first.")
    procedure.refresh_from_db()
    assert procedure.status == "open" and Decision.objects.get(pk=decision.pk).state == "returned"
    assert procedure.notes.get().text == "Interview the employer first."
    with pytest.raises(DomainError):
        services.decision_approve(actor=make_user(Role.CENTRE_MANAGER), decision=decision)


@pytest.mark.parametrize("change, field", [
    ({"forms": []}, "forms"),
    ({"forms": [{"form": "knitting"}]}, "forms"),
    ({"forms": [{"form": "labour", "subtype": "sexual_commercial"}]}, "forms"),
    ({"recruitment_methods": ["magic"]}, "recruitment_methods"),
    ({"control_methods": ["charm"]}, "control_methods"),
    ({"origin_country": "XX"}, "origin_country"),
    ({"identified_where": "moon"}, "identified_where"),
    ({"exploitation_began_on": timezone.localdate() + datetime.timedelta(days=3)},
     "exploitation_began_on"),
    ({"exploitation_months": 9999}, "exploitation_months"),
    ({"person": "V-1999-0001"}, "person"),
    ({"outcome": "maybe"}, "outcome"),
])
def test_bad_decisions_are_refused_naming_the_field_and_write_nothing(open_procedure, change, field):
    procedure, caseworker = open_procedure(persons=[ADULT])
    before = (Decision.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as exc:
        services.decision_propose(actor=caseworker, procedure=procedure, **{**IDENTIFIED, **change})
    assert field in exc.value.fields
    assert (Decision.objects.count(), AuditEntry.objects.count()) == before
    assert Procedure.objects.get(pk=procedure.pk).status == "open"


@pytest.mark.parametrize("outcome", ["not_identified", "terminated", "suspended"])
def test_other_outcomes_need_a_coded_reason_and_no_forms(open_procedure, outcome):
    procedure, caseworker = open_procedure(persons=[ADULT])
    with pytest.raises(DomainError) as exc:
        services.decision_propose(actor=caseworker, procedure=procedure, outcome=outcome)
    assert "reason" in exc.value.fields
    with pytest.raises(DomainError) as exc:
        services.decision_propose(actor=caseworker, procedure=procedure, outcome=outcome,
                                  reason="other", forms=[{"form": "sexual"}])
    assert "forms" in exc.value.fields


def test_childs_case_is_not_decided_before_social_work_is_alerted(open_procedure, org):
    year = timezone.localdate().year
    procedure, caseworker = open_procedure(persons=[{**ADULT, "birth_year": year - 12}])
    with pytest.raises(DomainError) as exc:
        services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    assert "alerts" in exc.value.fields
    services.alert_mark_sent(actor=caseworker, alert=procedure.alerts.get(recipient="social_work"),
                             organisation=org("csw-novi-sad"))
    services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)


def test_nothing_moves_a_closed_procedure(open_procedure, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    procedure, _ = open_procedure(caseworker=manager, persons=[ADULT])
    services.decision_propose(actor=manager, procedure=procedure, **IDENTIFIED)
    procedure.refresh_from_db()
    for outcome, reason in [("not_identified", "other"), ("terminated", "other")]:
        with pytest.raises(DomainError) as exc:
            services.decision_propose(actor=manager, procedure=procedure, outcome=outcome,
                                      reason=reason)
        assert "status" in exc.value.fields
    with pytest.raises(DomainError):
        services.interview_record(actor=manager, procedure=procedure,
                                  held_on=timezone.localdate(), mode="in_person")
    with pytest.raises(DomainError):
        services.procedure_resume(actor=manager, procedure=procedure)


def test_suspended_procedure_resumes_or_terminates(open_procedure, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    procedure, _ = open_procedure(caseworker=manager, persons=[ADULT])
    services.decision_propose(actor=manager, procedure=procedure, outcome="suspended",
                              reason="person_unavailable")
    procedure.refresh_from_db()
    with pytest.raises(DomainError):
        services.decision_propose(actor=manager, procedure=procedure, **IDENTIFIED)
    services.procedure_resume(actor=manager, procedure=procedure)
    procedure.refresh_from_db()
    assert procedure.status == "open"
    services.decision_propose(actor=manager, procedure=procedure, outcome="suspended",
                              reason="person_unavailable")
    procedure.refresh_from_db()
    services.decision_propose(actor=manager, procedure=procedure, outcome="terminated",
                              reason="left_the_country")
    procedure.refresh_from_db()
    assert procedure.status == "terminated" and feedback(procedure)[-1] == "closed"


def test_person_informed_of_the_outcome_and_right_to_complain(open_procedure, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    procedure, _ = open_procedure(caseworker=manager, persons=[ADULT])
    decision = services.decision_propose(actor=manager, procedure=procedure, **IDENTIFIED)
    with pytest.raises(DomainError):
        services.person_informed(actor=manager, decision=decision, how="telepathy")
    services.person_informed(actor=manager, decision=decision, how="in_person",
                             complaint_right_explained=True)
    decision.refresh_from_db()
    assert decision.person_informed_how == "in_person" and decision.complaint_right_explained


def test_interviews_are_counted_and_dated_sensibly(open_procedure):
    procedure, caseworker = open_procedure(persons=[ADULT])
    today = timezone.localdate()
    services.interview_record(actor=caseworker, procedure=procedure, held_on=today,
                              mode="in_person", joint_with="police", interpreter_language="uk")
    services.interview_record(actor=caseworker, procedure=procedure, held_on=today, mode="video")
    assert selectors.procedure_list(user=caseworker).get(pk=procedure.pk).interview_count == 2
    for held_on, field in [(today + datetime.timedelta(days=1), "held_on"),
                           (today - datetime.timedelta(days=30), "held_on")]:
        with pytest.raises(DomainError) as exc:
            services.interview_record(actor=caseworker, procedure=procedure, held_on=held_on,
                                      mode="video")
        assert field in exc.value.fields
    with pytest.raises(DomainError):
        services.interview_record(actor=caseworker, procedure=procedure, held_on=today,
                                  mode="video", interpreter_language="zz")


def test_formal_indicators_from_the_current_catalogue_only(open_procedure):
    procedure, caseworker = open_procedure(persons=[ADULT])
    formal = IndicatorChecklist.objects.get(code="formal_sexual_adult", current=True)
    ids = list(formal.indicators.values_list("pk", flat=True)[:3])
    assert services.indicators_assess(actor=caseworker, procedure=procedure, indicator_ids=ids) == 3
    assert services.indicators_assess(actor=caseworker, procedure=procedure,
                                      indicator_ids=ids[:1]) == 1
    assert procedure.indicator_assessments.count() == 1
    preliminary = IndicatorChecklist.objects.get(code="police_adult", current=True).indicators.first()
    with pytest.raises(DomainError):
        services.indicators_assess(actor=caseworker, procedure=procedure,
                                   indicator_ids=[preliminary.pk])


def test_pending_on_31_december(open_procedure, make_user):
    manager = make_user(Role.CENTRE_MANAGER)
    still_open, _ = open_procedure(caseworker=manager, persons=[ADULT])
    decided, _ = open_procedure(caseworker=manager, persons=[ADULT])
    services.decision_propose(actor=manager, procedure=decided, **IDENTIFIED)
    today = timezone.localdate()
    pending = selectors.procedure_list(user=manager, pending_on=today)
    assert list(pending) == [still_open]
    yesterday = today - datetime.timedelta(days=1)
    Procedure.objects.filter(pk=decided.pk).update(closed_at=timezone.now() + datetime.timedelta(days=1))
    assert set(selectors.procedure_list(user=manager, pending_on=today)) == {still_open, decided}
    assert not selectors.procedure_list(user=manager, pending_on=yesterday).exists()


def test_accepting_opens_one_procedure_per_person_as_presumed_victims(make_user, submit_report):
    caseworker = make_user(Role.CENTRE_CASEWORKER)
    report = submit_report(persons=[ADULT, {**ADULT, "citizenships": ["UA"]}])
    procedures = services.report_accept(actor=caseworker, report=report)
    assert len(procedures) == 2 and {p.status for p in procedures} == {"open"}
    assert all(selectors.procedure_list(user=caseworker).filter(pk=p.pk).exists() for p in procedures)
    with pytest.raises(DomainError) as exc:
        services.report_accept(actor=caseworker, report=report)
    assert "status" in exc.value.fields
    assert Person.objects.filter(procedures__report=report).count() == 2


def test_lead_caseworker_must_work_at_the_centre(make_user, submit_report):
    report = submit_report()
    with pytest.raises(DomainError) as exc:
        services.report_accept(actor=make_user(Role.CENTRE_MANAGER), report=report,
                               lead_caseworker=make_user(Role.POLICE_OFFICER))
    assert "lead_caseworker" in exc.value.fields
    assert not Procedure.objects.exists()


def test_a_managers_direct_decision_supersedes_the_proposal_awaiting_approval(open_procedure,
                                                                              make_user):
    procedure, caseworker = open_procedure(persons=[ADULT])
    proposal = services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    manager = make_user(Role.CENTRE_MANAGER)
    assert list(selectors.decisions_awaiting_approval(user=manager)) == [proposal]
    decision = services.decision_propose(actor=manager, procedure=procedure,
                                         outcome="not_identified", reason="labour_rights_violation")
    proposal.refresh_from_db()
    procedure.refresh_from_db()
    assert procedure.status == "not_identified" and decision.state == "approved"
    assert proposal.state == "superseded" and proposal.superseded_by == decision
    assert not selectors.decisions_awaiting_approval(user=manager).exists()
    entry = AuditEntry.objects.get(action="decision.supersede")
    assert entry.object_id == str(proposal.pk) and entry.details["by"] == decision.pk
    for settle in (services.decision_approve, services.decision_return):
        with pytest.raises(DomainError) as exc:
            settle(actor=manager, decision=proposal)
        assert "state" in exc.value.fields
    assert feedback(procedure) == ["received", "accepted", "not_identified"]


def test_a_refused_direct_decision_leaves_the_proposal_waiting(open_procedure, make_user):
    procedure, caseworker = open_procedure(persons=[ADULT])
    proposal = services.decision_propose(actor=caseworker, procedure=procedure, **IDENTIFIED)
    with pytest.raises(DomainError):
        services.decision_propose(actor=make_user(Role.CENTRE_MANAGER), procedure=procedure,
                                  outcome="not_identified")  # no reason
    assert Decision.objects.get(pk=proposal.pk).state == "proposed"
    assert Procedure.objects.get(pk=procedure.pk).status == "awaiting_approval"

"""Every write of the identification procedure: accepting a report, alerts, interviews,
indicators, notes, decisions and their approval, informing the person."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.roles import Role
from atis.identification import machine, rules
from atis.identification.models import (
    CLOSED_STATUSES,
    Alert,
    Decision,
    DecisionForm,
    DecisionRecruitment,
    IndicatorAssessment,
    Interview,
    Procedure,
    ProcedureNote,
)
from atis.intake import services as intake
from atis.intake.models import Indicator, IndicatorChecklist, Report, ReportFeedback
from atis.people import services as people
from atis.people.models import PersonIdentity
from atis.reference import selectors as reference

S = Procedure.Status
SUBTYPE_PREFIX = {"sexual": "sexual_", "labour": "labour_", "forced_criminality": "criminality_"}
FEEDBACK = {S.IDENTIFIED: ReportFeedback.Category.IDENTIFIED,
            S.NOT_IDENTIFIED: ReportFeedback.Category.NOT_IDENTIFIED,
            S.TERMINATED: ReportFeedback.Category.CLOSED}


def _text(value: str, field: str, limit: int) -> str:
    if len(value or "") > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value or ""


def _opened(procedure: Procedure) -> tuple:
    """The opening of a procedure, as a step that others follow."""
    return procedure.opened_at, _("the procedure was opened")


def _require_open(procedure: Procedure) -> None:
    if procedure.is_closed:
        raise DomainError({"status": _("The procedure is closed (%(status)s).")
                           % {"status": procedure.get_status_display()}})


# --- accepting a report ----------------------------------------------------------------

def _open_procedure(*, actor, report: Report, person, lead, opened_at) -> Procedure:
    received = timezone.localtime(report.received_at).date()
    identity = PersonIdentity.objects.filter(person=person).first()
    age = rules.age_at(identity.date_of_birth if identity else None, person.birth_year, received)
    is_child = age is not None and age < 18
    is_foreign = rules.is_foreign([c.code for c in person.citizenships.all()])
    urgent = is_child or is_foreign
    recipients = rules.alert_recipients(is_child=is_child, is_foreign=is_foreign,
                                        forms=report.suspected_forms)
    due_at = report.received_at + rules.ALERT_WINDOW
    procedure = Procedure.objects.create(
        person=person, report=report, opened_at=opened_at, opened_by=actor, lead_caseworker=lead,
        is_child=is_child, is_foreign=is_foreign, particular_urgency=urgent,
        target_date=rules.target_date(received, urgent), alert_due_at=due_at if recipients else None)
    for recipient in recipients:
        Alert.objects.create(procedure=procedure, recipient=recipient,
                             organisation=rules.default_organisation(recipient, report),
                             due_at=due_at)
    people.assignment_add(actor=actor, person=person, user=lead)
    audit.record(actor, "procedure.open", procedure, report=report.reference,
                 particular_urgency=urgent)
    return procedure


def lead_follows_reassignment(*, person, user, actor, **_kwargs) -> None:
    """`people.signals.case_reassigned`: the person's open procedures are led by the
    caseworker the case went to (a case transferred to a team keeps its lead until a
    caseworker of the team takes it)."""
    if user is None:
        return
    for procedure in Procedure.objects.filter(person=person).exclude(
            status__in=CLOSED_STATUSES).exclude(lead_caseworker=user):
        previous = procedure.lead_caseworker_id
        procedure.lead_caseworker = user
        procedure.save(update_fields=["lead_caseworker"])
        audit.record(actor, "procedure.lead_changed", procedure, case=person,
                     **{"from": previous, "to": user.pk})


@transaction.atomic
def report_accept(*, actor, report: Report, lead_caseworker=None,
                  accepted_at=None) -> list[Procedure]:
    """Accept a report: one identification procedure opens for each person concerned (each
    a presumed victim from then on), with its 24-hour alerts."""
    access.require(actor, "report.triage", report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    intake.require_untriaged(report)
    accepted_at = chronology.happened_at(accepted_at, field="accepted_at",
                                     after=[intake.received(report)])
    lead = lead_caseworker or actor
    if lead.role not in (Role.CENTRE_CASEWORKER, Role.CENTRE_MANAGER):
        raise DomainError({"lead_caseworker": _("The lead caseworker must work at the Centre.")})
    procedures = [_open_procedure(actor=actor, report=report, person=link.person, lead=lead,
                                  opened_at=accepted_at)
                  for link in report.persons.select_related("person")]
    report.status = Report.Status.ACCEPTED
    report.triaged_at, report.triaged_by = accepted_at, actor
    report.triage_recorded_at = timezone.now()
    report.save(update_fields=["status", "triaged_at", "triaged_by", "triage_recorded_at"])
    intake.feedback_give(report=report, category=ReportFeedback.Category.ACCEPTED,
                         given_at=accepted_at)
    audit.record(actor, "report.accept", report, procedures=len(procedures),
                 accepted_at=accepted_at.isoformat())
    return procedures


# --- alerts ----------------------------------------------------------------------------

def alerts_changed(procedure_ids) -> None:
    """Recompute `Procedure.alert_due_at` (the earliest due time of an alert not yet sent)
    of these procedures: after any write of their alerts' `sent_at` or `due_at`."""
    earliest = (Alert.objects.filter(procedure=OuterRef("pk"), sent_at__isnull=True)
                .order_by("due_at").values("due_at")[:1])
    Procedure.objects.filter(pk__in=procedure_ids).update(alert_due_at=Subquery(earliest))


@transaction.atomic
def alert_mark_sent(*, actor, alert: Alert, organisation: Organisation | None = None,
                    channel: str = "", sent_at=None) -> Alert:
    """Record that an alert went out (and to whom); the recipient organisation then sees it."""
    access.require(actor, "procedure.work", alert.procedure)
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.sent_at is not None:
        raise DomainError({"sent_at": _("This alert was already sent.")})
    organisation = organisation or alert.organisation
    if organisation is None:
        raise DomainError({"organisation": _("Choose the organisation the alert went to.")})
    if organisation.type not in rules.RECIPIENT_TYPES[alert.recipient]:
        raise DomainError({"organisation": _("This organisation cannot receive this alert.")})
    sent_at = chronology.happened_at(sent_at, field="sent_at",
                                 after=[intake.received(alert.procedure.report)])
    alert.organisation, alert.sent_at, alert.sent_by = organisation, sent_at, actor
    alert.channel = _text(channel, "channel", 32)
    alert.save()
    alerts_changed([alert.procedure_id])
    audit.record(actor, "alert.sent", alert, recipient=alert.recipient,
                 organisation=organisation.code, late=sent_at > alert.due_at,
                 sent_at=sent_at.isoformat())
    return alert


# --- procedure work --------------------------------------------------------------------

@transaction.atomic
def interview_record(*, actor, procedure: Procedure, mode: str, held_on=None, joint_with: str = "",
                     interpreter_language: str = "", location: str = "", notes: str = "") -> Interview:
    access.require(actor, "procedure.work", procedure)
    _require_open(procedure)
    held_on = chronology.happened(held_on, field="held_on", after=[_opened(procedure)],
                                  default=timezone.localdate())
    reference.require_term("interview_mode", mode, field="mode")
    if joint_with not in ("", "police", "prosecutor"):
        raise DomainError({"joint_with": _("Joint interviews are with the police or the prosecutor.")})
    language = None
    if interpreter_language:
        [language] = reference.require_languages([interpreter_language], field="interpreter_language")
    interview = Interview.objects.create(
        procedure=procedure, held_on=held_on, mode=mode, joint_with=joint_with,
        interpreter_language=language, location=_text(location, "location", 100),
        notes=_text(notes, "notes", 10000), conducted_by=actor)
    audit.record(actor, "interview.record", interview, procedure=procedure.pk,
                 number=procedure.interviews.count(), held_on=held_on.isoformat())
    return interview


@transaction.atomic
def indicators_assess(*, actor, procedure: Procedure, indicator_ids, assessed_at=None) -> int:
    """Set the formal indicators found present (the Centre's current catalogue); those
    newly found are dated `assessed_at`, those already present keep their date."""
    access.require(actor, "procedure.work", procedure)
    _require_open(procedure)
    assessed_at = chronology.happened_at(assessed_at, field="assessed_at", after=[_opened(procedure)])
    ids = set(indicator_ids)
    found = set(Indicator.objects.filter(
        pk__in=ids, checklist__kind=IndicatorChecklist.Kind.FORMAL,
        checklist__current=True).values_list("pk", flat=True))
    if found != ids:
        raise DomainError({"indicators": _("Only indicators of the Centre's current formal "
                                           "catalogue can be assessed.")})
    procedure.indicator_assessments.exclude(indicator_id__in=ids).delete()
    existing = set(procedure.indicator_assessments.values_list("indicator_id", flat=True))
    IndicatorAssessment.objects.bulk_create(
        IndicatorAssessment(procedure=procedure, indicator_id=pk, assessed_by=actor,
                            assessed_at=assessed_at)
        for pk in sorted(ids - existing))
    audit.record(actor, "indicators.assess", procedure, present=len(ids),
                 assessed_at=assessed_at.isoformat())
    return len(ids)


@transaction.atomic
def note_add(*, actor, procedure: Procedure, text: str) -> ProcedureNote:
    access.require(actor, "procedure.work", procedure)
    if not (text or "").strip():
        raise DomainError({"text": _("The note is empty.")})
    note = ProcedureNote.objects.create(procedure=procedure, text=_text(text, "text", 10000),
                                        author=actor)
    audit.record(actor, "note.add", procedure)
    return note


@transaction.atomic
def procedure_resume(*, actor, procedure: Procedure) -> Procedure:
    access.require(actor, "procedure.work", procedure)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    machine.move(procedure, S.OPEN)
    procedure.save(update_fields=["status"])
    audit.record(actor, "procedure.resume", procedure)
    return procedure


# --- decisions -------------------------------------------------------------------------

def _clean_forms(forms: list[dict]) -> list[tuple[str, str]]:
    if not forms:
        raise DomainError({"forms": _("An identification needs at least one form of exploitation.")})
    form_codes = [f.get("form", "") for f in forms]
    subtypes = [f.get("subtype") or "" for f in forms]
    reference.require_terms("exploitation_form", form_codes, field="forms")
    reference.require_terms("exploitation_subtype", [s for s in subtypes if s], field="forms")
    for form, subtype in zip(form_codes, subtypes, strict=True):
        prefix = SUBTYPE_PREFIX.get(form)
        if subtype and (prefix is None or not subtype.startswith(prefix)):
            raise DomainError({"forms": _("The sub-type %(subtype)s does not belong to %(form)s.")
                               % {"subtype": subtype, "form": form}})
    return list(dict.fromkeys(zip(form_codes, subtypes, strict=True)))


def _identification_fields(details: dict) -> dict:
    """Validate the record of an identification (outcome "identified")."""
    clean = {}
    for field, list_code in (("exploiter_relations", "exploiter_relation"),
                             ("control_methods", "control_method")):
        clean[field] = reference.require_terms(list_code, details.get(field) or [], field=field)
    for field in ("origin_country", "exploitation_country"):
        if details.get(field):
            [clean[field]] = reference.require_countries([details[field]], field=field)
    if details.get("identified_where"):
        clean["identified_where"] = reference.require_term(
            "identification_place", details["identified_where"], field="identified_where")
    began = details.get("exploitation_began_on")
    if began is not None:
        chronology.not_future(began, field="exploitation_began_on")
        clean["exploitation_began_on"] = began
    months = details.get("exploitation_months")
    if months is not None and not 0 <= months <= 600:
        raise DomainError({"exploitation_months": _("Between 0 and 600 months.")})
    clean["exploitation_months"] = months
    clean["exploitation_municipality"] = _text(details.get("exploitation_municipality", ""),
                                               "exploitation_municipality", 100)
    for flag in ("recruitment_online", "mixed_migration", "child_school_attendance",
                 "child_in_institutional_care", "child_parent_complicit"):
        clean[flag] = details.get(flag)
    clean["exploitation_intended"] = bool(details.get("exploitation_intended"))
    return clean


def _check_reason(outcome: str, reason: str) -> str:
    list_code = {Decision.Outcome.NOT_IDENTIFIED: "not_identified_reason",
                 Decision.Outcome.TERMINATED: "termination_reason",
                 Decision.Outcome.SUSPENDED: "termination_reason"}.get(outcome)
    if list_code is None:
        return ""
    if not reason:
        raise DomainError({"reason": _("Give the reason for this outcome.")})
    return reference.require_term(list_code, reason, field="reason")


def _decided(decided_at) -> tuple:
    return decided_at, _("the decision was made")


@transaction.atomic
def decision_propose(*, actor, procedure: Procedure, outcome: str, reason: str = "",
                     reason_note: str = "", forms=(), recruitment_methods=(),
                     person: str | None = None, decided_at=None, approved_at=None,
                     **details) -> Decision:
    """Record the Centre's decision. A caseworker's decision waits for a manager's
    approval; a manager's own decision takes effect at once (`approved_at`, by default
    when it was made) and supersedes a caseworker's proposal still awaiting approval, so
    that the proposal is never left pending on a decided case."""
    access.require(actor, "procedure.decide", procedure)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if person is not None and person != procedure.person.pseudonym:
        raise DomainError({"person": _("This person is not the subject of this procedure.")})
    if outcome not in Decision.Outcome.values:
        raise DomainError({"outcome": _("Unknown outcome “%(code)s”.") % {"code": outcome}})
    immediate = actor.role == Role.CENTRE_MANAGER
    target = outcome if immediate else S.AWAITING_APPROVAL
    if procedure.status == S.SUSPENDED and outcome != Decision.Outcome.TERMINATED:
        raise DomainError({"status": _("Resume the suspended procedure before deciding it.")})
    machine.assert_can(procedure, target)
    decided_at = chronology.happened_at(decided_at, field="decided_at", after=[_opened(procedure)])
    if not immediate and approved_at is not None:
        raise DomainError({"approved_at": _("A proposed decision takes effect when a manager "
                                            "approves it.")})
    reason = _check_reason(outcome, reason)
    clean, pairs, methods = {}, [], []
    if outcome == Decision.Outcome.IDENTIFIED:
        pairs = _clean_forms(list(forms))
        methods = reference.require_terms("recruitment_method", recruitment_methods,
                                          field="recruitment_methods")
        clean = _identification_fields(details)
        began, born = clean.get("exploitation_began_on"), procedure.person.birth_year
        if began and born and began.year < born:
            raise DomainError({"exploitation_began_on": _("This is before the person was born.")})
    elif forms or recruitment_methods:
        raise DomainError({"forms": _("Forms of exploitation belong to an identification only.")})
    if procedure.is_child and outcome != Decision.Outcome.SUSPENDED and \
            not procedure.alerts.filter(recipient="social_work", sent_at__isnull=False).exists():
        raise DomainError({"alerts": _("A child's case needs the alert to the centre for social "
                                       "work sent before it is decided.")})
    if immediate:
        approved_at = chronology.happened_at(decided_at if approved_at is None else approved_at,
                                         field="approved_at", after=[_decided(decided_at)])
    decision = Decision.objects.create(
        procedure=procedure, outcome=outcome, reason=reason,
        reason_note=_text(reason_note, "reason_note", 5000), decided_by=actor,
        decided_by_organisation=actor.organisation, decided_at=decided_at, **clean)
    DecisionForm.objects.bulk_create(DecisionForm(decision=decision, form=f, subtype=s)
                                     for f, s in pairs)
    DecisionRecruitment.objects.bulk_create(DecisionRecruitment(decision=decision, method=m)
                                            for m in methods)
    audit.record(actor, "decision.propose", decision, outcome=outcome, reason=reason,
                 decided_at=decided_at.isoformat())
    if immediate:
        _supersede_proposals(actor=actor, procedure=procedure, by=decision)
        _apply(actor=actor, decision=decision, procedure=procedure, approved_at=approved_at)
    else:
        machine.move(procedure, S.AWAITING_APPROVAL)
        procedure.save(update_fields=["status"])
    return decision


def _supersede_proposals(*, actor, procedure: Procedure, by: Decision) -> None:
    """A manager who decides a case directly settles a proposal awaiting approval: it is
    kept, marked superseded by the manager's decision."""
    pending = procedure.decisions.select_for_update().filter(state=Decision.State.PROPOSED)
    for proposal in pending.exclude(pk=by.pk):
        proposal.state, proposal.superseded_by = Decision.State.SUPERSEDED, by
        proposal.save(update_fields=["state", "superseded_by"])
        audit.record(actor, "decision.supersede", proposal, by=by.pk, outcome=proposal.outcome)


def _ages(decision: Decision, person) -> tuple[int | None, int | None]:
    identity = PersonIdentity.objects.filter(person=person).first()
    dob = identity.date_of_birth if identity else None
    at_decision = rules.age_at(dob, person.birth_year, chronology.day_of(decision.approved_at))
    began = decision.exploitation_began_on
    return at_decision, rules.age_at(dob, person.birth_year, began) if began else None


def _apply(*, actor, decision: Decision, procedure: Procedure, approved_at) -> None:
    """The decision takes effect on `approved_at`: the procedure moves, the ages of the
    statistics are fixed, the reporter is told."""
    decision.state, decision.approved_by, decision.approved_at = (
        Decision.State.APPROVED, actor, approved_at)
    decision.approval_recorded_at = timezone.now()
    decision.age_at_identification, decision.age_at_exploitation_start = _ages(decision,
                                                                              procedure.person)
    decision.save(update_fields=["state", "approved_by", "approved_at", "approval_recorded_at",
                                 "age_at_identification", "age_at_exploitation_start"])
    machine.move(procedure, decision.outcome)
    if procedure.is_closed:
        procedure.closed_at = approved_at
    procedure.save(update_fields=["status", "closed_at"])
    if decision.outcome in FEEDBACK:
        intake.feedback_give(report=procedure.report, category=FEEDBACK[decision.outcome],
                             given_at=approved_at)
    audit.record(actor, "decision.approve", decision, outcome=decision.outcome,
                 approved_at=approved_at.isoformat())


def _pending(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != Decision.State.PROPOSED:
        raise DomainError({"state": _("This decision is not awaiting approval.")})
    return decision


@transaction.atomic
def decision_approve(*, actor, decision: Decision, approved_at=None) -> Decision:
    """A manager approves a proposed decision, which takes effect on `approved_at`."""
    access.require(actor, "procedure.approve", decision.procedure)
    decision = _pending(decision)
    approved_at = chronology.happened_at(approved_at, field="approved_at",
                                     after=[_decided(decision.decided_at)])
    procedure = Procedure.objects.select_for_update().get(pk=decision.procedure_id)
    _apply(actor=actor, decision=decision, procedure=procedure, approved_at=approved_at)
    return decision


@transaction.atomic
def decision_return(*, actor, decision: Decision, note: str = "") -> Decision:
    """Send a proposed decision back to the caseworker, saying why (the note goes on the
    case); the procedure reopens."""
    access.require(actor, "procedure.approve", decision.procedure)
    decision = _pending(decision)
    if not note.strip():
        raise DomainError({"note": _("Say why the decision goes back to the caseworker.")})
    procedure = Procedure.objects.select_for_update().get(pk=decision.procedure_id)
    decision.state = Decision.State.RETURNED
    decision.save(update_fields=["state"])
    machine.move(procedure, S.OPEN)
    procedure.save(update_fields=["status"])
    note_add(actor=actor, procedure=procedure, text=note)
    audit.record(actor, "decision.return", decision)
    return decision


@transaction.atomic
def person_informed(*, actor, decision: Decision, how: str, informed_at=None,
                    complaint_right_explained: bool = False) -> Decision:
    """Record that the person was told the outcome (and of their right to complain)."""
    access.require(actor, "procedure.work", decision.procedure)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.state != Decision.State.APPROVED or decision.outcome not in (
            Decision.Outcome.IDENTIFIED, Decision.Outcome.NOT_IDENTIFIED):
        raise DomainError({"decision": _("Only an approved identification or non-identification "
                                         "is communicated to the person.")})
    reference.require_term("informed_how", how, field="how")
    informed_at = chronology.happened_at(informed_at, field="informed_at", after=[
        (decision.approved_at, _("the decision took effect"))])
    decision.person_informed_at, decision.person_informed_how = informed_at, how
    decision.complaint_right_explained = complaint_right_explained
    decision.save(update_fields=["person_informed_at", "person_informed_how",
                                 "complaint_right_explained"])
    audit.record(actor, "decision.person_informed", decision, how=how,
                 informed_at=informed_at.isoformat())
    return decision

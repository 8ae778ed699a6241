"""Every write of the justice track: cases, defendants, damaged parties, proceeding events
with their notifications and risk assessments, the non-punishment principle and
international legal assistance."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.roles import CENTRE_ROLES, OrganisationType
from atis.core.services import sequence_next
from atis.core.signals import records_loaded
from atis.identification.models import Alert
from atis.justice import machine
from atis.justice import policy as justice_policy
from atis.justice.models import (
    CaseOffence,
    CriminalCase,
    DamagedParty,
    Defendant,
    ImpunityFlag,
    LegalAssistanceRequest,
    Notification,
    ProceedingEvent,
    RiskAssessment,
)
from atis.people import policy as people_policy
from atis.people.models import CaseAssignment, Person
from atis.protection.models import Consent
from atis.reference import selectors as reference

K = ProceedingEvent.Kind
# Events that matter for a victim's safety or rights: they are notified.
QUIET = frozenset({K.INVESTIGATION_CLOSED, K.DETENTION_EXTENDED, K.PSYCHIATRIC_TREATMENT})
RISK_EVENTS = frozenset({K.DETENTION_ENDED, K.RELEASE_FROM_PRISON, K.ESCAPE})
# Consent areas under which the support network hears of the proceedings.
NETWORK_AREAS = ("", "access_to_justice", "safety")


def _today():
    return timezone.localdate()


def _text(value: str, field: str, limit: int) -> str:
    if len(value or "") > limit:
        raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    return value or ""


def _require_type(organisation, types, field: str) -> None:
    if organisation is not None and organisation.type not in types:
        raise DomainError({field: _("This organisation is of the wrong type.")})


# --- cases, defendants, damaged parties ---------------------------------------------------

@transaction.atomic
def case_open(*, actor, offences, opened_on: datetime.date | None = None, police_administration=None,
              prosecutor_office=None, courts=(), police_number: str = "",
              prosecution_number: str = "", court_number: str = "",
              special_evidence: bool = False, financial_investigation: bool = False,
              digital_evidence: bool = False) -> CriminalCase:
    """Open a criminal case from a criminal report. The opening organisation is filled in
    from the user's own when it is a police administration or a prosecutor's office."""
    access.require(actor, "case.create")
    opened_on = chronology.happened(opened_on, field="opened_on", default=_today())
    offences = reference.require_terms("offence", offences, field="offences")
    if not offences:
        raise DomainError({"offences": _("Name at least one offence.")})
    own = actor.organisation
    if own.type == OrganisationType.POLICE_ADMINISTRATION and police_administration is None:
        police_administration = own
    if own.type == OrganisationType.PROSECUTOR_OFFICE and prosecutor_office is None:
        prosecutor_office = own
    _require_type(police_administration, {OrganisationType.POLICE_ADMINISTRATION},
                  "police_administration")
    _require_type(prosecutor_office, {OrganisationType.PROSECUTOR_OFFICE}, "prosecutor_office")
    courts = list(courts)
    for court in courts:
        _require_type(court, {OrganisationType.COURT}, "courts")
    year = opened_on.year
    case = CriminalCase.objects.create(
        reference=f"J-{year}-{sequence_next(f'case:{year}'):04d}", opened_on=opened_on,
        police_administration=police_administration, prosecutor_office=prosecutor_office,
        police_number=_text(police_number, "police_number", 50),
        prosecution_number=_text(prosecution_number, "prosecution_number", 50),
        court_number=_text(court_number, "court_number", 50), special_evidence=special_evidence,
        financial_investigation=financial_investigation, digital_evidence=digital_evidence,
        created_by=actor)
    case.courts.set(courts)
    CaseOffence.objects.bulk_create(CaseOffence(case=case, offence=o) for o in offences)
    records_loaded.send(CaseOffence, person_ids=[], case_ids=[case.pk])
    audit.record(actor, "case.open", case, offences=offences)
    return case


def _person_for_justice(actor, pseudonym: str) -> Person:
    """The Centre links any person it sees; police, prosecutors and courts only persons the
    Centre alerted their organisation about (they know the pseudonym from the alert)."""
    person = Person.objects.filter(pseudonym=pseudonym).first()
    if person is not None:
        if actor.role in CENTRE_ROLES and people_policy.visible_persons(actor).filter(pk=person.pk).exists():
            return person
        if Alert.objects.filter(procedure__person=person, organisation=actor.organisation,
                                sent_at__isnull=False).exists():
            return person
    raise DomainError({"person": _("No person %(p)s known to your organisation.") % {"p": pseudonym}})


@transaction.atomic
def defendant_add(*, actor, case: CriminalCase, sex: str = "unknown", birth_year: int | None = None,
                  citizenship: str = "", role: str = "unknown", name: str = "",
                  person: str = "") -> Defendant:
    """Add a suspect or accused. If they are a person the Centre knows (a presumed or
    identified victim), the non-punishment principle is flagged for the Centre's opinion."""
    access.require(actor, "case.edit", case)
    reference.require_term("sex", sex, field="sex")
    reference.require_term("defendant_role", role, field="role")
    if birth_year is not None and not 1900 <= birth_year <= _today().year:
        raise DomainError({"birth_year": _("Not a plausible year of birth.")})
    country = reference.require_countries([citizenship], field="citizenship")[0] if citizenship else None
    linked = _person_for_justice(actor, person) if person else None
    year = case.opened_on.year
    defendant = Defendant.objects.create(
        case=case, pseudonym=f"D-{year}-{sequence_next(f'defendant:{year}'):04d}",
        name=_text(name, "name", 200), sex=sex, birth_year=birth_year, citizenship=country,
        role=role, person=linked)
    if linked is not None and linked.procedures.exists():
        ImpunityFlag.objects.create(person=linked, kind=ImpunityFlag.Kind.CRIMINAL,
                                    institution=actor.organisation, defendant=defendant,
                                    case_number=case.reference)
    audit.record(actor, "defendant.add", defendant, case=case.reference,
                 impunity_flag=linked is not None)
    return defendant


@transaction.atomic
def damaged_party_add(*, actor, case: CriminalCase, person: str) -> DamagedParty:
    """Link a victim (by pseudonym) as a damaged party; the Centre and the support network
    are told that proceedings concern them."""
    access.require(actor, "case.edit", case)
    linked = _person_for_justice(actor, person)
    if case.damaged_parties.filter(person=linked).exists():
        raise DomainError({"person": _("This person is already a damaged party in the case.")})
    party = DamagedParty.objects.create(case=case, person=linked)
    opening = case.events.filter(kind=K.CRIMINAL_REPORT).first()
    if opening is not None:
        _notify(opening, [linked])
    audit.record(actor, "damaged_party.add", party, case=case.reference)
    return party


PROTECTION_FIELDS = ("pvw_status", "proxy", "video_link", "separate_room", "public_excluded",
                     "times_heard", "claim_route", "compensation_claimed", "compensation_awarded",
                     "compensation_paid")


@transaction.atomic
def damaged_party_update(*, actor, party: DamagedParty, **fields) -> DamagedParty:
    """The damaged party's procedural protection and compensation."""
    access.require(actor, "case.edit", party.case)
    unknown = set(fields) - set(PROTECTION_FIELDS)
    if unknown:
        raise DomainError({"fields": _("Unknown field(s): %(names)s.")
                           % {"names": ", ".join(sorted(unknown))}})
    if fields.get("pvw_status", party.pvw_status) not in DamagedParty.Pvw.values:
        raise DomainError({"pvw_status": _("Unknown status.")})
    if fields.get("claim_route", party.claim_route) not in DamagedParty.ClaimRoute.values:
        raise DomainError({"claim_route": _("Unknown route.")})
    for money in ("compensation_claimed", "compensation_awarded", "compensation_paid"):
        if fields.get(money) is not None and fields[money] < 0:
            raise DomainError({money: _("An amount cannot be negative.")})
    for name, value in fields.items():
        setattr(party, name, value)
    if party.compensation_paid and not party.compensation_awarded:
        raise DomainError({"compensation_paid": _("Nothing was awarded that could be paid.")})
    party.save()
    audit.record(actor, "damaged_party.update", party, fields=sorted(fields))
    return party


# --- events, notifications, risk ---------------------------------------------------------------

def _check_event(case, kind, on, defendant, damaged_party, sentence_months, fine, outcome,
                 reclassified_to, court):
    if kind not in K.values:
        raise DomainError({"kind": _("Unknown event “%(code)s”.") % {"code": kind}})
    needs_victim = kind in machine.VICTIM_EVENTS
    needs_defendant = not needs_victim and kind not in machine.CASE_EVENTS and \
        kind != K.CRIMINAL_REPORT
    if needs_victim and damaged_party is None:
        raise DomainError({"damaged_party": _("Name the damaged party this concerns.")})
    if needs_defendant and defendant is None:
        raise DomainError({"defendant": _("Name the defendant this concerns.")})
    if defendant is not None and defendant.case_id != case.pk:
        raise DomainError({"defendant": _("This defendant is in another case.")})
    if damaged_party is not None and damaged_party.case_id != case.pk:
        raise DomainError({"damaged_party": _("This damaged party is in another case.")})
    sentencing = kind in machine.SENTENCING and (kind != K.FINAL_JUDGEMENT or outcome == "convicted")
    if (sentence_months or fine) and not sentencing:
        raise DomainError({"sentence_months": _("A sentence needs a conviction.")})
    if kind in (K.CONVICTION, K.PLEA_AGREEMENT) and not (sentence_months or fine):
        raise DomainError({"sentence_months": _("A conviction records the sentence or the fine.")})
    if sentence_months is not None and not 0 <= sentence_months <= 600:
        raise DomainError({"sentence_months": _("Between 0 and 600 months.")})
    if fine is not None and fine < 0:
        raise DomainError({"fine": _("A fine cannot be negative.")})
    if kind == K.FINAL_JUDGEMENT and outcome not in ("convicted", "acquitted", "rejected"):
        raise DomainError({"outcome": _("A final judgement convicts, acquits or rejects the "
                                        "charges.")})
    if kind == K.RECLASSIFICATION:
        reference.require_term("offence", reclassified_to, field="reclassified_to")
    if court is not None and court.type != OrganisationType.COURT:
        raise DomainError({"court": _("This organisation is not a court.")})
    after = [(case.opened_on, _("the criminal case was opened"))]
    if defendant is not None:
        after += _defendant_steps(defendant, kind)
    if kind in machine.SCHEDULABLE:  # may be recorded ahead of its date
        for earlier, step in after:
            chronology.not_before(on, earlier, field="on", step=step)
    else:
        chronology.happened(on, field="on", after=after)


def _defendant_steps(defendant: Defendant, kind: str) -> list[tuple[datetime.date, str]]:
    """What an event about a defendant follows: a step of the proceedings the previous step
    (a judgement the indictment, an appeal the judgement); a custody event the detention
    or the imprisonment it extends or ends."""
    steps = []
    if kind in machine.STAGE_EVENTS:
        last = defendant.events.filter(kind__in=list(machine.STAGE_EVENTS)).order_by("-on").first()
        if last is not None:
            steps.append((last.on, _("the previous step, “%(event)s”")
                          % {"event": last.get_kind_display()}))
    if kind in machine.ENDS_CUSTODY or kind == K.DETENTION_EXTENDED:
        start = defendant.events.filter(
            Q(kind=K.DETENTION_ORDERED) | Q(kind=K.FINAL_JUDGEMENT, outcome="convicted")
        ).order_by("-on").first()
        if start is not None:
            steps.append((start.on, _("the start of the custody, “%(event)s”")
                          % {"event": start.get_kind_display()}))
    return steps


def _network(person: Person) -> tuple[list[int], list[int]]:
    """The people told about a victim's proceedings: caseworkers assigned to the person,
    and organisations the person consented to share safety or justice matters with."""
    users = set(CaseAssignment.objects.filter(person=person, active=True, user__isnull=False)
                .values_list("user_id", flat=True))
    users |= set(person.procedures.exclude(lead_caseworker=None)
                 .values_list("lead_caseworker_id", flat=True))
    organisations = set(Consent.objects.filter(person=person, withdrawn_on__isnull=True,
                                               area__in=NETWORK_AREAS)
                        .values_list("organisation_id", flat=True))
    return sorted(users), sorted(organisations)


def _notify(event: ProceedingEvent, persons) -> int:
    due = timezone.now() + datetime.timedelta(hours=settings.NOTIFICATION_ACK_HOURS)
    rows = []
    for person in persons:
        users, organisations = _network(person)
        rows += [Notification(event=event, person=person, user_id=u, acknowledge_by=due) for u in users]
        rows += [Notification(event=event, person=person, organisation_id=o, acknowledge_by=due)
                 for o in organisations]
    Notification.objects.bulk_create(rows)
    return len(rows)


def _open_risk_assessments(event: ProceedingEvent, persons) -> int:
    """Before a release (or after an escape): the Centre and associations with consent assess
    the risk to each victim of the case."""
    centre = Organisation.objects.filter(type=OrganisationType.CENTRE).first()
    rows = []
    for person in persons:
        organisations = {centre.pk} if centre else set()
        organisations |= set(Consent.objects.filter(
            person=person, withdrawn_on__isnull=True, area__in=("", "safety"),
            organisation__type=OrganisationType.ASSOCIATION).values_list("organisation_id", flat=True))
        rows += [RiskAssessment(person=person, event=event, organisation_id=o, due_on=event.on)
                 for o in sorted(organisations)]
    opened = set(RiskAssessment.objects.filter(event=event).values_list("person_id",
                                                                       "organisation_id"))
    rows = [r for r in rows if (r.person_id, r.organisation_id) not in opened]
    RiskAssessment.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _risk_window_reached(event: ProceedingEvent, today: datetime.date) -> bool:
    """A release within the window ahead, or one that happened within as many days: one
    entered long after it happened (from the paper file) is history, not a risk to assess."""
    return event.kind in RISK_EVENTS and \
        abs((event.on - today).days) <= settings.RISK_ASSESSMENT_DAYS


@transaction.atomic
def event_record(*, actor, case: CriminalCase, kind: str, on: datetime.date | None = None, defendant=None,
                 damaged_party=None, court=None, sentence_months=None, fine=None,
                 confiscation: bool = False, outcome: str = "", reclassified_to: str = "") -> ProceedingEvent:
    """Record a step of the proceedings. It moves the defendant's stage and custody, tells
    the Centre and the victims' support network, and opens risk assessments before a
    release."""
    access.require(actor, "event.record", case)
    on = on or _today()
    if defendant is not None:
        defendant = Defendant.objects.select_for_update().get(pk=defendant.pk)
    _check_event(case, kind, on, defendant, damaged_party, sentence_months, fine, outcome,
                 reclassified_to, court)
    stage = machine.next_stage(defendant, kind, outcome) if defendant is not None else None
    custody = machine.check_custody(defendant, kind) if defendant is not None else None
    event = ProceedingEvent.objects.create(
        case=case, defendant=defendant, damaged_party=damaged_party, kind=kind, on=on, court=court,
        sentence_months=sentence_months, fine=fine, confiscation=confiscation, outcome=outcome,
        reclassified_to=reclassified_to, recorded_by=actor,
        recorded_by_organisation=actor.organisation)
    if defendant is not None:
        if stage:
            defendant.stage = stage
        if stage == Defendant.Stage.FINAL_CONVICTION and sentence_months:
            custody = True
        if custody is not None:
            defendant.in_custody = custody
        defendant.save(update_fields=["stage", "in_custody"])
    if kind == K.PVW_GRANTED:
        DamagedParty.objects.filter(pk=damaged_party.pk).update(pvw_status=DamagedParty.Pvw.GRANTED)
    if kind == K.VICTIM_INTERVIEW and on <= _today():
        DamagedParty.objects.filter(pk=damaged_party.pk).update(times_heard=damaged_party.times_heard + 1)
    if court is not None:
        case.courts.add(court)
    victims = [damaged_party.person] if damaged_party else \
        [p.person for p in case.damaged_parties.select_related("person")]
    notified = _notify(event, victims) if kind not in QUIET else 0
    assessments = _open_risk_assessments(event, victims) if _risk_window_reached(event, _today()) else 0
    audit.record(actor, "event.record", event, case=case.reference, kind=kind,
                 notified=notified, risk_assessments=assessments)
    return event


@transaction.atomic
def risk_assessments_open_due(*, today: datetime.date | None = None) -> int:
    """Open the assessments of releases that have come within the window, including those
    whose day passed while this did not run (run daily: `atis justice-daily`). Returns how
    many it opened: a rerun opens, and audits, nothing."""
    today = today or _today()
    window = datetime.timedelta(days=settings.RISK_ASSESSMENT_DAYS)
    opened = 0
    for event in ProceedingEvent.objects.filter(
            kind__in=list(RISK_EVENTS), on__gte=today - window,
            on__lte=today + window).select_related("case"):
        persons = [p.person for p in event.case.damaged_parties.select_related("person")]
        opened += _open_risk_assessments(event, persons)
    if opened:
        audit.record("system", "risk.open_due", None, assessments=opened)
    return opened


@transaction.atomic
def notification_mark(*, actor, notification: Notification, acted: bool = False) -> Notification:
    """Mark a notification read (and, with `acted`, acted on)."""
    if not justice_policy.visible_notifications(actor).filter(pk=notification.pk).exists():
        raise access.AccessDenied()
    now = timezone.now()
    notification.read_at = notification.read_at or now
    if acted:
        notification.acted_at = now
    notification.handled_by = actor
    notification.save(update_fields=["read_at", "acted_at", "handled_by"])
    audit.record(actor, "notification.mark", notification, case=notification.person, acted=acted)
    return notification


@transaction.atomic
def risk_assessment_complete(*, actor, assessment: RiskAssessment, level: str, outcome: str,
                             assessed_on: datetime.date | None = None) -> RiskAssessment:
    if not justice_policy.visible_risk_assessments(actor).filter(pk=assessment.pk).exists():
        raise access.AccessDenied()
    if assessment.completed_at:
        raise DomainError({"level": _("This assessment was already recorded.")})
    if level not in RiskAssessment.Level.values:
        raise DomainError({"level": _("Low, medium or high.")})
    if not (outcome or "").strip():
        raise DomainError({"outcome": _("Record the assessment and the safety measures.")})
    assessment.assessed_on = chronology.happened(
        assessed_on, field="assessed_on", default=_today(),
        after=[(assessment.event.case.opened_on, _("the criminal case was opened"))])
    assessment.level, assessment.outcome = level, _text(outcome, "outcome", 5000)
    assessment.completed_at, assessment.completed_by = timezone.now(), actor
    assessment.save()
    audit.record(actor, "risk.complete", assessment, level=level)
    return assessment


# --- non-punishment and legal assistance -----------------------------------------------------

@transaction.atomic
def impunity_flag_record(*, actor, person: Person, kind: str, institution=None,
                         case_number: str = "",
                         flagged_on: datetime.date | None = None) -> ImpunityFlag:
    """A (presumed) victim prosecuted elsewhere, e.g. in misdemeanour proceedings."""
    access.require(actor, "impunity.opinion", person)
    if kind not in ImpunityFlag.Kind.values:
        raise DomainError({"kind": _("Criminal or misdemeanour proceedings.")})
    flagged_on = chronology.happened(flagged_on, field="flagged_on", default=_today())
    flag = ImpunityFlag.objects.create(person=person, kind=kind, institution=institution,
                                       case_number=_text(case_number, "case_number", 50),
                                       flagged_on=flagged_on)
    audit.record(actor, "impunity.flag", flag, kind=kind)
    return flag


@transaction.atomic
def impunity_opinion(*, actor, flag: ImpunityFlag, opinion: str,
                     on: datetime.date | None = None) -> ImpunityFlag:
    access.require(actor, "impunity.opinion", flag.person)
    if not (opinion or "").strip():
        raise DomainError({"opinion": _("Write the Centre's opinion.")})
    on = chronology.happened(on, field="on", default=_today(),
                             after=[(flag.flagged_on, _("the proceedings were flagged"))])
    flag.centre_opinion, flag.opinion_on = _text(opinion, "opinion", 5000), on
    flag.save(update_fields=["centre_opinion", "opinion_on"])
    audit.record(actor, "impunity.opinion", flag)
    return flag


@transaction.atomic
def legal_assistance_record(*, actor, direction: str, type: str, country: str,
                            requested_on: datetime.date | None = None,
                            case=None) -> LegalAssistanceRequest:
    access.require(actor, "legal_assistance.record")
    if direction not in LegalAssistanceRequest.Direction.values:
        raise DomainError({"direction": _("Outbound or inbound.")})
    if type not in LegalAssistanceRequest.Type.values:
        raise DomainError({"type": _("Extradition, transfer of proceedings or general assistance.")})
    [country_obj] = reference.require_countries([country], field="country")
    requested_on = chronology.happened(requested_on, field="requested_on", default=_today())
    request = LegalAssistanceRequest.objects.create(direction=direction, type=type,
                                                    country=country_obj, case=case,
                                                    requested_on=requested_on, recorded_by=actor)
    audit.record(actor, "legal_assistance.record", request, direction=direction, type=type)
    return request


@transaction.atomic
def legal_assistance_outcome(*, actor, request: LegalAssistanceRequest, outcome: str,
                             on: datetime.date | None = None) -> LegalAssistanceRequest:
    access.require(actor, "legal_assistance.record")
    if outcome not in LegalAssistanceRequest.Outcome.values:
        raise DomainError({"outcome": _("Met, not met or pending.")})
    on = chronology.happened(on, field="on", default=_today(),
                             after=[(request.requested_on, _("the request"))])
    request.outcome, request.outcome_on = outcome, on
    request.save(update_fields=["outcome", "outcome_on"])
    audit.record(actor, "legal_assistance.outcome", request, outcome=outcome)
    return request

"""Every write of the intake: indicator checklists, reports, dismissal, hotline calls and
feedback to reporters. (Accepting a report opens identification procedures, so it lives in
`identification.services`.)"""

import json
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.models import Organisation
from atis.core.roles import CENTRE_ROLES
from atis.core.services import sequence_next
from atis.core.signals import records_loaded
from atis.core.translit import to_cyrillic
from atis.intake.models import (
    HotlineCall,
    Indicator,
    IndicatorChecklist,
    Report,
    ReportFeedback,
    ReportPerson,
)
from atis.people import services as people
from atis.people.models import Person
from atis.reference import selectors as reference

CHECKLISTS_FILE = Path(__file__).parent / "data" / "indicators.json"
MAX_PERSONS = 20


# --- indicator checklists -------------------------------------------------------------

def _checklist_content(row: dict) -> list[tuple[str, str, str]]:
    return [(i["code"], i["en"], i["sr_latn"]) for i in row["indicators"]]


def _stored_content(checklist: IndicatorChecklist) -> list[tuple[str, str, str]]:
    return [(i.code, i.text_en, i.text_sr_latn) for i in checklist.indicators.all()]


@transaction.atomic
def checklists_load(*, actor=None, path: Path = CHECKLISTS_FILE) -> dict[str, int]:
    """Load indicator checklists. A changed list becomes a new version; reports keep the
    version they used."""
    created = revised = 0
    for row in json.loads(path.read_text()):
        current = IndicatorChecklist.objects.filter(code=row["code"], current=True).first()
        if current and _stored_content(current) == _checklist_content(row):
            continue
        version = 1
        if current:
            current.current = False
            current.save(update_fields=["current"])
            version = current.version + 1
            revised += 1
        else:
            created += 1
        checklist = IndicatorChecklist.objects.create(
            code=row["code"], version=version, kind=row["kind"], sector=row["sector"],
            audience=row["audience"], form=row.get("form", ""), title_en=row["title_en"],
            title_sr_latn=row["title_sr_latn"], title_sr_cyrl=to_cyrillic(row["title_sr_latn"]))
        Indicator.objects.bulk_create(
            Indicator(checklist=checklist, code=code, text_en=en, text_sr_latn=sr,
                      text_sr_cyrl=to_cyrillic(sr), sort_order=n)
            for n, (code, en, sr) in enumerate(_checklist_content(row)))
    if created or revised:
        audit.record(actor, "checklist.load", None, created=created, revised=revised)
    return {"created": created, "revised": revised}


# --- when steps happened ---------------------------------------------------------------

def received(report: Report) -> tuple:
    """The receipt of a report, as a step that others follow."""
    return report.received_at, _("the report was received")


# --- reports --------------------------------------------------------------------------


def _clean_indicators(checklist_code: str, indicator_codes) -> tuple:
    if not checklist_code:
        if indicator_codes:
            raise DomainError({"indicators": _("Choose the checklist the indicators come from.")})
        return None, []
    checklist = IndicatorChecklist.objects.filter(code=checklist_code, current=True,
                                                  kind=IndicatorChecklist.Kind.PRELIMINARY).first()
    if checklist is None:
        raise DomainError({"checklist": _("Unknown checklist “%(code)s”.") % {"code": checklist_code}})
    codes = list(dict.fromkeys(indicator_codes))
    found = list(checklist.indicators.filter(code__in=codes))
    unknown = sorted(set(codes) - {i.code for i in found})
    if unknown:
        raise DomainError({"indicators": _("Not on this checklist: %(codes)s.")
                           % {"codes": ", ".join(unknown)}})
    return checklist, found


def _report_persons(actor, persons: list[dict], *, received_on) -> list[Person]:
    """Existing persons (by pseudonym, the Centre only) or new ones, first known (unless
    said otherwise) on the day the report was received."""
    if not persons:
        raise DomainError({"persons": _("Name at least one person concerned.")})
    if len(persons) > MAX_PERSONS:
        raise DomainError({"persons": _("At most %(n)d persons per report.") % {"n": MAX_PERSONS}})
    result = []
    for entry in persons:
        if entry.get("pseudonym"):
            if actor.role not in CENTRE_ROLES:
                raise DomainError({"persons": _("Only the Centre can refer to a person already "
                                                "on record; describe the person instead.")})
            person = Person.objects.filter(pseudonym=entry["pseudonym"]).first()
            if person is None:
                raise DomainError({"persons": _("No person %(p)s.") % {"p": entry["pseudonym"]}})
        else:
            fields = {"first_known_on": received_on,
                      **{k: v for k, v in entry.items() if k != "pseudonym" and v is not None}}
            person = people.person_record(actor=actor, **fields)
        if person in result:
            raise DomainError({"persons": _("The same person is named twice.")})
        result.append(person)
    return result


@transaction.atomic
def report_submit(*, actor, channel: str, source_type: str, persons: list[dict],
                  received_at=None, source_organisation: Organisation | None = None,
                  reporter_contact: str = "", narrative: str = "", suspected_forms=(),
                  exploitation_place: str = "", exploitation_country: str = "",
                  checklist: str = "", indicators=(), external_reference: str = "",
                  hotline_call: HotlineCall | None = None, with_relations: bool = False) -> Report:
    """Record a report of suspected trafficking. `external_reference` is the sending
    system's own id, unique per source organisation. With `with_relations` the report comes
    back with its feedback, indicators, persons and procedures (none yet) known, as
    `prefetch_related` would load them: for a caller that shows it (the API's answer), not
    one that goes on changing its relations."""
    access.require(actor, "report.submit")
    if (source_organisation is not None and source_organisation != actor.organisation
            and access.role_of(actor) not in CENTRE_ROLES):
        raise DomainError({"source_organisation": _(
            "A report's source is your own organisation; only the Centre records a report "
            "on behalf of another organisation.")})
    received_at = chronology.happened_at(received_at, field="received_at")
    reference.require_term("report_channel", channel, field="channel")
    reference.require_term("report_source", source_type, field="source_type")
    forms = reference.require_terms("exploitation_form", suspected_forms, field="suspected_forms")
    country = None
    if exploitation_country:
        [country] = reference.require_countries([exploitation_country], field="exploitation_country")
    checklist_obj, observed = _clean_indicators(checklist, indicators)
    for field, value, limit in (("narrative", narrative, 10000),
                                ("reporter_contact", reporter_contact, 300),
                                ("exploitation_place", exploitation_place, 100),
                                ("external_reference", external_reference, 100)):
        if len(value or "") > limit:
            raise DomainError({field: _("At most %(limit)d characters.") % {"limit": limit}})
    people_concerned = _report_persons(actor, persons, received_on=chronology.day_of(received_at))
    year = timezone.localtime(received_at).year
    source = source_organisation or actor.organisation
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reference=f"R-{year}-{sequence_next(f'report:{year}'):04d}",
                received_at=received_at, channel=channel, source_type=source_type,
                source_organisation=source, external_reference=external_reference,
                reported_by=actor, reporter_contact=reporter_contact, narrative=narrative,
                suspected_forms=forms, exploitation_place=exploitation_place,
                exploitation_country=country, checklist=checklist_obj)
    except IntegrityError:
        if external_reference and Report.objects.filter(
                source_organisation=source, external_reference=external_reference).exists():
            raise DomainError({"external_reference": _(
                "The source organisation already sent a report with this reference.")}) from None
        raise
    if observed:
        report.indicators.set(observed)
    links = ReportPerson.objects.bulk_create(
        ReportPerson(report=report, person=p) for p in people_concerned)
    records_loaded.send(ReportPerson, person_ids=[p.pk for p in people_concerned])
    feedback = feedback_give(report=report, category=ReportFeedback.Category.RECEIVED,
                             given_at=received_at)
    if hotline_call is not None:
        hotline_call.report = report
        hotline_call.save(update_fields=["report"])
    audit.record(actor, "report.submit", report, persons=len(people_concerned),
                 indicators=len(observed), channel=channel, received_at=received_at.isoformat())
    if with_relations:
        _prefetched(report, feedback=[feedback], indicators=observed, persons=links,
                    procedures=[])
    return report


def _prefetched(report: Report, **related) -> None:
    """Put these related objects in the report's prefetch cache, as `prefetch_related`
    does (django.db.models.query.prefetch_one_level): no query reloads them."""
    cache = report.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, objects in related.items():
        queryset = getattr(report, name).all()
        queryset._result_cache, queryset._prefetch_done = list(objects), True
        cache[name] = queryset


def require_untriaged(report: Report) -> None:
    if report.status != Report.Status.RECEIVED:
        raise DomainError({"status": _("This report was already triaged (%(status)s).")
                           % {"status": report.get_status_display()}})


@transaction.atomic
def report_dismiss(*, actor, report: Report, reason: str, referred_to: Organisation | None = None,
                   note: str = "", dismissed_at=None) -> Report:
    """Dismiss a report with a coded reason, referring the person elsewhere if they still
    need help."""
    access.require(actor, "report.triage", report)
    report = Report.objects.select_for_update().get(pk=report.pk)
    require_untriaged(report)
    dismissed_at = chronology.happened_at(dismissed_at, field="dismissed_at", after=[received(report)])
    reference.require_term("dismissal_reason", reason, field="reason")
    if len(note or "") > 2000:
        raise DomainError({"note": _("At most %(limit)d characters.") % {"limit": 2000}})
    report.status = Report.Status.DISMISSED
    report.dismissal_reason = reason
    report.referred_to = referred_to
    report.triage_note = note
    report.triaged_at, report.triaged_by = dismissed_at, actor
    report.triage_recorded_at = timezone.now()
    report.save()
    feedback_give(report=report, category=ReportFeedback.Category.DISMISSED, given_at=dismissed_at)
    if referred_to is not None:
        feedback_give(report=report, category=ReportFeedback.Category.REFERRED,
                      given_at=dismissed_at)
    audit.record(actor, "report.dismiss", report, reason=reason,
                 referred_to=referred_to.code if referred_to else None,
                 dismissed_at=dismissed_at.isoformat())
    return report


def feedback_give(*, report: Report, category: str, given_at) -> ReportFeedback:
    """Tell the reporter the outcome category (never details), dated when the step it
    tells of happened. Part of the caller's transaction and audit entry."""
    return ReportFeedback.objects.create(report=report, category=category, given_at=given_at)


# --- hotline calls --------------------------------------------------------------------

@transaction.atomic
def hotline_call_log(*, actor, caller: str, outcome: str, received_at=None,
                     first_contact: bool = True, persons_concerned: int = 1, summary: str = "",
                     report: dict | None = None) -> HotlineCall:
    """Log a call; with `report` (the report's fields) it is also reported to the Centre in
    the same step."""
    access.require(actor, "hotline.log")
    received_at = chronology.happened_at(received_at, field="received_at")
    reference.require_term("hotline_caller", caller, field="caller")
    reference.require_term("hotline_outcome", outcome, field="outcome")
    if (report is not None) != (outcome == "report"):
        raise DomainError({"outcome": _("A call reported to the Centre needs the report, and "
                                        "only such a call has one.")})
    if not 0 <= persons_concerned <= 100:
        raise DomainError({"persons_concerned": _("Between 0 and 100.")})
    if len(summary or "") > 5000:
        raise DomainError({"summary": _("At most %(limit)d characters.") % {"limit": 5000}})
    call = HotlineCall.objects.create(
        hotline=actor.organisation, operator=actor, received_at=received_at, caller=caller,
        first_contact=first_contact, persons_concerned=persons_concerned, summary=summary,
        outcome=outcome)
    audit.record(actor, "hotline.call", call, outcome=outcome)
    if report is not None:
        report_submit(actor=actor, received_at=received_at, hotline_call=call,
                      **{"channel": "hotline", **report})
    return call

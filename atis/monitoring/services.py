"""Every write of monitoring: progress reports, assessments of recommendations, the
questionnaire campaign and its answers, and the registries. Each in one transaction,
audited; refused input writes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atis.audit import services as audit
from atis.core import access, chronology
from atis.core.errors import DomainError
from atis.core.roles import OrganisationType
from atis.monitoring import prefill
from atis.monitoring.models import (
    Activity,
    Answer,
    Assessment,
    Campaign,
    HotlineActivity,
    LocalTeamAssessment,
    ParticipantGroup,
    PreventionActivity,
    ProgressReport,
    Question,
    Questionnaire,
    Recommendation,
    RecommendationSource,
    StrategicDocument,
    Training,
)


def _today():
    return timezone.localdate()


# --- progress on action plans ------------------------------------------------------------

@transaction.atomic
def progress_report_submit(*, actor, activity: Activity, period: str, year: int, status: str,
                           month: int = 0, narrative: str = "", indicator_values=None,
                           evidence: str = "",
                           reported_on: datetime.date | None = None) -> ProgressReport:
    """A responsible body reports on its activity for a month or a year, on `reported_on`
    (not before the period starts). A report for the same period replaces the earlier one."""
    access.require(actor, "progress.report")
    if activity.measure.objective.document.closed:
        raise DomainError({"activity": _("This plan is closed: it takes no more reports.")})
    if not (access.may(actor, "monitoring.manage")
            or activity.responsible.filter(pk=actor.organisation.pk).exists()):
        raise DomainError({"activity": _("Your organisation is not responsible for this activity.")})
    if status not in ProgressReport.Status.values:
        raise DomainError({"status": _("Unknown status “%(code)s”.") % {"code": status}})
    if period not in ProgressReport.Period.values:
        raise DomainError({"period": _("Monthly or annual.")})
    if period == "monthly" and not (month and 1 <= month <= 12):
        raise DomainError({"month": _("A monthly report names its month.")})
    if period == "annual":
        month = 0
    if not 2000 <= year <= _today().year or (month and datetime.date(year, month, 1) > _today()):
        raise DomainError({"year": _("A report covers a period that has begun.")})
    reported_on = chronology.happened_on(reported_on, "reported_on",
                      (datetime.date(year, month or 1, 1), _("the period it reports on began")))
    indicators = set(activity.indicators.values_list("pk", flat=True))
    values = {str(k): str(v)[:200] for k, v in (indicator_values or {}).items()}
    if any(not k.isdigit() or int(k) not in indicators for k in values):
        raise DomainError({"indicator_values": _("Only this activity's indicators can be reported.")})
    report, _created = ProgressReport.objects.update_or_create(
        activity=activity, organisation=actor.organisation, period=period, year=year, month=month,
        defaults={"status": status, "narrative": narrative[:10000], "indicator_values": values,
                  "evidence": evidence[:5000], "reported_on": reported_on, "submitted_by": actor,
                  "submitted_at": timezone.now()})
    audit.record(actor, "progress.report", report, activity=activity.code, status=status)
    return report


@transaction.atomic
def document_close(*, actor, document: StrategicDocument) -> StrategicDocument:
    """Close a plan after its final report: it takes no more progress reports."""
    access.require(actor, "monitoring.manage")
    if document.closed:
        raise DomainError({"document": _("This document is already closed.")})
    document.closed = True
    document.save(update_fields=["closed"])
    audit.record(actor, "monitoring.close", document)
    return document


# --- recommendations ----------------------------------------------------------------------

@transaction.atomic
def assessment_record(*, actor, recommendation: Recommendation, period_year: int, category: str,
                      justification: str, evidence: str = "", continue_monitoring: bool = True,
                      needs_formalisation: bool = False,
                      assessed_on: datetime.date | None = None) -> Assessment:
    """Assess a recommendation for a reporting year, on `assessed_on` (not before that year
    began, nor before the report was published); it replaces that year's assessment."""
    access.require(actor, "recommendations.assess")
    if category not in Assessment.Category.values:
        raise DomainError({"category": _("Unknown category “%(code)s”.") % {"code": category}})
    if not (justification or "").strip():
        raise DomainError({"justification": _("Give the grounds for the assessment.")})
    if not recommendation.source.period_year < period_year <= _today().year:
        raise DomainError({"period_year": _("A recommendation is assessed in a later reporting "
                                            "year.")})
    source = recommendation.source
    assessed_on = chronology.happened_on(assessed_on, "assessed_on",
                      (datetime.date(period_year, 1, 1), _("the reporting year began")),
                      (source.published_on, _("the report was published")))
    assessment, _created = Assessment.objects.update_or_create(
        recommendation=recommendation, period_year=period_year,
        defaults={"category": category, "justification": justification[:10000],
                  "evidence": evidence[:10000], "continue_monitoring": continue_monitoring,
                  "needs_formalisation": needs_formalisation, "inferred": False,
                  "assessed_on": assessed_on, "assessed_by": actor, "assessed_at": timezone.now()})
    audit.record(actor, "recommendation.assess", assessment, category=category)
    return assessment


@transaction.atomic
def recommendation_source_create(*, actor, code: str, kind: str, title: str, period_year: int,
                                 published_on: datetime.date | None = None) -> RecommendationSource:
    """Register a report that issues recommendations (a GRETA evaluation, a TIP report…)."""
    access.require(actor, "recommendations.manage")
    if kind not in RecommendationSource.Kind.values:
        raise DomainError({"kind": _("Unknown kind of report.")})
    if not (code or "").strip() or RecommendationSource.objects.filter(code=code).exists():
        raise DomainError({"code": _("Give the report a code not used yet.")})
    if not (title or "").strip():
        raise DomainError({"title": _("Give the report its title.")})
    if not 1990 <= period_year <= _today().year:
        raise DomainError({"period_year": _("A year that has begun.")})
    chronology.not_future(published_on, field="published_on")
    source = RecommendationSource.objects.create(code=code[:32], kind=kind, title_en=title,
                                                 period_year=period_year, published_on=published_on)
    audit.record(actor, "recommendation.source", source, kind=kind)
    return source


@transaction.atomic
def recommendation_add(*, actor, source: RecommendationSource, number: str, unit: str, text: str,
                       addressees=(), addressees_text: str = "") -> Recommendation:
    """Add a recommendation to a report; addressees may be none."""
    access.require(actor, "recommendations.manage")
    if unit not in Recommendation.Unit.values:
        raise DomainError({"unit": _("Unknown thematic unit.")})
    if not (text or "").strip():
        raise DomainError({"text": _("Write the recommendation.")})
    if not (number or "").strip() or source.recommendations.filter(number=number).exists():
        raise DomainError({"number": _("Give the recommendation a number not used yet.")})
    recommendation = Recommendation.objects.create(source=source, number=number[:16], unit=unit,
                                                   text_en=text,
                                                   addressees_text=addressees_text[:5000])
    recommendation.addressees.set(list(addressees))
    audit.record(actor, "recommendation.add", recommendation, number=number)
    return recommendation


@transaction.atomic
def recommendation_link(*, actor, recommendation: Recommendation, activities) -> Recommendation:
    access.require(actor, "recommendations.manage")
    recommendation.activities.set(list(activities))
    audit.record(actor, "recommendation.link", recommendation)
    return recommendation


# --- the questionnaire campaign ------------------------------------------------------------

@transaction.atomic
def campaign_create(*, actor, year: int, title: str, due_on: datetime.date) -> Campaign:
    access.require(actor, "campaign.manage")
    if Campaign.objects.filter(year=year).exists():
        raise DomainError({"year": _("There is already a campaign for this year.")})
    if not (title or "").strip():
        raise DomainError({"title": _("Give the campaign a title.")})
    campaign = Campaign.objects.create(year=year, title=title[:200], due_on=due_on, created_by=actor)
    audit.record(actor, "campaign.create", campaign, year=year)
    return campaign


@transaction.atomic
def question_add(*, actor, campaign: Campaign, unit: str, number: str, text: str,
                 answer_type: str = "text", audience: str = "all", prefill_key: str = "") -> Question:
    access.require(actor, "campaign.manage")
    if unit not in Recommendation.Unit.values:
        raise DomainError({"unit": _("Unknown thematic unit.")})
    if answer_type not in Question.Answer.values:
        raise DomainError({"answer_type": _("Text, number or yes/no.")})
    if audience != "all" and audience not in OrganisationType.values:
        raise DomainError({"audience": _("“all” or an organisation type.")})
    if prefill_key and prefill_key not in prefill.PREFILLS:
        raise DomainError({"prefill": _("Unknown figure “%(code)s”.") % {"code": prefill_key}})
    if prefill_key and answer_type != Question.Answer.NUMBER:
        raise DomainError({"prefill": _("Only a number can be pre-filled from the records.")})
    if not (text or "").strip():
        raise DomainError({"text": _("Write the question.")})
    if not (number or "").strip() or campaign.questions.filter(number=number).exists():
        raise DomainError({"number": _("Give the question a number not used yet.")})
    question = Question.objects.create(campaign=campaign, unit=unit, number=number[:16],
                                       text=text, answer_type=answer_type, audience=audience,
                                       prefill=prefill_key)
    audit.record(actor, "campaign.question", campaign, number=number)
    return question


@transaction.atomic
def questionnaires_send(*, actor, campaign: Campaign, organisations, kind: str, legal_basis: str,
                        sent_on: datetime.date | None = None) -> int:
    """Send the campaign's questionnaire to stakeholders (one each)."""
    access.require(actor, "campaign.manage")
    if kind not in Questionnaire.Kind.values:
        raise DomainError({"kind": _("Special or general.")})
    if legal_basis not in Questionnaire.LegalBasis.values:
        raise DomainError({"legal_basis": _("A duty to respond or a request.")})
    sent_on = chronology.happened_on(sent_on, "sent_on")
    organisations = list(organisations)
    if not organisations:
        raise DomainError({"organisations": _("Choose at least one stakeholder.")})
    already = set(campaign.questionnaires.values_list("organisation_id", flat=True))
    new = [o for o in organisations if o.pk not in already]
    Questionnaire.objects.bulk_create(Questionnaire(campaign=campaign, organisation=o, kind=kind,
                                                    legal_basis=legal_basis, sent_on=sent_on)
                                      for o in new)
    audit.record(actor, "campaign.send", campaign, sent=len(new), kind=kind)
    return len(new)


@transaction.atomic
def reminders_send(*, actor, campaign: Campaign) -> int:
    """Remind every stakeholder that has not answered."""
    access.require(actor, "campaign.manage")
    pending = campaign.questionnaires.filter(received_on__isnull=True)
    count = pending.count()
    for questionnaire in pending:
        questionnaire.reminders += 1
        questionnaire.last_reminder_on = _today()
        questionnaire.save(update_fields=["reminders", "last_reminder_on"])
    audit.record(actor, "campaign.remind", campaign, reminded=count)
    return count


def _check_value(question: Question, value: str) -> str:
    value = (value or "").strip()
    if question.answer_type == Question.Answer.NUMBER and value and \
            not value.lstrip("-").replace(".", "", 1).isdigit():
        raise DomainError({f"q{question.pk}": _("Question %(n)s: a number.") % {"n": question.number}})
    if question.answer_type == Question.Answer.YES_NO and value not in ("", "yes", "no"):
        raise DomainError({f"q{question.pk}": _("Question %(n)s: yes or no.") % {"n": question.number}})
    return value[:10000]


@transaction.atomic
def answers_save(*, actor, questionnaire: Questionnaire, answers: dict, submit: bool = False) -> int:
    """Save a stakeholder's answers (question id → value); `submit` marks it received.
    Only the organisation the questionnaire was sent to may answer."""
    access.require(actor, "questionnaire.answer")
    if questionnaire.organisation_id != actor.organisation.pk:
        raise DomainError({"questionnaire": _("This questionnaire was not sent to your organisation.")})
    if questionnaire.received_on:
        raise DomainError({"questionnaire": _("These answers were already submitted.")})
    questions = {q.pk: q for q in questionnaire.questions()}
    unknown = [k for k in answers if int(k) not in questions]
    if unknown:
        raise DomainError({"answers": _("Some questions are not in this questionnaire.")})
    for key, value in answers.items():
        question = questions[int(key)]
        figure = prefill.figure(question.prefill, questionnaire.organisation,
                                questionnaire.campaign.year) if question.prefill else None
        Answer.objects.update_or_create(
            questionnaire=questionnaire, question=question,
            defaults={"value": _check_value(question, value), "answered_by": actor,
                      "answered_at": timezone.now(),
                      "prefilled": "" if figure is None else str(figure)})
    if submit:
        questionnaire.received_on = _today()
        questionnaire.save(update_fields=["received_on"])
    audit.record(actor, "questionnaire.answer", questionnaire, answers=len(answers), submit=submit)
    return len(answers)


# --- registries ------------------------------------------------------------------------------

def _groups(groups: dict, field: str) -> list[tuple[str, int]]:
    clean = []
    for category, count in (groups or {}).items():
        if category not in ParticipantGroup.Category.values:
            raise DomainError({field: _("Unknown category “%(code)s”.") % {"code": category}})
        if int(count) < 0:
            raise DomainError({field: _("A count cannot be negative.")})
        if int(count):
            clean.append((category, int(count)))
    return clean


@transaction.atomic
def training_record(*, actor, topic: str, participants: dict, held_on: datetime.date | None = None,
                    days: int = 1, online: bool = False, funder: str = "",
                    certified: int = 0) -> Training:
    access.require(actor, "registry.record")
    held_on = chronology.happened_on(held_on, "held_on")
    groups = _groups(participants, "participants")
    total = sum(n for _c, n in groups)
    if not (topic or "").strip():
        raise DomainError({"topic": _("Name the topic.")})
    if not 0 <= certified <= total:
        raise DomainError({"certified": _("At most the number of participants.")})
    training = Training.objects.create(organiser=actor.organisation, topic=topic[:300],
                                       held_on=held_on, days=max(days, 1), online=online,
                                       funder=funder[:200], certified=certified, recorded_by=actor)
    ParticipantGroup.objects.bulk_create(ParticipantGroup(training=training, category=c, count=n)
                                         for c, n in groups)
    audit.record(actor, "registry.training", training, participants=total)
    return training


@transaction.atomic
def prevention_record(*, actor, kind: str, title: str, starts_on: datetime.date | None = None,
                      ends_on: datetime.date | None = None, reach: int = 0,
                      participants: dict | None = None) -> PreventionActivity:
    access.require(actor, "registry.record")
    if kind not in PreventionActivity.Kind.values:
        raise DomainError({"kind": _("Unknown kind.")})
    starts_on = chronology.happened_on(starts_on, "starts_on")
    chronology.not_before(ends_on, starts_on, field="ends_on", step=_("it started"))
    if reach < 0:
        raise DomainError({"reach": _("A count cannot be negative.")})
    if not (title or "").strip():
        raise DomainError({"title": _("Give it a title.")})
    activity = PreventionActivity.objects.create(organiser=actor.organisation, kind=kind,
                                                 title=title[:300], starts_on=starts_on,
                                                 ends_on=ends_on, reach=reach, recorded_by=actor)
    ParticipantGroup.objects.bulk_create(ParticipantGroup(prevention=activity, category=c, count=n)
                                         for c, n in _groups(participants or {}, "participants"))
    audit.record(actor, "registry.prevention", activity, kind=kind)
    return activity


HOTLINE_COUNTS = ("calls_received", "calls_made", "persons_concerned", "first_contacts",
                  "known_contacts", "preliminary_identifications", "reports_to_centre")


@transaction.atomic
def hotline_activity_record(*, actor, period_start: datetime.date, period_end: datetime.date,
                            hotline=None, **counts) -> HotlineActivity:
    """A hotline's aggregate figures for a period: recorded by its operators, or for any
    hotline by the Coordinator's office."""
    access.require(actor, "registry.hotline")
    hotline = hotline or actor.organisation
    if hotline != actor.organisation and not access.may(actor, "monitoring.manage"):
        raise DomainError({"hotline": _("You record only your own hotline's activity.")})
    chronology.not_future(period_start, field="period_start")
    chronology.not_before(period_end, period_start, field="period_end",
                          step=_("the period started"))
    if set(counts) - set(HOTLINE_COUNTS) or any(int(v) < 0 for v in counts.values()):
        raise DomainError({"counts": _("Only the listed counts, none negative.")})
    activity = HotlineActivity.objects.create(hotline=hotline, period_start=period_start,
                                              period_end=period_end, recorded_by=actor,
                                              **{k: int(v) for k, v in counts.items()})
    audit.record(actor, "registry.hotline", activity)
    return activity


@transaction.atomic
def local_team_assess(*, actor, team, year: int, functional: str, activities: str = "",
                      assessed_on: datetime.date | None = None) -> LocalTeamAssessment:
    """Assess a local team for a year, on `assessed_on` (not before that year began); the
    meetings held are counted from its meetings."""
    access.require(actor, "monitoring.manage")
    if team.kind != "local_team":
        raise DomainError({"team": _("Only local teams are assessed.")})
    if functional not in LocalTeamAssessment.Functional.values:
        raise DomainError({"functional": _("Unknown assessment.")})
    if not 2000 <= year <= _today().year:
        raise DomainError({"year": _("A year that has begun.")})
    assessed_on = chronology.happened_on(assessed_on, "assessed_on",
                      (datetime.date(year, 1, 1), _("the year began")))
    meetings = team.meetings.filter(held_on__year=year).count()
    assessment, _created = LocalTeamAssessment.objects.update_or_create(
        team=team, year=year, defaults={"meetings_held": meetings, "functional": functional,
                                        "activities": activities[:5000], "assessed_on": assessed_on,
                                        "assessed_by": actor, "assessed_at": timezone.now()})
    audit.record(actor, "registry.local_team", assessment, functional=functional)
    return assessment

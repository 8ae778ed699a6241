"""Reads of monitoring through the access policy: plans with their progress and roll-ups,
overdue reports, recommendation shares, the campaign's response status and answers, a
stakeholder's questionnaires, the registries."""

import datetime
from types import SimpleNamespace

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from atis.core import access
from atis.monitoring import prefill
from atis.monitoring.models import (
    ACTED,
    Activity,
    Answer,
    Assessment,
    Campaign,
    HotlineActivity,
    LocalTeamAssessment,
    ParticipantGroup,
    PreventionActivity,
    ProgressReport,
    Questionnaire,
    Recommendation,
    RecommendationSource,
    StrategicDocument,
    Training,
)

ANNUAL_DUE = (2, 15)  # annual reports by 15 February for the previous year
# The report that stands for an activity: the latest year, its annual report before the
# monthly ones ("annual" sorts before "monthly"), then the latest month.
LATEST_FIRST = ("-year", "period", "-month", "-pk")


def documents(*, user) -> QuerySet[StrategicDocument]:
    if access.role_of(user) is None:
        raise access.AccessDenied()
    return StrategicDocument.objects.all()


def document_summaries(*, user) -> list[dict]:
    """Every document with its activities' completion rate (the workspace's overview)."""
    activities = (Activity.objects.annotate(latest=_latest_status())
                  .values_list("measure__objective__document", "latest"))
    by_document: dict[int, list] = {}
    for document_id, latest in activities:
        by_document.setdefault(document_id, []).append(SimpleNamespace(latest=latest))
    return [{"document": d, **rates(by_document.get(d.pk, []))} for d in documents(user=user)]


def _latest_status():
    latest = ProgressReport.objects.filter(activity=OuterRef("pk")).order_by(*LATEST_FIRST)
    return Subquery(latest.values("status")[:1])


def plan_tree(*, user, document: StrategicDocument) -> list[dict]:
    """Objectives → measures → activities with their latest status, and each objective's
    completion rate (completed activities out of all)."""
    documents(user=user)
    activities = (Activity.objects.filter(measure__objective__document=document)
                  .annotate(latest=_latest_status()).prefetch_related("responsible", "indicators")
                  .select_related("measure__objective"))
    by_measure: dict[int, list] = {}
    for activity in activities:
        by_measure.setdefault(activity.measure_id, []).append(activity)
    tree = []
    for objective in document.objectives.prefetch_related("measures"):
        measures = [{"measure": m, "activities": by_measure.get(m.pk, [])}
                    for m in objective.measures.all()]
        acts = [a for m in measures for a in m["activities"]]
        tree.append({"objective": objective, "measures": measures, **rates(acts)})
    return tree


def rates(activities) -> dict:
    total = len(activities)
    counts = {s: sum(1 for a in activities if a.latest == s) for s in ProgressReport.Status.values}
    return {"total": total, "counts": counts,
            "completion_rate": round(counts["completed"] / total, 3) if total else None}


def overdue_reports(*, user, today: datetime.date | None = None) -> list[dict]:
    """Responsible bodies that have not reported: last month's report on activities of plans
    in force, and last year's annual report after 15 February."""
    access.require(user, "monitoring.view")
    today = today or timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1))
    plans = StrategicDocument.objects.filter(kind="action_plan", closed=False,
                                             starts_on__lte=last_month)
    missing = []
    activities = Activity.objects.filter(measure__objective__document__in=plans).prefetch_related(
        "responsible").select_related("measure__objective__document")
    reported = set(ProgressReport.objects.filter(
        Q(period="monthly", year=last_month.year, month=last_month.month)
        | Q(period="annual", year=today.year - 1)).values_list("activity_id", "organisation_id", "period"))
    annual_due = today >= datetime.date(today.year, *ANNUAL_DUE)
    for activity in activities:
        document = activity.measure.objective.document
        for organisation in activity.responsible.all():
            if document.ends_on >= last_month and \
                    (activity.pk, organisation.pk, "monthly") not in reported:
                missing.append({"activity": activity, "organisation": organisation,
                                "period": f"{last_month:%Y-%m}"})
            if annual_due and document.starts_on.year < today.year <= document.ends_on.year + 1 \
                    and (activity.pk, organisation.pk, "annual") not in reported:
                missing.append({"activity": activity, "organisation": organisation,
                                "period": str(today.year - 1)})
    return missing


def my_activities(*, user) -> QuerySet[Activity]:
    """Activities the user's organisation is responsible for, in plans still open."""
    access.require(user, "progress.report")
    return (Activity.objects.filter(responsible=user.organisation,
                                    measure__objective__document__closed=False)
            .select_related("measure__objective__document").annotate(latest=_latest_status()))


def recommendation_list(*, user, source: RecommendationSource | None = None) -> QuerySet:
    if access.role_of(user) is None:
        raise access.AccessDenied()
    qs = Recommendation.objects.select_related("source").prefetch_related(
        "assessments", "addressees", "activities")
    return qs.filter(source=source) if source else qs


def acted_share(*, source: RecommendationSource, period_year: int) -> dict:
    """The Rapporteur's headline: the share of a report's recommendations acted upon or
    with actions initiated, in a reporting year (computed from the assessments)."""
    assessments = Assessment.objects.filter(recommendation__source=source, period_year=period_year)
    counts = dict(assessments.values_list("category").annotate(n=Count("pk")))
    total = source.recommendations.count()
    acted = sum(counts.get(c, 0) for c in ACTED)
    return {"total": total, "assessed": sum(counts.values()), "acted": acted, "counts": counts,
            "share": round(acted / total, 4) if total else None}


def campaign_status(*, user, campaign: Campaign) -> dict:
    access.require(user, "campaign.manage")
    questionnaires = campaign.questionnaires.select_related("organisation")
    answered = questionnaires.filter(received_on__isnull=False).count()
    by_kind = dict(questionnaires.values_list("kind").annotate(n=Count("pk")))
    return {"sent": questionnaires.count(), "answered": answered,
            "pending": questionnaires.count() - answered, "by_kind": by_kind,
            "questionnaires": list(questionnaires)}


def my_questionnaires(*, user) -> QuerySet[Questionnaire]:
    access.require(user, "questionnaire.answer")
    return Questionnaire.objects.filter(organisation=user.organisation).select_related("campaign")


def questionnaire_form(*, user, questionnaire: Questionnaire) -> list[dict]:
    """The questions with the saved answer, or the figure ATIS holds (pre-filled)."""
    if not (questionnaire.organisation_id == getattr(user.organisation, "pk", None)
            or access.may(user, "campaign.manage")):
        raise access.AccessDenied()
    answers = {a.question_id: a for a in questionnaire.answers.all()}
    rows = []
    for question in questionnaire.questions():
        answer = answers.get(question.pk)
        figure = prefill.figure(question.prefill, questionnaire.organisation,
                                questionnaire.campaign.year) if question.prefill else None
        rows.append({"question": question, "answer": answer.value if answer else "",
                     "figure": figure,
                     "value": answer.value if answer else ("" if figure is None else str(figure))})
    return rows


def answers_table(*, user, campaign: Campaign) -> list[dict]:
    """Every answer, by question and by stakeholder (for export)."""
    access.require(user, "campaign.manage")
    return [{"question": a.question.number, "unit": a.question.unit, "text": a.question.text,
             "stakeholder": a.questionnaire.organisation.code,
             "stakeholder_name": a.questionnaire.organisation.name_en, "answer": a.value,
             "figure_from_records": a.prefilled}
            for a in Answer.objects.filter(questionnaire__campaign=campaign)
            .select_related("question", "questionnaire__organisation")
            .order_by("question__unit", "question__number", "questionnaire__organisation__code")]


def campaigns(*, user) -> QuerySet[Campaign]:
    access.require(user, "campaign.manage")
    return Campaign.objects.annotate(sent=Count("questionnaires"), answered=Count(
        "questionnaires", filter=Q(questionnaires__received_on__isnull=False)))


def questionnaire_get(*, user, pk: int) -> Questionnaire:
    """The Rapporteur's office reads any questionnaire; a stakeholder only its own (any
    other is "not found", so one cannot learn who else was asked)."""
    qs = Questionnaire.objects.select_related("campaign", "organisation")
    if access.may(user, "campaign.manage"):
        return qs.get(pk=pk)
    return my_questionnaires(user=user).get(pk=pk)


# --- registries --------------------------------------------------------------------------------

def _own_or_all(user, queryset, field, action="registry.record"):
    """Monitoring roles see every organisation's entries; others only their own."""
    if access.may(user, "monitoring.view") or access.may(user, "campaign.manage"):
        return queryset
    access.require(user, action)
    return queryset.filter(**{field: user.organisation})


def trainings(*, user) -> QuerySet[Training]:
    return _own_or_all(user, Training.objects.select_related("organiser")
                       .prefetch_related("participant_groups"), "organiser")


def participants_by_category(*, user, year: int) -> list[dict]:
    """Trainings' participants in a year by professional category."""
    rows = (ParticipantGroup.objects.filter(training__in=trainings(user=user),
                                            training__held_on__year=year)
            .values_list("category").annotate(n=Sum("count")).order_by("category"))
    return [{"category": code, "label": ParticipantGroup.Category(code).label, "count": n}
            for code, n in rows]


def prevention_activities(*, user) -> QuerySet[PreventionActivity]:
    return _own_or_all(user, PreventionActivity.objects.select_related("organiser")
                       .prefetch_related("participant_groups"), "organiser")


def hotline_activity(*, user) -> QuerySet[HotlineActivity]:
    return _own_or_all(user, HotlineActivity.objects.select_related("hotline"), "hotline",
                       "registry.hotline")


def local_team_assessments(*, user) -> QuerySet[LocalTeamAssessment]:
    access.require(user, "monitoring.view")
    return LocalTeamAssessment.objects.select_related("team").order_by("-year", "team__name")

"""Reports and identification (ARCHITECTURE.md §Statistics; the Centre's tables, §3.7).

Every table counts by the dates things happened: reports by the day they were received,
triage by the day it happened, identifications by the day the decision took effect (its
approval). The outcome of a report is its state on 31 December, computed from these dates,
so a year's tables never change when later steps are recorded.
"""

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from atis.identification.models import Decision, DecisionForm, DecisionRecruitment
from atis.intake.models import Report, ReportPerson
from atis.people.models import Person
from atis.statistics.tables.base import Period, Table, counted, organisation_types, table

CHAPTER = "reports_identification"
VICTIMS = "victims"
CHILDREN = "children"
SERBIA = "RS"


def identifications(period: Period):
    """Identifications taking effect in the year (by the date of approval), the latest for
    each person (a victim counts once). A person identified twice in one year is rare: their
    earlier decisions are found by grouping in the database and left out."""
    in_year = Decision.objects.filter(outcome="identified", state="approved",
                                      approved_at__gte=period.start, approved_at__lt=period.end)
    repeated = (in_year.values("procedure__person").annotate(n=Count("pk")).filter(n__gt=1)
                .values("procedure__person"))
    seen, superseded = set(), []
    for pk, person in (in_year.filter(procedure__person__in=repeated)
                       .order_by("procedure__person", "-approved_at", "-pk")
                       .values_list("pk", "procedure__person")):
        if person in seen:
            superseded.append(pk)
        seen.add(person)
    return in_year.exclude(pk__in=superseded) if superseded else in_year


def with_form(qs):
    """Annotate `form`: the decision's form of exploitation, or "multiple" when several."""
    forms = DecisionForm.objects.filter(decision=OuterRef("pk")).order_by()
    count = forms.values("decision").annotate(n=Count("form", distinct=True)).values("n")
    first = forms.order_by("form").values("form")[:1]
    return qs.annotate(n_forms=Subquery(count, output_field=IntegerField()),
                       one_form=Subquery(first, output_field=CharField())).annotate(
        form=Case(When(n_forms__gt=1, then=Value("multiple")), default=F("one_form"),
                  output_field=CharField()))


def with_age(qs):
    """Annotate `age` (when exploitation began, else at the decision) and `age_group`."""
    return qs.annotate(age=Coalesce("age_at_exploitation_start", "age_at_identification")).annotate(
        age_group=Case(When(age__lt=18, then=Value("child")), When(age__isnull=False,
                                                                   then=Value("adult")),
                       default=Value("unknown"), output_field=CharField()))


def national():
    return Exists(Person.citizenships.through.objects.filter(person=OuterRef("procedure__person"),
                                                             country__code=SERBIA))


def any_citizenship():
    return Exists(Person.citizenships.through.objects.filter(person=OuterRef("procedure__person")))


def reports_received(period: Period):
    """Reports received in the year (by the date of receipt)."""
    return Report.objects.filter(received_at__gte=period.start, received_at__lt=period.end)


def _named(period: Period):
    """The persons named in the reports received in the year, one row per report and
    person: the unit of the tables of outcomes."""
    return ReportPerson.objects.filter(report__received_at__gte=period.start,
                                       report__received_at__lt=period.end)


def _dismissed_by_year_end(period: Period) -> Q:
    return Q(report__status="dismissed", report__triaged_at__lt=period.end)


@table("reports_by_source", CHAPTER)
def reports_by_source(period: Period) -> Table:
    reports = reports_received(period)
    return Table("reports_by_source", _("Reports received, by source"),
                 _("Reports of suspected trafficking received by the Centre in the year (by date "
                   "of receipt), by the type of their source."),
                 ["source_type"], counted(reports, source_type=F("source_type")),
                 organisation_types(reports, "source_organisation"))


def _outcome(period: Period):
    """Each person's outcome on 31 December: dismissed by then, else the latest decision in
    effect by then, else pending (a report accepted in one year and decided in the next is
    pending in the first)."""
    decision = (Decision.objects.filter(procedure__report=OuterRef("report"),
                                        procedure__person=OuterRef("person"), state="approved",
                                        approved_at__lt=period.end)
                .order_by("-approved_at", "-pk").values("outcome")[:1])
    return Case(When(_dismissed_by_year_end(period), then=Value("dismissed")),
                default=Coalesce(Subquery(decision, output_field=CharField()), Value("pending")),
                output_field=CharField())


@table("report_outcomes_by_source", CHAPTER)
def report_outcomes_by_source(period: Period) -> Table:
    persons = _named(period)
    return Table("report_outcomes_by_source", _("Persons in the reports, by source and outcome"),
                 _("Persons named in reports received in the year (by the date of receipt), by "
                   "the report's source and their outcome on 31 December: dismissed (by the date "
                   "of dismissal), else the latest decision in effect (by the date it took "
                   "effect: identified, not identified, terminated, suspended), else pending."),
                 ["source_type", "outcome"],
                 counted(persons, source_type=F("report__source_type"), outcome=_outcome(period)),
                 organisation_types(persons, "report__source_organisation"))


@table("dismissal_reasons", CHAPTER)
def dismissal_reasons(period: Period) -> Table:
    persons = _named(period).filter(_dismissed_by_year_end(period))
    return Table("dismissal_reasons", _("Persons in dismissed reports, by reason"),
                 _("Persons named in reports received in the year (by the date of receipt) "
                   "that the Centre had dismissed by 31 December (by the date of dismissal), by "
                   "the reason coded: the persons counted as “dismissed” in the outcomes by "
                   "source."),
                 ["reason"], counted(persons, reason=F("report__dismissal_reason")), ["centre"])


@table("not_identified_reasons", CHAPTER)
def not_identified_reasons(period: Period) -> Table:
    decisions = Decision.objects.filter(outcome="not_identified", state="approved",
                                        approved_at__gte=period.start, approved_at__lt=period.end)
    return Table("not_identified_reasons", _("Persons not identified as victims, by reason"),
                 _("Decisions that a person is not a victim taking effect in the year (by the "
                   "date of approval), by reason."),
                 ["reason"], counted(decisions, reason=F("reason")),
                 organisation_types(decisions, "decided_by_organisation"))


@table("identified_victims_by_form_sex_age", VICTIMS)
def by_form_sex_age(period: Period) -> Table:
    decisions = with_age(with_form(identifications(period)))
    return Table("identified_victims_by_form_sex_age",
                 _("Identified victims by form of exploitation, sex and age"),
                 _("Persons identified as victims in the year (by the date the decision took "
                   "effect), once each. A victim of several forms counts once, under “multiple "
                   "forms”. Children are under 18 when the exploitation began, or on the day the "
                   "decision took effect where that date is unknown."),
                 ["form", "sex", "age_group"],
                 counted(decisions, form=F("form"), sex=F("procedure__person__sex"),
                         age_group=F("age_group")),
                 organisation_types(decisions, "decided_by_organisation"))


@table("identified_victims_by_origin_and_exploitation_country", VICTIMS)
def by_origin_and_country(period: Period) -> Table:
    decisions = identifications(period)
    return Table("identified_victims_by_origin_and_exploitation_country",
                 _("Identified victims by country of origin and of exploitation"),
                 _("Persons identified in the year (by the date the decision took effect) by "
                   "country of origin and the first recorded country of exploitation (or "
                   "intended exploitation)."),
                 ["origin", "exploitation_country"],
                 counted(decisions, origin=F("origin_country__code"),
                         exploitation_country=F("exploitation_country__code")),
                 organisation_types(decisions, "decided_by_organisation"))


def _average(qs) -> float | None:
    value = qs.aggregate(a=Avg("age"))["a"]
    return round(value, 1) if value is not None else None


@table("identified_victims_by_citizenship_group", "foreign_victims")
def by_citizenship_group(period: Period) -> Table:
    decisions = with_form(with_age(identifications(period)))
    group = Case(When(national(), then=Value("national")), When(any_citizenship(), then=Value("foreign")),
                 default=Value("unknown"), output_field=CharField())
    averages = {"average_age": _average(decisions),
                "average_age_children": _average(decisions.filter(age_group="child")),
                "average_age_by_form": {row["form"]: round(row["a"], 1) for row in
                                        decisions.values("form").annotate(a=Avg("age")).order_by("form")
                                        if row["a"] is not None}}
    return Table("identified_victims_by_citizenship_group",
                 _("Identified victims: nationals and foreign nationals, average age"),
                 _("Persons identified in the year (by the date the decision took effect) who "
                   "are Serbian nationals or foreign nationals; average age (when the "
                   "exploitation began, else on the day the decision took effect) overall, of "
                   "children, and by form."),
                 ["citizenship_group"], counted(decisions, citizenship_group=group),
                 organisation_types(decisions, "decided_by_organisation"), values=averages)


@table("recruitment_methods_by_form", VICTIMS)
def recruitment_methods_by_form(period: Period) -> Table:
    decisions = with_form(identifications(period))
    methods = DecisionRecruitment.objects.filter(decision__in=decisions.values("pk")).annotate(
        form=Subquery(with_form(Decision.objects.filter(pk=OuterRef("decision"))).values("form")[:1],
                      output_field=CharField()))
    total = decisions.count()
    online = decisions.filter(recruitment_online=True).count()
    return Table("recruitment_methods_by_form", _("Recruitment methods by form of exploitation"),
                 _("Recruitment methods of persons identified in the year (by the date the "
                   "decision took effect); a victim recruited in several ways counts under each "
                   "(the counts are not exclusive). The share of "
                   "victims recruited or exploited through the internet or social networks is "
                   "given as a value."),
                 ["form", "method"], counted(methods, form=F("form"), method=F("method")),
                 organisation_types(decisions, "decided_by_organisation"),
                 values={"online": online, "total": total,
                         "online_share": round(online / total, 3) if total else None})


@table("child_victims_context", CHILDREN)
def child_victims_context(period: Period) -> Table:
    children = with_age(identifications(period)).filter(age_group="child")
    contexts = {
        "institutional_care": children.filter(child_in_institutional_care=True),
        "parent_complicit": children.filter(child_parent_complicit=True),
        "school_age_not_attending": children.filter(child_school_attendance=False, age__gte=7),
    }
    cells = [{"context": code, "count": qs.count()} for code, qs in contexts.items()]
    return Table("child_victims_context", _("Child victims: circumstances"),
                 _("Children identified in the year (by the date the decision took effect) who "
                   "were in institutional care while exploited, whose parent was the exploiter "
                   "or complicit, or who were of school age and not attending school."),
                 ["context"], [c for c in cells if c["count"]],
                 organisation_types(children, "decided_by_organisation"),
                 values={"children": children.count()})


def identified_before(period: Period):
    return Exists(Decision.objects.filter(procedure__person=OuterRef("pk"), outcome="identified",
                                          state="approved", approved_at__lt=period.start))


def identified_ever(period: Period):
    return Exists(Decision.objects.filter(procedure__person=OuterRef("pk"), outcome="identified",
                                          state="approved", approved_at__lt=period.end))


def identified_in(period: Period):
    return Q(pk__in=identifications(period).values("procedure__person"))

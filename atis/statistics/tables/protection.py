"""Protection and the Shelter (the Centre's tables, §3.8–§3.9). Every table counts by the
days things happened (delivery, admission, leaving, plan start and closing, the day an
identification took effect), never by when they were recorded."""

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from atis.identification.models import Decision
from atis.people.models import Person
from atis.protection.models import MedicalExamination, ProtectionPlan, ServiceRecord, ShelterStay
from atis.statistics.tables.base import Period, Table, counted, organisation_types, table
from atis.statistics.tables.identification import (
    identified_before,
    identified_ever,
    identified_in,
    with_form,
)

CHAPTER = "protection"


def _services(period: Period):
    return ServiceRecord.objects.filter(delivered_on__year=period.year)


@table("support_population", CHAPTER)
def support_population(period: Period) -> Table:
    serviced = Exists(_services(period).filter(person=OuterRef("pk")))
    planned = Exists(ProtectionPlan.objects.filter(person=OuterRef("pk"), started_on__lte=period.last_day)
                     .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=period.first_day)))
    groups = {
        "identified_this_year": Person.objects.filter(identified_in(period)),
        "identified_earlier_supported": Person.objects.filter(identified_before(period))
        .exclude(identified_in(period)).filter(serviced | planned),
        "at_risk_supported": Person.objects.filter(serviced).exclude(identified_ever(period)),
    }
    cells = [{"category": code, "count": qs.count()} for code, qs in groups.items()]
    return Table("support_population", _("Persons supported"),
                 _("Victims identified in the year (by the day the decision took effect); victims "
                   "identified earlier who were still supported (a protection plan in force in the "
                   "year, from its start to its closing date, or a service delivered in the year); "
                   "persons at risk, not identified by 31 December, who received services in the "
                   "year (by date of delivery)."),
                 ["category"], [c for c in cells if c["count"]],
                 organisation_types(_services(period), "provider"))


@table("services_by_type", CHAPTER)
def services_by_type(period: Period) -> Table:
    services = _services(period)
    rows = services.values("service").annotate(persons=Count("person", distinct=True),
                                               services=Count("pk")).order_by("service")
    cells = [cell for row in rows for cell in (
        {"service": row["service"], "measure": "persons", "count": row["persons"]},
        {"service": row["service"], "measure": "services", "count": row["services"]})]
    return Table("services_by_type", _("Services delivered, by type"),
                 _("Services given in the year (by date of delivery), by type: the number of "
                   "persons who received each and the number of services."),
                 ["service", "measure"], cells, organisation_types(services, "provider"))


def _stays(period: Period):
    return ShelterStay.objects.filter(admitted_on__lte=period.last_day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=period.first_day))


def _stay_age_group():
    """Child when under 18 at admission (from the year of birth, the coarse attribute)."""
    return Case(When(person__birth_year__isnull=True, then=Value("unknown")),
                When(Q(person__birth_year__gt=F("admitted_on__year") - 18), then=Value("child")),
                default=Value("adult"), output_field=CharField())


@table("shelter_use", CHAPTER)
def shelter_use(period: Period) -> Table:
    stays = _stays(period)
    measures = {"residents": (stays, "person"), "stays": (stays, "pk"),
                "new_admissions": (stays.filter(admitted_on__year=period.year), "pk"),
                "returns": (stays.filter(admitted_on__year=period.year, is_return=True), "pk")}
    cells = []
    for measure, (qs, what) in measures.items():
        for row in (qs.annotate(age_group=_stay_age_group()).values("age_group")
                    .annotate(n=Count(what, distinct=True)).order_by("age_group")):
            cells.append({"measure": measure, "age_group": row["age_group"], "count": row["n"]})
    return Table("shelter_use", _("Use of the Shelter"),
                 _("Residents (persons staying in the Shelter in the year, from the day of admission "
                   "to the day of leaving), stays, new admissions and returns (by date of "
                   "admission), by age at admission."), ["measure", "age_group"], cells, ["shelter"])


@table("shelter_residents_by_form", CHAPTER)
def shelter_residents_by_form(period: Period) -> Table:
    latest = (with_form(Decision.objects.filter(procedure__person=OuterRef("person"),
                                                outcome="identified", state="approved",
                                                approved_at__lt=period.end))
              .order_by("-approved_at").values("form")[:1])
    stays = _stays(period).annotate(
        form=Subquery(latest, output_field=CharField()), age_group=_stay_age_group())
    return Table("shelter_residents_by_form", _("Shelter residents by form of exploitation"),
                 _("Residents in the year (by dates of admission and leaving) by their form of "
                   "exploitation (the latest identification in effect by 31 December) and age at "
                   "admission; “unknown”: not identified by then."),
                 ["form", "age_group"],
                 counted(stays, of="person", form=F("form"), age_group=F("age_group")),
                 ["shelter"])


@table("shelter_examinations", CHAPTER)
def shelter_examinations(period: Period) -> Table:
    exams = MedicalExamination.objects.filter(on__year=period.year)
    return Table("shelter_examinations", _("Medical examinations at the Shelter, by type"),
                 _("Medical assistance and specialist examinations of Shelter residents in the year "
                   "(by date of the examination)."),
                 ["examination"], counted(exams, examination=F("examination")), ["shelter"])

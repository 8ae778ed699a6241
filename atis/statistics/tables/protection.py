"""Protection and the Shelter (the Centre's tables, §3.8–§3.9). Every table counts by the
days things happened (delivery, admission, leaving, plan start and closing, the day an
identification took effect), never by when they were recorded."""

from collections import Counter

from django.db.models import Case, CharField, F, Min, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext as _

from atis.protection.models import MedicalExamination, ServiceRecord, ShelterStay
from atis.statistics.models import VictimYear
from atis.statistics.tables.base import (
    Period,
    Table,
    age_group_at,
    counted,
    organisation_types,
    select,
    table,
    year_of,
)

CHAPTER = "protection"


def _services(period: Period):
    return ServiceRecord.objects.filter(delivered_on__year=period.year)


# Each group is read from the year's own facts (`models.ServedYear`, `VictimYear`) and the
# plans still open: a look-up of each one's person (the latest year identified by then, and
# whether already counted), so the cost follows the open plans, not the earlier victims.
_SUPPORT = """
    SELECT 'identified_this_year', COUNT(*) FROM {statistics_victimyear} WHERE year = %(year)s
    UNION ALL
    SELECT 'identified_earlier_supported', COUNT(*) FROM {statistics_servedyear}
    WHERE year = %(year)s AND standing = 'identified_earlier'
    UNION ALL
    SELECT 'identified_earlier_supported', COUNT(*) FROM (
        SELECT (SELECT MAX(v.year) FROM {statistics_victimyear} v
                WHERE v.person_id = p.person_id AND v.year <= %(year)s) AS identified,
               (SELECT COUNT(*) FROM {statistics_servedyear} s
                WHERE s.person_id = p.person_id AND s.year = %(year)s) AS served
        FROM {protection_protectionplan} p
        WHERE p.closed_on IS NULL AND p.started_on <= %(last_day)s) open_plans
    WHERE identified < %(year)s AND served = 0
    UNION ALL
    SELECT 'at_risk_supported', COUNT(*) FROM {statistics_servedyear}
    WHERE year = %(year)s AND standing = 'not_identified' AND served
"""


@table("support_population", CHAPTER)
def support_population(period: Period) -> Table:
    counts = Counter()
    for category, n in select(_SUPPORT, year=period.year, last_day=period.last_day):
        counts[category] += n
    found = [{"category": code, "count": counts[code]} for code in
             ("identified_this_year", "identified_earlier_supported", "at_risk_supported")]
    return Table("support_population", _("Persons supported"),
                 _("Victims identified in the year (by the day the decision took effect); victims "
                   "identified earlier who were still supported (a protection plan in force in the "
                   "year, from its start to its closing date, or a service delivered in the year); "
                   "persons at risk, not identified by 31 December, who received services in the "
                   "year (by date of delivery)."),
                 ["category"], [c for c in found if c["count"]],
                 organisation_types(_services(period), "provider"), totals=["category"])


_SERVICES = """
    SELECT service, COUNT(*), CAST(SUM(services) AS BIGINT) FROM {statistics_serviceyear}
    WHERE year = %(year)s GROUP BY service ORDER BY service
"""


@table("services_by_type", CHAPTER)
def services_by_type(period: Period) -> Table:
    rows = select(_SERVICES, year=period.year)
    cells = [cell for service, persons, services in rows for cell in (
        {"service": service, "measure": "persons", "count": persons},
        {"service": service, "measure": "services", "count": services})]
    return Table("services_by_type", _("Services delivered, by type"),
                 _("Services given in the year (by date of delivery), by type: the number of "
                   "persons who received each and the number of services."),
                 ["service", "measure"], cells, organisation_types(_services(period), "provider"))


def _stays(period: Period):
    return ShelterStay.objects.filter(admitted_on__lte=period.last_day).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=period.first_day))


def _stay_age_group():
    """Child when under 18 at admission (from the year of birth, the coarse attribute)."""
    return Case(When(person__birth_year__isnull=True, then=Value("unknown")),
                When(Q(person__birth_year__gt=F("admitted_on__year") - 18), then=Value("child")),
                default=Value("adult"), output_field=CharField())


# The year's stays: those ended from the facts (`models.StayYear`), those still open from
# the stays (the few in the Shelter now).
_USE = """
    WITH stays AS (
        SELECT person_id, age_group, admitted, is_return FROM {statistics_stayyear}
        WHERE year = %(year)s
        UNION ALL
        SELECT s.person_id, {age_group}, s.admitted_on >= %(first_day)s, s.is_return
        FROM {protection_shelterstay} s JOIN {people_person} p ON p.id = s.person_id
        WHERE s.left_on IS NULL AND s.admitted_on <= %(last_day)s)
    SELECT age_group, COUNT(DISTINCT person_id), COUNT(*),
           SUM(CASE WHEN admitted THEN 1 ELSE 0 END),
           SUM(CASE WHEN admitted AND is_return THEN 1 ELSE 0 END)
    FROM stays GROUP BY age_group ORDER BY age_group
"""
USE_MEASURES = ["residents", "stays", "new_admissions", "returns"]


@table("shelter_use", CHAPTER)
def shelter_use(period: Period) -> Table:
    first = (ShelterStay.objects.filter(left_on__isnull=True, admitted_on__lte=period.last_day)
             .aggregate(first=Min("admitted_on"))["first"])
    periods = [Period(y) for y in range(first.year if first else period.year, period.year + 1)]
    admitted_year, params = year_of("s.admitted_on", periods, dates=True)
    rows = select(_USE.replace("{age_group}", age_group_at("p.birth_year", admitted_year)),
                  year=period.year, first_day=period.first_day, last_day=period.last_day,
                  **params)
    cells = [{"measure": measure, "age_group": age_group, "count": n}
             for i, measure in enumerate(USE_MEASURES) for age_group, *counts in rows
             if (n := int(counts[i] or 0))]
    return Table("shelter_use", _("Use of the Shelter"),
                 _("Residents (persons staying in the Shelter in the year, from the day of admission "
                   "to the day of leaving), stays, new admissions and returns (by date of "
                   "admission), by age at admission."), ["measure", "age_group"], cells, ["shelter"],
                 totals=["age_group"])


@table("shelter_residents_by_form", CHAPTER)
def shelter_residents_by_form(period: Period) -> Table:
    # The latest identification by 31 December is the one kept for the latest year of it.
    latest = (VictimYear.objects.filter(person=OuterRef("person"), year__lte=period.year)
              .order_by("-year").values("form")[:1])
    stays = _stays(period).annotate(
        form=Subquery(latest, output_field=CharField()), age_group=_stay_age_group())
    return Table("shelter_residents_by_form", _("Shelter residents by form of exploitation"),
                 _("Residents in the year (by dates of admission and leaving) by their form of "
                   "exploitation (the latest identification in effect by 31 December) and age at "
                   "admission; “unknown”: not identified by then."),
                 ["form", "age_group"],
                 counted(stays, of="person", form=F("form"), age_group=F("age_group")),
                 ["shelter"], totals=["form", "age_group"])


@table("shelter_examinations", CHAPTER)
def shelter_examinations(period: Period) -> Table:
    exams = MedicalExamination.objects.filter(on__year=period.year)
    return Table("shelter_examinations", _("Medical examinations at the Shelter, by type"),
                 _("Medical assistance and specialist examinations of Shelter residents in the year "
                   "(by date of the examination)."),
                 ["examination"], counted(exams, distinct=False, examination=F("examination")),
                 ["shelter"], totals=["examination"])

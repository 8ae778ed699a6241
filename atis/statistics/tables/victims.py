"""Identified victims: by form, sex and age, origin, citizenship, recruitment, and the
circumstances of children (the Centre's tables, §3.7). Each table is one grouped query over
the year's victims (`models.VictimYear`), grouped by the deciding organisation's type as
well so that the table's sources come from the same pass."""

from collections import defaultdict

from django.utils.translation import gettext as _

from atis.statistics.tables.base import Period, Table, cells, select, table
from atis.statistics.tables.rules import TOTAL, Average, Cell, Count, Parts, Share, Value

VICTIMS = "victims"
CHILDREN = "children"
FOREIGN = "foreign_victims"
BY_FORM_SEX_AGE = "identified_victims_by_form_sex_age"
ALL = Cell(BY_FORM_SEX_AGE, (TOTAL, TOTAL, TOTAL))
CHILD_VICTIMS = Cell(BY_FORM_SEX_AGE, (TOTAL, TOTAL, "child"))

_SOURCE = " JOIN {core_organisation} o ON o.id = v.decided_by_organisation_id "


def _grouped(period: Period, columns: list[str], *, join: str = "", where: str = "",
             measures: str = "COUNT(*)") -> tuple[list[tuple], list[str]]:
    """Rows (column values…, measures…) of the year's victims grouped by `columns`, summed
    over the deciding organisations, and the organisations' types (the table's sources)."""
    keys = ", ".join(columns)
    # Built from this module's constant fragments only; values go in as parameters.
    query = ("SELECT " + (keys + ", " if keys else "") + "o.type, " + measures  # noqa: S608
             + " FROM {statistics_victimyear} v" + _SOURCE + join + " WHERE v.year = %(year)s"
             + (" AND " + where if where else "")
             + " GROUP BY " + ", ".join(str(n) for n in range(1, len(columns) + 2)))
    return _summed(select(query, year=period.year), len(columns))


def _summed(found, width: int) -> tuple[list[tuple], list[str]]:
    """Rows (`width` key values…, organisation type, measures…) summed over the types, in
    order of the keys, and the types."""
    totals, types = defaultdict(lambda: None), set()
    for row in found:
        key, org_type, values = row[:width], row[width], row[width + 1:]
        types.add(org_type)
        previous = totals[key]
        totals[key] = values if previous is None else tuple(
            (a or 0) + (b or 0) for a, b in zip(previous, values, strict=True))
    ordered = sorted(totals.items(), key=lambda item: tuple((v is None, str(v)) for v in item[0]))
    return [(*key, *values) for key, values in ordered], sorted(t for t in types if t)


def _cells(rows, names):
    return cells([row[:len(names) + 1] for row in rows], names)


@table("identified_victims_by_form_sex_age", VICTIMS)
def by_form_sex_age(period: Period) -> Table:
    rows, sources = _grouped(period, ["v.form", "v.sex", "v.age_group"])
    return Table(BY_FORM_SEX_AGE,
                 _("Identified victims by form of exploitation, sex and age"),
                 _("Persons identified as victims in the year (by the date the decision took "
                   "effect), once each. A victim of several forms counts once, under “multiple "
                   "forms”. Children are under 18 when the exploitation began, or on the day the "
                   "decision took effect where that date is unknown."),
                 ["form", "sex", "age_group"], _cells(rows, ["form", "sex", "age_group"]), sources,
                 totals=["form", "sex", "age_group"])


# Counted by the countries' and organisations' ids first: the year's victims are read from
# one index, and only the groups are joined to the codes.
_ORIGIN = """
    SELECT origin.code, exploited.code, o.type, v.n FROM (
        SELECT origin_country_id, exploitation_country_id, decided_by_organisation_id,
               COUNT(*) AS n
        FROM {statistics_victimyear} WHERE year = %(year)s GROUP BY 1, 2, 3) v
    JOIN {core_organisation} o ON o.id = v.decided_by_organisation_id
    LEFT JOIN {reference_country} origin ON origin.id = v.origin_country_id
    LEFT JOIN {reference_country} exploited ON exploited.id = v.exploitation_country_id
"""


@table("identified_victims_by_origin_and_exploitation_country", VICTIMS)
def by_origin_and_country(period: Period) -> Table:
    rows, sources = _summed(select(_ORIGIN, year=period.year), 2)
    return Table("identified_victims_by_origin_and_exploitation_country",
                 _("Identified victims by country of origin and of exploitation"),
                 _("Persons identified in the year (by the date the decision took effect) by "
                   "country of origin and the first recorded country of exploitation (or "
                   "intended exploitation)."),
                 ["origin", "exploitation_country"],
                 _cells(rows, ["origin", "exploitation_country"]), sources,
                 totals=["origin", "exploitation_country"], links=[((TOTAL, TOTAL), ALL)])


def _average(total, count) -> float | None:
    return round(total / count, 1) if count else None


@table("identified_victims_by_citizenship_group", FOREIGN)
def by_citizenship_group(period: Period) -> Table:
    rows, sources = _grouped(period, ["v.citizenship_group", "v.form", "v.age_group"],
                             measures="COUNT(*), SUM(v.age), COUNT(v.age)")
    groups, forms = defaultdict(int), defaultdict(lambda: [0, 0])
    overall, children = [0, 0], [0, 0]
    for group, form, age_group, n, age_sum, aged in rows:
        groups[group] += n
        for bucket in (forms[form], overall, *([children] if age_group == "child" else [])):
            bucket[0] += age_sum or 0
            bucket[1] += aged
    averages = {"average_age": _average(*overall), "average_age_children": _average(*children),
                "average_age_by_form": {form: _average(*forms[form])
                                        for form in sorted(forms, key=lambda f: (f is None, str(f)))
                                        if forms[form][1]}}
    return Table("identified_victims_by_citizenship_group",
                 _("Identified victims: nationals and foreign nationals, average age"),
                 _("Persons identified in the year (by the date the decision took effect) who "
                   "are Serbian nationals or foreign nationals; average age (when the "
                   "exploitation began, else on the day the decision took effect) overall, of "
                   "children, and by form."),
                 ["citizenship_group"],
                 cells(sorted(groups.items()), ["citizenship_group"]), sources, values=averages,
                 totals=["citizenship_group"], links=[((TOTAL,), ALL)],
                 rules=[Average(("average_age",), overall[1], ALL),
                        Average(("average_age_children",), children[1], CHILD_VICTIMS),
                        *[Average(("average_age_by_form", form), forms[form][1],
                                  Cell(BY_FORM_SEX_AGE, (form or "unknown", TOTAL, TOTAL)))
                          for form in averages["average_age_by_form"]],
                        Parts(("average_age",), tuple(("average_age_by_form", form)
                                                      for form in averages["average_age_by_form"]))])


RECRUITMENT = "recruitment_methods_by_form"


@table(RECRUITMENT, VICTIMS)
def recruitment_methods_by_form(period: Period) -> Table:
    rows, _sources = _grouped(
        period, ["v.form", "r.method"],
        join=" JOIN {identification_decisionrecruitment} r ON r.decision_id = v.decision_id ")
    totals, sources = _grouped(
        period, [], measures="COUNT(*), SUM(CASE WHEN v.recruitment_online THEN 1 ELSE 0 END)")
    total, online = totals[0] if totals else (0, 0)
    return Table(RECRUITMENT, _("Recruitment methods by form of exploitation"),
                 _("Recruitment methods of persons identified in the year (by the date the "
                   "decision took effect); a victim recruited in several ways counts under each "
                   "(the counts are not exclusive). The share of "
                   "victims recruited or exploited through the internet or social networks is "
                   "given as a value."),
                 ["form", "method"], _cells(rows, ["form", "method"]), sources,
                 values={"online": online, "total": total,
                         "online_share": round(online / total, 3) if total else None},
                 totals=["form"],
                 rules=[Count(("online",)), Count(("total",), ALL),
                        Share(("online_share",), Value(RECRUITMENT, ("online",)),
                              Value(RECRUITMENT, ("total",)))])


_CONTEXTS = {
    "institutional_care": "v.child_in_institutional_care",
    "parent_complicit": "v.child_parent_complicit",
    "school_age_not_attending": "NOT v.child_school_attendance AND v.age >= 7",
}


@table("child_victims_context", CHILDREN)
def child_victims_context(period: Period) -> Table:
    measures = ", ".join(["COUNT(*)"] + [f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"
                                         for condition in _CONTEXTS.values()])
    rows, sources = _grouped(period, [], where="v.age_group = 'child'", measures=measures)
    children, *counts = rows[0] if rows else (0, *[0] * len(_CONTEXTS))
    found = [{"context": code, "count": n} for code, n in zip(_CONTEXTS, counts, strict=True)]
    return Table("child_victims_context", _("Child victims: circumstances"),
                 _("Children identified in the year (by the date the decision took effect) who "
                   "were in institutional care while exploited, whose parent was the exploiter "
                   "or complicit, or who were of school age and not attending school."),
                 ["context"], [c for c in found if c["count"]], sources,
                 values={"children": children}, rules=[Count(("children",), CHILD_VICTIMS)])

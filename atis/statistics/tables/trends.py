"""Six-year series (§3.13)."""

from django.utils.translation import gettext as _

from atis.statistics.tables.base import Period, Table, select, table
from atis.statistics.tables.rules import TOTAL, Cell, Share, Value

YEARS = 6

_VICTIMS_BY_YEAR = """
    SELECT v.year, COUNT(*),
           SUM(CASE WHEN v.age_group = 'child' THEN 1 ELSE 0 END),
           SUM(CASE WHEN v.citizenship_group = 'foreign' THEN 1 ELSE 0 END),
           SUM(CASE WHEN v.recruitment_online THEN 1 ELSE 0 END)
    FROM {statistics_victimyear} v WHERE v.year >= %(first)s AND v.year <= %(last)s
    GROUP BY v.year
"""


def _reports_by_year(periods: list[Period]) -> dict[int, int]:
    """A count per year, each a range of the index on the day of receipt counted alone
    (cheaper than computing the year of every report)."""
    counts = " UNION ALL ".join(
        f"SELECT {p.year:d}, COUNT(*) FROM {{intake_report}} "  # noqa: S608
        f"WHERE received_at >= %(start_{i})s AND received_at < %(end_{i})s"
        for i, p in enumerate(periods))
    return dict(select(counts, **{f"start_{i}": p.start for i, p in enumerate(periods)},
                       **{f"end_{i}": p.end for i, p in enumerate(periods)}))


SERIES = "time_series"
SHARES = ("children", "foreign", "online")


@table(SERIES, "reports_identification")
def time_series(period: Period) -> Table:
    periods = [Period(year) for year in range(period.year - YEARS + 1, period.year + 1)]
    victims = {row[0]: row[1:] for row in select(_VICTIMS_BY_YEAR, first=periods[0].year,
                                                  last=periods[-1].year)}
    reports = _reports_by_year(periods)
    cells, shares = [], {}
    for p in periods:
        identified, children, foreign, online = victims.get(p.year, (0, 0, 0, 0))
        counts = {"identified": identified, "children": children, "foreign": foreign,
                  "online": online, "reports": reports.get(p.year, 0)}
        cells += [{"year": str(p.year), "measure": m, "count": n} for m, n in counts.items() if n]
        shares[str(p.year)] = {f"{m}_share": round(counts[m] / identified, 3) if identified else None
                               for m in SHARES}
    return Table(SERIES, _("Six years at a glance"),
                 _("For each of the last six years: reports received (by the date of receipt), "
                   "victims identified (by the date the decision took effect), and the shares of "
                   "children, foreign nationals and online recruitment among them."),
                 ["year", "measure"], cells, ["centre"], values={"shares": shares},
                 rules=[Share(("shares", str(p.year), f"{m}_share"), Cell(SERIES, (str(p.year), m)),
                              Cell(SERIES, (str(p.year), "identified")))
                        for p in periods for m in SHARES],
                 links=_this_year(period))


def _this_year(period: Period) -> list:
    """The year's own figures are the same numbers as the victims' tables publish."""
    year, victims = str(period.year), "identified_victims_by_form_sex_age"
    return [((year, "identified"), Cell(victims, (TOTAL, TOTAL, TOTAL))),
            ((year, "children"), Cell(victims, (TOTAL, TOTAL, "child"))),
            ((year, "foreign"), Cell("identified_victims_by_citizenship_group", ("foreign",))),
            ((year, "online"), Value("recruitment_methods_by_form", ("online",)))]

"""Six-year series (§3.13)."""

from django.utils.translation import gettext as _

from atis.statistics.tables.base import Period, Table, select, table, year_of

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
    year, params = year_of("received_at", periods)
    return dict(select(f"SELECT {year}, COUNT(*) FROM {{intake_report}} "  # noqa: S608
                       "WHERE received_at >= %(start)s AND received_at < %(end)s GROUP BY 1",
                       start=periods[0].start, end=periods[-1].end, **params))


@table("time_series", "reports_identification")
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
                               for m in ("children", "foreign", "online")}
    return Table("time_series", _("Six years at a glance"),
                 _("For each of the last six years: reports received (by the date of receipt), "
                   "victims identified (by the date the decision took effect), and the shares of "
                   "children, foreign nationals and online recruitment among them."),
                 ["year", "measure"], cells, ["centre"], values={"shares": shares})

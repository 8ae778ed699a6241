"""Six-year series (§3.13)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from atis.statistics.tables.base import Period, Table, table
from atis.statistics.tables.identification import (
    any_citizenship,
    identifications,
    national,
    reports_received,
    with_age,
)

YEARS = 6


@table("time_series", "reports_identification")
def time_series(period: Period) -> Table:
    cells, shares = [], {}
    for year in range(period.year - YEARS + 1, period.year + 1):
        p = Period(year)
        victims = with_age(identifications(p)).annotate(is_national=national(),
                                                        has_citizenship=any_citizenship())
        counts = victims.aggregate(
            identified=Count("pk"), children=Count("pk", filter=Q(age_group="child")),
            foreign=Count("pk", filter=Q(is_national=False, has_citizenship=True)),
            online=Count("pk", filter=Q(recruitment_online=True)))
        counts["reports"] = reports_received(p).count()
        cells += [{"year": str(year), "measure": m, "count": n} for m, n in counts.items() if n]
        total = counts["identified"]
        shares[str(year)] = {f"{m}_share": round(counts[m] / total, 3) if total else None
                             for m in ("children", "foreign", "online")}
    return Table("time_series", _("Six years at a glance"),
                 _("For each of the last six years: reports received (by the date of receipt), "
                   "victims identified (by the date the decision took effect), and the shares of "
                   "children, foreign nationals and online recruitment among them."),
                 ["year", "measure"], cells, ["centre"], values={"shares": shares})

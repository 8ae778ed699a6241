"""The victims identified in a year as one set-based query: the rows every table of
identified victims groups, computed in the database in one pass instead of a look-up per
victim (the latest decision, the form, the citizenship).

`victims(periods)` is a common table expression `victims` with one row per person and year
of `periods`: the latest identification of the person taking effect in that year (by the
date of approval), with `year`, `age` (when the exploitation began, else at the decision),
`age_group`, `form` (the decision's form, "multiple" when several), `citizenship_group`
and the decision's own columns. Table placeholders and parameters are those of
`base.select`.
"""

from atis.statistics.tables import base
from atis.statistics.tables.base import Period

# The forms are joined before the window (not to its result, whose size the planner cannot
# estimate), so every join is planned from the decisions' own statistics.
_RANKED = """
    SELECT d.id, d.decided_by_organisation_id, d.origin_country_id, d.exploitation_country_id,
           d.recruitment_online, d.child_school_attendance, d.child_in_institutional_care,
           d.child_parent_complicit, p.person_id, forms.form, {year} AS year,
           COALESCE(d.age_at_exploitation_start, d.age_at_identification) AS age,
           ROW_NUMBER() OVER (PARTITION BY p.person_id, {year}
                              ORDER BY d.approved_at DESC, d.id DESC) AS rank
    FROM {{identification_decision}} d
    JOIN {{identification_procedure}} p ON p.id = d.procedure_id
    LEFT JOIN (
        SELECT f.decision_id,
               CASE WHEN COUNT(DISTINCT f.form) > 1 THEN 'multiple' ELSE MIN(f.form) END AS form
        FROM {{identification_decisionform}} f
        JOIN {{identification_decision}} d ON d.id = f.decision_id
        WHERE d.outcome = 'identified' AND d.state = 'approved'
          AND d.approved_at >= %(start)s AND d.approved_at < %(end)s
        GROUP BY f.decision_id) forms ON forms.decision_id = d.id
    WHERE d.outcome = 'identified' AND d.state = 'approved'
      AND d.approved_at >= %(start)s AND d.approved_at < %(end)s
"""

_VICTIMS = """
WITH victims AS (
    SELECT v.*,
           CASE WHEN v.age < 18 THEN 'child' WHEN v.age IS NOT NULL THEN 'adult'
                ELSE 'unknown' END AS age_group,
           CASE WHEN EXISTS (SELECT 1 FROM {{people_person_citizenships}} c
                             WHERE c.person_id = v.person_id AND c.country_id = (
                                 SELECT k.id FROM {{reference_country}} k WHERE k.code = 'RS'))
                THEN 'national'
                WHEN EXISTS (SELECT 1 FROM {{people_person_citizenships}} c
                             WHERE c.person_id = v.person_id) THEN 'foreign'
                ELSE 'unknown' END AS citizenship_group
    FROM ({ranked}) v
    WHERE v.rank = 1)
"""


def victims(periods: list[Period]) -> tuple[str, dict]:
    """The `WITH … victims` clause for consecutive `periods`, and its parameters."""
    year, params = base.year_of("d.approved_at", periods)
    params.update(start=periods[0].start, end=periods[-1].end)
    return _VICTIMS.format(ranked=_RANKED.format(year=year)), params

SELECT coded(direction) AS direction, coded(type) AS type, coded(outcome) AS outcome,
       count(DISTINCT id) AS count
FROM (
    SELECT id, direction, type,
           CASE WHEN outcome_on <= $last_day THEN outcome ELSE 'pending' END AS outcome
    FROM legal_assistance WHERE requested_on BETWEEN $first_day AND $last_day
)
GROUP BY direction, type, outcome

SELECT coded(examination) AS examination, count(DISTINCT id) AS count
FROM examination WHERE day BETWEEN $first_day AND $last_day
GROUP BY examination

WITH this_year AS (SELECT DISTINCT person_id FROM identifications($start, $end)),
earlier AS (SELECT DISTINCT person_id FROM identified WHERE approved_at < $start),
ever AS (SELECT DISTINCT person_id FROM identified WHERE approved_at < $end),
serviced AS (SELECT DISTINCT person_id FROM service WHERE delivered_on BETWEEN $first_day AND $last_day),
planned AS (
    SELECT DISTINCT person_id FROM plan
    WHERE started_on <= $last_day AND (closed_on IS NULL OR closed_on >= $first_day)
)
SELECT category, count FROM (
    SELECT 'identified_this_year' AS category, count(*) AS count FROM this_year
    UNION ALL
    SELECT 'identified_earlier_supported', count(*) FROM earlier
    WHERE person_id NOT IN (SELECT person_id FROM this_year)
      AND (person_id IN (SELECT person_id FROM serviced) OR person_id IN (SELECT person_id FROM planned))
    UNION ALL
    SELECT 'at_risk_supported', count(*) FROM serviced WHERE person_id NOT IN (SELECT person_id FROM ever)
)
WHERE count > 0

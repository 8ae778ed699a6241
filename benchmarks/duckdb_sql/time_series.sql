-- Six years at a glance; $periods lists each year with its bounds (start_at, end_at).
WITH periods AS (SELECT unnest($periods, recursive := true)),
victims AS (
    SELECT p.year, i.*, coalesce(i.age_at_exploitation_start, i.age_at_identification) AS age
    FROM identified i JOIN periods p ON i.approved_at >= p.start_at AND i.approved_at < p.end_at
    QUALIFY row_number() OVER (PARTITION BY p.year, i.person_id ORDER BY i.approved_at DESC, i.id DESC) = 1
),
by_year AS (
    SELECT v.year, count(*) AS identified, count(*) FILTER (WHERE v.age < 18) AS children,
           count(*) FILTER (WHERE g.citizenship_group = 'foreign') AS "foreign",
           count(*) FILTER (WHERE v.recruitment_online) AS online
    FROM victims v LEFT JOIN citizenship_groups g ON g.person_id = v.person_id
    GROUP BY v.year
),
reports AS (
    SELECT p.year, count(*) AS reports
    FROM report r JOIN periods p ON r.received_at >= p.start_at AND r.received_at < p.end_at
    GROUP BY p.year
)
SELECT CAST(year AS VARCHAR) AS year, measure, count FROM (
    SELECT p.year, coalesce(b.identified, 0) AS identified, coalesce(b.children, 0) AS children,
           coalesce(b."foreign", 0) AS "foreign", coalesce(b.online, 0) AS online,
           coalesce(r.reports, 0) AS reports
    FROM periods p LEFT JOIN by_year b ON b.year = p.year LEFT JOIN reports r ON r.year = p.year
) UNPIVOT (count FOR measure IN (identified, children, "foreign", online, reports))
WHERE count > 0

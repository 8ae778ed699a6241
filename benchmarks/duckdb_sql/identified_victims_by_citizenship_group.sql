SELECT coded(citizenship_group) AS citizenship_group, count(DISTINCT id) AS count
FROM (
    SELECT i.id, coalesce(g.citizenship_group, 'unknown') AS citizenship_group
    FROM identifications($start, $end) i LEFT JOIN citizenship_groups g ON g.person_id = i.person_id
)
GROUP BY citizenship_group

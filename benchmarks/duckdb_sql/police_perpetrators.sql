SELECT coded(sex) AS sex, coded(citizenship_group) AS citizenship_group, count(DISTINCT id) AS count
FROM (
    SELECT d.id, d.sex,
           CASE WHEN d.citizenship_id IS NULL THEN 'unknown' WHEN k.code = 'RS' THEN 'national'
                ELSE 'foreign' END AS citizenship_group
    FROM defendant d
    JOIN reported($first_day, $last_day) c ON c.id = d.case_id
    LEFT JOIN country k ON k.id = d.citizenship_id
)
GROUP BY sex, citizenship_group

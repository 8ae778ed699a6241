WITH stays AS MATERIALIZED (SELECT * FROM stays_in($first_day, $last_day)),
admitted AS (SELECT * FROM stays WHERE admitted_on BETWEEN $first_day AND $last_day)
SELECT 'residents' AS measure, age_group, count(DISTINCT person_id) AS count FROM stays GROUP BY age_group
UNION ALL SELECT 'stays', age_group, count(DISTINCT id) FROM stays GROUP BY age_group
UNION ALL SELECT 'new_admissions', age_group, count(DISTINCT id) FROM admitted GROUP BY age_group
UNION ALL SELECT 'returns', age_group, count(DISTINCT id) FROM admitted WHERE is_return GROUP BY age_group

-- Average ages: overall, of children, and by form (key, form, average).
WITH v AS MATERIALIZED (SELECT form, age, age_group FROM victims($start, $end))
SELECT 'average_age' AS key, NULL AS form, avg(age) AS average FROM v
UNION ALL SELECT 'average_age_children', NULL, avg(age) FROM v WHERE age_group = 'child'
UNION ALL SELECT 'average_age_by_form', form, avg(age) FROM v GROUP BY form

-- Residents by the form of their latest identification in effect by 31 December.
WITH latest AS (
    SELECT person_id, arg_max(id, (approved_at, id)) AS decision_id
    FROM identified WHERE approved_at < $end GROUP BY person_id
)
SELECT coded(form) AS form, coded(age_group) AS age_group, count(DISTINCT person_id) AS count
FROM (
    SELECT s.person_id, f.form, s.age_group
    FROM stays_in($first_day, $last_day) s
    LEFT JOIN latest l ON l.person_id = s.person_id
    LEFT JOIN decision_forms f ON f.decision_id = l.decision_id
)
GROUP BY form, age_group

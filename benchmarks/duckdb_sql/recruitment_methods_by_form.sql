SELECT coded(form) AS form, coded(method) AS method, count(DISTINCT id) AS count
FROM (
    SELECT r.id, f.form, r.method
    FROM decision_recruitment r
    JOIN identifications($start, $end) i ON i.id = r.decision_id
    LEFT JOIN decision_forms f ON f.decision_id = r.decision_id
)
GROUP BY form, method

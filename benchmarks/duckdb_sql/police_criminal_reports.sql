WITH cases AS MATERIALIZED (
    SELECT c.id, o.code FROM reported($first_day, $last_day) c
    JOIN organisation o ON o.id = c.police_administration_id
)
SELECT coded(code) AS police_administration, 'criminal_reports' AS measure, count(DISTINCT id) AS count
FROM cases GROUP BY code
UNION ALL
SELECT coded(c.code), 'offences', count(DISTINCT x.id) FROM offence x JOIN cases c ON c.id = x.case_id
GROUP BY c.code
UNION ALL
SELECT coded(c.code), 'perpetrators', count(DISTINCT x.id) FROM defendant x JOIN cases c ON c.id = x.case_id
GROUP BY c.code
UNION ALL
SELECT coded(c.code), 'damaged_persons', count(DISTINCT x.id) FROM damaged_party x JOIN cases c ON c.id = x.case_id
GROUP BY c.code

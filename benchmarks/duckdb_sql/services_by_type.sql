-- The service code as recorded (this table does not map empty codes to "unknown").
WITH by_type AS (
    SELECT service, count(DISTINCT person_id) AS persons, count(*) AS services
    FROM service WHERE delivered_on BETWEEN $first_day AND $last_day
    GROUP BY service
)
SELECT service, 'persons' AS measure, persons AS count FROM by_type
UNION ALL SELECT service, 'services', services FROM by_type

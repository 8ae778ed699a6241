SELECT coded(recipient_type) AS recipient_type, coded(response) AS response, count(DISTINCT id) AS count
FROM (
    SELECT m.id, o.type AS recipient_type,
           CASE WHEN m.responded_on <= $last_day THEN m.response ELSE 'none' END AS response
    FROM memo m JOIN organisation o ON o.id = m.recipient_id
    WHERE m.sent_on BETWEEN $first_day AND $last_day
)
GROUP BY recipient_type, response

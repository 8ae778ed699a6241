-- Persons named in the year's reports, by source and outcome on 31 December.
WITH named AS (
    SELECT rp.id, rp.report_id, rp.person_id, r.source_type, r.status, r.triaged_at
    FROM report_person rp JOIN report r ON r.id = rp.report_id
    WHERE r.received_at >= $start AND r.received_at < $end
), latest AS (
    SELECT p.report_id, p.person_id, arg_max(d.outcome, (d.approved_at, d.id)) AS outcome
    FROM decision d JOIN procedure p ON p.id = d.procedure_id
    WHERE d.state = 'approved' AND d.approved_at < $end
      AND p.report_id IN (SELECT report_id FROM named)
    GROUP BY p.report_id, p.person_id
)
SELECT coded(source_type) AS source_type, coded(outcome) AS outcome, count(DISTINCT id) AS count
FROM (
    SELECT n.id, n.source_type,
           CASE WHEN n.status = 'dismissed' AND n.triaged_at < $end THEN 'dismissed'
                ELSE coalesce(l.outcome, 'pending') END AS outcome
    FROM named n LEFT JOIN latest l ON l.report_id = n.report_id AND l.person_id = n.person_id
)
GROUP BY source_type, outcome

SELECT coded(dismissal_reason) AS reason, count(DISTINCT id) AS count
FROM (
    SELECT rp.id, r.dismissal_reason FROM report_person rp JOIN report r ON r.id = rp.report_id
    WHERE r.received_at >= $start AND r.received_at < $end
      AND r.status = 'dismissed' AND r.triaged_at < $end
)
GROUP BY dismissal_reason

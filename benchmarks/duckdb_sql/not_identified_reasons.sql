SELECT coded(reason) AS reason, count(DISTINCT id) AS count
FROM decision
WHERE outcome = 'not_identified' AND state = 'approved' AND approved_at >= $start AND approved_at < $end
GROUP BY reason

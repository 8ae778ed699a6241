SELECT coded(source_type) AS source_type, count(DISTINCT id) AS count
FROM report WHERE received_at >= $start AND received_at < $end
GROUP BY source_type

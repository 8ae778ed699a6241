SELECT count(*) FILTER (WHERE recruitment_online) AS online, count(*) AS total
FROM identifications($start, $end)

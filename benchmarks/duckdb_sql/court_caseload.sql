-- Per court level: a case is received at its first event naming a court of that level
-- (that has come by today) and resolved at its first judgement there.
WITH levels(level) AS (VALUES ('higher'), ('appellate')),
spans AS MATERIALIZED (
    SELECT l.level, e.case_id, min(e.day) AS first,
           min(e.day) FILTER (WHERE e.kind IN ('conviction', 'acquittal', 'rejection', 'plea_agreement',
                                               'final_judgement')) AS done
    FROM event e JOIN organisation o ON o.id = e.court_id JOIN levels l ON starts_with(o.code, l.level)
    WHERE e.day <= $today
    GROUP BY l.level, e.case_id
),
in_work AS (SELECT * FROM spans WHERE first <= $last_day AND (done IS NULL OR done >= $first_day)),
counts AS (
    SELECT level,
           count(*) FILTER (WHERE first < $first_day AND (done IS NULL OR done >= $first_day)) AS pending_at_start,
           count(*) FILTER (WHERE first BETWEEN $first_day AND $last_day) AS received,
           count(*) FILTER (WHERE first <= $last_day AND (done IS NULL OR done >= $first_day)) AS in_work,
           count(*) FILTER (WHERE done BETWEEN $first_day AND $last_day) AS resolved,
           count(*) FILTER (WHERE first <= $last_day AND (done IS NULL OR done > $last_day)) AS unresolved_at_end
    FROM spans GROUP BY level
),
accused AS (
    SELECT w.level, count(*) AS accused FROM in_work w JOIN defendant d ON d.case_id = w.case_id
    GROUP BY w.level
)
SELECT court_level, measure, count FROM (
    SELECT c.level AS court_level, c.pending_at_start, c.received, c.in_work, c.resolved,
           c.unresolved_at_end, coalesce(a.accused, 0) AS accused
    FROM counts c LEFT JOIN accused a ON a.level = c.level
) UNPIVOT (count FOR measure IN (pending_at_start, received, in_work, resolved, unresolved_at_end, accused))
WHERE count > 0

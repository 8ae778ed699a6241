-- Persons at each step. As the ORM's values().distinct().count(), a missing defendant
-- (NULL) counts as one distinct value.
WITH events AS MATERIALIZED (SELECT * FROM happened($first_day, $last_day, $today)),
steps(measure, kind) AS (VALUES
    ('dismissed', 'dismissal'), ('investigations_ordered', 'investigation_ordered'),
    ('investigations_closed', 'investigation_closed'),
    ('investigations_terminated', 'investigation_terminated'),
    ('investigations_suspended', 'investigation_suspended'),
    ('indicted', 'indictment'), ('indicted', 'information'), ('plea_agreements', 'plea_agreement'),
    ('convicted', 'conviction'), ('convicted', 'plea_agreement'), ('acquitted', 'acquittal'),
    ('pvw_granted', 'pvw_granted')
),
reached AS (
    SELECT DISTINCT s.measure,
           CASE WHEN s.measure = 'pvw_granted' THEN e.damaged_party_id ELSE e.defendant_id END AS who
    FROM events e JOIN steps s ON s.kind = e.kind
)
SELECT measure, count FROM (
    SELECT 'persons_reported' AS measure, count(*) AS count
    FROM defendant d JOIN criminal_case c ON c.id = d.case_id
    WHERE c.opened_on BETWEEN $first_day AND $last_day
    UNION ALL
    SELECT measure, count(*) FROM reached GROUP BY measure
    UNION ALL
    SELECT 'sentenced_to_prison', count(*) FROM (
        SELECT DISTINCT defendant_id FROM events
        WHERE kind IN ('conviction', 'plea_agreement') AND sentence_months > 0)
    UNION ALL
    SELECT 'damaged_persons', count(*) FROM (
        SELECT DISTINCT person_id FROM damaged_party WHERE case_id IN (SELECT case_id FROM events))
)
WHERE count > 0

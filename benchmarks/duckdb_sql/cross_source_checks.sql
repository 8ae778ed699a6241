-- Quantities two institutions both report (a missing person or defendant counts as one
-- distinct value, as in the ORM's values().distinct().count()).
WITH events AS MATERIALIZED (SELECT * FROM happened($first_day, $last_day, $today)),
police AS MATERIALIZED (SELECT id FROM reported($first_day, $last_day)),
convictions AS (
    SELECT e.defendant_id, o.type FROM events e JOIN organisation o ON o.id = e.recorded_by_organisation_id
    WHERE e.kind IN ('conviction', 'plea_agreement')
),
v AS (
    SELECT
        (SELECT count(*) FROM (SELECT DISTINCT person_id FROM damaged_party
                               WHERE case_id IN (SELECT id FROM police))) AS police_damaged,
        (SELECT count(*) FROM (SELECT DISTINCT person_id FROM damaged_party
                               WHERE case_id IN (SELECT id FROM criminal_case
                                                 WHERE prosecutor_office_id IS NOT NULL
                                                   AND id IN (SELECT case_id FROM events)))) AS prosecution_damaged,
        (SELECT count(DISTINCT person_id) FROM damaged_party
         WHERE case_id IN (SELECT id FROM police)
           AND person_id IN (SELECT person_id FROM identified WHERE approved_at < $end)) AS identified_linked,
        (SELECT count(*) FROM (SELECT DISTINCT defendant_id FROM convictions
                               WHERE type = 'prosecutor_office')) AS by_prosecution,
        (SELECT count(*) FROM (SELECT DISTINCT defendant_id FROM convictions WHERE type = 'court')) AS by_courts
)
SELECT 'damaged_persons' AS quantity, 'police' AS source, police_damaged AS count FROM v
UNION ALL SELECT 'damaged_persons', 'prosecution', prosecution_damaged FROM v
UNION ALL SELECT 'damaged_persons_identified', 'police', police_damaged FROM v
UNION ALL SELECT 'damaged_persons_identified', 'centre', identified_linked FROM v
UNION ALL SELECT 'convictions', 'prosecution', by_prosecution FROM v
UNION ALL SELECT 'convictions', 'courts', by_courts FROM v

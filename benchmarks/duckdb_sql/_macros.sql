-- Shared definitions, created once when the rows are loaded (no computation happens here).

-- A code as the tables publish it: NULL and "" become "unknown".
CREATE OR REPLACE MACRO coded(x) AS coalesce(nullif(x, ''), 'unknown');

-- The age group of a person born in `birth_year`, at a day in `year`.
CREATE OR REPLACE MACRO age_group_at(birth_year, year) AS
    CASE WHEN birth_year IS NULL THEN 'unknown' WHEN birth_year > year - 18 THEN 'child'
         ELSE 'adult' END;

-- Each decision's form of exploitation, "multiple" when several.
CREATE OR REPLACE VIEW decision_forms AS
    SELECT decision_id, CASE WHEN count(DISTINCT form) > 1 THEN 'multiple' ELSE min(form) END AS form
    FROM decision_form GROUP BY decision_id;

-- Approved identifications with their person.
CREATE OR REPLACE VIEW identified AS
    SELECT d.*, p.person_id FROM decision d JOIN procedure p ON p.id = d.procedure_id
    WHERE d.outcome = 'identified' AND d.state = 'approved';

-- Identifications taking effect in [s, e), the latest of each person.
CREATE OR REPLACE MACRO identifications(s, e) AS TABLE
    SELECT * FROM identified WHERE approved_at >= s AND approved_at < e
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY approved_at DESC, id DESC) = 1;

-- Persons with a citizenship: national when one is Serbian.
CREATE OR REPLACE VIEW citizenship_groups AS
    SELECT c.person_id, CASE WHEN bool_or(k.code = 'RS') THEN 'national' ELSE 'foreign' END AS citizenship_group
    FROM citizenship c JOIN country k ON k.id = c.country_id GROUP BY c.person_id;

-- The identifications of [s, e) with form and age (when exploitation began, else at the
-- decision) and age group.
CREATE OR REPLACE MACRO victims(s, e) AS TABLE
    SELECT i.*, f.form, coalesce(i.age_at_exploitation_start, i.age_at_identification) AS age,
           CASE WHEN age < 18 THEN 'child' WHEN age IS NOT NULL THEN 'adult' ELSE 'unknown' END AS age_group
    FROM identifications(s, e) i
    LEFT JOIN decision_forms f ON f.decision_id = i.id;

-- Shelter stays in the year (from admission to leaving), with the age group at admission.
CREATE OR REPLACE MACRO stays_in(first_day, last_day) AS TABLE
    SELECT s.*, age_group_at(p.birth_year, year(s.admitted_on)) AS age_group
    FROM stay s JOIN person p ON p.id = s.person_id
    WHERE s.admitted_on <= last_day AND (s.left_on IS NULL OR s.left_on >= first_day);

-- Criminal cases opened in the year on a police administration's report.
CREATE OR REPLACE MACRO reported(first_day, last_day) AS TABLE
    SELECT * FROM criminal_case
    WHERE opened_on BETWEEN first_day AND last_day AND police_administration_id IS NOT NULL;

-- Proceeding events of the year whose day has come.
CREATE OR REPLACE MACRO happened(first_day, last_day, today) AS TABLE
    SELECT * FROM event WHERE day >= first_day AND day <= least(last_day, today);

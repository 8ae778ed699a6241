WITH children AS MATERIALIZED (SELECT * FROM victims($start, $end) WHERE age_group = 'child')
SELECT context, count FROM (
    SELECT 'institutional_care' AS context, count(*) AS count FROM children WHERE child_in_institutional_care
    UNION ALL SELECT 'parent_complicit', count(*) FROM children WHERE child_parent_complicit
    UNION ALL SELECT 'school_age_not_attending', count(*) FROM children
              WHERE NOT child_school_attendance AND age >= 7
)
WHERE count > 0

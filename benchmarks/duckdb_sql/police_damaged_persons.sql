SELECT coded(sex) AS sex, coded(age_group) AS age_group, count(DISTINCT id) AS count
FROM (
    SELECT dp.id, p.sex, age_group_at(p.birth_year, year(c.opened_on)) AS age_group
    FROM damaged_party dp
    JOIN reported($first_day, $last_day) c ON c.id = dp.case_id
    JOIN person p ON p.id = dp.person_id
)
GROUP BY sex, age_group

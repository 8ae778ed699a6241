SELECT coded(form) AS form, coded(sex) AS sex, coded(age_group) AS age_group, count(DISTINCT id) AS count
FROM (SELECT v.id, v.form, p.sex, v.age_group FROM victims($start, $end) v JOIN person p ON p.id = v.person_id)
GROUP BY form, sex, age_group

SELECT length, count(DISTINCT id) AS count
FROM (
    SELECT id, CASE WHEN sentence_months < 12 THEN 'under_1_year'
                    WHEN sentence_months < 36 THEN '1_to_3_years'
                    WHEN sentence_months < 60 THEN '3_to_5_years'
                    WHEN sentence_months < 120 THEN '5_to_10_years'
                    ELSE '10_years_or_more' END AS length
    FROM happened($first_day, $last_day, $today)
    WHERE kind IN ('conviction', 'plea_agreement') AND sentence_months > 0
)
GROUP BY length

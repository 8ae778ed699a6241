SELECT count(*) AS children FROM victims($start, $end) WHERE age_group = 'child'

-- Register listings of some people, with what each line said. $1: person ids (bigint[]).
-- Grain: one row per (person, register batch).
select ps.person_id, ps.as_of, ps.batch_id, ps.line_no, ps.commune_key, ps.household_id,
       l.member_no, l.full_name, l.sex, l.birth_year, l.birth_month, l.birth_day, l.ethnicity, l.education,
       l.marital_status, l.residence, l.method, l.relationship, l.personal_number, l.health_card
from registry.person_snapshot ps
join staging.a0_line l on l.batch_id = ps.batch_id and l.line_no = ps.line_no
where ps.person_id = any($1::bigint[]);

-- Everyone ever listed in some households, or holding some personal numbers.
-- $1: household ids (bigint[]), $2: personal numbers (text[]).
select distinct person_id from registry.person_state
where superseded_at is null and (household_id = any($1::bigint[]) or personal_number = any($2::text[]))
union
select person_id from registry.person where household_id = any($1::bigint[]);

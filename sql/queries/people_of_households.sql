-- Everyone ever listed in some households, or holding some personal numbers.
-- $1: household ids (bigint[]), $2: personal numbers (text[]).
-- One index per branch (person_state_household, person_state_personal_number, person's unique key).
select person_id from registry.person_state
where superseded_at is null and household_id = any($1::bigint[])
union
select person_id from registry.person_state
where superseded_at is null and personal_number is not null and personal_number = any($2::text[])
union
select person_id from registry.person where household_id = any($1::bigint[]);

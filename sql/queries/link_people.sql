-- The register's identities as the matcher sees them (no closing semicolon: the caller wraps
-- it in CREATE TABLE … AS …, or in a cursor). Estimating a model keeps them in a temporary
-- table to read them whole (LinkTraining); a linkage run reads them through a cursor, one
-- range of ids per connection, and blocks them in the client (RegisterBlocks).
-- $1: batch ids whose new identities are to be matched (bigint[]); NULL: every identity.
-- $2, $3: only the identities with $2 <= id < $3 (bigint; a linkage run's connections each
-- make one range of its table); NULL: no bound. A range, not a remainder: the planner
-- estimates a range from the statistics, where it took a remainder for 0.5 % of the rows
-- and joined them with person by 600,000 index look-ups.
-- Grain: one row per person, from their latest state: people listed now (open-ended state)
-- and people who moved out of their commune (so the arrival of the same person in another
-- commune of the province links to them and keeps one identity).
-- origin says how the identity came to the register: a birth (SINH), an arrival (DEN), a
-- register listing, or, for the latest state of someone who left, moved_out.
-- area_code is the linkage area: the province the commune belongs to since 1 July 2025 (a
-- former commune through its default successor), so that former Tây Ninh and Long An link
-- as the one province they now are.
with latest as (
    select distinct on (s.person_id) s.*
    from registry.person_state s
    where s.superseded_at is null
      and (s.valid_to = 'infinity' or s.end_reason = 'moved_out')
      and ($2::bigint is null or s.person_id >= $2) and ($3::bigint is null or s.person_id < $3)
    order by s.person_id, s.valid_from desc
)
select s.person_id, s.household_id, u.code as commune_code, u.area_code, s.sex, s.birth_year, s.birth_month, s.birth_day,
       s.personal_number, s.full_name,
       ev.mother_person_id as mother_id,
       case when s.valid_to <> 'infinity' then 'moved_out'
            when ev.event_type = 'SINH' then 'birth'
            when ev.event_type = 'DEN' then 'arrival'
            else 'register' end as origin,
       ($1::bigint[] is null or p.first_batch_id = any ($1::bigint[])) as is_new
from latest s
join registry.person p on p.person_id = s.person_id
    -- (the range again: without it each connection read every person of the register)
    and ($2::bigint is null or p.person_id >= $2) and ($3::bigint is null or p.person_id < $3)
join (select c.unit_key, c.code, coalesce(n.province_code, c.province_code) as area_code
      from ref.admin_unit c
      left join ref.commune_crosswalk w on w.old_unit_key = c.unit_key and w.is_default
      left join ref.admin_unit n on n.unit_key = w.new_unit_key
      where c.level = 'commune') u on u.unit_key = s.commune_key
left join (
    select distinct on (e.person_id) e.person_id, e.event_type, e.mother_person_id
    from registry.event e
    where e.event_type in ('SINH', 'DEN') and not e.cancelled and e.person_id is not null
    order by e.person_id, e.event_date desc) ev on ev.person_id = s.person_id

-- Recorded events that new SINH, CHET or DEN slips may repeat (issue 5), with their subjects
-- as the person matcher compares them.
-- $1 commune keys (int[]), $2 event types (text[]), $3 event dates (date[]), $4 the same dates
-- with day and month swapped (date[], NULL elements when no such date): one element per slip.
-- $5 mothers (bigint[], NULL elements when unknown), $6 their slips' event dates (date[]).
-- $7 the window in days around a slip's date; $8 the window for births of one mother.
-- Grain: one row per recorded event, not cancelled, near at least one slip: of its type, in
-- its commune, dated within the window or on the swapped date; or a birth of the same mother
-- within the mother's window (a mother has no second birth months apart, twins excepted).
-- Every branch is an index probe per slip (registry.event: (commune_key, event_date),
-- mother_person_id): never all pairs.
with slip as materialized (
    select * from unnest($1::int[], $2::text[], $3::date[], $4::date[]) as w(commune_key, event_type, day, swapped)
),
mother as materialized (
    select * from unnest($5::bigint[], $6::date[]) as m(mother, day) where m.mother is not null
),
near as (
    select e.root_slip_id, e.event_date from slip w
    join registry.event e on e.commune_key = w.commune_key and e.event_date between w.day - $7::int and w.day + $7::int
    where e.event_type = w.event_type and not e.cancelled
    union
    select e.root_slip_id, e.event_date from slip w
    join registry.event e on e.commune_key = w.commune_key and e.event_date = w.swapped
    where w.swapped is not null and e.event_type = w.event_type and not e.cancelled
    union
    select e.root_slip_id, e.event_date from mother m
    join registry.event e on e.mother_person_id = m.mother
    where e.event_type = 'SINH' and not e.cancelled and e.event_date between m.day - $8::int and m.day + $8::int
)
select e.root_slip_id, r.slip_code, e.event_type, e.event_date, e.commune_key, u.code as commune_code, e.person_id,
       e.mother_person_id,
       coalesce(nullif(c.full_name, ''), st.full_name) as full_name, coalesce(c.sex, st.sex) as sex,
       coalesce(c.birth_year, st.birth_year) as birth_year,
       case when c.birth_year is not null then c.birth_month else st.birth_month end as birth_month,
       case when c.birth_year is not null then c.birth_day else st.birth_day end as birth_day,
       coalesce(c.personal_number, st.personal_number) as personal_number, st.household_id,
       (select max(s.valid_to) from registry.person_state s
        where s.person_id = e.person_id and s.superseded_at is null
        having bool_and(s.valid_to <> 'infinity'))::text as left_on
from near n
join registry.event e on e.root_slip_id = n.root_slip_id and e.event_date = n.event_date
join registry.slip r on r.slip_id = e.root_slip_id
join registry.slip f on f.slip_id = e.effective_slip_id
join staging.change_line c on c.batch_id = f.batch_id and c.line_no = f.line_no
join ref.admin_unit u on u.unit_key = e.commune_key
-- The subject as the event found or left them: the latest state from before or on its day.
left join lateral (
    select s.full_name, s.sex, s.birth_year, s.birth_month, s.birth_day, s.personal_number, s.household_id
    from registry.person_state s
    where s.person_id = e.person_id and s.superseded_at is null and s.valid_from <= e.event_date
    order by s.valid_from desc limit 1) st on true;

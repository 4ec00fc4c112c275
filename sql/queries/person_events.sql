-- Events about some people (as subject or as mother), as last corrected, with the content of
-- their effective slip. $1: person ids (bigint[]).
-- Grain: one row per event. Each branch and the versions look-up goes through an index
-- (migration 0011): an OR across columns would scan the tables for every file.
with ids as materialized (select distinct unnest($1::bigint[]) as id),
wanted as (
    -- A join, not `= any(array)`: that compares every event with every id (0.7 s a file).
    select e.* from registry.event e where e.person_id in (select id from ids)
    union
    select e.* from registry.event e where e.mother_person_id in (select id from ids)
)
select e.root_slip_id, e.effective_slip_id, e.event_type, e.event_date, e.commune_key, e.person_id,
       e.mother_person_id, e.cancelled, s.batch_id, s.line_no, h.household_id,
       c.member_no, c.full_name, c.sex, c.birth_year, c.birth_month, c.birth_day, c.ethnicity, c.education,
       c.marital_status, c.residence, c.method, c.relationship, c.personal_number,
       (select array_agg(v.slip_id order by v.slip_id)
          from (select slip_id, event_type, cancelled_by_slip_id from registry.slip where slip_id = e.root_slip_id
                union all
                select slip_id, event_type, cancelled_by_slip_id from registry.slip where target_slip_id = e.root_slip_id) v
         where v.event_type <> 'HUY' and v.cancelled_by_slip_id is null) as versions
from wanted e
-- Per-event index probes (OFFSET 0 keeps them so): the planner cannot know how few events
-- come back, and hashing every household of the province for them cost more than the rest.
join lateral (select s.batch_id, s.line_no from registry.slip s where s.slip_id = e.effective_slip_id offset 0) s on true
join lateral (select c.* from staging.change_line c where c.batch_id = s.batch_id and c.line_no = s.line_no offset 0) c on true
left join lateral (select h.household_id from registry.household h
                   where h.commune_key = e.commune_key and h.household_code = c.household_code offset 0) h on true;

-- Events about some people (as subject or as mother), as last corrected, with the content of
-- their effective slip. $1: person ids (bigint[]).
-- Grain: one row per event.
select e.root_slip_id, e.effective_slip_id, e.event_type, e.event_date, e.commune_key, e.person_id,
       e.mother_person_id, e.cancelled, s.batch_id, s.line_no, h.household_id,
       c.member_no, c.full_name, c.sex, c.birth_year, c.birth_month, c.birth_day, c.ethnicity, c.education,
       c.marital_status, c.residence, c.method, c.relationship, c.personal_number,
       (select array_agg(v.slip_id order by v.slip_id) from registry.slip v
         where (v.slip_id = e.root_slip_id or v.target_slip_id = e.root_slip_id)
           and v.event_type <> 'HUY' and v.cancelled_by_slip_id is null) as versions
from registry.event e
join registry.slip s on s.slip_id = e.effective_slip_id
join staging.change_line c on c.batch_id = s.batch_id and c.line_no = s.line_no
left join registry.household h on h.commune_key = e.commune_key and h.household_code = c.household_code
where e.person_id = any($1::bigint[]) or e.mother_person_id = any($1::bigint[]);

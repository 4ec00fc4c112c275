-- Slips of some communes by code, with the event each reports or acts on.
-- $1: commune unit keys (int[]), $2: slip codes (text[]).
select s.slip_id, s.slip_code, s.commune_key, s.content_hash, s.event_type, s.cancelled_by_slip_id,
       coalesce(e.root_slip_id, t.root_slip_id, s.target_slip_id) as root_slip_id,
       coalesce(e.person_id, t.person_id) as person_id
from registry.slip s
left join registry.event e on e.root_slip_id = s.slip_id
left join registry.event t on t.root_slip_id = s.target_slip_id
where s.commune_key = any($1::int[]) and s.slip_code = any($2::text[]);

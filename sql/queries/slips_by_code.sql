-- Slips by commune and code, with the event each reports or acts on.
-- $1: commune unit keys (int[]), $2: slip codes (text[]), pairwise: codes repeat from commune to commune.
select s.slip_id, s.slip_code, s.commune_key, s.content_hash, s.event_type, s.cancelled_by_slip_id,
       coalesce(e.root_slip_id, t.root_slip_id, s.target_slip_id) as root_slip_id,
       coalesce(e.person_id, t.person_id) as person_id
from unnest($1::int[], $2::text[]) as w(commune_key, slip_code)
join registry.slip s on s.commune_key = w.commune_key and s.slip_code = w.slip_code
left join registry.event e on e.root_slip_id = s.slip_id
left join registry.event t on t.root_slip_id = s.target_slip_id;

-- Which facts made each state of a person: for officers and analysts asking "why does the
-- register say this?".
create view registry.person_history as
select s.person_id,
       s.valid_from,
       s.valid_to,
       h.household_code,
       s.member_no,
       s.full_name,
       s.residence,
       s.marital_status,
       s.contraceptive_method,
       s.end_reason,
       b.file_name as base_file,
       s.line_no as base_line,
       (select array_agg(sl.slip_code order by u.ord)
          from unnest(s.slip_ids) with ordinality as u(slip_id, ord)
          join registry.slip sl on sl.slip_id = u.slip_id) as slip_codes
from registry.person_state s
join registry.household h on h.household_id = s.household_id
join audit.batch b on b.batch_id = s.batch_id
where s.superseded_at is null;
comment on view registry.person_history is 'One row per current state of a person, with the file and line it is based on and the change slips (ma_phieu) applied on top: which facts made each state.';
comment on column registry.person_history.person_id is 'The person.';
comment on column registry.person_history.valid_from is 'First day the state holds.';
comment on column registry.person_history.valid_to is 'First day it no longer holds (infinity while current).';
comment on column registry.person_history.household_code is 'ma_ho of the household the person is listed in.';
comment on column registry.person_history.member_no is 'stt in that household.';
comment on column registry.person_history.full_name is 'ho_ten.';
comment on column registry.person_history.residence is 'Code list C.';
comment on column registry.person_history.marital_status is 'Code list M.';
comment on column registry.person_history.contraceptive_method is 'Code list B.';
comment on column registry.person_history.end_reason is 'Why the state ended: changed, reconciliation, death, moved_out.';
comment on column registry.person_history.base_file is 'The register file (or change file of an arrival) the state is based on.';
comment on column registry.person_history.base_line is 'Its line.';
comment on column registry.person_history.slip_codes is 'The change slips applied on top of that base, oldest first.';

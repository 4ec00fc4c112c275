-- Look-ups the change-slip path makes for every file, made index-driven (issue 4).
--
-- Measured on a province-size register (980,000 people, 94 communes): applying one month
-- of slips took 135 s, nearly all of it in two queries that scanned whole tables per file:
-- events of some people (the partial indexes of 0007 skip cancelled events, which the
-- history rebuild needs too; the versions of a slip were found by an OR the planner could
-- only answer with a scan), and people holding some personal numbers (no index at all).
create index event_person_all on registry.event (person_id);
create index event_mother_all on registry.event (mother_person_id);
create index slip_target on registry.slip (target_slip_id) where target_slip_id is not null;
create index person_state_personal_number on registry.person_state (personal_number)
    where superseded_at is null and personal_number is not null;

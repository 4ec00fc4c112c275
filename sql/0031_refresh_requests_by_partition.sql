-- A change file's refresh request: the events of its own slips found in one look-up per
-- partition (issue 4: a month under 2 s).
--
-- staging.request_refresh_for_slips (0026) found the events of the slips applied one slip at
-- a time, each look-up probing the index of every partition of registry.event (22 for a
-- province loaded from 2015): 8,000 slips a month, 176,000 probes. It was the largest of a
-- change file's statements: 193 ms of server time over February's 94 files of a 1× province.
-- The slips' own events are now read with one look-up of all of them per partition
-- (root_slip_id = any); the events of earlier slips, which a correction or a withdrawal
-- acts on, are still looked up one by one. The events found are the same; nothing else of
-- the function changes.
-- The function plans its statement once for the session (plan_cache_mode
-- force_generic_plan): left to choose, PostgreSQL kept planning it for every call, the union
-- of two scans of 22 partitions costing more to plan than to run (2.0 ms a call against 0.75 ms
-- planned once, 20 of February's files in one session).

create or replace function staging.request_refresh_for_slips(p_slips bigint[], p_reason text)
returns integer
language plpgsql as $$
declare
    v_made integer;
begin
    with recursive chain (slip_id, target_slip_id) as (
        select s.slip_id, s.target_slip_id from registry.slip s where s.slip_id = any(p_slips)
        union
        select t.slip_id, t.target_slip_id
        from chain c
        cross join lateral (select s.slip_id, s.target_slip_id from registry.slip s where s.slip_id = c.target_slip_id
                            limit 1) t
    ),
    -- The slips' own events in one scan of each partition's index; the earlier slips' (the
    -- few a SUA or HUY acts on) one by one.
    events as materialized (
        select e.event_id, e.event_type, e.event_date, e.commune_key, e.effective_slip_id, e.root_slip_id
        from registry.event e where e.root_slip_id = any(p_slips)
        union all
        select e.event_id, e.event_type, e.event_date, e.commune_key, e.effective_slip_id, e.root_slip_id
        from (select distinct c.slip_id from chain c where c.slip_id <> all(p_slips)) c
        cross join lateral (select e.event_id, e.event_type, e.event_date, e.commune_key, e.effective_slip_id,
                                   e.root_slip_id
                            from registry.event e where e.root_slip_id = c.slip_id offset 0) e
    ),
    -- Events of slips applied before these: only they can have facts already.
    earlier as materialized (
        select e.event_id from events e where e.root_slip_id <> all(p_slips)
    ),
    -- (looked up by the facts' keys: as joins the planner hashed the events and read each
    -- fact table whole)
    held (commune_key, date_key) as (
        select f.commune_key, f.date_key
        from earlier e
        cross join lateral (
            select f.commune_key, f.event_date_key from dw.fact_birth f where f.event_id = e.event_id
            union all select f.commune_key, f.event_date_key from dw.fact_death f where f.event_id = e.event_id
            union all select f.commune_key, f.event_date_key from dw.fact_move f where f.event_id = e.event_id
            union all select f.other_commune_key, f.event_date_key from dw.fact_move f
                      where f.event_id = e.event_id and f.other_commune_key is not null
            union all select f.commune_key, f.event_date_key from dw.fact_marriage f where f.event_id = e.event_id
            union all select f.commune_key, f.event_date_key from dw.fact_method_change f where f.event_id = e.event_id
            union all select f.commune_key, f.event_date_key from dw.fact_screening f where f.event_id = e.event_id
            offset 0) f (commune_key, date_key)
    ),
    scope (commune_key, day) as (
        select e.commune_key, e.event_date from events e
        union all
        select h.commune_key, to_date(h.date_key::text, 'YYYYMMDD') from held h
        union all
        select u.unit_key, e.event_date
        from events e
        cross join lateral (select s.batch_id, s.line_no from registry.slip s where s.slip_id = e.effective_slip_id offset 0) s
        join staging.change_line l on l.batch_id = s.batch_id and l.line_no = s.line_no
        join ref.admin_unit u on u.level = 'commune' and u.code = l.place_code
                             and e.event_date between u.valid_from and u.valid_to
        where e.event_type in ('DI', 'DEN')
    ),
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select commune_key, min(day), p_reason from scope group by commune_key
        returning 1)
    select count(*)::integer into v_made from made;
    return v_made;
end
$$;
alter function staging.request_refresh_for_slips(bigint[], text) set plan_cache_mode = force_generic_plan;

comment on function staging.request_refresh_for_slips(bigint[], text) is 'Asks for the refresh applied slips need: the communes and first days of the events they reported, corrected or withdrew, before and after, and of the other side of moves. Called inside the transaction that applied them (their own events have no facts yet: only those of earlier slips are looked up, migration 0026; their own events found with one look-up per partition, migration 0031).';

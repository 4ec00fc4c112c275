-- A change file's refresh request without reading every fact and every commune (issue 4: a
-- month under 2 s).
--
-- staging.request_refresh_for_change_batch and staging.request_refresh_for_slips (0024) run
-- once per change file, inside its transaction: 94 calls a month for a 1× province, 404 ms
-- of server time in February's files (4.3 ms a call), the largest of a file's statements.
-- 1. The file's lines were joined with ref.admin_unit as a hash join, reading the 13,356
--    communes of the country each time (1.6 ms a call). The lines are now grouped by commune
--    code and report month first (one or two groups a file) and each group looks its unit up
--    by the index on (code, level).
-- 2. The communes and days of the facts the events already had (the facts a correction or a
--    withdrawal moves away from) were looked up for every event of the slips, in the seven
--    fact tables, whose plans read each table whole (the facts were never analysed and grow
--    every month). Facts are written by the refresh, which waits for the writers of the
--    register (lock 72519): an event whose root slip is one of the slips just applied cannot
--    have facts yet. Only the events of earlier slips (those a SUA or HUY acts on) are looked
--    up now, by the facts' keys.
-- 3. Both functions' plans are kept for the session and made for no particular slips: the
--    planner hashed the slips' events, reading every event and every slip of the register
--    (2.5 ms and 1.8 ms a call in February, growing every month). Each event, slip and
--    commune is now looked up by its key (lateral subqueries the planner keeps apart).
-- Nothing else of either function changes.

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
    events as materialized (
        select e.event_id, e.event_type, e.event_date, e.commune_key, e.effective_slip_id, e.root_slip_id
        from chain c
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
comment on function staging.request_refresh_for_slips(bigint[], text) is 'Asks for the refresh applied slips need: the communes and first days of the events they reported, corrected or withdrew, before and after, and of the other side of moves. Called inside the transaction that applied them (their own events have no facts yet: only those of earlier slips are looked up, migration 0026).';

create or replace function staging.request_refresh_for_change_batch(p_batch bigint, p_slips bigint[])
returns integer
language plpgsql as $$
declare
    v_made integer;
begin
    with lines (commune_code, month) as (
        select l.commune_code, l.report_month from staging.change_line l where l.batch_id = p_batch
        union all
        select q.commune_code,
               (date_trunc('month', b.received_at at time zone 'Asia/Ho_Chi_Minh') - interval '1 month')::date
        from staging.quarantine q join audit.batch b on b.batch_id = q.batch_id
        where q.batch_id = p_batch and q.commune_code is not null
    ),
    grouped as materialized (
        select l.commune_code, l.month from lines l group by 1, 2
    ),
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select u.unit_key, min(g.month), format('biến động, lô %s / change batch %s', p_batch, p_batch)
        from grouped g
        cross join lateral (select u.unit_key from ref.admin_unit u
                            where u.code = g.commune_code and u.level = 'commune'
                              and g.month between u.valid_from and u.valid_to offset 0) u
        group by u.unit_key
        returning 1)
    select count(*)::integer into v_made from made;
    return v_made + staging.request_refresh_for_slips(p_slips, format('biến động, lô %s / change batch %s', p_batch, p_batch));
end
$$;
comment on function staging.request_refresh_for_change_batch(bigint, bigint[]) is 'Asks for the refresh a change batch needs: its communes from its report month, and what its applied slips (retried ones included) touched. Lines are grouped by commune and month before their units are looked up (migration 0026).';

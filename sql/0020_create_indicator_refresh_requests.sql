-- What each ingest asks the indicator refresh to redo (issue 6, incremental refresh).
--
-- Decision: an ingest does not refresh dw and mart inside its own transaction; it RECORDS
-- the communes and the first day it changed (staging.indicator_refresh_request), in that
-- transaction, and the refresh runs right after the commit, in a transaction of its own
-- (mart.refresh_requested()). Why:
--   * Nothing is lost: a request commits with the change that made it, so a run killed
--     between the two leaves the request behind, and the next refresh (any ingest's, or
--     `danso refresh`) does it. The mart is never half-refreshed: the refresh is one
--     transaction, and until it commits readers see the figures before the batch.
--   * A pipeline run of 94 commune files refreshes once, after the last file, instead of 94
--     times: the refresh of one month costs about as much for one commune as for all of them
--     (the province's snapshot of a month end is one pass over the register's states).
--   * The ingest's locks (the register's per-commune locks 72507) and the refresh's
--     (72518) are never held in one transaction, so the two orders can never deadlock.
-- A request names a commune (ref.admin_unit.unit_key, as the register holds it) and the
-- first day whose figures may have changed; everything from that day on is redone.

create table staging.indicator_refresh_request (
    request_id   bigint generated always as identity primary key,
    commune_key  integer not null,
    from_day     date not null,
    reason       text not null,
    requested_at timestamptz not null default now()
);
comment on table staging.indicator_refresh_request is 'Refreshes of the star schema and the indicator mart that ingests and link decisions asked for and that have not run yet (yêu cầu làm mới chỉ tiêu). Grain: one row per commune per request. mart.refresh_requested() takes them all, in one transaction.';
comment on column staging.indicator_refresh_request.request_id is 'Surrogate key.';
comment on column staging.indicator_refresh_request.commune_key is 'The commune whose facts and figures may have changed (ref.admin_unit.unit_key).';
comment on column staging.indicator_refresh_request.from_day is 'The first day whose figures may have changed: facts, month ends and periods from this day on are redone.';
comment on column staging.indicator_refresh_request.reason is 'What asked: a register batch, a change batch, a link decision (Vietnamese / English).';
comment on column staging.indicator_refresh_request.requested_at is 'When the request was made (the time of the transaction that made it).';

-- A register batch (danso ingest a0): its communes from its as-of date; the states change
-- from that day on (an older register loaded late changes them until the next one).
create function staging.request_refresh_for_register_batch(p_batch bigint)
returns integer
language sql as $$
    with made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select c.commune_key, c.as_of, format('sổ hộ, lô %s / register batch %s', p_batch, p_batch)
        from registry.register_coverage c where c.batch_id = p_batch
        returning 1)
    select count(*)::integer from made
$$;
comment on function staging.request_refresh_for_register_batch(bigint) is 'Asks for the refresh a register batch needs: each commune it covers, from its as-of date. Called inside the batch''s transaction.';

-- Applied slips (a change batch's, or quarantined slips applied on a retry): for every
-- event they reported, corrected or withdrew, the commune and day it lies on now, the
-- commune and day the facts held it on before (a SUA can move an event to another month,
-- a HUY withdraws it), and the other side of a move inside the province (a DI ends the
-- identity an arrival there is linked to).
create function staging.request_refresh_for_slips(p_slips bigint[], p_reason text)
returns integer
language sql as $$
    with recursive chain (slip_id, target_slip_id) as (
        select s.slip_id, s.target_slip_id from registry.slip s where s.slip_id = any(p_slips)
        union
        select s.slip_id, s.target_slip_id from registry.slip s join chain c on s.slip_id = c.target_slip_id
    ),
    events as (
        select e.event_id, e.event_type, e.event_date, e.commune_key, e.effective_slip_id
        from registry.event e where e.root_slip_id in (select slip_id from chain)
    ),
    held (commune_key, date_key) as (
        select f.commune_key, f.event_date_key from dw.fact_birth f where f.event_id in (select event_id from events)
        union all select f.commune_key, f.event_date_key from dw.fact_death f where f.event_id in (select event_id from events)
        union all select f.commune_key, f.event_date_key from dw.fact_move f where f.event_id in (select event_id from events)
        union all select f.other_commune_key, f.event_date_key from dw.fact_move f
                  where f.event_id in (select event_id from events) and f.other_commune_key is not null
        union all select f.commune_key, f.event_date_key from dw.fact_marriage f where f.event_id in (select event_id from events)
        union all select f.commune_key, f.event_date_key from dw.fact_method_change f where f.event_id in (select event_id from events)
        union all select f.commune_key, f.event_date_key from dw.fact_screening f where f.event_id in (select event_id from events)
    ),
    scope (commune_key, day) as (
        select e.commune_key, e.event_date from events e
        union all
        select h.commune_key, to_date(h.date_key::text, 'YYYYMMDD') from held h
        union all
        select u.unit_key, e.event_date
        from events e
        join registry.slip s on s.slip_id = e.effective_slip_id
        join staging.change_line l on l.batch_id = s.batch_id and l.line_no = s.line_no
        join ref.admin_unit u on u.level = 'commune' and u.code = l.place_code
                             and e.event_date between u.valid_from and u.valid_to
        where e.event_type in ('DI', 'DEN')
    ),
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select commune_key, min(day), p_reason from scope group by commune_key
        returning 1)
    select count(*)::integer from made
$$;
comment on function staging.request_refresh_for_slips(bigint[], text) is 'Asks for the refresh applied slips need: the communes and first days of the events they reported, corrected or withdrew, before and after, and of the other side of moves. Called inside the transaction that applied them.';

-- A change batch: its slips, and its own communes from its report month (a file received
-- counts for ONTIME_PCT and its lines for MOBILE_PCT, whatever they changed). A commune
-- whose lines were all held in the quarantine has no report month staged: the month before
-- the one the file was received in (Vietnam time) stands for it.
create function staging.request_refresh_for_change_batch(p_batch bigint, p_slips bigint[])
returns integer
language sql as $$
    with lines (commune_code, month) as (
        select l.commune_code, l.report_month from staging.change_line l where l.batch_id = p_batch
        union all
        select q.commune_code,
               (date_trunc('month', b.received_at at time zone 'Asia/Ho_Chi_Minh') - interval '1 month')::date
        from staging.quarantine q join audit.batch b on b.batch_id = q.batch_id
        where q.batch_id = p_batch and q.commune_code is not null
    ),
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select u.unit_key, min(l.month), format('biến động, lô %s / change batch %s', p_batch, p_batch)
        from lines l
        join ref.admin_unit u on u.level = 'commune' and u.code = l.commune_code
                             and l.month between u.valid_from and u.valid_to
        group by u.unit_key
        returning 1)
    select count(*)::integer + staging.request_refresh_for_slips(
        p_slips, format('biến động, lô %s / change batch %s', p_batch, p_batch)) from made
$$;
comment on function staging.request_refresh_for_change_batch(bigint, bigint[]) is 'Asks for the refresh a change batch needs: its communes from its report month, and what its applied slips (retried ones included) touched.';

-- A link decision (automatic, or a reviewer's accept, reject or unlink): the communes of
-- the identities and of their clusters, from the first day any of them is listed.
create function staging.request_refresh_for_people(p_people bigint[], p_reason text)
returns integer
language sql as $$
    with people as (
        select x as person_id from unnest(p_people) x
        union
        select o.person_id from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id
        where c.person_id = any(p_people)
    ),
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select s.commune_key, min(s.valid_from), p_reason
        from registry.person_state s where s.person_id in (select person_id from people)
        group by s.commune_key
        returning 1)
    select count(*)::integer from made
$$;
comment on function staging.request_refresh_for_people(bigint[], text) is 'Asks for the refresh a link decision needs: the communes where the identities (and their clusters) are listed, from the first day they are.';

-- The refresh itself: every request waiting, in one transaction. The communes are grouped
-- by the month their earliest day falls in, and each group is redone from that month's
-- first day (a month is the smallest period; starting at its first day loses nothing), the
-- earliest group first.
create function mart.refresh_requested()
returns table (communes integer, from_day date, requests integer)
language plpgsql as $$
#variable_conflict use_column
declare
    v_group record;
begin
    perform pg_advisory_xact_lock(72518);
    create temporary table refresh_taken on commit drop as
    with taken as (delete from staging.indicator_refresh_request returning commune_key, from_day)
    select t.commune_key, min(t.from_day) as from_day, count(*)::integer as requests
    from taken t group by t.commune_key;
    for v_group in
        select date_trunc('month', t.from_day)::date as month_start, array_agg(t.commune_key order by t.commune_key) as keys,
               sum(t.requests)::integer as requests
        from refresh_taken t group by 1 order by 1
    loop
        perform mart.refresh_touched(v_group.keys, v_group.month_start);
        communes := cardinality(v_group.keys);
        from_day := v_group.month_start;
        requests := v_group.requests;
        return next;
    end loop;
    drop table refresh_taken;
end
$$;
comment on function mart.refresh_requested() is 'Runs every refresh waiting in staging.indicator_refresh_request (facts, month ends and indicator values of those communes and the units above them, from the first day each needs), in the caller''s transaction, and removes the requests. One row per group of communes redone from one month.';

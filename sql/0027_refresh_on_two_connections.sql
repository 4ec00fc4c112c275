-- A refresh of the month on two connections (issue 4: a month under 2 s).
--
-- mart.refresh_requested() (0021) runs the event facts, then the month-end snapshot, then the
-- indicator values, in one transaction on one connection, while the other core waits: 1.5 s
-- of February's 2.8 s month for a 1× province (events 0.42 s, month end 0.94 s, values
-- 0.29 s). The event facts and the month end read the register and write different tables,
-- neither reading what the other writes; only the values need both. danso now runs the month
-- end on a second connection while the first writes the event facts:
--   1. dw.analyze_stale_inputs() in a transaction of its own, so that both connections plan
--      on the statistics it takes (an ANALYZE is visible to others only once committed).
--   2. First connection: mart.take_refresh_requests() takes the refresh locks (72519, 72518)
--      and the requests, then mart.refresh_requested_events() writes the event facts.
--   3. Meanwhile, second connection: dw.refresh_month_end_alongside(), the month end of
--      dw.refresh_month_end without its locks (the first connection holds them for both: no
--      writer of the register can commit until the refresh ends), in a transaction that
--      commits when it is done.
--   4. First connection, once the month end committed: mart.finish_refresh_requested(), the
--      values, and the commit.
-- The indicator values still change in one transaction. The month-end snapshot commits a
-- moment before them and the event facts: a reader of the dw facts may see the new month end
-- beside the event facts before it for that moment. A failure of either connection leaves the
-- requests for the next refresh; a month end already committed is not redone (it follows the
-- register's own record of changes, staging.snapshot_change).
-- mart.refresh_requested() and dw.refresh_month_end() keep their names, arguments and results,
-- and are now made of these parts (one connection: the tests, SQL users).

create function dw.refresh_month_end_alongside()
returns integer
language plpgsql as $$
declare
    v_last integer;
    v_built_key integer;
    v_built integer;
    v_month integer;
    v_group record;
    v_rows integer := 0;
begin
    -- Without the refresh lock held (by this session or by the refresh's first connection),
    -- a writer of the register could commit changes this month end half sees. Advisory locks
    -- are per database: another database's refresh holds its own.
    if not exists (select 1 from pg_locks l
                   where l.locktype = 'advisory' and l.database = (select d.oid from pg_database d where d.datname = current_database())
                     and l.classid = 0 and l.objid = 72519 and l.objsubid = 1
                     and l.mode = 'ExclusiveLock' and l.granted) then
        raise exception 'dw.refresh_month_end_alongside: the refresh lock 72519 is not held'
            using hint = 'Call dw.refresh_month_end(), or hold pg_advisory_xact_lock(72519) in the refresh''s other session.';
    end if;
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);
    perform dw.drop_temp_tables('dw_change', 'dw_recount');
    create temp table dw_change on commit drop as
    with taken as (delete from staging.snapshot_change returning *) select * from taken;
    create temp table dw_recount on commit drop as
    with taken as (delete from staging.snapshot_recount returning commune_key, from_month) select * from taken;

    v_last := dw.month_index(dw.snapshot_last_month_end());
    if v_last is null then
        return 0;
    end if;
    select max(h.month_end_date_key) into v_built_key from dw.fact_household_month_end h;
    if v_built_key is null then
        return dw.write_month_end(null, dw.month_index(date '1900-01-01'), v_last);
    end if;
    v_built := dw.month_index(to_date(v_built_key::text, 'YYYYMMDD'));

    -- A commune counted again starts no later than its first change, and no later than the
    -- first change of a cluster with an identity there (its counted row can move there;
    -- dw.add_snapshot_changes leaves such communes to the recount).
    insert into pg_temp.dw_recount (commune_key, from_month)
    select d.commune_key, dw.month_index(d.valid_from)
    from pg_temp.dw_change d
    where d.commune_key in (select r.commune_key from pg_temp.dw_recount r);
    insert into pg_temp.dw_recount (commune_key, from_month)
    select s.commune_key, dw.month_index(d.valid_from)
    from pg_temp.dw_change d
    join registry.person_cluster c on c.person_id = d.person_id
    join registry.person_cluster o on o.cluster_id = c.cluster_id
    join registry.person_state s on s.person_id = o.person_id
    where s.superseded_at is null and s.residence in (1, 2)
      and s.commune_key in (select r.commune_key from pg_temp.dw_recount r);
    analyze pg_temp.dw_recount;

    v_rows := v_rows + dw.add_snapshot_changes(v_built);
    for v_month in v_built + 1 .. v_last loop
        v_rows := v_rows + dw.carry_month_end(v_month);
    end loop;
    for v_group in
        -- (no later than the first month end built now: the carry left these communes out)
        select r.from_month, array_agg(r.commune_key order by r.commune_key) as keys
        from (select commune_key, least(min(from_month), v_built + 1) as from_month from pg_temp.dw_recount group by 1) r
        group by r.from_month order by r.from_month
    loop
        v_rows := v_rows + dw.write_month_end(v_group.keys, v_group.from_month, v_last);
    end loop;
    return v_rows;
end
$$;
comment on function dw.refresh_month_end_alongside() is 'dw.refresh_month_end without taking the refresh locks, for the second connection of a refresh whose first connection holds them (migration 0027); refuses to run when no session holds the lock 72519 in this database. Returns the population rows written.';

create or replace function dw.refresh_month_end(p_communes integer[], p_from date, p_to date)
returns integer
language plpgsql as $$
begin
    -- Writers of the register hold 72519 shared until they commit: once it is ours, every
    -- change recorded is visible, and no new one starts until this transaction ends.
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    return dw.refresh_month_end_alongside();
end
$$;

-- The requests taken, in a temporary table the other parts read (refresh_taken, dropped at
-- commit). Returns the communes taken.
create function mart.take_refresh_requests()
returns integer
language plpgsql as $$
declare
    v_communes integer;
begin
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    perform dw.drop_temp_tables('refresh_taken');
    create temporary table refresh_taken on commit drop as
    with taken as (delete from staging.indicator_refresh_request returning commune_key, from_day)
    select t.commune_key, date_trunc('month', min(t.from_day))::date as from_day, count(*)::integer as requests
    from taken t group by t.commune_key;
    select count(*) into v_communes from pg_temp.refresh_taken;
    return v_communes;
end
$$;
comment on function mart.take_refresh_requests() is 'First part of mart.refresh_requested: takes the refresh locks and every request waiting (staging.indicator_refresh_request) into pg_temp.refresh_taken, one row per commune from the first month it needs. Returns the communes taken.';

create function mart.refresh_requested_events()
returns integer
language plpgsql as $$
begin
    if not exists (select 1 from pg_temp.refresh_taken) then
        return 0;
    end if;
    return dw.refresh_events_since(array(select t.commune_key from pg_temp.refresh_taken t order by t.commune_key),
                                   array(select t.from_day from pg_temp.refresh_taken t order by t.commune_key), 'infinity');
end
$$;
comment on function mart.refresh_requested_events() is 'Part of mart.refresh_requested: the event facts of each commune taken (pg_temp.refresh_taken) from the first month it needs. Returns the fact rows written.';

create function mart.finish_refresh_requested()
returns table (communes integer, from_day date, requests integer)
language plpgsql as $$
#variable_conflict use_column
declare
    v_group record;
begin
    if exists (select 1 from pg_temp.refresh_taken) then
        perform mart.refresh_values(array(select t.commune_key from pg_temp.refresh_taken t order by t.commune_key),
                                    (select min(t.from_day) from pg_temp.refresh_taken t), 'infinity');
    end if;
    for v_group in
        select t.from_day as month_start, array_agg(t.commune_key order by t.commune_key) as keys,
               sum(t.requests)::integer as requests
        from pg_temp.refresh_taken t group by 1 order by 1
    loop
        communes := cardinality(v_group.keys);
        from_day := v_group.month_start;
        requests := v_group.requests;
        return next;
    end loop;
    drop table pg_temp.refresh_taken;
end
$$;
comment on function mart.finish_refresh_requested() is 'Last part of mart.refresh_requested, once the event facts and the month end are written: the indicator values of the communes taken (pg_temp.refresh_taken) and the units above them from the earliest month asked for. One row per group of communes asked from one month.';

create or replace function mart.refresh_requested()
returns table (communes integer, from_day date, requests integer)
language plpgsql as $$
begin
    if mart.take_refresh_requests() > 0 then
        perform dw.analyze_stale_inputs();
        perform mart.refresh_requested_events();
        perform dw.refresh_month_end(null, '-infinity', 'infinity');
    end if;
    return query select * from mart.finish_refresh_requested();
end
$$;

revoke execute on function dw.refresh_month_end_alongside(), mart.take_refresh_requests(), mart.refresh_requested_events(),
    mart.finish_refresh_requested() from public;

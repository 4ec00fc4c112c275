-- A month's refresh without reading the whole register (issue 4: a month under 2 s).
--
-- 0. Changes of identities in clusters are added up too (dw.add_snapshot_changes,
--    dw.refresh_month_end). 0021 counted again, from the register, every commune where an
--    identity of a changed one's cluster lived, since which identity of a cluster counts on
--    a month end depends on all of them. Once a province has linked people most months touch
--    some of them: the second month of a 1× province recounted 36 of its 94 communes (0.55 s
--    of a 2.1 s refresh), and more would follow as links accumulate. Now, for each cluster a
--    change touches and each month end the change covers, the cluster's counted row (its
--    smallest identity with a counted state that day, as dw.write_month_end decides) is
--    worked out after the changes (the states now) and before them (the states now, less the
--    images added, plus the images removed); the difference replaces the images. Link
--    decisions still recount their communes (the clusters themselves changed).
-- 1. dw.carry_month_end (0021) adds the other identities of the clusters of the states that
--    began or ended in the month. Written as a join of the clusters with the states, the
--    planner read every state of the register (1.08 million rows, 0.35 s of a 1× province's
--    month) to find a few thousand; the identities are now an array, looked up by the index
--    on person_state (person_id). Nothing else of the function changes.
-- 2. staging.request_refresh_for_slips (0020) follows each slip to the slip it corrects or
--    withdraws. The recursive step was planned as a hash join over every slip ever applied
--    (a scan of registry.slip per change file, growing with the months loaded); it now looks
--    each target up by its key. As an SQL function its statement (seven fact tables, each
--    partitioned) was planned again on every call; in PL/pgSQL the plan is kept for the
--    session (a month's 94 change files: 532 ms of server time in these calls before, 259 ms
--    after). Nothing else of the function changes; the same for
--    staging.request_refresh_for_change_batch, which calls it.

create or replace function dw.add_snapshot_changes(p_built integer)
returns integer
language plpgsql as $$
begin
    perform dw.drop_temp_tables('dw_cell', 'dw_cell_delta', 'dw_cell_house', 'dw_cluster_month', 'dw_cluster_counted');
    -- The clusters of the changed identities, and the month ends their changes cover.
    create temp table dw_cluster_month on commit drop as
    select distinct c.cluster_id, g.i, dw.month_end(g.i) as day
    from pg_temp.dw_change d
    join registry.person_cluster c on c.person_id = d.person_id
    cross join lateral generate_series(dw.month_index(d.valid_from),
                                       least(case when d.valid_to = 'infinity' then p_built
                                                  else dw.month_index(d.valid_to) - 1 end, p_built)) g(i);
    analyze pg_temp.dw_cluster_month;
    -- Each cluster's counted row on each of those month ends after the changes (+1) and
    -- before them (−1): the row of its smallest identity with a counted state that day.
    create temp table dw_cluster_counted on commit drop as
    with member as (
        select k.cluster_id, k.i, k.day, o.person_id
        from pg_temp.dw_cluster_month k
        join registry.person_cluster o on o.cluster_id = k.cluster_id
    ),
    now_row as (
        select m.cluster_id, m.i, m.person_id, s.commune_key, s.household_id, s.sex,
               dw.month_end_birth_key(s.birth_date) as birth_key, coalesce(s.marital_status, -1)::smallint as marital_status,
               s.residence, s.ethnicity::smallint as ethnicity, coalesce(s.contraceptive_method, -1)::smallint as method
        from member m
        join registry.person_state s on s.person_id = m.person_id
        where s.superseded_at is null and s.residence in (1, 2) and s.valid_from <= m.day and s.valid_to > m.day
    ),
    before_row as (
        select x.cluster_id, x.i, x.person_id, x.commune_key, x.household_id, x.sex, x.birth_key, x.marital_status,
               x.residence, x.ethnicity, x.method
        from (select r.*, 1 as n from now_row r
              union all
              select m.cluster_id, m.i, m.person_id, d.commune_key, d.household_id, d.sex, d.birth_key, d.marital_status,
                     d.residence, d.ethnicity, d.method, -d.sign
              from member m
              join pg_temp.dw_change d on d.person_id = m.person_id
              where d.valid_from <= m.day and d.valid_to > m.day) x
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
        having sum(x.n) > 0
    )
    (select distinct on (r.cluster_id, r.i) 1 as sign, r.* from now_row r order by r.cluster_id, r.i, r.person_id)
    union all
    (select distinct on (r.cluster_id, r.i) -1 as sign, r.* from before_row r order by r.cluster_id, r.i, r.person_id);

    -- The images of identities outside clusters, and the clusters' differences.
    create temp table dw_cell_delta on commit drop as
    select x.i, x.commune_key, x.household_id, x.sex,
           greatest(0, least(120, (dw.month_end_key(x.i) - x.birth_key) / 10000))::smallint as age,
           x.marital_status, x.residence, x.ethnicity, x.method, sum(x.sign)::integer as people
    from (select g.i, d.commune_key, d.household_id, d.sex, d.birth_key, d.marital_status, d.residence, d.ethnicity,
                 d.method, d.sign
          from pg_temp.dw_change d
          cross join lateral generate_series(dw.month_index(d.valid_from),
                                             least(case when d.valid_to = 'infinity' then p_built
                                                        else dw.month_index(d.valid_to) - 1 end, p_built)) g(i)
          where not exists (select 1 from registry.person_cluster c where c.person_id = d.person_id)
          union all
          select c.i, c.commune_key, c.household_id, c.sex, c.birth_key, c.marital_status, c.residence, c.ethnicity,
                 c.method, c.sign
          from pg_temp.dw_cluster_counted c) x
    where x.commune_key not in (select r.commune_key from pg_temp.dw_recount r)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    having sum(x.sign) <> 0;

    -- A household counts on a month end when one of its members does: compare its members
    -- counted now with those counted before the changes (now minus the changes).
    create temp table dw_cell_house on commit drop as
    with changed as (
        select d.i, d.commune_key, d.household_id, sum(d.people) as change
        from pg_temp.dw_cell_delta d group by 1, 2, 3
    ),
    counted as (
        select c.i, c.commune_key, c.change,
               (select count(*) from registry.person_state s
                where s.household_id = c.household_id and s.commune_key = c.commune_key
                  and s.superseded_at is null and s.residence in (1, 2)
                  and s.valid_from <= dw.month_end(c.i) and s.valid_to > dw.month_end(c.i)
                  and dw.counts_on(s.person_id, dw.month_end(c.i))) as now
        from changed c
    )
    select c.i, c.commune_key, (c.now > 0)::integer - (c.now - c.change > 0)::integer as change
    from counted c;

    create temp table dw_cell on commit drop as
    select k.i, dw.month_end_key(k.i) as day_key, k.commune_key, dw.month_end_key(k.i) as base_key,
           coalesce(ref.commune_on(k.commune_key, dw.month_end(k.i)), k.commune_key) as standing_key
    from (select distinct d.i, d.commune_key from pg_temp.dw_cell_delta d
          union select h.i, h.commune_key from pg_temp.dw_cell_house h where h.change <> 0) k;
    return dw.rewrite_month_end_cells();
end
$$;
comment on function dw.add_snapshot_changes(integer) is 'Part of dw.refresh_month_end: adds the changes taken into pg_temp.dw_change to the snapshot''s month ends up to p_built (dw.month_index), except in the communes of pg_temp.dw_recount; the changes of identities in clusters as the difference of their clusters'' counted rows before and after (migration 0024). Returns the population rows written.';

create or replace function dw.refresh_month_end(p_communes integer[], p_from date, p_to date)
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
    -- Writers of the register hold 72519 shared until they commit: once it is ours, every
    -- change recorded is visible, and no new one starts until this transaction ends.
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
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
comment on function dw.refresh_month_end(integer[], date, date) is 'Brings the month-end snapshot (dw.fact_population_month_end, dw.fact_household_month_end) up to date with the register, in the caller''s transaction: adds the changes the register recorded (staging.snapshot_change) to the month ends built (those of identities in clusters as the difference of their clusters'' counted rows, migration 0024), builds the month ends reached since from the one before, and counts again the communes asked for (staging.snapshot_recount: register loads, link decisions) or whose sums did not add up. The arguments are those of the other refreshes and are not needed: the register''s own record says what changed (migration 0021). Returns the population rows written.';

create or replace function dw.carry_month_end(p_month integer)
returns integer
language plpgsql as $$
declare
    v_before date := dw.month_end(p_month - 1);
    v_end date := dw.month_end(p_month);
    v_month integer := p_month % 12 + 1;
begin
    perform dw.drop_temp_tables('dw_cand', 'dw_cell', 'dw_cell_delta', 'dw_cell_house');
    -- States beginning or ending between the two month ends (boundary: they may change
    -- households too), and states held on both whose holder has a birthday in the month (the
    -- age moves; born 29 February: in March of a common year).
    create temp table dw_cand on commit drop as
    select s.person_state_id, s.person_id, s.commune_key, s.household_id, s.sex, dw.month_end_birth_key(s.birth_date) as birth_key,
           coalesce(s.marital_status, -1)::smallint as marital_status, s.residence, s.ethnicity::smallint as ethnicity,
           coalesce(s.contraceptive_method, -1)::smallint as method, s.valid_from, s.valid_to,
           not (s.valid_from <= v_before and s.valid_to > v_end) as boundary,
           -- only identities of a cluster need dw.counts_on below (a look-up per row)
           exists (select 1 from registry.person_cluster l where l.person_id = s.person_id) as in_cluster
    from registry.person_state s
    where s.superseded_at is null and s.residence in (1, 2)
      and (   (s.valid_from > v_before and s.valid_from <= v_end)
           or (s.valid_to <> 'infinity' and s.valid_to > v_before and s.valid_to <= v_end)
           or (extract(month from s.birth_date) in (v_month, case when v_month = 3 then 2 end)
               and s.valid_from <= v_before and s.valid_to > v_end));
    -- The other identities of the clusters of the first: which of them counts can change.
    -- (looked up by identity: as a join the planner read every state of the register)
    insert into pg_temp.dw_cand
    select s.person_state_id, s.person_id, s.commune_key, s.household_id, s.sex, dw.month_end_birth_key(s.birth_date),
           coalesce(s.marital_status, -1)::smallint, s.residence, s.ethnicity::smallint,
           coalesce(s.contraceptive_method, -1)::smallint, s.valid_from, s.valid_to, true, true
    from registry.person_state s
    where s.person_id = any (array(
            select o.person_id
            from registry.person_cluster c
            join registry.person_cluster o on o.cluster_id = c.cluster_id
            where c.person_id in (select b.person_id from pg_temp.dw_cand b where b.boundary)))
      and s.superseded_at is null and s.residence in (1, 2)
      and not exists (select 1 from pg_temp.dw_cand b where b.person_state_id = s.person_state_id);
    delete from pg_temp.dw_cand c where c.commune_key in (select r.commune_key from pg_temp.dw_recount r);
    analyze pg_temp.dw_cand;

    -- Their counted rows on the month end before (−) and on the new one (+), by the snapshot's
    -- key (households are counted below).
    create temp table dw_cell_delta on commit drop as
    select p_month as i, c.commune_key, c.sex, greatest(0, least(120, (m.day_key - c.birth_key) / 10000))::smallint as age,
           c.marital_status, c.residence, c.ethnicity, c.method, sum(m.sign)::integer as people
    from pg_temp.dw_cand c
    join (values (dw.month_end_key(p_month - 1), v_before, -1), (dw.month_end_key(p_month), v_end, 1)) m(day_key, day, sign)
      on c.valid_from <= m.day and c.valid_to > m.day
    where not c.in_cluster or dw.counts_on(c.person_id, m.day)
    group by 1, 2, 3, 4, 5, 6, 7, 8
    having sum(m.sign) <> 0;

    -- Households of the states that began or ended: counted on each month end or not.
    create temp table dw_cell_house on commit drop as
    with house as (
        select distinct c.household_id, c.commune_key from pg_temp.dw_cand c where c.boundary
    )
    select p_month as i, h.commune_key,
           (exists (select 1 from registry.person_state s
                    where s.household_id = h.household_id and s.commune_key = h.commune_key
                      and s.superseded_at is null and s.residence in (1, 2)
                      and s.valid_from <= v_end and s.valid_to > v_end and dw.counts_on(s.person_id, v_end)))::integer
         - (exists (select 1 from registry.person_state s
                    where s.household_id = h.household_id and s.commune_key = h.commune_key
                      and s.superseded_at is null and s.residence in (1, 2)
                      and s.valid_from <= v_before and s.valid_to > v_before and dw.counts_on(s.person_id, v_before)))::integer
           as change
    from house h;

    -- Every commune counted on the month end before, or with counted rows on the new one.
    create temp table dw_cell on commit drop as
    select p_month as i, dw.month_end_key(p_month) as day_key, k.commune_key, dw.month_end_key(p_month - 1) as base_key,
           coalesce(ref.commune_on(k.commune_key, v_end), k.commune_key) as standing_key
    from (select h.register_commune_key as commune_key from dw.fact_household_month_end h
          where h.month_end_date_key = dw.month_end_key(p_month - 1)
          union
          select d.commune_key from pg_temp.dw_cell_delta d) k
    where k.commune_key not in (select r.commune_key from pg_temp.dw_recount r);
    return dw.rewrite_month_end_cells();
end
$$;
comment on function dw.carry_month_end(integer) is 'Part of dw.refresh_month_end: writes the month end p_month (dw.month_index) of every commune not in pg_temp.dw_recount from the month end before plus the states that began or ended between the two, those whose holder had a birthday in the month, and the other identities of their clusters. Returns the population rows written.';

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
    select count(*)::integer into v_made from made;
    return v_made;
end
$$;
comment on function staging.request_refresh_for_slips(bigint[], text) is 'Asks for the refresh applied slips need: the communes and first days of the events they reported, corrected or withdrew, before and after, and of the other side of moves. Called inside the transaction that applied them.';

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
    made as (
        insert into staging.indicator_refresh_request (commune_key, from_day, reason)
        select u.unit_key, min(l.month), format('biến động, lô %s / change batch %s', p_batch, p_batch)
        from lines l
        join ref.admin_unit u on u.level = 'commune' and u.code = l.commune_code
                             and l.month between u.valid_from and u.valid_to
        group by u.unit_key
        returning 1)
    select count(*)::integer into v_made from made;
    return v_made + staging.request_refresh_for_slips(p_slips, format('biến động, lô %s / change batch %s', p_batch, p_batch));
end
$$;
comment on function staging.request_refresh_for_change_batch(bigint, bigint[]) is 'Asks for the refresh a change batch needs: its communes from its report month, and what its applied slips (retried ones included) touched.';

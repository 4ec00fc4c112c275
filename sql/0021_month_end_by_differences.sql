-- The month-end snapshot kept by its differences (issue 6: a month's refresh under 2 s).
--
-- Before: dw.refresh_month_end recounted the snapshot of every commune a refresh named, over
-- all their resident states, and built a new month end from the whole register: a month of
-- change slips for the province cost 8 s of snapshot (two passes over 1.2 M states).
--
-- Now the register says what changed and the snapshot adds it up:
--   * Triggers on registry.person_state record, in the writer's transaction, the counted
--     state images (superseded_at null, residence 1 or 2) a statement removed (sign −1) and
--     added (sign +1) in staging.snapshot_change. An update that only moves valid_to (a move
--     out, a death, a closed state) is one image covering the days between the two ends.
--     A statement of more than 2,000 rows (a register load) records instead its communes in
--     staging.snapshot_recount: recounting them is cheaper than adding up their images.
--   * A trigger on registry.person_cluster (link decisions) records a recount of every
--     commune the identities of the clusters concerned live in: which identity of a cluster
--     counts can change on any month end.
--   * dw.refresh_month_end then (1) adds the images to the month ends already built (cells
--     of a commune and month end are rewritten from their rows plus the differences); (2)
--     builds each new month end from the one before, plus the states that began or ended
--     between the two month ends, the states of people with a birthday in the month (their
--     age moves) and the states of the other identities of their clusters; (3) recounts
--     (dw.write_month_end, as before) the communes asked for, and any whose cells did not
--     add up (a count below zero: the snapshot was wrong before; a warning says so).
--   * Nothing is missed between a writer and the refresh: every writer of the register holds
--     the advisory lock 72519 in shared mode (taken by the triggers) until it commits, and
--     the refresh takes it exclusively before anything else, so it waits for the writers in
--     flight and sees all they wrote, images and states alike. Refreshes take 72519, then
--     72518; writers never take 72518 (0020), so no order can deadlock.
-- dw.refresh_all (and so mart.refresh_full) still recounts everything and empties both
-- tables; the tests compare the two snapshots row for row.

-- ---------------------------------------------------------------------------------------
-- What changed since the last refresh

create table staging.snapshot_change (
    change_id      bigint generated always as identity primary key,
    sign           smallint not null check (sign in (-1, 1)),
    person_id      bigint not null,
    commune_key    integer not null,
    household_id   bigint not null,
    valid_from     date not null,
    valid_to       date not null,
    sex            smallint not null,
    birth_key      integer not null,
    marital_status smallint not null,
    residence      smallint not null,
    ethnicity      smallint not null,
    method         smallint not null,
    check (valid_from < valid_to)
);
comment on table staging.snapshot_change is 'Changes of the register not yet added to the month-end snapshot (thay đổi chờ cộng vào số liệu cuối tháng). Grain: one counted state image (registry.person_state with superseded_at null and residence 1 or 2) that a statement removed or added; written by triggers on registry.person_state, taken and emptied by dw.refresh_month_end.';
comment on column staging.snapshot_change.change_id is 'Surrogate key.';
comment on column staging.snapshot_change.sign is '+1: the image now counts on the month ends of its days; −1: it no longer does.';
comment on column staging.snapshot_change.person_id is 'The register identity (registry.person).';
comment on column staging.snapshot_change.commune_key is 'The commune of the state (the snapshot''s register_commune_key).';
comment on column staging.snapshot_change.household_id is 'The household of the state (registry.household).';
comment on column staging.snapshot_change.valid_from is 'First day the change covers: the state''s valid_from, or for a state whose end moved, the earlier of its two ends.';
comment on column staging.snapshot_change.valid_to is 'Day after the last day the change covers (infinity: open).';
comment on column staging.snapshot_change.sex is 'Sex code of the state.';
comment on column staging.snapshot_change.birth_key is 'dw.month_end_birth_key of the birth date: ages at month ends follow from it.';
comment on column staging.snapshot_change.marital_status is 'Marital status code, −1 when unknown (dw.dim_marital_status).';
comment on column staging.snapshot_change.residence is 'Residence status: 1 or 2.';
comment on column staging.snapshot_change.ethnicity is 'Ethnic group code as a number (dw.dim_ethnicity).';
comment on column staging.snapshot_change.method is 'Contraceptive method code, −1 when none recorded (dw.dim_contraceptive_method).';

create table staging.snapshot_recount (
    commune_key  integer not null,
    from_month   integer not null,
    reason       text not null,
    requested_at timestamptz not null default now()
);
comment on table staging.snapshot_recount is 'Communes whose month ends the next refresh counts again from the register (đếm lại), instead of adding up changes: after a statement of many states (a register load) or a link decision. Taken and emptied by dw.refresh_month_end.';
comment on column staging.snapshot_recount.commune_key is 'The commune (ref.admin_unit.unit_key as the register holds it).';
comment on column staging.snapshot_recount.from_month is 'The first month end to count again (dw.month_index).';
comment on column staging.snapshot_recount.reason is 'What asked for it (Vietnamese / English).';
comment on column staging.snapshot_recount.requested_at is 'When (the time of the transaction that asked).';

-- Communes waiting for a refresh when this migration runs: their changes were made before the
-- triggers existed, so they are counted again.
insert into staging.snapshot_recount (commune_key, from_month, reason)
select r.commune_key, dw.month_index(min(r.from_day)), 'chờ khi nâng cấp / pending at upgrade'
from staging.indicator_refresh_request r
group by r.commune_key;

create function dw.month_end_birth_key(p_birth date) returns integer
language sql immutable parallel safe as $$
    select (date_part('year', p_birth) * 10000 + date_part('month', p_birth) * 100
            + case when date_part('month', p_birth) = 2 and date_part('day', p_birth) = 29 then 29 else 1 end)::integer
$$;
comment on function dw.month_end_birth_key(date) is 'A birth date as the snapshot keeps it: yyyymmdd with the day set to 1 (29 for 29 February). At a month end the age in completed years, (month end key − this) / 10000, is the same as from the exact day, and people born in one month group together.';

-- Whether an identity counts on a day, as dw.write_month_end decides: not when a smaller
-- identity of its cluster has a counted state that day (registry.linked_duplicates_on).
create function dw.counts_on(p_person bigint, p_day date) returns boolean
language sql stable as $$
    select not exists (
        select 1
        from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
        join registry.person_state s on s.person_id = o.person_id
        where c.person_id = p_person
          and s.superseded_at is null and s.residence in (1, 2) and s.valid_from <= p_day and s.valid_to > p_day)
$$;
comment on function dw.counts_on(bigint, date) is 'False when a smaller identity of the person''s cluster has a counted state on the day (then that one counts), as dw.write_month_end decides.';

-- ---------------------------------------------------------------------------------------
-- The triggers

create function dw.note_states_added() returns trigger
language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(72519);
    if (select count(*) from (select 1 from added limit 2001) x) > 2000 then
        insert into staging.snapshot_recount (commune_key, from_month, reason)
        select a.commune_key, dw.month_index(min(a.valid_from)), 'nạp nhiều dòng / bulk write'
        from added a
        where a.superseded_at is null and a.residence in (1, 2)
        group by a.commune_key;
    else
        insert into staging.snapshot_change (sign, person_id, commune_key, household_id, valid_from, valid_to, sex,
                                             birth_key, marital_status, residence, ethnicity, method)
        select 1, a.person_id, a.commune_key, a.household_id, a.valid_from, a.valid_to, a.sex,
               dw.month_end_birth_key(a.birth_date), coalesce(a.marital_status, -1), a.residence, a.ethnicity::smallint,
               coalesce(a.contraceptive_method, -1)
        from added a
        where a.superseded_at is null and a.residence in (1, 2);
    end if;
    return null;
end
$$;
comment on function dw.note_states_added() is 'Trigger (after insert on registry.person_state, per statement): records the counted states added in staging.snapshot_change, or their communes in staging.snapshot_recount for more than 2,000 rows; holds the lock 72519 shared until commit.';

create function dw.note_states_removed() returns trigger
language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(72519);
    insert into staging.snapshot_change (sign, person_id, commune_key, household_id, valid_from, valid_to, sex,
                                         birth_key, marital_status, residence, ethnicity, method)
    select -1, r.person_id, r.commune_key, r.household_id, r.valid_from, r.valid_to, r.sex,
           dw.month_end_birth_key(r.birth_date), coalesce(r.marital_status, -1), r.residence, r.ethnicity::smallint,
           coalesce(r.contraceptive_method, -1)
    from removed r
    where r.superseded_at is null and r.residence in (1, 2);
    return null;
end
$$;
comment on function dw.note_states_removed() is 'Trigger (after delete on registry.person_state, per statement): records the counted states deleted in staging.snapshot_change (sign −1); holds the lock 72519 shared until commit.';

create function dw.note_states_changed() returns trigger
language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(72519);
    insert into staging.snapshot_change (sign, person_id, commune_key, household_id, valid_from, valid_to, sex,
                                         birth_key, marital_status, residence, ethnicity, method)
    with pair as (
        select o.superseded_at is null and o.residence in (1, 2) as old_counted,
               n.superseded_at is null and n.residence in (1, 2) as new_counted,
               (o.person_id, o.commune_key, o.household_id, o.valid_from, o.sex, dw.month_end_birth_key(o.birth_date),
                o.marital_status, o.residence, o.ethnicity, o.contraceptive_method)
                   is not distinct from
               (n.person_id, n.commune_key, n.household_id, n.valid_from, n.sex, dw.month_end_birth_key(n.birth_date),
                n.marital_status, n.residence, n.ethnicity, n.contraceptive_method) as same_but_end,
               o.valid_to as old_end, n.valid_to as new_end, o as old_state, n as new_state
        from before_change o join after_change n on n.person_state_id = o.person_state_id
    ),
    image as (
        -- A counted state whose end moved, and nothing else: the days between its two ends, once.
        select case when p.new_end > p.old_end then 1 else -1 end as sign, p.new_state as state,
               least(p.old_end, p.new_end) as valid_from, greatest(p.old_end, p.new_end) as valid_to
        from pair p
        where p.old_counted and p.new_counted and p.same_but_end and p.old_end <> p.new_end
        union all
        -- Any other change of a counted state: the image that went, the one that came. (An
        -- update of other columns only, slip ids or the end reason, records nothing.)
        select -1, p.old_state, (p.old_state).valid_from, p.old_end
        from pair p
        where p.old_counted and not (p.new_counted and p.same_but_end)
        union all
        select 1, p.new_state, (p.new_state).valid_from, p.new_end
        from pair p
        where p.new_counted and not (p.old_counted and p.same_but_end)
    )
    select i.sign, (i.state).person_id, (i.state).commune_key, (i.state).household_id, i.valid_from, i.valid_to,
           (i.state).sex, dw.month_end_birth_key((i.state).birth_date), coalesce((i.state).marital_status, -1),
           (i.state).residence, (i.state).ethnicity::smallint, coalesce((i.state).contraceptive_method, -1)
    from image i;
    return null;
end
$$;
comment on function dw.note_states_changed() is 'Trigger (after update on registry.person_state, per statement): records in staging.snapshot_change what the update changed of counted states (one image for an end that moved, the old and new images otherwise, nothing when only other columns changed); holds the lock 72519 shared until commit.';

-- Link decisions: every commune where an identity of a cluster concerned has counted states.
create function dw.note_links(p_people bigint[], p_clusters bigint[]) returns void
language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(72519);
    insert into staging.snapshot_recount (commune_key, from_month, reason)
    select s.commune_key, dw.month_index(min(s.valid_from)), 'quyết định liên kết / link decision'
    from registry.person_state s
    where s.person_id in (select x from unnest(p_people) x
                          union
                          select m.person_id from registry.person_cluster m where m.cluster_id = any (p_clusters))
      and s.superseded_at is null and s.residence in (1, 2)
    group by s.commune_key;
end
$$;
comment on function dw.note_links(bigint[], bigint[]) is 'Part of the triggers on registry.person_cluster: records a recount of every commune where the given identities, or the identities of the given clusters, have counted states; takes the lock 72519 shared until commit.';

create function dw.note_links_added() returns trigger
language plpgsql as $$
begin
    perform dw.note_links(array(select a.person_id from added a), array(select a.cluster_id from added a));
    return null;
end
$$;
comment on function dw.note_links_added() is 'Trigger (after insert on registry.person_cluster, per statement): dw.note_links of the rows added.';

create function dw.note_links_removed() returns trigger
language plpgsql as $$
begin
    perform dw.note_links(array(select r.person_id from removed r), array(select r.cluster_id from removed r));
    return null;
end
$$;
comment on function dw.note_links_removed() is 'Trigger (after delete on registry.person_cluster, per statement): dw.note_links of the rows deleted.';

create function dw.note_links_changed() returns trigger
language plpgsql as $$
begin
    perform dw.note_links(array(select o.person_id from before_change o union select n.person_id from after_change n),
                          array(select o.cluster_id from before_change o union select n.cluster_id from after_change n));
    return null;
end
$$;
comment on function dw.note_links_changed() is 'Trigger (after update on registry.person_cluster, per statement): dw.note_links of the rows before and after.';

create trigger person_state_snapshot_added after insert on registry.person_state
    referencing new table as added for each statement execute function dw.note_states_added();
create trigger person_state_snapshot_removed after delete on registry.person_state
    referencing old table as removed for each statement execute function dw.note_states_removed();
create trigger person_state_snapshot_changed after update on registry.person_state
    referencing old table as before_change new table as after_change for each statement execute function dw.note_states_changed();
create trigger person_cluster_snapshot_added after insert on registry.person_cluster
    referencing new table as added for each statement execute function dw.note_links_added();
create trigger person_cluster_snapshot_removed after delete on registry.person_cluster
    referencing old table as removed for each statement execute function dw.note_links_removed();
create trigger person_cluster_snapshot_changed after update on registry.person_cluster
    referencing old table as before_change new table as after_change for each statement execute function dw.note_links_changed();

-- Finding the states a new month end differs by: those beginning or ending between two month
-- ends, and those of people with a birthday in the month.
create index person_state_counted_from on registry.person_state (valid_from)
    where superseded_at is null and residence in (1, 2);
create index person_state_counted_to on registry.person_state (valid_to)
    where superseded_at is null and residence in (1, 2) and valid_to <> 'infinity';
create index person_state_counted_birth_month on registry.person_state ((extract(month from birth_date)))
    where superseded_at is null and residence in (1, 2);

-- ---------------------------------------------------------------------------------------
-- Rewriting cells of the snapshot

-- Rewrites the snapshot cells of pg_temp.dw_cell (i: month, day_key, commune_key: register
-- commune, base_key: the month end whose rows the cell starts from — its own, or the month
-- before for a new month end — and standing_key: the commune standing for it that day) from
-- their base rows plus pg_temp.dw_cell_delta (people by the snapshot's key, signed; i and
-- commune_key name the cell) and their
-- base households plus pg_temp.dw_cell_house (households counted, signed). A cell whose sums
-- do not add up puts its commune into pg_temp.dw_recount instead (counted again from the
-- start). Returns the population rows written.
create function dw.rewrite_month_end_cells()
returns integer
language plpgsql as $$
declare
    v_rows integer;
    v_bad integer;
begin
    perform dw.drop_temp_tables('dw_cell_rows', 'dw_cell_total');
    analyze pg_temp.dw_cell;
    create temp table dw_cell_rows on commit drop as
    select x.i, x.commune_key, x.sex, x.age, x.marital_status, x.residence, x.ethnicity, x.method,
           sum(x.people)::integer as people
    from (
        select c.i, c.commune_key, f.sex_key as sex, f.age_key as age, f.marital_status_key as marital_status,
               f.residence_key as residence, f.ethnicity_key as ethnicity, f.contraceptive_method_key as method, f.people
        from pg_temp.dw_cell c
        join dw.fact_population_month_end f on f.register_commune_key = c.commune_key and f.month_end_date_key = c.base_key
        union all
        select d.i, d.commune_key, d.sex, d.age, d.marital_status, d.residence, d.ethnicity, d.method, d.people
        from pg_temp.dw_cell_delta d
    ) x
    group by 1, 2, 3, 4, 5, 6, 7, 8;

    create temp table dw_cell_total on commit drop as
    select c.i, c.day_key, c.commune_key, c.standing_key,
           coalesce(h.households, 0) + coalesce(hc.change, 0) as households,
           coalesce(r.residents, 0) as residents, coalesce(r.negative, false) as negative
    from pg_temp.dw_cell c
    left join dw.fact_household_month_end h on h.register_commune_key = c.commune_key and h.month_end_date_key = c.base_key
    left join (select d.i, d.commune_key, sum(d.change) as change
               from pg_temp.dw_cell_house d group by 1, 2) hc on hc.i = c.i and hc.commune_key = c.commune_key
    left join (select r.i, r.commune_key, sum(r.people) filter (where r.people > 0) as residents, bool_or(r.people < 0) as negative
               from pg_temp.dw_cell_rows r group by 1, 2) r on r.i = c.i and r.commune_key = c.commune_key;

    -- Sums that do not add up mean the snapshot was wrong before this refresh: say so, and
    -- count the commune again from the start.
    insert into pg_temp.dw_recount (commune_key, from_month)
    select distinct t.commune_key, dw.month_index(date '1900-01-01')
    from pg_temp.dw_cell_total t
    where t.negative or t.households < 0 or t.households > t.residents or (t.households > 0) <> (t.residents > 0);
    get diagnostics v_bad = row_count;
    if v_bad > 0 then
        raise warning 'số liệu cuối tháng của % xã không khớp, đếm lại / the month-end snapshot of % communes did not add up; they are counted again',
            v_bad, v_bad;
    end if;
    delete from pg_temp.dw_cell_total t where t.commune_key in (select r.commune_key from pg_temp.dw_recount r);
    analyze pg_temp.dw_cell_total;

    delete from dw.fact_population_month_end f using pg_temp.dw_cell_total t
    where f.register_commune_key = t.commune_key and f.month_end_date_key = t.day_key;
    -- Every cell's household row is written again, so mart.sync_snapshot_summary sums it again.
    delete from dw.fact_household_month_end h using pg_temp.dw_cell_total t
    where h.register_commune_key = t.commune_key and h.month_end_date_key = t.day_key;
    insert into dw.fact_population_month_end (month_end_date_key, register_commune_key, commune_key, sex_key, age_key,
                                              marital_status_key, residence_key, ethnicity_key, contraceptive_method_key,
                                              people)
    select t.day_key, r.commune_key, t.standing_key, r.sex, r.age, r.marital_status, r.residence, r.ethnicity, r.method,
           r.people
    from pg_temp.dw_cell_rows r
    join pg_temp.dw_cell_total t on t.i = r.i and t.commune_key = r.commune_key
    where r.people > 0;
    get diagnostics v_rows = row_count;
    insert into dw.fact_household_month_end (month_end_date_key, register_commune_key, commune_key, households, residents)
    select t.day_key, t.commune_key, t.standing_key, t.households, t.residents
    from pg_temp.dw_cell_total t
    where t.households > 0;
    return v_rows;
end
$$;
comment on function dw.rewrite_month_end_cells() is 'Part of dw.refresh_month_end: rewrites the snapshot cells (commune × month end) of pg_temp.dw_cell from their base rows plus the differences in pg_temp.dw_cell_delta and pg_temp.dw_cell_house; a cell that does not add up sends its commune to pg_temp.dw_recount. Returns the population rows written.';

-- (1) The recorded changes, on the month ends already built (up to p_built). Communes to be
-- recounted are left to the recount.
create function dw.add_snapshot_changes(p_built integer)
returns integer
language plpgsql as $$
begin
    perform dw.drop_temp_tables('dw_cell', 'dw_cell_delta', 'dw_cell_house');
    create temp table dw_cell_delta on commit drop as
    select g.i, d.commune_key, d.household_id, d.sex,
           greatest(0, least(120, (dw.month_end_key(g.i) - d.birth_key) / 10000))::smallint as age,
           d.marital_status, d.residence, d.ethnicity, d.method, sum(d.sign)::integer as people
    from pg_temp.dw_change d
    cross join lateral generate_series(dw.month_index(d.valid_from),
                                       least(case when d.valid_to = 'infinity' then p_built
                                                  else dw.month_index(d.valid_to) - 1 end, p_built)) g(i)
    where d.commune_key not in (select r.commune_key from pg_temp.dw_recount r)
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    having sum(d.sign) <> 0;

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
comment on function dw.add_snapshot_changes(integer) is 'Part of dw.refresh_month_end: adds the changes taken into pg_temp.dw_change to the snapshot''s month ends up to p_built (dw.month_index), except in the communes of pg_temp.dw_recount. Returns the population rows written.';

-- (2) A new month end from the one before: the same rows, plus the differences of the states
-- whose count can differ between the two month ends.
create function dw.carry_month_end(p_month integer)
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
    insert into pg_temp.dw_cand
    select s.person_state_id, s.person_id, s.commune_key, s.household_id, s.sex, dw.month_end_birth_key(s.birth_date),
           coalesce(s.marital_status, -1)::smallint, s.residence, s.ethnicity::smallint,
           coalesce(s.contraceptive_method, -1)::smallint, s.valid_from, s.valid_to, true, true
    from registry.person_cluster c
    join registry.person_cluster o on o.cluster_id = c.cluster_id
    join registry.person_state s on s.person_id = o.person_id
    where c.person_id in (select b.person_id from pg_temp.dw_cand b where b.boundary)
      and s.superseded_at is null and s.residence in (1, 2)
      and s.person_state_id not in (select b.person_state_id from pg_temp.dw_cand b);
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

    -- Changes of identities in clusters: their clusters' communes are counted again (which
    -- identity counts depends on the others). A commune counted again starts no later than
    -- its first change.
    insert into pg_temp.dw_recount (commune_key, from_month)
    select s.commune_key, dw.month_index(s.valid_from)
    from registry.person_state s
    where s.person_id in (select o.person_id
                          from pg_temp.dw_change d
                          join registry.person_cluster c on c.person_id = d.person_id
                          join registry.person_cluster o on o.cluster_id = c.cluster_id)
      and s.superseded_at is null and s.residence in (1, 2);
    insert into pg_temp.dw_recount (commune_key, from_month)
    select d.commune_key, dw.month_index(d.valid_from)
    from pg_temp.dw_change d
    where d.commune_key in (select r.commune_key from pg_temp.dw_recount r)
       or d.person_id in (select c.person_id from registry.person_cluster c);
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
comment on function dw.refresh_month_end(integer[], date, date) is 'Brings the month-end snapshot (dw.fact_population_month_end, dw.fact_household_month_end) up to date with the register, in the caller''s transaction: adds the changes the register recorded (staging.snapshot_change) to the month ends built, builds the month ends reached since from the one before, and counts again the communes asked for (staging.snapshot_recount: register loads, link decisions) or whose sums did not add up. The arguments are those of the other refreshes and are not needed: the register''s own record says what changed (migration 0021). Returns the population rows written.';

create or replace function dw.refresh_all()
returns integer
language plpgsql as $$
declare
    v_last date;
    v_rows integer;
begin
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);
    delete from staging.snapshot_change;
    delete from staging.snapshot_recount;
    truncate dw.fact_birth, dw.fact_death, dw.fact_move, dw.fact_marriage, dw.fact_method_change, dw.fact_screening,
             dw.fact_population_month_end, dw.fact_household_month_end;
    perform dw.drop_temp_tables('dw_event_scope');
    create temp table dw_event_scope (event_id bigint primary key) on commit drop;
    insert into pg_temp.dw_event_scope select e.event_id from registry.event e;
    analyze pg_temp.dw_event_scope;
    v_rows := dw.write_event_facts();
    v_last := dw.snapshot_last_month_end();
    if v_last is not null then
        v_rows := v_rows + dw.write_month_end(null, dw.month_index(date '1900-01-01'), dw.month_index(v_last));
    end if;
    return v_rows;
end
$$;
comment on function dw.refresh_all() is 'Rebuilds every fact table of dw from the register, in the caller''s transaction (TRUNCATE: readers wait for it to commit), and drops the snapshot changes waiting (the rebuild counts them). Returns the rows written (events, and population rows of the snapshot).';

-- The refreshes that take both locks take 72519 first (see the header).
create or replace function mart.refresh_touched(p_communes integer[], p_from date)
returns integer
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    perform dw.refresh_events(p_communes, p_from, 'infinity');
    perform dw.refresh_month_end(p_communes, p_from, 'infinity');
    return mart.refresh_values(p_communes, p_from, 'infinity');
end
$$;

create or replace function mart.refresh_full()
returns integer
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    perform dw.refresh_all();
    return mart.refresh_all_values();
end
$$;

-- The event facts of communes each from its own day, in one pass (the refresh of a month
-- used to pass twice: once for the communes with late reports, once for the others).
-- dw.refresh_events (0018) becomes this with one day for all.
create function dw.refresh_events_since(p_communes integer[], p_from_days date[], p_to date)
returns integer
language plpgsql as $$
declare
    v_to_key integer := case when p_to = 'infinity' then 99999999 else dw.date_key(p_to) end;
begin
    perform pg_advisory_xact_lock(72518);
    perform set_config('jit', 'off', true);
    perform dw.drop_temp_tables('dw_event_scope', 'dw_event_since');
    create temp table dw_event_since on commit drop as
    select t.commune_key, t.from_day, case when t.from_day = '-infinity' then 0 else dw.date_key(t.from_day) end as from_key
    from unnest(p_communes, p_from_days) t(commune_key, from_day);
    analyze pg_temp.dw_event_since;
    create temp table dw_event_scope (event_id bigint primary key) on commit drop;
    -- The events recorded there and then, and whatever the facts held for them (an event a
    -- correction moved elsewhere, or a withdrawal cancelled).
    insert into pg_temp.dw_event_scope
    select e.event_id from registry.event e join pg_temp.dw_event_since t on t.commune_key = e.commune_key
    where e.event_date between t.from_day and p_to
    union select f.event_id from dw.fact_birth f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key
    union select f.event_id from dw.fact_death f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key
    union select f.event_id from dw.fact_move f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key
    union select f.event_id from dw.fact_marriage f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key
    union select f.event_id from dw.fact_method_change f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key
    union select f.event_id from dw.fact_screening f join pg_temp.dw_event_since t on t.commune_key = f.commune_key
    where f.event_date_key between t.from_key and v_to_key;
    analyze pg_temp.dw_event_scope;
    perform dw.extend_event_scope();

    delete from dw.fact_birth f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_death f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_move f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_marriage f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_method_change f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_screening f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    return dw.write_event_facts();
end
$$;
comment on function dw.refresh_events_since(integer[], date[], date) is 'dw.refresh_events for communes each from its own first day (p_from_days, in the order of p_communes; -infinity allowed) to p_to (infinity allowed), in one pass. Returns the fact rows written.';

create or replace function dw.refresh_events(p_communes integer[], p_from date, p_to date)
returns integer
language sql as $$
    select dw.refresh_events_since(p_communes, array_fill(p_from, array[coalesce(cardinality(p_communes), 0)]), p_to)
$$;

-- Statistics the refresh's plans need: an ingest that grew a table by a fifth (the year's
-- event partition after its first months, the change lines) leaves the planner counting the
-- rows it had before until autovacuum comes by, which may be after the refresh. Measured: the
-- births' prenatal-screening look-up then read every event of the year's partition by date,
-- once per birth, and the month's refresh grew by 2 s per month loaded (2.3 s in January, 10.6
-- s in May) until autovacuum analysed the partition.
create function dw.analyze_stale_inputs()
returns integer
language plpgsql as $$
declare
    v_table record;
    v_count integer := 0;
begin
    for v_table in
        select s.schemaname, s.relname
        from pg_stat_user_tables s
        where s.schemaname in ('registry', 'staging')
          and s.n_mod_since_analyze > greatest(1000, 0.2 * s.n_live_tup)
          -- queues the refresh empties in one statement: no plan depends on their counts
          and (s.schemaname, s.relname) not in (('staging', 'snapshot_change'), ('staging', 'snapshot_recount'),
                                                ('staging', 'indicator_refresh_request'))
        order by 1, 2
    loop
        execute format('analyze %I.%I', v_table.schemaname, v_table.relname);
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;
comment on function dw.analyze_stale_inputs() is 'Analyses the tables of registry and staging changed by more than a fifth of their rows (at least 1,000) since their last analysis, so that the refresh that follows plans on current counts. Returns the tables analysed.';

-- The requests: the event facts of every commune from its own month, the snapshot once, and
-- the values once, from the earliest month asked for (the periods a month's late reports
-- touch are mostly those its own files touch: a second pass for the other communes cost more
-- than the few periods it saved). One row per group of communes asked from one month, as before.
create or replace function mart.refresh_requested()
returns table (communes integer, from_day date, requests integer)
language plpgsql as $$
#variable_conflict use_column
declare
    v_group record;
begin
    perform pg_advisory_xact_lock(72519);
    perform pg_advisory_xact_lock(72518);
    create temporary table refresh_taken on commit drop as
    with taken as (delete from staging.indicator_refresh_request returning commune_key, from_day)
    select t.commune_key, date_trunc('month', min(t.from_day))::date as from_day, count(*)::integer as requests
    from taken t group by t.commune_key;
    if exists (select 1 from refresh_taken) then
        perform dw.analyze_stale_inputs();
        perform dw.refresh_events_since(array(select t.commune_key from refresh_taken t order by t.commune_key),
                                        array(select t.from_day from refresh_taken t order by t.commune_key), 'infinity');
        perform dw.refresh_month_end(null, '-infinity', 'infinity');
    end if;
    if exists (select 1 from refresh_taken) then
        perform mart.refresh_values(array(select t.commune_key from refresh_taken t order by t.commune_key),
                                    (select min(t.from_day) from refresh_taken t), 'infinity');
    end if;
    for v_group in
        select t.from_day as month_start, array_agg(t.commune_key order by t.commune_key) as keys,
               sum(t.requests)::integer as requests
        from refresh_taken t group by 1 order by 1
    loop
        communes := cardinality(v_group.keys);
        from_day := v_group.month_start;
        requests := v_group.requests;
        return next;
    end loop;
    drop table refresh_taken;
end
$$;
comment on function mart.refresh_requested() is 'Runs every refresh waiting in staging.indicator_refresh_request, in the caller''s transaction, and removes the requests: the event facts of each commune from the first month it needs (dw.refresh_events_since), the month-end snapshot (dw.refresh_month_end), then the indicator values of those communes and the units above them from the earliest month asked for. One row per group of communes asked from one month.';

revoke execute on function dw.counts_on(bigint, date), dw.note_states_added(), dw.note_states_removed(),
    dw.note_states_changed(), dw.note_links(bigint[], bigint[]), dw.note_links_added(), dw.note_links_removed(),
    dw.note_links_changed(), dw.rewrite_month_end_cells(), dw.add_snapshot_changes(integer),
    dw.carry_month_end(integer), dw.refresh_events_since(integer[], date[], date), dw.analyze_stale_inputs() from public;

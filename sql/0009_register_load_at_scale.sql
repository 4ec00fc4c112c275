-- Loading a province's registers at scale (issue 4).
--
-- Measured on a 200,000-line register (docs/benchmarks.md): of the 23 s the register apply
-- took, 12 s were per-row foreign-key triggers (six on every person_state row) and 6 s the
-- GiST exclusion constraints. Every row of these tables is written by danso's own
-- set-based statements, inside the transaction that also writes its parents, so the
-- guarantees move from per-row triggers to the code that writes the rows and to
-- registry.integrity_problems() below, which checks every one of them set-based; the test
-- suite runs it after every scenario. Small tables that people edit by hand (ref, audit,
-- staging.quarantine, change slips) keep their foreign keys. Batches are never deleted, so
-- staging.a0_line loses nothing with its ON DELETE CASCADE.
alter table staging.a0_line
    drop constraint a0_line_batch_id_fkey;
alter table registry.person_state
    drop constraint person_state_person_id_daterange_excl,
    drop constraint person_state_person_id_fkey,
    drop constraint person_state_commune_key_fkey,
    drop constraint person_state_household_id_fkey,
    drop constraint person_state_ethnicity_fkey,
    drop constraint person_state_batch_id_fkey,
    drop constraint person_state_superseded_by_batch_fkey;
alter table registry.household_state
    drop constraint household_state_household_id_daterange_excl,
    drop constraint household_state_household_id_fkey,
    drop constraint household_state_batch_id_fkey,
    drop constraint household_state_superseded_by_batch_fkey;
alter table registry.person
    drop constraint person_household_id_fkey,
    drop constraint person_first_batch_id_fkey;
alter table registry.person_snapshot
    drop constraint person_snapshot_person_id_fkey,
    drop constraint person_snapshot_commune_key_fkey,
    drop constraint person_snapshot_household_id_fkey,
    drop constraint person_snapshot_batch_id_line_no_fkey;
alter table registry.household_listing
    drop constraint household_listing_household_id_fkey,
    drop constraint household_listing_batch_id_fkey;
alter table registry.person_closure
    drop constraint person_closure_person_id_fkey,
    drop constraint person_closure_batch_id_fkey;

-- Every guarantee the dropped constraints gave, checked at once. Empty means sound.
create function registry.integrity_problems()
returns table (problem text, rows_affected bigint)
language sql stable as $$
    select 'person_state overlaps another current state of the same person', count(*)
    from (select s.valid_from, lag(s.valid_to) over w as prev_to
          from registry.person_state s where s.superseded_at is null
          window w as (partition by s.person_id order by s.valid_from)) x
    where x.prev_to > x.valid_from having count(*) > 0
    union all
    select 'household_state overlaps another current state of the same household', count(*)
    from (select s.valid_from, lag(s.valid_to) over w as prev_to
          from registry.household_state s where s.superseded_at is null
          window w as (partition by s.household_id order by s.valid_from)) x
    where x.prev_to > x.valid_from having count(*) > 0
    union all
    select 'staging.a0_line from an unknown batch', count(*) from staging.a0_line l
    where not exists (select 1 from audit.batch b where b.batch_id = l.batch_id) having count(*) > 0
    union all
    select 'person_state without its person', count(*) from registry.person_state s
    where not exists (select 1 from registry.person p where p.person_id = s.person_id) having count(*) > 0
    union all
    select 'person_state without its household', count(*) from registry.person_state s
    where not exists (select 1 from registry.household h where h.household_id = s.household_id) having count(*) > 0
    union all
    select 'person_state with an unknown commune', count(*) from registry.person_state s
    where not exists (select 1 from ref.admin_unit u where u.unit_key = s.commune_key) having count(*) > 0
    union all
    select 'person_state with an unknown ethnic group', count(*) from registry.person_state s
    where not exists (select 1 from ref.ethnic_group g where g.code = s.ethnicity) having count(*) > 0
    union all
    select 'person_state from an unknown batch', count(*) from registry.person_state s
    where not exists (select 1 from audit.batch b where b.batch_id = s.batch_id)
       or (s.superseded_by_batch is not null
           and not exists (select 1 from audit.batch b where b.batch_id = s.superseded_by_batch))
    having count(*) > 0
    union all
    select 'household_state without its household or batch', count(*) from registry.household_state s
    where not exists (select 1 from registry.household h where h.household_id = s.household_id)
       or not exists (select 1 from audit.batch b where b.batch_id = s.batch_id)
    having count(*) > 0
    union all
    select 'person without its household or batch', count(*) from registry.person p
    where not exists (select 1 from registry.household h where h.household_id = p.household_id)
       or not exists (select 1 from audit.batch b where b.batch_id = p.first_batch_id)
    having count(*) > 0
    union all
    select 'person_snapshot without its person, household or register line', count(*) from registry.person_snapshot ps
    where not exists (select 1 from registry.person p where p.person_id = ps.person_id)
       or not exists (select 1 from registry.household h where h.household_id = ps.household_id)
       or not exists (select 1 from staging.a0_line l where l.batch_id = ps.batch_id and l.line_no = ps.line_no)
    having count(*) > 0
    union all
    select 'household_listing or person_closure without its subject or batch', count(*)
    from (select hl.batch_id from registry.household_listing hl
          where not exists (select 1 from registry.household h where h.household_id = hl.household_id)
          union all
          select pc.batch_id from registry.person_closure pc
          where not exists (select 1 from registry.person p where p.person_id = pc.person_id)) x
    having count(*) > 0
    union all
    -- Unique by constraint today; once registry.event is partitioned (migration 0010) the
    -- constraint holds within a partition only, so it is checked here across them.
    select 'event root_slip_id reported by more than one event (unique within a partition only)', sum(x.n)::bigint
    from (select count(*) as n from registry.event e group by e.root_slip_id having count(*) > 1) x
    having count(*) > 0
$$;
comment on function registry.integrity_problems() is 'Checks set-based what the register''s per-row constraints checked before migration 0009 (no overlapping current states, every reference resolvable) and that no root slip has two events across the partitions of registry.event (migration 0010); returns one row per kind of problem, none when the register is sound.';

-- The register apply of migration 0006, with the same rules, reshaped for a province's load:
--   * one temporary table per batch (the lines with their identities and current states)
--     instead of four copies;
--   * people and households first listed by this batch have no earlier state and no later
--     fact, so the look-ups for those are skipped (most of a first load);
--   * new identities are inserted with anti-joins instead of ON CONFLICT (speculative
--     insertion costs a second index probe per row); the commune lock below makes that safe;
--   * the communes of the batch are locked (transaction advisory locks, in code order) so
--     files of different communes load in parallel and files of one commune in turn.
create or replace function registry.apply_register_batch(p_batch bigint, p_scope text default 'auto')
returns table (people_new integer, people_changed integer, people_unchanged integer,
               people_closed integer, households_closed integer, whole_communes text[])
language plpgsql as $$
declare
    v_as_of date;
    v_now timestamptz := now();
    v_commune integer;
    v_unit record;
    v_areas smallint[];
begin
    if p_scope not in ('auto', 'commune', 'households') then
        raise exception 'unknown scope %', p_scope using errcode = '22023';
    end if;
    select b.as_of into strict v_as_of from audit.batch b where b.batch_id = p_batch;
    -- A commune's lines sort and hash in memory rather than in temporary files; and no JIT:
    -- compiling the plans of these statements took longer (0.35 s each) than running them.
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);

    drop table if exists pg_temp.reg_unit, pg_temp.reg_cmp, pg_temp.reg_hh, pg_temp.reg_hh_cmp,
        pg_temp.reg_whole, pg_temp.reg_gone;

    create temp table reg_unit on commit drop as
    select c.commune_code, u.unit_key as commune_key,
           (select min(rc.as_of) from registry.register_coverage rc
             where rc.commune_key = u.unit_key and rc.whole_commune and rc.as_of > v_as_of) as later_whole
    from (select distinct l.commune_code from staging.a0_line l where l.batch_id = p_batch) c
    join ref.admin_unit u on u.level = 'commune' and u.code = c.commune_code
                         and v_as_of between u.valid_from and u.valid_to;
    for v_commune in select commune_key from reg_unit order by commune_key loop
        perform pg_advisory_xact_lock(72507, v_commune);
    end loop;

    insert into registry.household (commune_key, household_code, first_batch_id)
    select distinct u.commune_key, l.household_code, p_batch
    from staging.a0_line l join reg_unit u using (commune_code)
    where l.batch_id = p_batch
      and not exists (select 1 from registry.household h
                       where h.commune_key = u.commune_key and h.household_code = l.household_code);

    insert into registry.person (household_id, member_no, first_batch_id)
    select h.household_id, l.member_no, p_batch
    from staging.a0_line l
    join reg_unit u using (commune_code)
    join registry.household h on h.commune_key = u.commune_key and h.household_code = l.household_code
    where l.batch_id = p_batch
      and (h.first_batch_id = p_batch
           or not exists (select 1 from registry.person p
                           where p.household_id = h.household_id and p.member_no = l.member_no));

    -- People: their line, identity, and the state holding on D (none for people new here).
    create temp table reg_cmp on commit drop as
    select l.*, u.commune_key, h.household_id, p.person_id,
           p.first_batch_id = p_batch as person_new, h.first_batch_id = p_batch as household_new,
           s.person_state_id as cur_id, s.valid_from as cur_from, s.valid_to as cur_to, s.end_reason as cur_end,
           case when p.first_batch_id <> p_batch then
               (select min(n.valid_from) from registry.person_state n
                 where n.person_id = p.person_id and n.superseded_at is null and n.valid_from > l.as_of) end as next_from,
           -- The first later register that listed the household, or covered the whole commune.
           least(case when h.first_batch_id <> p_batch then
                     (select min(hl.as_of) from registry.household_listing hl
                       where hl.household_id = h.household_id and hl.as_of > l.as_of) end,
                 u.later_whole) as covered_next,
           s.person_state_id is not null and
           (s.commune_key, s.household_id, s.member_no, s.full_name, s.sex, s.birth_year, s.birth_month,
            s.birth_day, s.ethnicity, s.education, s.marital_status, s.residence, s.contraceptive_method,
            s.relationship, s.personal_number, s.health_card)
           is not distinct from
           (u.commune_key, h.household_id, l.member_no, l.full_name, l.sex, l.birth_year, l.birth_month,
            l.birth_day, l.ethnicity, l.education, l.marital_status, l.residence, l.method,
            l.relationship, l.personal_number, l.health_card) as unchanged
    from staging.a0_line l
    join reg_unit u using (commune_code)
    join registry.household h on h.commune_key = u.commune_key and h.household_code = l.household_code
    join registry.person p on p.household_id = h.household_id and p.member_no = l.member_no
    left join lateral (
        select s.* from registry.person_state s
        where p.first_batch_id <> p_batch
          and s.person_id = p.person_id and s.superseded_at is null
          and s.valid_from <= l.as_of and s.valid_to > l.as_of
        offset 0) s on true
    where l.batch_id = p_batch;

    update registry.person_state s set superseded_at = v_now, superseded_by_batch = p_batch
    from reg_cmp c where s.person_state_id = c.cur_id and not c.unchanged and c.cur_from = c.as_of;
    update registry.person_state s set valid_to = c.as_of, end_reason = 'changed'
    from reg_cmp c where s.person_state_id = c.cur_id and not c.unchanged and c.cur_from < c.as_of;

    insert into registry.person_state (
        person_id, valid_from, valid_to, commune_key, household_id, member_no, full_name, sex, birth_year,
        birth_month, birth_day, birth_date, ethnicity, education, marital_status, residence,
        contraceptive_method, relationship, personal_number, health_card, batch_id, line_no, end_reason)
    select c.person_id, c.as_of,
           case when c.cur_id is not null then c.cur_to
                else least(coalesce(c.next_from, 'infinity'), coalesce(c.covered_next, 'infinity')) end,
           c.commune_key, c.household_id,
           c.member_no, c.full_name, c.sex, c.birth_year, c.birth_month, c.birth_day, c.birth_date,
           c.ethnicity, c.education, c.marital_status, c.residence, c.method, c.relationship,
           c.personal_number, c.health_card, p_batch, c.line_no,
           case when c.cur_id is not null then c.cur_end
                when c.covered_next < coalesce(c.next_from, 'infinity') then 'reconciliation' end
    from reg_cmp c where not c.unchanged;

    -- Households: the state of each listed household (from its head's line, else its first line).
    create temp table reg_hh on commit drop as
    select distinct on (c.household_id) c.household_id, c.household_new, c.commune_key, c.as_of, c.area_no,
           c.collaborator_code, c.address, c.line_no
    from reg_cmp c order by c.household_id, (c.relationship = 1) desc, c.line_no;

    create temp table reg_hh_cmp on commit drop as
    select h.*, s.household_state_id as cur_id, s.valid_from as cur_from, s.valid_to as cur_to, s.end_reason as cur_end,
           case when not h.household_new then
               (select min(n.valid_from) from registry.household_state n
                 where n.household_id = h.household_id and n.superseded_at is null and n.valid_from > h.as_of) end as next_from,
           case when u.later_whole is not null then
               (select min(rc.as_of) from registry.register_coverage rc
                 where rc.commune_key = h.commune_key and rc.whole_commune and rc.as_of > h.as_of
                   and not exists (select 1 from registry.household_listing hl
                                    where hl.household_id = h.household_id and hl.as_of = rc.as_of)) end as covered_next,
           s.household_state_id is not null and
           (s.area_no, s.collaborator_code, s.address) is not distinct from (h.area_no, h.collaborator_code, h.address) as unchanged
    from reg_hh h
    join reg_unit u using (commune_key)
    -- OFFSET 0 keeps the look-up a per-household index probe (skipped for new households)
    -- rather than a hash of every household state the province holds.
    left join lateral (
        select s.* from registry.household_state s
        where not h.household_new
          and s.household_id = h.household_id and s.superseded_at is null
          and s.valid_from <= h.as_of and s.valid_to > h.as_of
        offset 0) s on true;

    update registry.household_state s set superseded_at = v_now, superseded_by_batch = p_batch
    from reg_hh_cmp c where s.household_state_id = c.cur_id and not c.unchanged and c.cur_from = c.as_of;
    update registry.household_state s set valid_to = c.as_of, end_reason = 'changed'
    from reg_hh_cmp c where s.household_state_id = c.cur_id and not c.unchanged and c.cur_from < c.as_of;
    insert into registry.household_state (household_id, valid_from, valid_to, area_no, collaborator_code,
                                          address, batch_id, line_no, end_reason)
    select c.household_id, c.as_of,
           case when c.cur_id is not null then c.cur_to
                else least(coalesce(c.next_from, 'infinity'), coalesce(c.covered_next, 'infinity')) end,
           c.area_no, c.collaborator_code, c.address, p_batch, c.line_no,
           case when c.cur_id is not null then c.cur_end
                when c.covered_next < coalesce(c.next_from, 'infinity') then 'reconciliation' end
    from reg_hh_cmp c where not c.unchanged;

    -- Whole-commune files: they list every collaborator area the warehouse holds for the
    -- commune (households first listed by this batch hold no other batch's state). One
    -- commune at a time, so the look-up goes through that commune's households only.
    create temp table reg_whole (commune_key integer, commune_code text) on commit drop;
    for v_unit in select * from reg_unit loop
        v_areas := array(select distinct c.area_no from reg_cmp c where c.commune_key = v_unit.commune_key);
        if p_scope = 'commune' or (p_scope = 'auto' and not exists (
            select 1
            from registry.household h
            join registry.household_state hs on hs.household_id = h.household_id
            where h.commune_key = v_unit.commune_key and h.first_batch_id <> p_batch and hs.superseded_at is null
              and hs.valid_from <= v_as_of and hs.valid_to > v_as_of
              and hs.batch_id <> p_batch
              and (hs.area_no is null or hs.area_no <> all (v_areas))))
        then
            insert into reg_whole values (v_unit.commune_key, v_unit.commune_code);
        end if;
    end loop;

    -- Reconciliation: people held on D in scope but not listed (states this batch wrote are listed).
    -- Through households (a person's state lies in its household's commune), skipping those
    -- this batch created, so the look-up stays within the batch's communes.
    create temp table reg_gone on commit drop as
    select s.person_state_id, s.valid_from
    from registry.person_state s
    where s.household_id in (select hh.household_id from reg_hh hh where not hh.household_new
                             union
                             select h.household_id from registry.household h
                             join reg_whole w on h.commune_key = w.commune_key
                             where h.first_batch_id <> p_batch)
      and s.superseded_at is null and s.valid_from <= v_as_of and s.valid_to > v_as_of
      and s.batch_id <> p_batch
      and not exists (select 1 from reg_cmp c where c.person_id = s.person_id);

    update registry.person_state s set superseded_at = v_now, superseded_by_batch = p_batch
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from = v_as_of;
    update registry.person_state s set valid_to = v_as_of, end_reason = 'reconciliation'
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from < v_as_of;

    -- Households of whole communes that the file no longer lists (one commune at a time,
    -- through its households).
    households_closed := 0;
    for v_unit in select * from reg_whole loop
        with gone as (
            update registry.household_state s
            set valid_to = case when s.valid_from < v_as_of then v_as_of else s.valid_to end,
                end_reason = case when s.valid_from < v_as_of then 'reconciliation' else s.end_reason end,
                superseded_at = case when s.valid_from = v_as_of then v_now end,
                superseded_by_batch = case when s.valid_from = v_as_of then p_batch end
            from registry.household h
            where h.commune_key = v_unit.commune_key and h.first_batch_id <> p_batch
              and h.household_id = s.household_id and s.superseded_at is null
              and s.valid_from <= v_as_of and s.valid_to > v_as_of
              and not exists (select 1 from reg_hh hh where hh.household_id = s.household_id)
            returning 1)
        select households_closed + count(*)::integer into households_closed from gone;
    end loop;

    -- The facts behind the states, for rebuilding a person's history when change slips touch it.
    insert into registry.person_snapshot (person_id, as_of, batch_id, line_no, commune_key, household_id)
    select c.person_id, c.as_of, p_batch, c.line_no, c.commune_key, c.household_id from reg_cmp c;
    insert into registry.person_closure (person_id, day, batch_id)
    select s.person_id, v_as_of, p_batch
    from reg_gone g join registry.person_state s on s.person_state_id = g.person_state_id
    on conflict do nothing;
    insert into registry.person_closure (person_id, day, batch_id)
    select c.person_id, c.covered_next, p_batch
    from reg_cmp c
    where c.cur_id is null and c.covered_next < coalesce(c.next_from, 'infinity')
    on conflict do nothing;

    insert into registry.household_listing (household_id, as_of, batch_id)
    select h.household_id, h.as_of, p_batch from reg_hh h;
    insert into registry.register_coverage (batch_id, commune_key, as_of, whole_commune)
    select p_batch, u.commune_key, v_as_of, u.commune_key in (select w.commune_key from reg_whole w)
    from reg_unit u;

    select count(*) filter (where c.cur_id is null)::integer,
           count(*) filter (where c.cur_id is not null and not c.unchanged)::integer,
           count(*) filter (where c.unchanged)::integer
      into people_new, people_changed, people_unchanged
    from reg_cmp c;
    select count(*)::integer into people_closed from reg_gone;
    select coalesce(array_agg(w.commune_code order by w.commune_code), '{}') into whole_communes from reg_whole w;
    return next;
end
$$;
comment on function registry.apply_register_batch(bigint, text) is 'Applies the accepted lines of a household register batch to the register as of the batch date, keeping history (rules: migration 0006; shape for scale: migration 0009).';

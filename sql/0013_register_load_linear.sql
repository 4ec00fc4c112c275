-- Loads linear in the size of the batch, with no per-row triggers (issue 4).
--
-- Measured on the province load (94 commune files, 1,193,853 people; pg_stat_statements):
-- of the 40.6 s the apply of migration 0009 took, 20 s went to five statements whose look-ups
-- grew with the whole register rather than with the batch, so every commune file cost more
-- than the one before:
--   * new identities were found by anti-joins the planner answered with a hash of every
--     household and person of the province (5.8 s + 4.4 s);
--   * the people to close were looked for through a union the planner answered with a scan
--     of every person state (6.9 s, for no rows on a first load);
--   * closing households and the whole-commune test scanned every household state (3 s).
-- Here new identities are numbered from their sequences as the batch's lines are matched,
-- earlier ones are found by one index probe per household or person, and a commune the register does not
-- hold yet ("fresh": no household of it before this batch) skips every look-up for earlier
-- facts, which is most of a first load. The rules are those of migrations 0006 and 0009.
--
-- The last per-row foreign-key triggers on tables only danso's loaders write go too, as in
-- 0009: registry.household (292,000 trigger calls on a province load, 1.3 s), and the
-- change-slip path's registry.slip, registry.event and staging.change_line (58,000 calls
-- for a month of 8,100 slips, 0.6 s of the month's 2.4 s of server time). Every guarantee
-- is checked by registry.integrity_problems(). The partial person and mother indexes of
-- registry.event are covered by the full ones of migration 0011; each cost an index entry
-- per event.
alter table registry.household
    drop constraint household_commune_key_fkey,
    drop constraint household_first_batch_id_fkey;
alter table registry.slip
    drop constraint slip_commune_key_fkey,
    drop constraint slip_batch_id_line_no_fkey,
    drop constraint slip_cancelled_by_slip_id_fkey,
    drop constraint slip_target_slip_id_fkey;
alter table registry.event
    drop constraint event_root_slip_id_fkey,
    drop constraint event_effective_slip_id_fkey,
    drop constraint event_commune_key_fkey,
    drop constraint event_person_id_fkey,
    drop constraint event_mother_person_id_fkey;
alter table staging.change_line
    drop constraint change_line_batch_id_fkey;
drop index registry.event_person, registry.event_mother;
-- Identities of the large tables are handed out from a per-session cache of 1,000 values
-- rather than one locked sequence update each (a few unused numbers when a session ends).
alter table registry.household alter column household_id set cache 1000;
alter table registry.person alter column person_id set cache 1000;
alter table registry.person_state alter column person_state_id set cache 1000;
alter table registry.household_state alter column household_state_id set cache 1000;
-- A stable look-up of the reference tables: safe in parallel plans of analysts' queries.
alter function ref.commune_on(integer, date) parallel safe;

alter function registry.integrity_problems() rename to integrity_problems_0009;
create function registry.integrity_problems()
returns table (problem text, rows_affected bigint)
language sql stable as $$
    select * from registry.integrity_problems_0009()
    union all
    select 'household with an unknown commune or batch', count(*) from registry.household h
    where not exists (select 1 from ref.admin_unit u where u.unit_key = h.commune_key)
       or not exists (select 1 from audit.batch b where b.batch_id = h.first_batch_id)
    having count(*) > 0
    union all
    select 'staging.change_line from an unknown batch', count(*) from staging.change_line l
    where not exists (select 1 from audit.batch b where b.batch_id = l.batch_id) having count(*) > 0
    union all
    select 'slip with an unknown commune, line or slip it acts on', count(*) from registry.slip s
    where not exists (select 1 from ref.admin_unit u where u.unit_key = s.commune_key)
       or not exists (select 1 from staging.change_line l where l.batch_id = s.batch_id and l.line_no = s.line_no)
       or (s.target_slip_id is not null
           and not exists (select 1 from registry.slip t where t.slip_id = s.target_slip_id))
       or (s.cancelled_by_slip_id is not null
           and not exists (select 1 from registry.slip t where t.slip_id = s.cancelled_by_slip_id))
    having count(*) > 0
    union all
    select 'event with an unknown slip, commune or person', count(*) from registry.event e
    where not exists (select 1 from registry.slip s where s.slip_id = e.root_slip_id)
       or not exists (select 1 from registry.slip s where s.slip_id = e.effective_slip_id)
       or not exists (select 1 from ref.admin_unit u where u.unit_key = e.commune_key)
       or (e.person_id is not null
           and not exists (select 1 from registry.person p where p.person_id = e.person_id))
       or (e.mother_person_id is not null
           and not exists (select 1 from registry.person p where p.person_id = e.mother_person_id))
    having count(*) > 0
$$;
comment on function registry.integrity_problems_0009() is 'The checks of migration 0009; part of registry.integrity_problems().';
comment on function registry.integrity_problems() is 'Checks set-based what the register''s per-row constraints checked before migrations 0009 and 0013 (no overlapping current states, every reference of the register and the change slips resolvable, no root slip with two events across the partitions of registry.event); returns one row per kind of problem, none when the register is sound.';

create or replace function registry.apply_register_batch(p_batch bigint, p_scope text default 'auto')
returns table (people_new integer, people_changed integer, people_unchanged integer,
               people_closed integer, households_closed integer, whole_communes text[])
language plpgsql as $$
declare
    v_as_of date;
    v_now timestamptz := now();
    v_unit record;
    v_areas smallint[];
    v_households bigint[];
    v_household_seq regclass := pg_get_serial_sequence('registry.household', 'household_id')::regclass;
    v_person_seq regclass := pg_get_serial_sequence('registry.person', 'person_id')::regclass;
begin
    if p_scope not in ('auto', 'commune', 'households') then
        raise exception 'unknown scope %', p_scope using errcode = '22023';
    end if;
    select b.as_of into strict v_as_of from audit.batch b where b.batch_id = p_batch;
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);

    drop table if exists pg_temp.reg_unit, pg_temp.reg_hh_id, pg_temp.reg_id, pg_temp.reg_cmp, pg_temp.reg_hh,
        pg_temp.reg_hh_cmp, pg_temp.reg_whole, pg_temp.reg_gone;

    create temp table reg_unit on commit drop as
    select c.commune_code, u.unit_key as commune_key, null::date as later_whole, false as fresh
    from (select distinct l.commune_code from staging.a0_line l where l.batch_id = p_batch) c
    join ref.admin_unit u on u.level = 'commune' and u.code = c.commune_code
                         and v_as_of between u.valid_from and u.valid_to;
    -- Files of one commune load in turn (in code order, so two files never wait on each other).
    perform pg_advisory_xact_lock(72507, commune_key) from (select commune_key from reg_unit order by 1) k;
    update reg_unit u set
        later_whole = (select min(rc.as_of) from registry.register_coverage rc
                        where rc.commune_key = u.commune_key and rc.whole_commune and rc.as_of > v_as_of),
        fresh = not exists (select 1 from registry.household h where h.commune_key = u.commune_key);

    -- Identities: earlier ones by one index probe each (none in a fresh commune), new ones
    -- numbered from the identity sequences here, so the rows are written once and never updated.
    create temp table reg_hh_id on commit drop as
    select c.commune_key, c.household_code,
           coalesce(h.household_id, nextval(v_household_seq)) as household_id,
           h.household_id is null as household_new
    from (select distinct u.commune_key, u.fresh, l.household_code
          from staging.a0_line l join reg_unit u using (commune_code)
          where l.batch_id = p_batch) c
    left join lateral (select h.household_id from registry.household h
                       where not c.fresh and h.commune_key = c.commune_key and h.household_code = c.household_code
                       offset 0) h on true;
    insert into registry.household (household_id, commune_key, household_code, first_batch_id) overriding system value
    select r.household_id, r.commune_key, r.household_code, p_batch from reg_hh_id r where r.household_new;

    create temp table reg_id on commit drop as
    select l.line_no, r.commune_key, r.household_id, r.household_new, l.member_no,
           coalesce(p.person_id, nextval(v_person_seq)) as person_id,
           p.person_id is null as person_new
    from staging.a0_line l
    join reg_unit u using (commune_code)
    join reg_hh_id r on r.commune_key = u.commune_key and r.household_code = l.household_code
    left join lateral (select p.person_id from registry.person p
                       where not r.household_new and p.household_id = r.household_id and p.member_no = l.member_no
                       offset 0) p on true
    where l.batch_id = p_batch;
    insert into registry.person (person_id, household_id, member_no, first_batch_id) overriding system value
    select i.person_id, i.household_id, i.member_no, p_batch from reg_id i where i.person_new;

    -- People: their line, identity, and the state holding on D (none for people new here).
    create temp table reg_cmp on commit drop as
    select l.*, i.commune_key, i.household_id, i.person_id,
           i.person_new, i.household_new,
           s.person_state_id as cur_id, s.valid_from as cur_from, s.valid_to as cur_to, s.end_reason as cur_end,
           case when not i.person_new then
               (select min(n.valid_from) from registry.person_state n
                 where n.person_id = i.person_id and n.superseded_at is null and n.valid_from > l.as_of) end as next_from,
           -- The first later register that listed the household, or covered the whole commune.
           least(case when not i.household_new then
                     (select min(hl.as_of) from registry.household_listing hl
                       where hl.household_id = i.household_id and hl.as_of > l.as_of) end,
                 u.later_whole) as covered_next,
           s.person_state_id is not null and
           (s.commune_key, s.household_id, s.member_no, s.full_name, s.sex, s.birth_year, s.birth_month,
            s.birth_day, s.ethnicity, s.education, s.marital_status, s.residence, s.contraceptive_method,
            s.relationship, s.personal_number, s.health_card)
           is not distinct from
           (i.commune_key, i.household_id, l.member_no, l.full_name, l.sex, l.birth_year, l.birth_month,
            l.birth_day, l.ethnicity, l.education, l.marital_status, l.residence, l.method,
            l.relationship, l.personal_number, l.health_card) as unchanged
    from staging.a0_line l
    join reg_id i on i.line_no = l.line_no
    join reg_unit u on u.commune_key = i.commune_key
    left join lateral (
        select s.* from registry.person_state s
        where not i.person_new
          and s.person_id = i.person_id and s.superseded_at is null
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
    -- commune (households first listed by this batch hold no other batch's state; a fresh
    -- commune holds none, so its file is whole).
    create temp table reg_whole (commune_key integer, commune_code text, fresh boolean) on commit drop;
    for v_unit in select * from reg_unit loop
        v_areas := array(select distinct c.area_no from reg_cmp c where c.commune_key = v_unit.commune_key);
        if p_scope = 'commune' or (p_scope = 'auto' and (v_unit.fresh or not exists (
            select 1
            from registry.household h
            join registry.household_state hs on hs.household_id = h.household_id
            where h.commune_key = v_unit.commune_key and h.first_batch_id <> p_batch and hs.superseded_at is null
              and hs.valid_from <= v_as_of and hs.valid_to > v_as_of
              and hs.batch_id <> p_batch
              and (hs.area_no is null or hs.area_no <> all (v_areas)))))
        then
            insert into reg_whole values (v_unit.commune_key, v_unit.commune_code, v_unit.fresh);
        end if;
    end loop;

    -- Reconciliation: people held on D in scope but not listed (states this batch wrote are
    -- listed): the households held before that the batch lists, and every household held
    -- before in its whole communes; probed through the household index.
    v_households := array(
        select hh.household_id from reg_hh hh where not hh.household_new
        union
        select h.household_id from reg_whole w
        cross join lateral (select h.household_id from registry.household h
                            where h.commune_key = w.commune_key and h.first_batch_id <> p_batch offset 0) h
        where not w.fresh);
    create temp table reg_gone on commit drop as
    select s.person_state_id, s.valid_from, s.person_id
    from registry.person_state s
    where s.household_id = any (v_households)
      and s.superseded_at is null and s.valid_from <= v_as_of and s.valid_to > v_as_of
      and s.batch_id <> p_batch
      and not exists (select 1 from reg_cmp c where c.person_id = s.person_id);

    update registry.person_state s set superseded_at = v_now, superseded_by_batch = p_batch
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from = v_as_of;
    update registry.person_state s set valid_to = v_as_of, end_reason = 'reconciliation'
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from < v_as_of;

    -- Households of whole communes that the file no longer lists.
    households_closed := 0;
    for v_unit in select * from reg_whole where not fresh loop
        v_households := array(select h.household_id from registry.household h
                               where h.commune_key = v_unit.commune_key and h.first_batch_id <> p_batch
                                 and not exists (select 1 from reg_hh hh where hh.household_id = h.household_id));
        with gone as (
            update registry.household_state s
            set valid_to = case when s.valid_from < v_as_of then v_as_of else s.valid_to end,
                end_reason = case when s.valid_from < v_as_of then 'reconciliation' else s.end_reason end,
                superseded_at = case when s.valid_from = v_as_of then v_now end,
                superseded_by_batch = case when s.valid_from = v_as_of then p_batch end
            where s.household_id = any (v_households) and s.superseded_at is null
              and s.valid_from <= v_as_of and s.valid_to > v_as_of
            returning 1)
        select households_closed + count(*)::integer into households_closed from gone;
    end loop;

    -- The facts behind the states, for rebuilding a person's history when change slips touch it.
    insert into registry.person_snapshot (person_id, as_of, batch_id, line_no, commune_key, household_id)
    select c.person_id, c.as_of, p_batch, c.line_no, c.commune_key, c.household_id from reg_cmp c;
    insert into registry.person_closure (person_id, day, batch_id)
    select g.person_id, v_as_of, p_batch from reg_gone g
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
comment on function registry.apply_register_batch(bigint, text) is 'Applies the accepted lines of a household register batch to the register as of the batch date, keeping history (rules: migration 0006; shape for scale: migrations 0009 and 0013).';

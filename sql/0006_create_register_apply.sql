-- Applies the accepted lines of one household register batch (staging.a0_line) to the
-- register, set-based, inside the caller's transaction.
--
-- A register file states every listed person as of its date D (ngay_chot):
--   * unchanged people keep their state;
--   * a changed person's state covering D is closed at D (or superseded when it began on D)
--     and a new state begins on D, running to where the old one ran (or to the person's next
--     known state, or open);
--   * people the warehouse holds in a listed household on D but the file omits are closed
--     at D (reason: reconciliation); when the file covers the whole commune (p_scope =
--     'commune', or 'auto' and the file lists every collaborator area the warehouse holds
--     for the commune on D) that applies to every household of the commune, and households
--     no longer listed are closed too.
create function registry.apply_register_batch(p_batch bigint, p_scope text default 'auto')
returns table (people_new integer, people_changed integer, people_unchanged integer,
               people_closed integer, households_closed integer, whole_communes text[])
language plpgsql as $$
declare
    v_as_of date;
    v_now timestamptz := now();
begin
    if p_scope not in ('auto', 'commune', 'households') then
        raise exception 'unknown scope %', p_scope using errcode = '22023';
    end if;
    select b.as_of into strict v_as_of from audit.batch b where b.batch_id = p_batch;

    drop table if exists pg_temp.reg_line, pg_temp.reg_in, pg_temp.reg_cmp, pg_temp.reg_hh,
        pg_temp.reg_hh_cmp, pg_temp.reg_whole, pg_temp.reg_gone;

    create temp table reg_line on commit drop as
    select l.*, u.unit_key as commune_key
    from staging.a0_line l
    join ref.admin_unit u on u.level = 'commune' and u.code = l.commune_code
                         and l.as_of between u.valid_from and u.valid_to
    where l.batch_id = p_batch;

    insert into registry.household (commune_key, household_code, first_batch_id)
    select distinct l.commune_key, l.household_code, p_batch from reg_line l
    on conflict do nothing;

    create temp table reg_in on commit drop as
    select h.household_id, l.*
    from reg_line l
    join registry.household h on h.commune_key = l.commune_key and h.household_code = l.household_code;

    insert into registry.person (household_id, member_no, first_batch_id)
    select i.household_id, i.member_no, p_batch from reg_in i
    on conflict do nothing;

    alter table reg_in add column person_id bigint;
    update reg_in i set person_id = p.person_id
    from registry.person p where p.household_id = i.household_id and p.member_no = i.member_no;

    -- People: compare with the state holding on D.
    create temp table reg_cmp on commit drop as
    select i.*, s.person_state_id as cur_id, s.valid_from as cur_from, s.valid_to as cur_to,
           s.end_reason as cur_end,
           (select min(n.valid_from) from registry.person_state n
             where n.person_id = i.person_id and n.superseded_at is null and n.valid_from > i.as_of) as next_from,
           -- The first later register that listed the household, or covered the whole commune.
           least((select min(hl.as_of) from registry.household_listing hl
                   where hl.household_id = i.household_id and hl.as_of > i.as_of),
                 (select min(rc.as_of) from registry.register_coverage rc
                   where rc.commune_key = i.commune_key and rc.whole_commune and rc.as_of > i.as_of)) as covered_next,
           s.person_state_id is not null and
           (s.commune_key, s.household_id, s.member_no, s.full_name, s.sex, s.birth_year, s.birth_month,
            s.birth_day, s.ethnicity, s.education, s.marital_status, s.residence, s.contraceptive_method,
            s.relationship, s.personal_number, s.health_card)
           is not distinct from
           (i.commune_key, i.household_id, i.member_no, i.full_name, i.sex, i.birth_year, i.birth_month,
            i.birth_day, i.ethnicity, i.education, i.marital_status, i.residence, i.method,
            i.relationship, i.personal_number, i.health_card) as unchanged
    from reg_in i
    left join registry.person_state s
           on s.person_id = i.person_id and s.superseded_at is null
          and s.valid_from <= i.as_of and s.valid_to > i.as_of;

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
    select distinct on (i.household_id) i.household_id, i.commune_key, i.as_of, i.area_no,
           i.collaborator_code, i.address, i.line_no
    from reg_in i order by i.household_id, (i.relationship = 1) desc, i.line_no;

    create temp table reg_hh_cmp on commit drop as
    select h.*, s.household_state_id as cur_id, s.valid_from as cur_from, s.valid_to as cur_to, s.end_reason as cur_end,
           (select min(n.valid_from) from registry.household_state n
             where n.household_id = h.household_id and n.superseded_at is null and n.valid_from > h.as_of) as next_from,
           (select min(rc.as_of) from registry.register_coverage rc
             where rc.commune_key = h.commune_key and rc.whole_commune and rc.as_of > h.as_of
               and not exists (select 1 from registry.household_listing hl
                                where hl.household_id = h.household_id and hl.as_of = rc.as_of)) as covered_next,
           s.household_state_id is not null and
           (s.area_no, s.collaborator_code, s.address) is not distinct from (h.area_no, h.collaborator_code, h.address) as unchanged
    from reg_hh h
    left join registry.household_state s
           on s.household_id = h.household_id and s.superseded_at is null
          and s.valid_from <= h.as_of and s.valid_to > h.as_of;

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

    -- Whole-commune files: they list every collaborator area the warehouse holds for the commune.
    create temp table reg_whole on commit drop as
    select c.commune_key, c.commune_code
    from (select distinct l.commune_key, l.commune_code from reg_line l) c
    where p_scope = 'commune'
       or (p_scope = 'auto' and not exists (
            select 1
            from registry.household_state hs
            join registry.household h on h.household_id = hs.household_id
            where h.commune_key = c.commune_key and hs.superseded_at is null
              and hs.valid_from <= v_as_of and hs.valid_to > v_as_of
              and hs.batch_id <> p_batch
              and not exists (select 1 from reg_line l2
                               where l2.commune_key = c.commune_key and l2.area_no = hs.area_no)));

    -- Reconciliation: people held on D in scope but not listed.
    create temp table reg_gone on commit drop as
    select s.person_state_id, s.valid_from
    from registry.person_state s
    where s.superseded_at is null and s.valid_from <= v_as_of and s.valid_to > v_as_of
      and (s.household_id in (select household_id from reg_hh)
           or s.commune_key in (select commune_key from reg_whole))
      and s.person_id not in (select person_id from reg_in);

    update registry.person_state s set superseded_at = v_now, superseded_by_batch = p_batch
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from = v_as_of;
    update registry.person_state s set valid_to = v_as_of, end_reason = 'reconciliation'
    from reg_gone g where s.person_state_id = g.person_state_id and g.valid_from < v_as_of;

    -- Households of whole communes that the file no longer lists.
    with gone as (
        update registry.household_state s
        set valid_to = case when s.valid_from < v_as_of then v_as_of else s.valid_to end,
            end_reason = case when s.valid_from < v_as_of then 'reconciliation' else s.end_reason end,
            superseded_at = case when s.valid_from = v_as_of then v_now end,
            superseded_by_batch = case when s.valid_from = v_as_of then p_batch end
        from registry.household h
        where h.household_id = s.household_id and s.superseded_at is null
          and s.valid_from <= v_as_of and s.valid_to > v_as_of
          and h.commune_key in (select commune_key from reg_whole)
          and s.household_id not in (select household_id from reg_hh)
        returning 1)
    select count(*)::integer into households_closed from gone;

    -- The facts behind the states, for rebuilding a person's history when change slips touch it.
    insert into registry.person_snapshot (person_id, as_of, batch_id, line_no, commune_key, household_id)
    select i.person_id, i.as_of, p_batch, i.line_no, i.commune_key, i.household_id from reg_in i
    on conflict do nothing;
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
    select h.household_id, h.as_of, p_batch from reg_hh h on conflict do nothing;
    insert into registry.register_coverage (batch_id, commune_key, as_of, whole_commune)
    select distinct p_batch, l.commune_key, l.as_of, l.commune_key in (select w.commune_key from reg_whole w)
    from reg_line l;

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
comment on function registry.apply_register_batch(bigint, text) is 'Applies the accepted lines of a household register batch to the register as of the batch date, keeping history (see the migration text for the rules).';

-- Refreshes of a month, cheaper (issue 6: a month's refresh under 2 s at provincial scale).
--
-- 1. The births' screening look-ups of the event facts, by person first. dw.write_event_facts
--    (0018) asked, for every birth, whether the mother had a prenatal screening in the 300
--    days before, as a join of the mother's identities with the events of those days. The
--    planner cannot see how many events lie 300 days before an unknown date and took the
--    range as selective: while a year's partition was small (February and March of the first
--    year loaded) it read the whole partition once per birth, 2.3 s of a 3.4 s refresh. The
--    identities are now an array, looked up by person (event_person_all). Nothing else of
--    the function changes.
-- 2. A new month end deletes nothing (dw.rewrite_month_end_cells): it has no rows yet, and
--    the planner read the whole snapshot (≈ 90 ms late in the year) to find so.

create or replace function dw.write_event_facts()
returns integer
language plpgsql as $$
declare
    v_rows integer;
    v_total integer := 0;
begin
    perform dw.drop_temp_tables('dw_ev');
    -- The events as they now stand: not withdrawn, not duplicates, with the content of the
    -- slip in force, the first report's month, and the subject's state on the date.
    create temp table dw_ev on commit drop as
    select e.event_id, e.event_type, e.event_date, e.commune_key, e.person_id, e.mother_person_id,
           eff.batch_id, rl.report_month, ch.update_channel_key,
           l.sex as line_sex, l.birth_date as line_birth_date, l.birth_order, l.birth_place, l.place_code, l.method,
           l.spouse_name, l.spouse_birth, l.spouse_personal_number,
           st.sex, st.birth_date, st.ethnicity, st.marital_status, st.residence, st.full_name, st.personal_number
    from registry.event e
    join pg_temp.dw_event_scope sc on sc.event_id = e.event_id
    join registry.slip eff on eff.slip_id = e.effective_slip_id
    join staging.change_line l on l.batch_id = eff.batch_id and l.line_no = eff.line_no
    join registry.slip rs on rs.slip_id = e.root_slip_id
    join staging.change_line rl on rl.batch_id = rs.batch_id and rl.line_no = rs.line_no
    left join dw.dim_update_channel ch on ch.code = l.channel
    left join lateral (
        select s.sex, s.birth_date, s.ethnicity, s.marital_status, s.residence, s.full_name, s.personal_number
        from registry.person_state s
        where s.person_id = e.person_id and s.superseded_at is null and s.valid_from <= e.event_date
        order by s.valid_from desc
        limit 1) st on true
    where not e.cancelled
      and not exists (   -- dw.is_duplicate_event, as a join
        select 1
        from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
        join registry.event d on d.person_id = o.person_id
        where c.person_id = e.person_id
          and d.event_type = e.event_type and not d.cancelled
          and (e.event_type in ('SINH', 'CHET') or d.event_date = e.event_date));
    analyze pg_temp.dw_ev;

    insert into dw.fact_birth (event_id, event_date_key, reported_month_date_key, commune_key, child_sex_key,
                               mother_age_key, birth_order, place_of_birth_key, update_channel_key, batch_id,
                               prenatal_screened, newborn_screened)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           coalesce(v.line_sex, v.sex),
           dw.completed_years(m.birth_date, v.event_date),
           v.birth_order, coalesce(v.birth_place, -1), coalesce(v.update_channel_key, -1), v.batch_id,
           exists (select 1 from registry.event o
                   where o.person_id = any (array(select dw.identities_of(v.mother_person_id)))
                     and o.event_type = 'SLTS' and not o.cancelled
                     and o.event_date >= v.event_date - 300 and o.event_date < v.event_date),
           exists (select 1 from registry.event o
                   where o.person_id = any (array(select dw.identities_of(v.person_id)))
                     and o.event_type = 'SLSS' and not o.cancelled)
    from pg_temp.dw_ev v
    left join lateral (
        select s.birth_date from registry.person_state s
        where s.person_id = v.mother_person_id and s.superseded_at is null and s.valid_from <= v.event_date
        order by s.valid_from desc
        limit 1) m on true
    where v.event_type = 'SINH';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_death (event_id, event_date_key, reported_month_date_key, commune_key, sex_key, age_key,
                               ethnicity_key, marital_status_key, residence_key, update_channel_key, batch_id)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           v.sex, dw.completed_years(v.birth_date, v.event_date), v.ethnicity::smallint,
           coalesce(v.marital_status, -1), v.residence, coalesce(v.update_channel_key, -1), v.batch_id
    from pg_temp.dw_ev v
    where v.event_type = 'CHET';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_move (event_id, event_type_key, event_date_key, reported_month_date_key, commune_key,
                              district_key, province_key, other_place_code, other_commune_key, other_district_key,
                              other_province_key, other_is_abroad, crosses_commune, crosses_district, crosses_province,
                              sex_key, age_key, residence_key, update_channel_key, batch_id)
    select x.event_id, x.event_type_key, x.event_date_key, x.reported_month_date_key, x.commune_key,
           x.district_key, x.province_key, x.other_place_code, x.other_commune_key, x.other_district_key,
           x.other_province_key, x.other_is_abroad,
           case when x.other_commune_key is not null then x.other_commune_key <> x.own_commune_key else true end,
           case when x.other_is_abroad then true
                when x.other_province_key is not null and x.other_province_key <> x.province_key then true
                when x.other_district_key is not null and x.district_key is not null
                    then x.other_district_key <> x.district_key
           end,
           case when x.other_is_abroad then true
                when x.other_province_key is not null then x.other_province_key <> x.province_key
           end,
           x.sex_key, x.age_key, x.residence_key, x.update_channel_key, x.batch_id
    from (
        select v.event_id, case v.event_type when 'DI' then 3 else 4 end::smallint as event_type_key,
               dw.date_key(v.event_date) as event_date_key, dw.date_key(v.report_month) as reported_month_date_key,
               v.commune_key, own.admin_unit_key as own_commune_key, own.district_key, own.province_key,
               v.place_code as other_place_code,
               oc.admin_unit_key as other_commune_key, oc.district_key as other_district_key,
               coalesce(oc.province_key, op.unit_key) as other_province_key,
               coalesce(v.place_code = 'NN', false) as other_is_abroad,
               coalesce(v.sex, v.line_sex) as sex_key,
               dw.completed_years(coalesce(v.birth_date, v.line_birth_date), v.event_date) as age_key,
               v.residence as residence_key, coalesce(v.update_channel_key, -1) as update_channel_key, v.batch_id
        from pg_temp.dw_ev v
        left join dw.dim_admin_unit own on own.admin_unit_key = coalesce(ref.commune_on(v.commune_key, v.event_date), v.commune_key)
        left join lateral (
            select u.admin_unit_key, u.district_key, u.province_key from dw.dim_admin_unit u
            where length(v.place_code) = 5 and u.level = 'commune' and u.code = v.place_code
              and v.event_date between u.valid_from and u.valid_to
            limit 1) oc on true
        left join lateral (
            select u.unit_key from ref.admin_unit u
            where length(v.place_code) = 2 and u.level = 'province' and u.code = v.place_code
              and v.event_date between u.valid_from and u.valid_to
            limit 1) op on true
        where v.event_type in ('DI', 'DEN')) x;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_marriage (event_id, marriage_id, event_date_key, reported_month_date_key, commune_key,
                                  subject_sex_key, subject_age_key, spouse_sex_key, spouse_age_key, is_child_marriage,
                                  update_channel_key, batch_id)
    with k as (
        select v.*, dw.reference_day(v.spouse_birth) as spouse_day,
               dw.completed_years(v.birth_date, v.event_date) as subject_age,
               case when v.spouse_personal_number ~ '^\d{12}$'
                    then (substr(v.spouse_personal_number, 4, 1)::integer % 2 + 1)::smallint
                    else (3 - v.sex)::smallint end as spouse_sex
        from pg_temp.dw_ev v
        where v.event_type = 'KET_HON'
    ),
    couple as (
        select a.event_id, least(a.event_id, min(b.event_id)) as marriage_id
        from k a
        left join k b on b.event_date = a.event_date and b.event_id <> a.event_id
                     and (   (a.spouse_personal_number = b.personal_number)
                          or (b.spouse_personal_number = a.personal_number)
                          or (a.spouse_name = b.full_name and a.spouse_day = b.birth_date)
                          or (b.spouse_name = a.full_name and b.spouse_day = a.birth_date))
        group by a.event_id
    )
    select k.event_id, c.marriage_id, dw.date_key(k.event_date), dw.date_key(k.report_month), k.commune_key,
           k.sex, k.subject_age, k.spouse_sex, dw.completed_years(k.spouse_day, k.event_date),
           case when (k.sex = 2 and k.subject_age < 18) or (k.sex = 1 and k.subject_age < 20)
                  or (k.spouse_sex = 2 and dw.completed_years(k.spouse_day, k.event_date) < 18)
                  or (k.spouse_sex = 1 and dw.completed_years(k.spouse_day, k.event_date) < 20) then true
                when k.subject_age is not null and k.spouse_day is not null then false
           end,
           coalesce(k.update_channel_key, -1), k.batch_id
    from k join couple c on c.event_id = k.event_id;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_method_change (event_id, event_date_key, reported_month_date_key, commune_key, sex_key, age_key,
                                       marital_status_key, previous_method_key, new_method_key, update_channel_key, batch_id)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           v.sex, dw.completed_years(v.birth_date, v.event_date), coalesce(v.marital_status, -1),
           coalesce(p.contraceptive_method, -1), coalesce(v.method, -1), coalesce(v.update_channel_key, -1), v.batch_id
    from pg_temp.dw_ev v
    left join lateral (
        select s.contraceptive_method from registry.person_state s
        where s.person_id = v.person_id and s.superseded_at is null and s.valid_from < v.event_date
        order by s.valid_from desc
        limit 1) p on true
    where v.event_type = 'BPTT';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_screening (event_id, event_type_key, event_date_key, reported_month_date_key, commune_key,
                                   sex_key, age_key, age_days, birth_event_id, update_channel_key, batch_id)
    with screened as (
        select v.*, coalesce(c.cluster_id, v.person_id) as real_person
        from pg_temp.dw_ev v
        left join registry.person_cluster c on c.person_id = v.person_id
        where v.event_type in ('SLTS', 'SLSS')
    ),
    -- The counted births of the children and mothers screened, by real person.
    births as materialized (
        select b.event_id, b.event_date,
               coalesce(cc.cluster_id, b.person_id) as child, coalesce(cm.cluster_id, b.mother_person_id) as mother
        from registry.event b
        left join registry.person_cluster cc on cc.person_id = b.person_id
        left join registry.person_cluster cm on cm.person_id = b.mother_person_id
        where b.event_type = 'SINH' and not b.cancelled
          and (b.person_id in (select i from screened s cross join dw.identities_of(s.person_id) i where s.event_type = 'SLSS')
               or b.mother_person_id in (select i from screened s cross join dw.identities_of(s.person_id) i
                                         where s.event_type = 'SLTS'))
          and not dw.is_duplicate_event(b.person_id, 'SINH', b.event_date)
    ),
    newborn as (
        select s.event_id, min(b.event_id) as birth_event_id
        from screened s join births b on b.child = s.real_person
        where s.event_type = 'SLSS'
        group by s.event_id
    ),
    prenatal as (
        select distinct on (s.event_id) s.event_id, b.event_id as birth_event_id
        from screened s join births b on b.mother = s.real_person
                                     and b.event_date > s.event_date and b.event_date <= s.event_date + 300
        where s.event_type = 'SLTS'
        order by s.event_id, b.event_date, b.event_id
    )
    select s.event_id, case s.event_type when 'SLTS' then 9 else 10 end::smallint,
           dw.date_key(s.event_date), dw.date_key(s.report_month), s.commune_key,
           s.sex, dw.completed_years(s.birth_date, s.event_date),
           case when s.event_type = 'SLSS' then s.event_date - s.birth_date end,
           coalesce(n.birth_event_id, p.birth_event_id),
           coalesce(s.update_channel_key, -1), s.batch_id
    from screened s
    left join newborn n on n.event_id = s.event_id
    left join prenatal p on p.event_id = s.event_id;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;
    return v_total;
end
$$;
comment on function dw.write_event_facts() is 'Part of dw.refresh_events and dw.refresh_all: writes the event facts of the events of pg_temp.dw_event_scope; returns the rows written.';

create or replace function dw.rewrite_month_end_cells()
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

    -- A counted cell has its household row: a new month end has none, and nothing to delete
    -- (the planner would read the whole snapshot to find so).
    if exists (select 1 from pg_temp.dw_cell_total t
               join dw.fact_household_month_end h on h.register_commune_key = t.commune_key
                                                 and h.month_end_date_key = t.day_key) then
        delete from dw.fact_population_month_end f using pg_temp.dw_cell_total t
        where f.register_commune_key = t.commune_key and f.month_end_date_key = t.day_key;
        -- Every cell's household row is written again, so mart.sync_snapshot_summary sums it again.
        delete from dw.fact_household_month_end h using pg_temp.dw_cell_total t
        where h.register_commune_key = t.commune_key and h.month_end_date_key = t.day_key;
    end if;
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
comment on function dw.rewrite_month_end_cells() is 'Part of dw.refresh_month_end (dw.add_snapshot_changes, dw.carry_month_end): writes the snapshot cells (commune × month end) of pg_temp.dw_cell from their base rows plus the differences in pg_temp.dw_cell_delta and pg_temp.dw_cell_house; a cell that does not add up sends its commune to pg_temp.dw_recount. Returns the population rows written.';

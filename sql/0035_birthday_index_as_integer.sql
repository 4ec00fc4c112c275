-- The birthday index on a small integer (issue 4: the A0 step ≤ 2.5 × psql \copy).
--
-- Every counted state written to the register also goes into the index the month end uses to
-- find the people whose age moves in a month (0021: person_state_counted_birth_month). Its key
-- was `extract(month from birth_date)`, which is numeric since PostgreSQL 14: each insert
-- computes a numeric and compares numerics down the tree. Inserting 425,354 states of 20
-- communes into a copy of registry.person_state with that index alone took 520–580 ms more
-- than with no index; with the same index on `date_part('month', birth_date)::smallint`,
-- 290–310 ms more (two runs each). For the province's 1.19 million states that is about
-- 0.7 core-seconds of the register load. The month end's search for the birthday month reads
-- the same 89,083 states through either index (February: 56–62 ms for the candidates' count,
-- EXPLAIN ANALYZE). dw.carry_month_end (0029) is restated with the new expression; nothing
-- else of it changes.

create index person_state_counted_birth_month_int on registry.person_state ((date_part('month', birth_date)::smallint))
    where superseded_at is null and residence in (1, 2);
drop index registry.person_state_counted_birth_month;
comment on index registry.person_state_counted_birth_month_int is 'Counted current states by the month of birth (a smallint): the people whose age moves in a month end (dw.carry_month_end).';

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
           or (date_part('month', s.birth_date)::smallint in (v_month, case when v_month = 3 then 2 end)
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

    -- Households of the states that began or ended: counted on each month end or not. Their
    -- states read once, in one join; dw.counts_on only for identities of a cluster (0029).
    create temp table dw_cell_house on commit drop as
    with house as (
        select distinct c.household_id, c.commune_key from pg_temp.dw_cand c where c.boundary
    )
    select p_month as i, h.commune_key,
           coalesce(bool_or(s.valid_from <= v_end and s.valid_to > v_end
                            and case when l.person_id is null then true else dw.counts_on(s.person_id, v_end) end),
                    false)::integer
         - coalesce(bool_or(s.valid_from <= v_before and s.valid_to > v_before
                            and case when l.person_id is null then true else dw.counts_on(s.person_id, v_before) end),
                    false)::integer
           as change
    from house h
    left join registry.person_state s on s.household_id = h.household_id and s.commune_key = h.commune_key
                                      and s.superseded_at is null and s.residence in (1, 2)
    left join registry.person_cluster l on l.person_id = s.person_id
    group by h.household_id, h.commune_key;

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

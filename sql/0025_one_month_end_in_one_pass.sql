-- A month end written in one pass over the register (issue 4: the province's first load).
--
-- dw.write_month_end (0018) serves any range of month ends: it copies every resident state
-- into a temporary table with its range of months, marks the linked identities, and joins
-- the states with the month ends. A province's first register load asks for one month end
-- (everyone's state begins on the register's date), and paid for the ranges all the same:
-- 2.9 s of the load's 3.4 s refresh for 1.17 million residents (the copy 0.78 s, its scans
-- for the first month, the duplicates and the communes 0.37 s, the grouping by state then by
-- month end 0.78 s, the households' month ranges 0.96 s). One month end needs none of that:
-- the states counted that day are grouped straight from registry.person_state, once for the
-- population and once for the households, leaving out the identities a smaller identity of
-- their cluster stands for that day (the rule of dw.write_month_end, row for row the same).
--
-- dw.write_month_end keeps its name and arguments for its callers and takes the one-pass way
-- when only one month end can have residents: the range is one month, or no counted state
-- begins before its last month (the register's first load: one index look-up says so).
-- Otherwise it hands over to the function of 0018, renamed dw.write_month_end_by_ranges.

alter function dw.write_month_end(integer[], integer, integer) rename to write_month_end_by_ranges;
comment on function dw.write_month_end_by_ranges(integer[], integer, integer) is 'dw.write_month_end of migration 0018, for a range of month ends (states joined with the month ends they count on): deletes and writes again the snapshot rows of the months p_lo … p_hi (dw.month_index) of people listed in p_communes (null: all). Returns the population rows written.';

-- The states counted on a day: resident (usual or temporary), current, begun on or before the
-- day and not ended by it, of people listed in p_communes (null: all), without the identities
-- a smaller identity of their cluster stands for that day. What the snapshot groups, with the
-- birth date as dw.write_month_end keys it (day 1, or 29 for 29 February). An SQL function the
-- planner inlines into each query that reads it; parallel safe, so that a query reading it
-- alone may use the server's workers.
create function dw.counted_on(p_communes integer[], p_day date)
returns table (person_id bigint, commune_key integer, household_id bigint, sex smallint, birth_key integer,
               marital_status smallint, residence smallint, ethnicity smallint, method smallint)
language sql stable parallel safe as $$
    select s.person_id, s.commune_key, s.household_id, s.sex::smallint,
           (date_part('year', s.birth_date) * 10000 + date_part('month', s.birth_date) * 100
            + case when date_part('month', s.birth_date) = 2 and date_part('day', s.birth_date) = 29 then 29 else 1 end
           )::integer,
           coalesce(s.marital_status, -1)::smallint, s.residence::smallint, s.ethnicity::smallint,
           coalesce(s.contraceptive_method, -1)::smallint
    from registry.person_state s
    where s.superseded_at is null and s.residence in (1, 2)
      and s.valid_from <= p_day and s.valid_to > p_day
      and (p_communes is null
           or s.household_id in (select h.household_id from registry.household h where h.commune_key = any (p_communes)))
      and s.person_id not in (
          select c.person_id
          from registry.person_cluster c
          join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
          join registry.person_state os on os.person_id = o.person_id
          where os.superseded_at is null and os.residence in (1, 2)
            and os.valid_from <= p_day and os.valid_to > p_day)
$$;
comment on function dw.counted_on(integer[], date) is 'The register states counted in the month-end snapshot on p_day, of people listed in p_communes (null: all): resident, current, valid that day, less the identities a smaller identity of their cluster stands for (registry.person_cluster). The birth date as a key with the day set to 1 (29 for 29 February), as the snapshot groups it.';

-- One month end, in two statements over the register.
create function dw.write_one_month_end(p_communes integer[], p_month integer)
returns integer
language plpgsql as $$
declare
    v_day date := dw.month_end(p_month);
    v_key integer := dw.month_end_key(p_month);
    v_rows integer;
begin
    insert into dw.fact_population_month_end (month_end_date_key, register_commune_key, commune_key, sex_key, age_key,
                                              marital_status_key, residence_key, ethnicity_key, contraceptive_method_key,
                                              people)
    with grouped as materialized (
        select r.commune_key, r.sex, greatest(0, least(120, (v_key - r.birth_key) / 10000))::smallint as age,
               r.marital_status, r.residence, r.ethnicity, r.method, count(*)::integer as people
        from dw.counted_on(p_communes, v_day) r
        group by 1, 2, 3, 4, 5, 6, 7
    ),
    standing as (
        select c.commune_key, coalesce(ref.commune_on(c.commune_key, v_day), c.commune_key) as unit_key
        from (select distinct g.commune_key from grouped g) c
    )
    select v_key, g.commune_key, st.unit_key, g.sex, g.age, g.marital_status, g.residence, g.ethnicity, g.method, g.people
    from grouped g
    join standing st on st.commune_key = g.commune_key;
    get diagnostics v_rows = row_count;

    insert into dw.fact_household_month_end (month_end_date_key, register_commune_key, commune_key, households, residents)
    select v_key, h.commune_key, coalesce(ref.commune_on(h.commune_key, v_day), h.commune_key), count(*), sum(h.people)
    from (select r.commune_key, r.household_id, count(*) as people
          from dw.counted_on(p_communes, v_day) r
          group by r.commune_key, r.household_id) h
    group by h.commune_key;
    return v_rows;
end
$$;
comment on function dw.write_one_month_end(integer[], integer) is 'Part of dw.write_month_end: writes the snapshot rows of one month end (p_month, as dw.month_index) of people listed in p_communes (null: all) from dw.counted_on, grouped straight from the register; the rows dw.write_month_end_by_ranges writes for that month alone. Deletes nothing. Returns the population rows written.';

create function dw.write_month_end(p_communes integer[], p_lo integer, p_hi integer)
returns integer
language plpgsql as $$
declare
    v_first date;
begin
    if p_lo < p_hi then
        -- (the index person_state_counted_from of migration 0021)
        select min(s.valid_from) into v_first
        from registry.person_state s where s.superseded_at is null and s.residence in (1, 2);
        if v_first is not null and dw.month_index(v_first) < p_hi then
            return dw.write_month_end_by_ranges(p_communes, p_lo, p_hi);
        end if;
    end if;
    if p_lo > p_hi then
        return dw.write_month_end_by_ranges(p_communes, p_lo, p_hi);
    end if;
    -- The rows of the whole range go, as dw.write_month_end_by_ranges deletes them: the
    -- months before the last have no resident now.
    if p_communes is null then
        delete from dw.fact_population_month_end
        where month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
        delete from dw.fact_household_month_end
        where month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
    else
        delete from dw.fact_population_month_end
        where register_commune_key = any (p_communes)
          and month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
        delete from dw.fact_household_month_end
        where register_commune_key = any (p_communes)
          and month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
    end if;
    return dw.write_one_month_end(p_communes, p_hi);
end
$$;
comment on function dw.write_month_end(integer[], integer, integer) is 'Part of dw.refresh_month_end and dw.refresh_all: deletes and writes again the snapshot rows of the months p_lo … p_hi (dw.month_index) of people listed in p_communes (null: all). One month end with residents (a one-month range, or a register whose counted states all begin in the last month: its first load) is written in one pass (dw.write_one_month_end); a range through dw.write_month_end_by_ranges. Returns the population rows written.';

revoke execute on function dw.counted_on(integer[], date), dw.write_one_month_end(integer[], integer),
    dw.write_month_end(integer[], integer, integer) from public;

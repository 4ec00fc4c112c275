-- A whole month end looks up each commune's standing once, not once per row (issue 4).
--
-- In migration 0025's dw.write_one_month_end the communes' standing units were a CTE the
-- planner inlined: it evaluated ref.commune_on in the join's output, once per population
-- row, not once per commune. For the province's first month end that was 99,464 calls of a
-- SQL function that reads ref.admin_unit (about 2.8 us each: some 0.28 s of the statement's
-- 0.87 s, EXPLAIN ANALYZE VERBOSE). The CTE is now materialised, so the function runs once per
-- commune (94). The function is otherwise 0025's; the rows written are the same.
create or replace function dw.write_one_month_end(p_communes integer[], p_month integer)
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
    standing as materialized (
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

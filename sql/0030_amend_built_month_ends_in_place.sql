-- Month ends already built are amended in place (issue 4: a month under 2 s).
--
-- dw.add_snapshot_changes (0024) adds a refresh's changes to the month ends built before it
-- (late reports, corrections, slips dated before their report month) through
-- dw.rewrite_month_end_cells (0023), which deletes every cell of each commune and month end it
-- touches and writes them all again from their sums. February of a 1× province touched
-- January in all 94 communes (6,663 of its 10,304 register changes cover January's last day:
-- most are a state replaced by another with the same cell, or a move between two households of
-- one commune), and wrote January's 100,342 cells again for the 17 cells that changed. That
-- rewrite was the first part of the month end, the refresh's longest path.
--
-- A month end already built (each cell its own base) is now amended: the cells whose count
-- changed are updated, deleted when they reach nobody, or added; the household row of each
-- commune and month end where a cell or the household count changed is written again (so
-- mart.sync_snapshot_summary sums those again, and only those). The checks are the rewrite's:
-- a cell below zero, or households that do not match the residents, send the commune to
-- pg_temp.dw_recount and nothing of it is written. A new month end (dw.carry_month_end: each
-- cell's base is the month end before) is still written whole, by the rewrite of 0023, renamed.

alter function dw.rewrite_month_end_cells() rename to write_month_end_cells_whole;
comment on function dw.write_month_end_cells_whole() is 'Part of dw.refresh_month_end, through dw.rewrite_month_end_cells (migration 0030): writes the snapshot cells (commune × month end) of pg_temp.dw_cell whole, from their base rows plus the differences in pg_temp.dw_cell_delta and pg_temp.dw_cell_house; a cell that does not add up sends its commune to pg_temp.dw_recount. Returns the population rows written.';

create function dw.amend_month_end_cells()
returns integer
language plpgsql as $$
declare
    v_rows integer := 0;
    v_n integer;
    v_bad integer;
begin
    perform dw.drop_temp_tables('dw_cell_net', 'dw_cell_total');
    -- The differences by cell (a move between two households of one commune nets out), each
    -- beside the cell as it stands: the cells of their commune and month end are read by the
    -- snapshot's index, one look-up per commune and month end.
    create temp table dw_cell_net on commit drop as
    with net as materialized (
        select d.i, c.day_key, d.commune_key, c.standing_key, d.sex, d.age, d.marital_status, d.residence, d.ethnicity,
               d.method, sum(d.people)::integer as people
        from pg_temp.dw_cell_delta d
        join pg_temp.dw_cell c on c.i = d.i and c.commune_key = d.commune_key
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
        having sum(d.people) <> 0
    ),
    standing as materialized (
        select f.row_id, f.register_commune_key, f.month_end_date_key, f.sex_key, f.age_key, f.marital_status_key,
               f.residence_key, f.ethnicity_key, f.contraceptive_method_key, f.people
        from (select distinct n.commune_key, n.day_key from net n) p
        cross join lateral (select f.ctid as row_id, f.*
                            from dw.fact_population_month_end f
                            where f.register_commune_key = p.commune_key and f.month_end_date_key = p.day_key) f
    )
    select n.*, f.row_id, coalesce(f.people, 0) as before
    from net n
    left join standing f on f.register_commune_key = n.commune_key and f.month_end_date_key = n.day_key
                        and f.sex_key = n.sex and f.age_key = n.age and f.marital_status_key = n.marital_status
                        and f.residence_key = n.residence and f.ethnicity_key = n.ethnicity
                        and f.contraceptive_method_key = n.method;

    -- Each commune and month end: its households and residents after the changes (the
    -- residents of its household row are the sum of its cells).
    create temp table dw_cell_total on commit drop as
    select c.i, c.day_key, c.commune_key, c.standing_key, h.ctid as row_id,
           coalesce(h.households, 0) + coalesce(hc.change, 0) as households,
           coalesce(h.residents, 0) + coalesce(n.people, 0) as residents,
           coalesce(n.negative, false) as negative,
           coalesce(hc.change, 0) <> 0 or n.commune_key is not null as changed
    from pg_temp.dw_cell c
    left join dw.fact_household_month_end h on h.register_commune_key = c.commune_key and h.month_end_date_key = c.day_key
    left join (select d.i, d.commune_key, sum(d.change) as change
               from pg_temp.dw_cell_house d group by 1, 2) hc on hc.i = c.i and hc.commune_key = c.commune_key
    left join (select n.i, n.commune_key, sum(n.people) as people, bool_or(n.before + n.people < 0) as negative
               from pg_temp.dw_cell_net n group by 1, 2) n on n.i = c.i and n.commune_key = c.commune_key;

    -- Sums that do not add up mean the snapshot was wrong before this refresh: say so, and
    -- count the commune again from the start (as dw.write_month_end_cells_whole does).
    insert into pg_temp.dw_recount (commune_key, from_month)
    select distinct t.commune_key, dw.month_index(date '1900-01-01')
    from pg_temp.dw_cell_total t
    where t.negative or t.households < 0 or t.households > t.residents or (t.households > 0) <> (t.residents > 0);
    get diagnostics v_bad = row_count;
    if v_bad > 0 then
        raise warning 'số liệu cuối tháng của % xã không khớp, đếm lại / the month-end snapshot of % communes did not add up; they are counted again',
            v_bad, v_bad;
    end if;
    delete from pg_temp.dw_cell_total t where not t.changed or t.commune_key in (select r.commune_key from pg_temp.dw_recount r);

    -- The cells: counted again, emptied, or new (looked up by their row).
    update dw.fact_population_month_end f set people = f.people + n.people
    from pg_temp.dw_cell_net n
    join pg_temp.dw_cell_total t on t.i = n.i and t.commune_key = n.commune_key
    where f.ctid = n.row_id and n.before + n.people > 0;
    get diagnostics v_n = row_count;
    v_rows := v_rows + v_n;
    delete from dw.fact_population_month_end f
    using pg_temp.dw_cell_net n
    join pg_temp.dw_cell_total t on t.i = n.i and t.commune_key = n.commune_key
    where f.ctid = n.row_id and n.before + n.people = 0;
    get diagnostics v_n = row_count;
    v_rows := v_rows + v_n;
    insert into dw.fact_population_month_end (month_end_date_key, register_commune_key, commune_key, sex_key, age_key,
                                              marital_status_key, residence_key, ethnicity_key, contraceptive_method_key,
                                              people)
    select n.day_key, n.commune_key, n.standing_key, n.sex, n.age, n.marital_status, n.residence, n.ethnicity, n.method,
           n.people
    from pg_temp.dw_cell_net n
    join pg_temp.dw_cell_total t on t.i = n.i and t.commune_key = n.commune_key
    where n.row_id is null;
    get diagnostics v_n = row_count;
    v_rows := v_rows + v_n;

    -- The household rows of the communes and month ends changed: a new version each, which
    -- mart.sync_snapshot_summary sums again.
    update dw.fact_household_month_end h set households = t.households, residents = t.residents
    from pg_temp.dw_cell_total t
    where h.ctid = t.row_id and t.households > 0;
    delete from dw.fact_household_month_end h
    using pg_temp.dw_cell_total t
    where h.ctid = t.row_id and t.households = 0;
    insert into dw.fact_household_month_end (month_end_date_key, register_commune_key, commune_key, households, residents)
    select t.day_key, t.commune_key, t.standing_key, t.households, t.residents
    from pg_temp.dw_cell_total t
    where t.row_id is null and t.households > 0;
    return v_rows;
end
$$;
comment on function dw.amend_month_end_cells() is 'Part of dw.refresh_month_end, through dw.rewrite_month_end_cells (migration 0030): adds the differences in pg_temp.dw_cell_delta and pg_temp.dw_cell_house to month ends already built (the cells of pg_temp.dw_cell, each its own base), updating, deleting or adding only the cells whose count changed and writing again the household rows of the communes changed; a cell that does not add up sends its commune to pg_temp.dw_recount. Returns the population rows updated, deleted or added.';

create function dw.rewrite_month_end_cells()
returns integer
language plpgsql as $$
begin
    -- Month ends already built (dw.add_snapshot_changes: each cell its own base) are amended;
    -- a new one (dw.carry_month_end: its base the month end before) is written whole.
    if exists (select 1 from pg_temp.dw_cell c where c.base_key <> c.day_key) then
        return dw.write_month_end_cells_whole();
    end if;
    return dw.amend_month_end_cells();
end
$$;
comment on function dw.rewrite_month_end_cells() is 'Part of dw.refresh_month_end (dw.add_snapshot_changes, dw.carry_month_end): writes the snapshot cells (commune × month end) of pg_temp.dw_cell from their base rows plus the differences in pg_temp.dw_cell_delta and pg_temp.dw_cell_house, amending month ends already built in place (dw.amend_month_end_cells) and writing new ones whole (dw.write_month_end_cells_whole); a cell that does not add up sends its commune to pg_temp.dw_recount. Returns the population rows written (migration 0030).';

revoke execute on function dw.amend_month_end_cells(), dw.rewrite_month_end_cells() from public;

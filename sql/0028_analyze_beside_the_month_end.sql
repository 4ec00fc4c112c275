-- The refresh's ANALYZE split by who reads the tables (issue 4: a month under 2 s).
--
-- A refresh on two connections (0027) first ran dw.analyze_stale_inputs() in a transaction of
-- its own, so that the month end's connection planned on the statistics it took. Both
-- connections waited for it: 164 ms of February's 1.2 s refresh for a 1× province, spent on
-- the change lines, the slips and the year's events (each about half new since the last
-- ANALYZE), none of which the month end reads. The month end reads the register's states,
-- households and clusters (dw.carry_month_end, dw.add_snapshot_changes, dw.counted_on, and the
-- queues staging.snapshot_change and snapshot_recount, which no plan counts on).
--   dw.analyze_stale_month_end_inputs(): those three tables, when stale; still committed
--     before the month end starts.
--   dw.analyze_stale_event_inputs(): every other table of registry and staging, when stale;
--     run by the first connection inside the refresh's transaction while the month end is
--     written on the second (ANALYZE may run in a transaction; its statistics are this
--     session's at once, and everyone's at the commit).
-- dw.analyze_stale_inputs() keeps its name and its result and is now both.

create function dw.analyze_stale_tables(p_month_end_inputs boolean)
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
          and ((s.schemaname, s.relname) in (('registry', 'person_state'), ('registry', 'household'),
                                             ('registry', 'person_cluster'))) = p_month_end_inputs
        order by 1, 2
    loop
        execute format('analyze %I.%I', v_table.schemaname, v_table.relname);
        v_count := v_count + 1;
    end loop;
    return v_count;
end
$$;
comment on function dw.analyze_stale_tables(boolean) is 'Analyses the tables of registry and staging changed by more than a fifth of their rows (at least 1,000) since their last analysis: with true, only those the month end reads (registry.person_state, household, person_cluster); with false, every other one. Returns the tables analysed.';

create function dw.analyze_stale_month_end_inputs()
returns integer
language sql as $$ select dw.analyze_stale_tables(true) $$;
comment on function dw.analyze_stale_month_end_inputs() is 'Analyses the stale tables the month end reads (registry.person_state, household, person_cluster): committed before a refresh''s second connection plans the month end (migration 0028). Returns the tables analysed.';

create function dw.analyze_stale_event_inputs()
returns integer
language sql as $$ select dw.analyze_stale_tables(false) $$;
comment on function dw.analyze_stale_event_inputs() is 'Analyses the stale tables of registry and staging the month end does not read (the slips, change lines, events…): run by a refresh''s first connection while the month end is written on the second (migration 0028). Returns the tables analysed.';

create or replace function dw.analyze_stale_inputs()
returns integer
language sql as $$ select dw.analyze_stale_tables(true) + dw.analyze_stale_tables(false) $$;
comment on function dw.analyze_stale_inputs() is 'Analyses the tables of registry and staging changed by more than a fifth of their rows (at least 1,000) since their last analysis, so that the refresh that follows plans on current counts: dw.analyze_stale_month_end_inputs() and dw.analyze_stale_event_inputs(). Returns the tables analysed.';

revoke execute on function dw.analyze_stale_tables(boolean), dw.analyze_stale_month_end_inputs(),
    dw.analyze_stale_event_inputs() from public;

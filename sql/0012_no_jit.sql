-- No JIT compilation for this database's sessions (issue 4).
--
-- PostgreSQL compiles a plan to machine code when its estimated cost passes jit_above_cost.
-- danso's statements touch a commune or a file at a time, but planned against tables the
-- planner has not analysed yet their estimates run high: compiling took 0.35–0.4 s per
-- statement, many times what running them took (person events of one change file: 0.39 s
-- of JIT for 6 ms of work). An analyst who wants JIT for a long query can `set jit = on`.
-- A server where the danso role does not own the database keeps its setting: ask the DBA.
do $$
begin
    execute format('alter database %I set jit = off', current_database());
exception when insufficient_privilege then
    raise notice 'could not turn JIT off for database %: not its owner (set jit = off for danso''s role instead)', current_database();
end
$$;
set jit = off;

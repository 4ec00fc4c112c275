-- A link decision finds its identities' states one identity at a time (issue 4).
--
-- dw.note_links (migration 0021) runs after every change to registry.person_cluster: on the
-- province load, once for the clusters removed and once for those added by the 1,910 links
-- (3,790 identities). The planner estimated the identities at 12,024 (unnest and a cluster
-- look-up) and joined them to registry.person_state by hashing them and reading the whole
-- table: two sequential scans of 1.17 million states, 213 and 215 ms of recluster's 500 ms
-- (auto_explain). A reviewer's decision on one pair (danso review) paid the same scans.
-- The identities' states are now read through person_state_person, one probe per identity
-- (the OFFSET 0 keeps the planner from turning the probe back into a join). The communes and
-- months recorded are the same.
create or replace function dw.note_links(p_people bigint[], p_clusters bigint[]) returns void
language plpgsql as $$
begin
    perform pg_advisory_xact_lock_shared(72519);
    insert into staging.snapshot_recount (commune_key, from_month, reason)
    select s.commune_key, dw.month_index(min(s.valid_from)), 'quyết định liên kết / link decision'
    from (select x as person_id from unnest(p_people) x
          union
          select m.person_id from registry.person_cluster m where m.cluster_id = any (p_clusters)) p
    cross join lateral (
        select s.commune_key, s.valid_from
        from registry.person_state s
        where s.person_id = p.person_id and s.superseded_at is null and s.residence in (1, 2)
        offset 0) s
    group by s.commune_key;
end
$$;

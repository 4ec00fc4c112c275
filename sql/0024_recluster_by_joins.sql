-- Clusters recomputed by joins, not by recursive OR-joins (issue 4: the 10× province).
--
-- registry.recluster (0015) walked the linked pairs with two recursive queries joined on
-- `person_a = x or person_b = x`. PostgreSQL cannot hash such a join and ran it as a nested
-- loop over every linked pair for each identity reached: harmless for a reviewer's one pair
-- or the 1× province's 3,800 identities, but the 10× province's first run (≈ 38,000 linked
-- identities) was still in it after 7 minutes. The same components are now found by label
-- propagation over a temporary table: every identity starts as its own root and takes the
-- smallest root of its linked neighbours until nothing changes, each round one hash join;
-- the rounds are as many as the longest path in a cluster (clusters are small).
--
-- The identities concerned are closed over both their linked pairs and their clusters so
-- far (an unlink can split a cluster, and a cluster left half-recomputed would keep a stale
-- name), which is what 0015 meant; the result is the same table.

create or replace function registry.recluster(p_people bigint[])
returns void
language plpgsql as $$
declare
    v_rows bigint;
begin
    perform dw.drop_temp_tables('recluster_member');
    create temp table recluster_member (person_id bigint primary key, root bigint not null) on commit drop;
    insert into recluster_member select distinct x, x from unnest(p_people) x;
    -- Everything reachable through linked pairs and through the clusters so far.
    loop
        insert into recluster_member (person_id, root)
        select n.person_id, n.person_id from (
            select l.person_b as person_id from recluster_member m
            join registry.person_link l on l.person_a = m.person_id and l.status = 'linked'
            union
            select l.person_a from recluster_member m
            join registry.person_link l on l.person_b = m.person_id and l.status = 'linked'
            union
            select o.person_id from recluster_member m
            join registry.person_cluster c on c.person_id = m.person_id
            join registry.person_cluster o on o.cluster_id = c.cluster_id) n
        on conflict (person_id) do nothing;
        get diagnostics v_rows = row_count;
        exit when v_rows = 0;
    end loop;
    analyze recluster_member;
    -- Each identity takes the smallest root among its linked neighbours, until none changes.
    loop
        update recluster_member m set root = b.root
        from (select n.person_id, min(n.root) as root from (
                  select l.person_a as person_id, r.root from registry.person_link l
                  join recluster_member r on r.person_id = l.person_b where l.status = 'linked'
                  union all
                  select l.person_b, r.root from registry.person_link l
                  join recluster_member r on r.person_id = l.person_a where l.status = 'linked') n
              group by n.person_id) b
        where b.person_id = m.person_id and b.root < m.root;
        get diagnostics v_rows = row_count;
        exit when v_rows = 0;
    end loop;
    delete from registry.person_cluster c using recluster_member m where c.person_id = m.person_id;
    -- A component of one identity is no cluster.
    insert into registry.person_cluster (person_id, cluster_id)
    select s.person_id, s.root
    from (select person_id, root, count(*) over (partition by root) as size from recluster_member) s
    where s.size > 1;
    drop table recluster_member;
end
$$;
comment on function registry.recluster(bigint[]) is 'Recomputes the clusters of the given identities and of every identity linked to them or clustered with them, after a pair was linked, rejected or unlinked.';

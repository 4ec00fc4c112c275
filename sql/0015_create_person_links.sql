-- Record linkage of people (issue 5): one real person, one real event.
--
-- Registers are kept by hand; the same person is listed in two households, a birth is
-- reported twice, a move out of one commune and into another is the same person. The
-- matcher (DansoLinkage, Fellegi-Sunter) scores candidate pairs of register identities;
-- each pair it keeps is a row here with its weight and the fields that agreed, and a
-- decision: linked (automatically above the upper threshold, or by a reviewer), waiting in
-- review, rejected by a reviewer (never proposed again) or unlinked after being linked.
-- Identities are never merged in place: a linked pair joins a cluster, and every count
-- takes one member of a cluster, so unlinking gives back both people and their history.

create table registry.link_model (
    model_id    bigint generated always as identity primary key,
    created_at  timestamptz not null default now(),
    source      text not null check (source in ('defaults', 'estimated')),
    model       jsonb not null,
    thresholds  jsonb not null,
    records     bigint,
    pairs       bigint,
    note        text
);
comment on table registry.link_model is 'One row per linkage model used or estimated: m and u probabilities per comparison level and the prior (Fellegi-Sunter), with the decision thresholds. The latest row is the one in force.';
comment on column registry.link_model.model_id is 'Surrogate key of the model.';
comment on column registry.link_model.created_at is 'When the model was stored.';
comment on column registry.link_model.source is 'defaults: the hand-set defaults; estimated: m by expectation maximisation and u by random pairs, from the register.';
comment on column registry.link_model.model is 'The model as JSON: prior, m and u per field and level.';
comment on column registry.link_model.thresholds is 'Match weights (log2 Bayes factors): link = automatic link at or above, review = review queue at or above.';
comment on column registry.link_model.records is 'Records the estimate was made from.';
comment on column registry.link_model.pairs is 'Candidate pairs the estimate used.';
comment on column registry.link_model.note is 'Free note (who asked for it, why).';

create table registry.person_link (
    link_id      bigint generated always as identity primary key,
    person_a     bigint not null,
    person_b     bigint not null,
    found_by     text not null check (found_by in ('register', 'birth', 'arrival', 'move')),
    weight       double precision not null,
    probability  double precision not null,
    explanation  jsonb not null,
    status       text not null check (status in ('linked', 'review', 'rejected', 'unlinked')),
    decided_by   text not null,
    decided_at   timestamptz not null default now(),
    model_id     bigint references registry.link_model,
    batch_id     bigint,
    check (person_a < person_b),
    unique (person_a, person_b)
);
create index person_link_b on registry.person_link (person_b);
create index person_link_status on registry.person_link (status) where status in ('linked', 'review');
comment on table registry.person_link is 'One row per pair of register identities the matcher found probably the same person (grain: a pair, smaller id first). Its status is the decision in force; audit.link_decision keeps every decision.';
comment on column registry.person_link.link_id is 'Surrogate key of the pair (the number danso review shows).';
comment on column registry.person_link.person_a is 'The smaller person_id of the pair (registry.person).';
comment on column registry.person_link.person_b is 'The larger person_id of the pair.';
comment on column registry.person_link.found_by is 'Where the pair was found: register (two listings), birth (a birth reported twice), arrival (an arrival reported twice), move (a departure and an arrival in another commune).';
comment on column registry.person_link.weight is 'Match weight: log2 of the Bayes factor, prior included; above the link threshold the pair links automatically.';
comment on column registry.person_link.probability is 'Match probability 2^w / (1 + 2^w).';
comment on column registry.person_link.explanation is 'Per field: the comparison level reached and its weight (log2 m/u), i.e. which fields agreed.';
comment on column registry.person_link.status is 'linked: counted once; review: waiting for a person, counted twice; rejected: not the same person, never proposed again; unlinked: linked then undone, never proposed again.';
comment on column registry.person_link.decided_by is 'Who made the decision in force: a reviewer, or danso for an automatic one.';
comment on column registry.person_link.decided_at is 'When the decision in force was made.';
comment on column registry.person_link.model_id is 'The model that scored the pair.';
comment on column registry.person_link.batch_id is 'The batch whose ingest found the pair, when one did.';

create table audit.link_decision (
    decision_id bigint generated always as identity primary key,
    link_id     bigint not null references registry.person_link,
    status      text not null,
    decided_by  text not null,
    decided_at  timestamptz not null default now(),
    note        text
);
create index link_decision_link on audit.link_decision (link_id);
comment on table audit.link_decision is 'One row per decision ever taken on a pair, automatic or by a reviewer: the history behind registry.person_link.status.';
comment on column audit.link_decision.decision_id is 'Surrogate key.';
comment on column audit.link_decision.link_id is 'The pair (registry.person_link).';
comment on column audit.link_decision.status is 'The status decided: linked, review, rejected or unlinked.';
comment on column audit.link_decision.decided_by is 'Reviewer, or danso for an automatic decision.';
comment on column audit.link_decision.decided_at is 'When.';
comment on column audit.link_decision.note is 'Why, as the reviewer wrote it.';

-- The clusters of linked identities: one row per person in some linked pair; the cluster
-- is named by its smallest person_id. Kept by registry.recluster after every decision.
create table registry.person_cluster (
    person_id  bigint primary key,
    cluster_id bigint not null
);
create index person_cluster_cluster on registry.person_cluster (cluster_id);
comment on table registry.person_cluster is 'One row per register identity that is linked to another: the cluster (one real person) it belongs to, named by the smallest person_id of the cluster. Counts take one member of a cluster.';
comment on column registry.person_cluster.person_id is 'A register identity (registry.person).';
comment on column registry.person_cluster.cluster_id is 'The real person: the smallest person_id of the linked identities.';

create function registry.recluster(p_people bigint[])
returns void
language plpgsql as $$
declare
    v_members bigint[];
begin
    -- The identities concerned: the given ones, the members of their clusters so far (an
    -- unlink can split one), and every identity reachable now through linked pairs.
    with recursive reach(person_id) as (
        select x from unnest(p_people) x
        union
        select o.person_id from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id
        where c.person_id = any (p_people)
        union
        select case when l.person_a = r.person_id then l.person_b else l.person_a end
        from reach r
        join registry.person_link l on (l.person_a = r.person_id or l.person_b = r.person_id)
                                   and l.status = 'linked'
    )
    select array_agg(person_id) into v_members from reach;
    delete from registry.person_cluster c where c.person_id = any (v_members);
    -- Their components through linked pairs, each named by its smallest identity; a
    -- component of one identity is no cluster.
    insert into registry.person_cluster (person_id, cluster_id)
    with recursive comp(person_id, root) as (
        select m, m from unnest(v_members) m
        union
        select case when l.person_a = c.person_id then l.person_b else l.person_a end, c.root
        from comp c
        join registry.person_link l on (l.person_a = c.person_id or l.person_b = c.person_id)
                                   and l.status = 'linked'
    ),
    named as (select person_id, min(root) as cluster_id from comp group by person_id)
    select n.person_id, n.cluster_id
    from (select person_id, cluster_id, count(*) over (partition by cluster_id) as size from named) n
    where n.size > 1;
end
$$;
comment on function registry.recluster(bigint[]) is 'Recomputes the clusters of the given identities and of every identity linked to them, after a pair was linked, rejected or unlinked.';

-- The identities a count leaves out on a day: a linked identity is left out when a smaller
-- member of its cluster is itself counted on that day (resident state that day), so the
-- real person counts once, wherever the duplicate is listed, and a duplicate still counts
-- when the identity it was linked to has left.
create function registry.linked_duplicates_on(p_day date)
returns table (person_id bigint)
language sql stable as $$
    select c.person_id
    from registry.person_cluster c
    where c.person_id <> c.cluster_id
      and exists (
        select 1
        from registry.person_cluster o
        join registry.person_state s on s.person_id = o.person_id
        where o.cluster_id = c.cluster_id and o.person_id < c.person_id
          and s.superseded_at is null and s.residence in (1, 2)
          and s.valid_from <= p_day and s.valid_to > p_day)
$$;
comment on function registry.linked_duplicates_on(date) is 'Identities not counted on a day because a smaller identity of their cluster (the same real person) is counted that day.';

-- Pairs waiting for a reviewer: every figure that counts people says how many there are.
create view registry.pending_links as
select l.link_id, l.person_a, l.person_b, l.found_by, l.weight, l.probability, l.decided_at
from registry.person_link l
where l.status = 'review';
comment on view registry.pending_links is 'Pairs waiting in the review queue: until a reviewer decides, both identities are counted, and figures are provisional.';

-- Identities numbered in the order the files were given, however many connections load them
-- (issue 4's province load, `ingest a0 --jobs 2`).
--
-- A commune's first register numbered its people and households from the sequences as its
-- batch was applied. With two connections applying at once, the numbers followed which
-- connection got there first, and a linked pair counts as its smaller identity (0015): two
-- loads of the same files could count the same person in different communes (seen on the
-- province: the same totals, 1,166,729 people in 291,982 households, but different month-end
-- cells and indicator values between loads).
--
-- Now `danso ingest a0` reserves, before it starts, a block of person and household numbers
-- for each file in the order given (registry.reserve_register_ids), one per physical line, and
-- a commune's first register numbers from its blocks: a person by the line that lists them, a
-- household by its first line. (A number computed from the line, not a window over the lines:
-- row_number() cost about 0.4 µs a line, 0.5 core-seconds on the province.) The same files in
-- the same order give the same identities with one connection or two. Without a block (a
-- pipeline's files, a register of a commune already held) the sequences number as before.

create function registry.reserve_register_ids(p_people bigint, p_households bigint)
returns table (first_person bigint, first_household bigint)
language plpgsql as $$
declare
    v_person_seq regclass := pg_get_serial_sequence('registry.person', 'person_id')::regclass;
    v_household_seq regclass := pg_get_serial_sequence('registry.household', 'household_id')::regclass;
begin
    if p_people < 1 or p_households < 1 then
        raise exception 'registry.reserve_register_ids: blocks of at least one number, not % and %', p_people, p_households
            using errcode = '22023';
    end if;
    -- A no-op ALTER SEQUENCE takes the lock that nextval waits for: until this transaction
    -- ends, nobody else draws a number, so the block is whole (nextval, then setval, with no
    -- number drawn by another session between them).
    execute format('alter sequence %s increment by 1', v_person_seq);
    execute format('alter sequence %s increment by 1', v_household_seq);
    first_person := nextval(v_person_seq);
    perform setval(v_person_seq, first_person + p_people - 1);
    first_household := nextval(v_household_seq);
    perform setval(v_household_seq, first_household + p_households - 1);
    return next;
end
$$;
comment on function registry.reserve_register_ids(bigint, bigint) is
    'Reserves a block of p_people person numbers and one of p_households household numbers (no other session draws from the sequences meanwhile) and returns the first of each: the numbers of the registers of one run, in the order of its files (migration 0036).';

drop function registry.apply_register_batch(bigint, text);

create function registry.apply_register_batch(p_batch bigint, p_scope text default 'auto',
                                               p_first_person bigint default null, p_first_household bigint default null,
                                               p_block bigint default null)
returns table (people_new integer, people_changed integer, people_unchanged integer,
               people_closed integer, households_closed integer, whole_communes text[])
language plpgsql as $$
declare
    v_as_of date;
    v_units integer[];
    v_codes text[];
    v_household_ids jsonb;
    v_household_seq regclass := pg_get_serial_sequence('registry.household', 'household_id')::regclass;
    v_person_seq regclass := pg_get_serial_sequence('registry.person', 'person_id')::regclass;
begin
    if p_scope not in ('auto', 'commune', 'households') then
        raise exception 'unknown scope %', p_scope using errcode = '22023';
    end if;
    select b.as_of into strict v_as_of from audit.batch b where b.batch_id = p_batch;
    select coalesce(array_agg(u.unit_key order by u.unit_key), '{}'),
           coalesce(array_agg(c.commune_code order by c.commune_code), '{}')
      into v_units, v_codes
    from (select distinct l.commune_code from staging.a0_line l where l.batch_id = p_batch) c
    join ref.admin_unit u on u.level = 'commune' and u.code = c.commune_code
                         and v_as_of between u.valid_from and u.valid_to;
    -- The locks of migration 0013, in the same order (they are re-entrant when it takes them again).
    perform pg_advisory_xact_lock(72507, k) from unnest(v_units) k order by k;
    if cardinality(v_units) = 0 or exists (
        select 1 from unnest(v_units) k
        where exists (select 1 from registry.household h where h.commune_key = k)
           or exists (select 1 from registry.register_coverage rc where rc.commune_key = k and rc.as_of > v_as_of))
    then
        return query select * from registry.apply_register_batch_0013(p_batch, p_scope);
        return;
    end if;

    -- With blocks, a person is numbered by the line that lists them (the first data line, line
    -- 2, takes the block's first number) and a household by its first line: a file's lines
    -- fit its blocks, one number per physical line, or the numbers would run into the next
    -- file's blocks.
    if p_first_person is not null and (select max(l.line_no) from staging.a0_line l where l.batch_id = p_batch) > coalesce(p_block, 0) + 1 then
        raise exception 'registry.apply_register_batch: batch % has lines past its block of % numbers', p_batch, p_block
            using errcode = '22023';
    end if;
    perform set_config('work_mem', '256MB', true);   -- the batch's lines stay in memory, as in 0013
    perform set_config('jit', 'off', true);
    -- Households are numbered first (from the sequence in code order, or from the block by
    -- their first line) and written; each line then finds its household's number in a map and
    -- people are numbered in line order, so the same file gives the same identities. No join
    -- between the two: the planner has no statistics for the batch's staged lines yet, and it
    -- ran a join of two results it thought held one row each as a nested loop over both (20 s
    -- for one commune).
    with units as materialized (
        select u.unit_key, u.code from ref.admin_unit u where u.unit_key = any (v_units)),
    hh as (
        select c.commune_key, c.commune_code, c.household_code,
               case when p_first_household is null then nextval(v_household_seq)
                    else p_first_household + c.first_line - 2 end as household_id
        from (select u.unit_key as commune_key, l.commune_code, l.household_code, min(l.line_no) as first_line
              from staging.a0_line l
              join units u on u.code = l.commune_code
              where l.batch_id = p_batch
              group by 1, 2, 3
              order by 2, 3) c),
    households as (
        insert into registry.household (household_id, commune_key, household_code, first_batch_id) overriding system value
        select h.household_id, h.commune_key, h.household_code, p_batch from hh h)
    select jsonb_object_agg(h.commune_code || '/' || h.household_code, h.household_id) into v_household_ids from hh h;

    with units as materialized (
        select u.unit_key, u.code from ref.admin_unit u where u.unit_key = any (v_units)),
    ln as materialized (
        select l.*, u.unit_key as commune_key,
               (v_household_ids ->> (l.commune_code || '/' || l.household_code))::bigint as household_id,
               case when p_first_person is null then nextval(v_person_seq)
                    else p_first_person + l.line_no - 2 end as person_id
        from (select * from staging.a0_line l where l.batch_id = p_batch order by l.line_no) l
        join units u on u.code = l.commune_code),
    people as (
        insert into registry.person (person_id, household_id, member_no, first_batch_id) overriding system value
        select l.person_id, l.household_id, l.member_no, p_batch from ln l),
    states as (
        insert into registry.person_state (
            person_id, valid_from, valid_to, commune_key, household_id, member_no, full_name, sex, birth_year,
            birth_month, birth_day, birth_date, ethnicity, education, marital_status, residence,
            contraceptive_method, relationship, personal_number, health_card, batch_id, line_no, end_reason)
        select l.person_id, l.as_of, 'infinity', l.commune_key, l.household_id, l.member_no, l.full_name, l.sex,
               l.birth_year, l.birth_month, l.birth_day, l.birth_date, l.ethnicity, l.education, l.marital_status,
               l.residence, l.method, l.relationship, l.personal_number, l.health_card, p_batch, l.line_no, null
        from ln l),
    snapshots as (
        insert into registry.person_snapshot (person_id, as_of, batch_id, line_no, commune_key, household_id)
        select l.person_id, l.as_of, p_batch, l.line_no, l.commune_key, l.household_id from ln l),
    -- The state of each household: from its head's line, else its first line (as in 0013).
    hs as materialized (
        select distinct on (l.household_id) l.household_id, l.as_of, l.area_no, l.collaborator_code, l.address, l.line_no
        from ln l order by l.household_id, (l.relationship = 1) desc, l.line_no),
    household_states as (
        insert into registry.household_state (household_id, valid_from, valid_to, area_no, collaborator_code,
                                              address, batch_id, line_no, end_reason)
        select h.household_id, h.as_of, 'infinity', h.area_no, h.collaborator_code, h.address, p_batch, h.line_no, null
        from hs h),
    listings as (
        insert into registry.household_listing (household_id, as_of, batch_id)
        select h.household_id, h.as_of, p_batch from hs h)
    select count(*)::integer into people_new from ln;

    insert into registry.register_coverage (batch_id, commune_key, as_of, whole_commune)
    select p_batch, k, v_as_of, p_scope <> 'households' from unnest(v_units) k;
    people_changed := 0;
    people_unchanged := 0;
    people_closed := 0;
    households_closed := 0;
    whole_communes := case when p_scope <> 'households' then v_codes else '{}' end;
    return next;
end
$$;
comment on function registry.apply_register_batch(bigint, text, bigint, bigint, bigint) is
    'Applies an accepted register batch (staging.a0_line) to the register: a batch of communes the register does not hold yet is written directly, its households and people numbered from p_first_household and p_first_person when given (blocks of p_block numbers each from registry.reserve_register_ids, migration 0036), else from the sequences; any other goes through apply_register_batch_0013. Returns the counts of the batch''s effect.';

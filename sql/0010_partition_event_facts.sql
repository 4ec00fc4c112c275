-- The event fact table, partitioned by period (issue 4; the plan for the whole country is in
-- docs/scaling.md).
--
-- registry.event becomes a declaratively partitioned table, PARTITION BY RANGE (event_date):
-- one partition per calendar year 2015–2035 (registry.event_2015 … registry.event_2035) and a
-- DEFAULT partition (registry.event_default) for any other date. Indicators count events by
-- the period that holds their date (indicators.md), so a month, quarter or year reads one
-- partition (partition pruning), and a closed year can be detached whole for archiving.
--
-- New years: `select registry.add_event_year(2036);` creates the partition of a year (moving
-- the rows of that year the default partition already holds) and describes it. Add next
-- year's partition during the current year, so the default partition stays empty.
--
-- Not sub-partitioned by province (yet): a partition key must be a real column given at
-- insert time, and an event carries only commune_key (a surrogate key that the reference
-- loader assigns after the migrations have run, so no list of keys per province can be
-- written here). The province needs a column of its own that the writer fills
-- (ChangeWriter's COPY); PostgreSQL 15 cannot partition on a generated column, and a BEFORE
-- trigger cannot send a row to another partition. docs/scaling.md says what that takes.
--
-- A partitioned table's primary key and unique constraints must include the partition key:
-- the key becomes (event_id, event_date) and the root slip's uniqueness
-- (root_slip_id, event_date). Nothing uses ON CONFLICT on either; that root_slip_id stays
-- unique across partitions is checked by registry.integrity_problems() (migration 0009). A correction
-- (SUA) that moves an event into another year moves its row to that year's partition.
--
-- Events are few (≈ 100,000 a year for a province), so unlike the register tables of
-- migration 0009 they keep their foreign keys, which PostgreSQL 15 supports from a
-- partitioned table. Existing rows are moved: the new table is built under a temporary
-- name, filled, the old one dropped and the new one renamed; event_id keeps its values and
-- its sequence goes on where the old one stopped.

create table registry.event_partitioned (
    event_id          bigint generated always as identity,
    root_slip_id      bigint not null,
    effective_slip_id bigint not null,
    event_type        text not null,
    event_date        date not null,
    commune_key       integer not null,
    person_id         bigint,
    mother_person_id  bigint,
    cancelled         boolean not null default false,
    updated_at        timestamptz not null default now(),
    constraint event_partitioned_pkey primary key (event_id, event_date),
    constraint event_partitioned_root_slip_id_key unique (root_slip_id, event_date),
    constraint event_event_type_check check (event_type in ('SINH', 'CHET', 'DI', 'DEN', 'KET_HON', 'LY_HON', 'BPTT',
                                                            'MANG_THAI', 'SLTS', 'SLSS'))
) partition by range (event_date);

do $$
begin
    for y in 2015..2035 loop
        execute format('create table registry.%I partition of registry.event_partitioned for values from (%L) to (%L)',
                       'event_' || y, make_date(y, 1, 1), make_date(y + 1, 1, 1));
    end loop;
end
$$;
create table registry.event_default partition of registry.event_partitioned default;

insert into registry.event_partitioned (event_id, root_slip_id, effective_slip_id, event_type, event_date, commune_key,
                                        person_id, mother_person_id, cancelled, updated_at)
overriding system value
select event_id, root_slip_id, effective_slip_id, event_type, event_date, commune_key,
       person_id, mother_person_id, cancelled, updated_at
from registry.event;

-- The next event_id: past the largest one, and past every value the old sequence gave out
-- (rolled-back loads use up numbers too).
select setval(pg_get_serial_sequence('registry.event_partitioned', 'event_id'),
              greatest((select coalesce(max(event_id), 0) from registry.event),
                       coalesce(pg_sequence_last_value(pg_get_serial_sequence('registry.event', 'event_id')::regclass), 0)) + 1,
              false);

drop table registry.event;
alter table registry.event_partitioned rename to event;
alter sequence registry.event_partitioned_event_id_seq rename to event_event_id_seq;
alter table registry.event rename constraint event_partitioned_pkey to event_pkey;
alter table registry.event rename constraint event_partitioned_root_slip_id_key to event_root_slip_id_key;

alter table registry.event
    add constraint event_root_slip_id_fkey foreign key (root_slip_id) references registry.slip,
    add constraint event_effective_slip_id_fkey foreign key (effective_slip_id) references registry.slip,
    add constraint event_commune_key_fkey foreign key (commune_key) references ref.admin_unit,
    add constraint event_person_id_fkey foreign key (person_id) references registry.person,
    add constraint event_mother_person_id_fkey foreign key (mother_person_id) references registry.person;
create index event_person on registry.event (person_id) where not cancelled;
create index event_mother on registry.event (mother_person_id) where not cancelled;
create index event_date on registry.event (commune_key, event_date);

comment on table registry.event is 'One row per event reported (a slip that is not SUA or HUY), as last corrected: the fact the register and the indicators count. Cancelled events (HUY) are kept, marked. Partitioned by the year of event_date (registry.event_2015 … registry.event_2035, registry.event_default for other dates; migration 0010).';
comment on column registry.event.event_id is 'Surrogate key of the event.';
comment on column registry.event.root_slip_id is 'The slip that first reported the event.';
comment on column registry.event.effective_slip_id is 'The slip whose content holds now: the root slip or its latest correction (SUA) not withdrawn.';
comment on column registry.event.event_type is 'Code list E (SINH … SLSS).';
comment on column registry.event.event_date is 'ngay_su_kien of the effective slip: the period the event counts in.';
comment on column registry.event.commune_key is 'Commune where the event was recorded.';
comment on column registry.event.person_id is 'The subject (for SINH and DEN the person who joined).';
comment on column registry.event.mother_person_id is 'The mother (SINH).';
comment on column registry.event.cancelled is 'True when the event was withdrawn (HUY): it no longer counts nor acts on the register.';
comment on column registry.event.updated_at is 'When the event was last corrected or withdrawn.';

-- The comments of registry.event, repeated on one of its partitions (analysts see those too).
create function registry.describe_event_partition(p_partition regclass, p_what text)
returns void
language plpgsql as $$
declare
    v_column record;
begin
    execute format('comment on table %s is %L', p_partition,
                   p_what || ': a partition of registry.event (one row per event reported, as last corrected).');
    for v_column in
        select a.attname, d.description
        from pg_attribute a
        join pg_description d on d.classoid = 'pg_class'::regclass and d.objoid = a.attrelid and d.objsubid = a.attnum
        where a.attrelid = 'registry.event'::regclass and a.attnum > 0 and not a.attisdropped
    loop
        execute format('comment on column %s.%I is %L', p_partition, v_column.attname, v_column.description);
    end loop;
end
$$;
comment on function registry.describe_event_partition(regclass, text) is 'Gives a partition of registry.event a table comment (p_what says which events it holds) and the column comments of registry.event.';

-- The partition of a year: created when missing, then described. Rows of that year already in
-- the default partition are moved into it (a new partition may not take rows the default
-- partition holds). Creating a partition locks registry.event briefly: run it outside loads.
create function registry.add_event_year(p_year integer)
returns regclass
language plpgsql as $$
declare
    v_from date := make_date(p_year, 1, 1);
    v_to date := make_date(p_year + 1, 1, 1);
    v_partition regclass := to_regclass(format('registry.%I', 'event_' || p_year));
begin
    if v_partition is null then
        create temp table event_year_moved (like registry.event);
        with moved as (
            delete from registry.event_default e where e.event_date >= v_from and e.event_date < v_to returning e.*)
        insert into event_year_moved select * from moved;
        execute format('create table registry.%I partition of registry.event for values from (%L) to (%L)',
                       'event_' || p_year, v_from, v_to);
        insert into registry.event overriding system value select * from event_year_moved;
        drop table event_year_moved;
        v_partition := format('registry.%I', 'event_' || p_year)::regclass;
    end if;
    perform registry.describe_event_partition(v_partition, format('Events of %s (event_date from %s to %s)', p_year, v_from, v_to - 1));
    return v_partition;
end
$$;
comment on function registry.add_event_year(integer) is 'Makes sure registry.event has the partition of a year (registry.event_YYYY), moving the rows of that year out of the default partition, and describes it. Returns the partition.';

select registry.add_event_year(y) from generate_series(2015, 2035) as y;
select registry.describe_event_partition('registry.event_default', 'Events dated outside the years that have a partition of their own (registry.add_event_year adds years)');

-- The history-keeping register. Every state has a validity interval [valid_from, valid_to):
-- the state holds on every day d with valid_from <= d < valid_to. A state is never
-- overwritten: its interval is closed when a later fact changes it, and a state that a
-- later file replaces from its very first day is marked superseded (kept, not counted).
create table registry.household (
    household_id   bigint generated always as identity primary key,
    commune_key    integer not null references ref.admin_unit,
    household_code text not null,
    first_batch_id bigint not null references audit.batch,
    unique (commune_key, household_code)
);
comment on table registry.household is 'One row per household ever registered (Hộ), identified by its commune and household code.';
comment on column registry.household.household_id is 'Surrogate key of the household.';
comment on column registry.household.commune_key is 'The commune (ref.admin_unit) the household code belongs to.';
comment on column registry.household.household_code is 'ma_ho as written by the commune.';
comment on column registry.household.first_batch_id is 'Batch that first listed the household.';

create table registry.household_state (
    household_state_id  bigint generated always as identity primary key,
    household_id        bigint not null references registry.household,
    valid_from          date not null,
    valid_to            date not null default 'infinity',
    area_no             smallint,
    collaborator_code   text,
    address             text,
    batch_id            bigint not null references audit.batch,
    line_no             integer,
    end_reason          text check (end_reason in ('changed', 'reconciliation')),
    superseded_at       timestamptz,
    superseded_by_batch bigint references audit.batch,
    check (valid_from < valid_to),
    exclude using gist (household_id with =, daterange(valid_from, valid_to) with &&) where (superseded_at is null)
);
comment on table registry.household_state is 'One row per household per validity interval: where the household is listed and by whom.';
comment on column registry.household_state.household_id is 'The household.';
comment on column registry.household_state.valid_from is 'First day the state holds.';
comment on column registry.household_state.valid_to is 'First day it no longer holds (exclusive; infinity while current).';
comment on column registry.household_state.area_no is 'dia_ban: collaborator''s area within the commune.';
comment on column registry.household_state.collaborator_code is 'ma_ctv.';
comment on column registry.household_state.address is 'dia_chi.';
comment on column registry.household_state.batch_id is 'Batch that stated it.';
comment on column registry.household_state.line_no is 'Line of that batch.';
comment on column registry.household_state.end_reason is 'Why the interval ended: changed (a later state follows) or reconciliation (a whole-commune register no longer lists it).';
comment on column registry.household_state.superseded_at is 'Set when a later file replaced this state from its first day; superseded states are kept but never counted.';
comment on column registry.household_state.superseded_by_batch is 'The batch that replaced it.';

create table registry.person (
    person_id      bigint generated always as identity primary key,
    household_id   bigint not null references registry.household,
    member_no      smallint not null,
    first_batch_id bigint not null references audit.batch,
    unique (household_id, member_no)
);
comment on table registry.person is 'One row per person ever registered (Nhân khẩu), identified by the key they were first listed under: household and member number.';
comment on column registry.person.person_id is 'Surrogate key of the person.';
comment on column registry.person.household_id is 'Household of the first listing.';
comment on column registry.person.member_no is 'stt of the first listing.';
comment on column registry.person.first_batch_id is 'Batch that first listed the person.';

create table registry.person_state (
    person_state_id      bigint generated always as identity primary key,
    person_id            bigint not null references registry.person,
    valid_from           date not null,
    valid_to             date not null default 'infinity',
    commune_key          integer not null references ref.admin_unit,
    household_id         bigint not null references registry.household,
    member_no            smallint not null,
    full_name            text not null,
    sex                  smallint not null check (sex in (1, 2)),
    birth_year           smallint not null,
    birth_month          smallint,
    birth_day            smallint,
    birth_date           date not null,
    ethnicity            text not null references ref.ethnic_group,
    education            smallint,
    marital_status       smallint,
    residence            smallint not null check (residence between 1 and 3),
    contraceptive_method smallint,
    relationship         smallint not null,
    personal_number      text,
    health_card          text,
    batch_id             bigint not null references audit.batch,
    line_no              integer,
    slip_ids             bigint[] not null default '{}',
    end_reason           text check (end_reason in ('changed', 'reconciliation', 'death', 'moved_out')),
    superseded_at        timestamptz,
    superseded_by_batch  bigint references audit.batch,
    check (valid_from < valid_to),
    exclude using gist (person_id with =, daterange(valid_from, valid_to) with &&) where (superseded_at is null)
);
comment on table registry.person_state is 'One row per person per validity interval: everything the register says of the person while it holds. The population on a day is the people with a state holding that day.';
comment on column registry.person_state.person_id is 'The person.';
comment on column registry.person_state.valid_from is 'First day the state holds.';
comment on column registry.person_state.valid_to is 'First day it no longer holds (exclusive; infinity while current).';
comment on column registry.person_state.commune_key is 'Commune (ref.admin_unit) where the person is listed.';
comment on column registry.person_state.household_id is 'Household where the person is listed.';
comment on column registry.person_state.member_no is 'stt within that household.';
comment on column registry.person_state.full_name is 'ho_ten, NFC.';
comment on column registry.person_state.sex is '1 male, 2 female.';
comment on column registry.person_state.birth_year is 'Year of birth.';
comment on column registry.person_state.birth_month is 'Month of birth, null when unknown.';
comment on column registry.person_state.birth_day is 'Day of birth, null when unknown.';
comment on column registry.person_state.birth_date is 'Birth date for ages: missing day = 15th, missing month = 1 July.';
comment on column registry.person_state.ethnicity is '2-digit GSO ethnic group code.';
comment on column registry.person_state.education is 'Code list H.';
comment on column registry.person_state.marital_status is 'Code list M.';
comment on column registry.person_state.residence is 'Code list C: 1 usual resident, 2 temporary resident (both resident), 3 long-term absent.';
comment on column registry.person_state.contraceptive_method is 'Code list B (current method).';
comment on column registry.person_state.relationship is 'Code list R: relationship to the household head.';
comment on column registry.person_state.personal_number is '12-digit personal number, when known.';
comment on column registry.person_state.health_card is 'Health insurance card number.';
comment on column registry.person_state.batch_id is 'Batch that stated the base of this state: the register line, or the change slip that brought the person in.';
comment on column registry.person_state.line_no is 'Line of that batch.';
comment on column registry.person_state.slip_ids is 'Change slips (registry.slip) applied on top of that base to make this state, oldest first.';
comment on column registry.person_state.end_reason is 'Why the interval ended: changed (a later state follows), reconciliation (the register no longer lists the person), death, moved_out.';
comment on column registry.person_state.superseded_at is 'Set when a later file replaced this state from its first day; kept but never counted.';
comment on column registry.person_state.superseded_by_batch is 'The batch that replaced it.';
create index person_state_person on registry.person_state (person_id, valid_from) where superseded_at is null;
create index person_state_household on registry.person_state (household_id) where superseded_at is null;
create index household_state_household on registry.household_state (household_id, valid_from) where superseded_at is null;

-- What each register file covered, so a register loaded late (older than one already
-- loaded) still ends where a later register stopped listing its people.
create table registry.register_coverage (
    batch_id      bigint not null references audit.batch,
    commune_key   integer not null references ref.admin_unit,
    as_of         date not null,
    whole_commune boolean not null,
    primary key (batch_id, commune_key)
);
comment on table registry.register_coverage is 'One row per (register batch, commune it lists): the date and whether the file covered the whole commune.';
comment on column registry.register_coverage.batch_id is 'The register batch.';
comment on column registry.register_coverage.commune_key is 'A commune the batch lists people of.';
comment on column registry.register_coverage.as_of is 'The register date (ngay_chot).';
comment on column registry.register_coverage.whole_commune is 'True when the file covered every household of the commune: people it did not list were closed.';
create index register_coverage_commune on registry.register_coverage (commune_key, as_of) where whole_commune;

create table registry.household_listing (
    household_id bigint not null references registry.household,
    as_of        date not null,
    batch_id     bigint not null references audit.batch,
    primary key (household_id, as_of, batch_id)
);
comment on table registry.household_listing is 'One row per household listed by a register batch: a listed household''s unlisted members are closed on that date.';
comment on column registry.household_listing.household_id is 'The household.';
comment on column registry.household_listing.as_of is 'The register date that listed it.';
comment on column registry.household_listing.batch_id is 'The register batch.';

-- The facts the register's states are made of (besides change slips): every listing of a
-- person by a register file, and every closure a register implied.
create table registry.person_snapshot (
    person_id    bigint not null references registry.person,
    as_of        date not null,
    batch_id     bigint not null,
    line_no      integer not null,
    commune_key  integer not null references ref.admin_unit,
    household_id bigint not null references registry.household,
    primary key (person_id, as_of, batch_id),
    foreign key (batch_id, line_no) references staging.a0_line (batch_id, line_no)
);
comment on table registry.person_snapshot is 'One row per person listed by a register batch: the person as the register line (staging.a0_line) states them on the register date.';
comment on column registry.person_snapshot.person_id is 'The person.';
comment on column registry.person_snapshot.as_of is 'The register date (ngay_chot).';
comment on column registry.person_snapshot.batch_id is 'The register batch.';
comment on column registry.person_snapshot.line_no is 'The line of that batch (staging.a0_line).';
comment on column registry.person_snapshot.commune_key is 'Commune of the listing.';
comment on column registry.person_snapshot.household_id is 'Household of the listing.';

create table registry.person_closure (
    person_id bigint not null references registry.person,
    day       date not null,
    batch_id  bigint not null references audit.batch,
    primary key (person_id, day, batch_id)
);
comment on table registry.person_closure is 'One row per person a register closed: a register covering their household or whole commune on that day no longer listed them.';
comment on column registry.person_closure.person_id is 'The person.';
comment on column registry.person_closure.day is 'The register date from which the person is no longer in the register.';
comment on column registry.person_closure.batch_id is 'The register batch that implied it.';

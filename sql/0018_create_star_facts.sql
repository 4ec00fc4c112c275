-- The star schema, second part (issue 6): the fact tables of `dw` and the functions that
-- refresh them from the register.
--
-- Decision: the event facts and the month-end snapshot are TABLES, refreshed by set-based
-- functions; only the per-batch fact of change lines is a view. Why:
--   * danso_analyst reads dw and never registry (personal data). A dw view runs with its
--     owner's rights, so it may expose no name, personal number or person id. The event
--     facts need per-person joins to be computed at all (the mother's age from her state on
--     the birth date, the screenings of a mother or a child, births and deaths reported under
--     two linked identities, the two KET_HON slips of one couple): a view would have to
--     repeat those joins through registry.person_state on every analyst's query, and one
--     written carelessly later would leak identities. Tables hold the results only.
--   * Nothing in dw names a person: no person_id, name or number. Facts carry event_id
--     (registry.event.event_id, a degenerate dimension): it links the facts of one event
--     and a birth to its screenings (fact_screening.birth_event_id) without saying whose.
--   * The snapshot is a periodic snapshot (Kimball): stocks at month ends are a sum over
--     dw.fact_population_month_end, never a replay of the register.
--   * dw.fact_change_batch reads staging.change_line, staging.quarantine and audit.batch:
--     counts per batch, commune and month only, nothing personal; a view is never stale
--     (quarantined lines applied later count in their own batch at once).
--
-- Like the register tables of migration 0009, the fact tables have no foreign keys (their
-- rows come only from the refresh functions below, in bulk); dw.fact_problems() checks that
-- every key resolves, set-based; the tests run it after every scenario. Keys that are codes
-- of 0017's dimensions are the codes themselves (-1 for "not stated"), date keys are
-- dw.dim_date.date_key (yyyymmdd), unit keys ref.admin_unit.unit_key (dw.dim_admin_unit).
--
-- Events counted (indicators.md): an event of registry.event, as last corrected (its
-- effective slip, SUA), not withdrawn (HUY), in the commune where it was recorded, on its
-- event date, once after deduplication:
--   * SINH and CHET happen once to a person: of the events of one type whose subjects are
--     identities of one real person (registry.person_cluster: linked pairs, migration 0015),
--     the one of the smallest identity counts, as registry.linked_duplicates_on counts people.
--     A birth reported twice counts once when the matcher (or a reviewer) linked the two
--     children; until then (pair in review, or `danso link run` not run after the change
--     ingest, which does not link yet) it counts twice, as the population does.
--   * Other types count once per real person and day: the same type on the same day under two
--     linked identities is one event. Two reports of one arrival with different dates are not
--     distinguishable and both count.
--   * KET_HON: when both spouses are in the register each gets a slip (the generator does so
--     for couples of two communes). Both rows stay (each commune recorded a marriage), and
--     both carry one marriage_id: MARRIAGES of a unit is count(distinct marriage_id), so the
--     couple counts once in each commune, once in a district or the province.
--   * LY_HON and MANG_THAI feed no indicator and have no fact yet.
--
-- Refresh (all in the caller's transaction, delete + insert). Each function first takes the
-- transaction advisory lock 72518, so the refreshes of two ingests never interleave; it is
-- held until commit, so an ingest calls them LAST, after its quarantine retries (which take
-- the register's commune locks, 72507: taking those after 72518 could deadlock), each once
-- with every commune it needs:
--   dw.refresh_events(communes, from, to)      event facts of the events recorded in those
--       communes with an event date in [from, to], and of the rows the facts held there
--       (an event a SUA moved out of the range, or a HUY withdrew); facts are replaced by
--       event_id, wherever the event now lies. Plus the events that depend on them: the
--       births and screenings of their mothers and children, the events of identities linked
--       to theirs, the marriages of the same days (couples).
--   dw.refresh_month_end(communes, from, to)   snapshot rows of the people listed in those
--       communes, for the month ends in [from, to]; first, for every commune, the month ends
--       the register has reached since the last refresh (see the horizon below).
--   dw.refresh_all()                           everything again (TRUNCATE: readers of the
--       facts wait for the transaction).
-- What an ingest touches, i.e. what it passes (to 'infinity': a state changed on a day holds
-- until its next change, and a correction moves an event forward as well as back):
--   * a register batch (danso ingest a0): its communes (registry.register_coverage of the
--     batch) from its as-of date, to both functions. The states change from that date on (an
--     older register loaded late changes them until the next one), and with them the ages
--     and attributes the event facts take from the states.
--   * a change batch (danso ingest changes, with the quarantine retries it runs): the
--     communes of the slips it applied (retried ones included), of the other side of its
--     moves (noi_den_di when it is a commune of the province: a DI ends the identity the
--     arrival there is linked to, which makes that arrival count) and of the identities
--     linked to the people its slips touched; from the earliest event date among those
--     slips and, for a SUA or HUY, the date the event had before (a marriage moved from
--     14 February to 10 March changes the February month end too); to both functions.
--   * a link decision (danso link run, danso review accept/reject/unlink): the communes of
--     both identities from the first day either is listed, to both functions.
-- Measured (2-core machine, the generated province of 292,000 households: 1.21 million
-- resident states, 13 month ends, 97,000 events, 3,200 linked pairs): dw.refresh_all() 12.4-
-- 12.9 s (event facts 2.9 s; snapshot 9.6 s for 1.35 million population rows); one commune's
-- month (from its first day on) 0.23 s for the events and 0.13 s for the snapshot, its whole
-- year 0.43 s and 0.29 s; the first file of a new month, which adds that month end for the
-- 94 communes, 3.7 s.
--
-- Horizon of the snapshot: month ends from the first month a state holds up to the month end
-- of the latest batch date (audit.batch.as_of: a register's date, a change file's latest
-- reporting month), never later. When a batch moves that horizon on (the first file of a new
-- month), dw.refresh_month_end fills the new month ends for every commune, not only for the
-- batch's, so a month end always covers the whole province.

-- ---------------------------------------------------------------------------------------
-- Helpers (dates as the date keys of dw.dim_date, ages, months as integers). Not STRICT, so
-- PostgreSQL inlines them into the statements that use them: a strict SQL function around a
-- CASE or GREATEST is called row by row instead (40 s for the 15 million month-end rows of
-- the province).
create function dw.date_key(p_day date) returns integer
language sql immutable parallel safe as $$
    select (date_part('year', p_day) * 10000 + date_part('month', p_day) * 100 + date_part('day', p_day))::integer
$$;
comment on function dw.date_key(date) is 'The dw.dim_date.date_key of a day: yyyymmdd as an integer.';

create function dw.completed_years(p_birth date, p_day date) returns smallint
language sql immutable parallel safe as $$
    select greatest(0, least(120, (dw.date_key(p_day) - dw.date_key(p_birth)) / 10000))::smallint
$$;
comment on function dw.completed_years(date, date) is 'Age in completed years (tuổi tròn) on p_day of someone born on p_birth (a partial birth date already completed: day 15, 1 July), as DansoDomain counts it (a day before the birthday is a year less); clamped to 0–120, the range of dw.dim_age.';

create function dw.month_index(p_day date) returns integer
language sql immutable parallel safe as $$
    select (date_part('year', p_day) * 12 + date_part('month', p_day) - 1)::integer
$$;
comment on function dw.month_index(date) is 'The month of a day as one integer (year × 12 + month − 1), to step through month ends with integer series.';

create function dw.month_end_key(p_month integer) returns integer
language sql immutable parallel safe as $$
    select (p_month / 12) * 10000 + (p_month % 12 + 1) * 100
           + case when p_month % 12 + 1 = 2 then
                      case when (p_month / 12) % 4 = 0 and ((p_month / 12) % 100 <> 0 or (p_month / 12) % 400 = 0)
                           then 29 else 28 end
                  when p_month % 12 + 1 in (4, 6, 9, 11) then 30
                  else 31 end
$$;
comment on function dw.month_end_key(integer) is 'The date key (yyyymmdd) of the last day of a month given as dw.month_index.';

create function dw.month_end(p_month integer) returns date
language sql immutable parallel safe as $$
    select (make_date(p_month / 12, p_month % 12 + 1, 1) + interval '1 month' - interval '1 day')::date
$$;
comment on function dw.month_end(integer) is 'The last day of a month given as dw.month_index.';

create function dw.reference_day(p_written text) returns date
language sql immutable parallel safe as $$
    select case
        when p_written ~ '^\d{2}/\d{2}/\d{4}$' then make_date(substr(p_written, 7, 4)::integer,
                                                              substr(p_written, 4, 2)::integer, substr(p_written, 1, 2)::integer)
        when p_written ~ '^\d{2}/\d{4}$' then make_date(substr(p_written, 4, 4)::integer, substr(p_written, 1, 2)::integer, 15)
        when p_written ~ '^\d{4}$' then make_date(p_written::integer, 7, 1)
    end
$$;
comment on function dw.reference_day(text) is 'The day used for ages of a partial date as danso stores it (dd/mm/yyyy, mm/yyyy or yyyy, e.g. staging.change_line.spouse_birth): a missing day counts as the 15th, a missing month as 1 July; null for anything else.';

-- The working tables of the refresh functions are temporary tables dropped at commit; a
-- second call in the same transaction drops them first (quietly: "drop table if exists
-- pg_temp.x" says the schema does not exist when the session has no temporary table yet).
create function dw.drop_temp_tables(variadic p_names text[]) returns void
language plpgsql as $$
declare
    v_name text;
begin
    foreach v_name in array p_names loop
        if to_regclass('pg_temp.' || v_name) is not null then
            execute format('drop table pg_temp.%I', v_name);
        end if;
    end loop;
end
$$;
comment on function dw.drop_temp_tables(text[]) is 'Drops the temporary tables of these names of the session, when they exist.';

-- The identities of one real person: the given one and those linked to it.
create function dw.identities_of(p_person bigint) returns setof bigint
language sql stable as $$
    select p_person where p_person is not null
    union
    select o.person_id
    from registry.person_cluster c
    join registry.person_cluster o on o.cluster_id = c.cluster_id
    where c.person_id = p_person
$$;
comment on function dw.identities_of(bigint) is 'The register identities of the real person an identity stands for: itself and every identity linked to it (registry.person_cluster).';

-- The deduplication rule of the event facts (see the header).
create function dw.is_duplicate_event(p_person bigint, p_event_type text, p_day date) returns boolean
language sql stable as $$
    select exists (
        select 1
        from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
        join registry.event e on e.person_id = o.person_id
        where c.person_id = p_person
          and e.event_type = p_event_type and not e.cancelled
          and (p_event_type in ('SINH', 'CHET') or e.event_date = p_day))
$$;
comment on function dw.is_duplicate_event(bigint, text, date) is 'True when an event of this type about this identity is counted under a smaller identity of the same real person: a birth or death of any smaller linked identity, any other type on the same day.';

-- ---------------------------------------------------------------------------------------
-- Births (Sinh)
create table dw.fact_birth (
    event_id                bigint primary key,
    event_date_key          integer not null,
    reported_month_date_key integer not null,
    commune_key             integer not null,
    child_sex_key           smallint not null,
    mother_age_key          smallint,
    birth_order             smallint,
    place_of_birth_key      smallint not null,
    update_channel_key      smallint not null,
    batch_id                bigint not null,
    prenatal_screened       boolean not null,
    newborn_screened        boolean not null,
    check (birth_order > 0)
);
create index fact_birth_commune_date on dw.fact_birth (commune_key, event_date_key);
comment on table dw.fact_birth is 'Live births (Sinh), a transaction fact. Grain: one row per SINH event of registry.event as last corrected (SUA), not withdrawn (HUY), counted once after deduplication (a birth reported twice counts once when its two children are linked). BIRTHS = count(*); the ASFR groups come from dw.dim_age through mother_age_key.';
comment on column dw.fact_birth.event_id is 'The event (registry.event.event_id): a degenerate key linking the facts of one event, e.g. the screenings of this birth (dw.fact_screening.birth_event_id). Names no one.';
comment on column dw.fact_birth.event_date_key is 'Birth date (ngay_su_kien), dw.dim_date: the period the birth counts in.';
comment on column dw.fact_birth.reported_month_date_key is 'First day of the reporting month (ky_bao_cao) of the slip that first reported the birth, dw.dim_date; later than the birth''s month for a late report (E01), whose figures for closed periods are revised.';
comment on column dw.fact_birth.commune_key is 'Commune where the birth was recorded (ref.admin_unit, dw.dim_admin_unit), the unit valid on the birth date.';
comment on column dw.fact_birth.child_sex_key is 'Sex of the child (dw.dim_sex): BIRTHS_MALE, BIRTHS_FEMALE, SRB.';
comment on column dw.fact_birth.mother_age_key is 'The mother''s age in completed years on the birth date (dw.dim_age; its asfr_group gives ASFR_15_19 … ASFR_45_49; under 20: BIRTHS_TEEN), from her birth date in the register (missing day = 15th, missing month = 1 July). Null only when the register holds no state of the mother on that day.';
comment on column dw.fact_birth.birth_order is 'thu_tu_con: this is the mother''s n-th live birth (BIRTHS_2ND: 2; BIRTHS_3PLUS: 3 or more).';
comment on column dw.fact_birth.place_of_birth_key is 'Place of birth, noi_sinh (dw.dim_place_of_birth; -1 not stated).';
comment on column dw.fact_birth.update_channel_key is 'How the slip in force reached the commune, nguon (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_birth.batch_id is 'The batch (file) of the slip in force: the birth slip, or its latest correction.';
comment on column dw.fact_birth.prenatal_screened is 'True when the mother (under any of her linked identities) had an SLTS event, not withdrawn, in the 300 days before the birth day (birth day excluded): PRENATAL_SCREEN_PCT.';
comment on column dw.fact_birth.newborn_screened is 'True when the child (under any linked identity) has an SLSS event, not withdrawn: NEWBORN_SCREEN_PCT.';

-- Deaths (Chết)
create table dw.fact_death (
    event_id                bigint primary key,
    event_date_key          integer not null,
    reported_month_date_key integer not null,
    commune_key             integer not null,
    sex_key                 smallint,
    age_key                 smallint,
    ethnicity_key           smallint,
    marital_status_key      smallint,
    residence_key           smallint,
    update_channel_key      smallint not null,
    batch_id                bigint not null
);
create index fact_death_commune_date on dw.fact_death (commune_key, event_date_key);
comment on table dw.fact_death is 'Deaths (Chết), a transaction fact. Grain: one row per CHET event of registry.event as last corrected, not withdrawn, counted once after deduplication (one death per real person). DEATHS = count(*); INFANT_DEATHS and U5_DEATHS through dw.dim_age (is_under_1, is_under_5).';
comment on column dw.fact_death.event_id is 'The event (registry.event.event_id), a degenerate key. Names no one.';
comment on column dw.fact_death.event_date_key is 'Date of death, dw.dim_date: the period the death counts in.';
comment on column dw.fact_death.reported_month_date_key is 'First day of the reporting month of the slip that first reported the death (later than the death''s month for a late report).';
comment on column dw.fact_death.commune_key is 'Commune where the death was recorded (dw.dim_admin_unit), the unit valid on the date.';
comment on column dw.fact_death.sex_key is 'Sex of the deceased (dw.dim_sex), from the register.';
comment on column dw.fact_death.age_key is 'Age at death in completed years (dw.dim_age), from the birth date in the register (missing day = 15th, missing month = 1 July).';
comment on column dw.fact_death.ethnicity_key is 'Ethnic group of the deceased (dw.dim_ethnicity).';
comment on column dw.fact_death.marital_status_key is 'Marital status at death (dw.dim_marital_status; -1 not stated).';
comment on column dw.fact_death.residence_key is 'Residence status at death (dw.dim_residence): 3 is a registered person long absent, who was not in the resident population.';
comment on column dw.fact_death.update_channel_key is 'nguon of the slip in force (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_death.batch_id is 'The batch of the slip in force.';

-- Moves (Chuyển đi, Chuyển đến)
create table dw.fact_move (
    event_id                bigint primary key,
    event_type_key          smallint not null check (event_type_key in (3, 4)),
    event_date_key          integer not null,
    reported_month_date_key integer not null,
    commune_key             integer not null,
    district_key            integer,
    province_key            integer,
    other_place_code        text,
    other_commune_key       integer,
    other_district_key      integer,
    other_province_key      integer,
    other_is_abroad         boolean not null,
    crosses_commune         boolean,
    crosses_district        boolean,
    crosses_province        boolean,
    sex_key                 smallint,
    age_key                 smallint,
    residence_key           smallint,
    update_channel_key      smallint not null,
    batch_id                bigint not null
);
create index fact_move_commune_date on dw.fact_move (commune_key, event_date_key);
comment on table dw.fact_move is 'Moves out of (DI) and into (DEN) a commune, a transaction fact. Grain: one row per DI or DEN event of registry.event as last corrected, not withdrawn, counted once after deduplication. A move between two communes of the province is two rows, the DI where it left and the DEN where it arrived. Both sides are given at the three levels of the hierarchy valid on the event date, so a move crosses a level''s boundary when the keys of that level differ: IN_MIGRANTS of a district = DEN rows of its communes with crosses_district (OUT_MIGRANTS: DI rows).';
comment on column dw.fact_move.event_id is 'The event (registry.event.event_id), a degenerate key. Names no one.';
comment on column dw.fact_move.event_type_key is 'dw.dim_event_type: 3 DI (chuyển đi: left the commune), 4 DEN (chuyển đến: arrived).';
comment on column dw.fact_move.event_date_key is 'Date of the move, dw.dim_date.';
comment on column dw.fact_move.reported_month_date_key is 'First day of the reporting month of the slip that first reported the move.';
comment on column dw.fact_move.commune_key is 'This side: the commune where the move was recorded (left for DI, arrived in for DEN), dw.dim_admin_unit, the unit valid on the date.';
comment on column dw.fact_move.district_key is 'District of this side in the hierarchy valid on the date (null from 1 July 2025: no districts).';
comment on column dw.fact_move.province_key is 'Province of this side in the hierarchy valid on the date.';
comment on column dw.fact_move.other_place_code is 'noi_den_di as the slip in force gives it: the destination of a DI, the origin of a DEN; a 5-digit commune code, a 2-digit province code or NN (abroad).';
comment on column dw.fact_move.other_commune_key is 'The other side''s commune (valid on the date) when noi_den_di is a commune code; null for a province code or abroad.';
comment on column dw.fact_move.other_district_key is 'The other side''s district (valid on the date) when its commune is known and the date is before 1 July 2025.';
comment on column dw.fact_move.other_province_key is 'The other side''s province valid on the date (from the commune, or the province code); null abroad.';
comment on column dw.fact_move.other_is_abroad is 'True when noi_den_di is NN (nước ngoài).';
comment on column dw.fact_move.crosses_commune is 'True when the move leaves this commune (always, unless noi_den_di names this very commune).';
comment on column dw.fact_move.crosses_district is 'True when the other side lies in another district, another province or abroad; false in the same district; null when undecidable (a province code of this same province; no districts after the reform).';
comment on column dw.fact_move.crosses_province is 'True when the other side lies in another province or abroad, false inside the province: migration at province level.';
comment on column dw.fact_move.sex_key is 'Sex of the person who moved (dw.dim_sex).';
comment on column dw.fact_move.age_key is 'Age on the date in completed years (dw.dim_age).';
comment on column dw.fact_move.residence_key is 'Residence status (dw.dim_residence): on arrival for a DEN, before leaving for a DI.';
comment on column dw.fact_move.update_channel_key is 'nguon of the slip in force (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_move.batch_id is 'The batch of the slip in force.';

-- Marriages (Kết hôn)
create table dw.fact_marriage (
    event_id                bigint primary key,
    marriage_id             bigint not null,
    event_date_key          integer not null,
    reported_month_date_key integer not null,
    commune_key             integer not null,
    subject_sex_key         smallint,
    subject_age_key         smallint,
    spouse_sex_key          smallint,
    spouse_age_key          smallint,
    is_child_marriage       boolean,
    update_channel_key      smallint not null,
    batch_id                bigint not null
);
create index fact_marriage_commune_date on dw.fact_marriage (commune_key, event_date_key);
create index fact_marriage_marriage on dw.fact_marriage (marriage_id);
comment on table dw.fact_marriage is 'Marriages (Kết hôn), a transaction fact. Grain: one row per KET_HON event of registry.event as last corrected, not withdrawn, counted once after deduplication; the subject is the person in the register, the spouse is described by the slip. When both spouses are in the register each has a row (in the commune of each) with the same marriage_id: MARRIAGES of a unit = count(distinct marriage_id) of its rows.';
comment on column dw.fact_marriage.event_id is 'The event (registry.event.event_id), a degenerate key. Names no one.';
comment on column dw.fact_marriage.marriage_id is 'The couple: the smallest event_id of the KET_HON events of the same day that name each other (the spouse''s personal number, or name and birth date, is the other subject''s); the event itself when the spouse is not in the register. Count distinct values, not rows.';
comment on column dw.fact_marriage.event_date_key is 'Date of the marriage, dw.dim_date.';
comment on column dw.fact_marriage.reported_month_date_key is 'First day of the reporting month of the slip that first reported the marriage.';
comment on column dw.fact_marriage.commune_key is 'Commune where the marriage was recorded (the subject''s), dw.dim_admin_unit.';
comment on column dw.fact_marriage.subject_sex_key is 'Sex of the subject (dw.dim_sex), from the register.';
comment on column dw.fact_marriage.subject_age_key is 'Age of the subject on the date in completed years (dw.dim_age).';
comment on column dw.fact_marriage.spouse_sex_key is 'Sex of the spouse: from the 4th digit of vo_chong_so_dinh_danh when given (even male, odd female), else the other sex than the subject''s (the slip has no sex of the spouse).';
comment on column dw.fact_marriage.spouse_age_key is 'Age of the spouse on the date in completed years (dw.dim_age), from vo_chong_ngay_sinh (missing day = 15th, missing month = 1 July); null when the slip gives no readable date.';
comment on column dw.fact_marriage.is_child_marriage is 'True when the woman was under 18 or the man under 20 on the date (CHILD_MARRIAGE_PCT, tảo hôn); false when both ages are known and neither is; null when undecidable.';
comment on column dw.fact_marriage.update_channel_key is 'nguon of the slip in force (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_marriage.batch_id is 'The batch of the slip in force.';

-- Changes of contraceptive method (Thay đổi BPTT)
create table dw.fact_method_change (
    event_id                 bigint primary key,
    event_date_key           integer not null,
    reported_month_date_key  integer not null,
    commune_key              integer not null,
    sex_key                  smallint,
    age_key                  smallint,
    marital_status_key       smallint,
    previous_method_key      smallint not null,
    new_method_key           smallint not null,
    update_channel_key       smallint not null,
    batch_id                 bigint not null
);
create index fact_method_change_commune_date on dw.fact_method_change (commune_key, event_date_key);
comment on table dw.fact_method_change is 'Changes of contraceptive method (Thay đổi BPTT), a transaction fact. Grain: one row per BPTT event of registry.event as last corrected, not withdrawn, counted once after deduplication. The prevalence of methods (CPR, MCPR) is a stock: dw.fact_population_month_end.';
comment on column dw.fact_method_change.event_id is 'The event (registry.event.event_id), a degenerate key. Names no one.';
comment on column dw.fact_method_change.event_date_key is 'The day the new method is used from, dw.dim_date.';
comment on column dw.fact_method_change.reported_month_date_key is 'First day of the reporting month of the slip that first reported the change.';
comment on column dw.fact_method_change.commune_key is 'Commune where the change was recorded, dw.dim_admin_unit.';
comment on column dw.fact_method_change.sex_key is 'Sex of the subject (dw.dim_sex).';
comment on column dw.fact_method_change.age_key is 'Age on the date in completed years (dw.dim_age).';
comment on column dw.fact_method_change.marital_status_key is 'Marital status on the date (dw.dim_marital_status; -1 not stated).';
comment on column dw.fact_method_change.previous_method_key is 'The method the register held before the date (dw.dim_contraceptive_method; -1 not stated or no earlier state).';
comment on column dw.fact_method_change.new_method_key is 'bptt: the method from the date on (dw.dim_contraceptive_method; 0 = stopped).';
comment on column dw.fact_method_change.update_channel_key is 'nguon of the slip in force (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_method_change.batch_id is 'The batch of the slip in force.';

-- Screenings (Sàng lọc trước sinh, sơ sinh)
create table dw.fact_screening (
    event_id                bigint primary key,
    event_type_key          smallint not null check (event_type_key in (9, 10)),
    event_date_key          integer not null,
    reported_month_date_key integer not null,
    commune_key             integer not null,
    sex_key                 smallint,
    age_key                 smallint,
    age_days                integer,
    birth_event_id          bigint,
    update_channel_key      smallint not null,
    batch_id                bigint not null
);
create index fact_screening_commune_date on dw.fact_screening (commune_key, event_date_key);
create index fact_screening_birth on dw.fact_screening (birth_event_id) where birth_event_id is not null;
comment on table dw.fact_screening is 'Prenatal (SLTS) and newborn (SLSS) screenings, a transaction fact. Grain: one row per SLTS or SLSS event of registry.event as last corrected, not withdrawn, counted once after deduplication. The screened person is described, not named; birth_event_id ties a screening to the birth it concerns (the coverage indicators themselves are the flags of dw.fact_birth).';
comment on column dw.fact_screening.event_id is 'The event (registry.event.event_id), a degenerate key. Names no one.';
comment on column dw.fact_screening.event_type_key is 'dw.dim_event_type: 9 SLTS (prenatal, the pregnant woman), 10 SLSS (newborn, the child).';
comment on column dw.fact_screening.event_date_key is 'Date of the screening, dw.dim_date.';
comment on column dw.fact_screening.reported_month_date_key is 'First day of the reporting month of the slip that first reported the screening.';
comment on column dw.fact_screening.commune_key is 'Commune where the screening was recorded, dw.dim_admin_unit.';
comment on column dw.fact_screening.sex_key is 'Sex of the screened person (dw.dim_sex).';
comment on column dw.fact_screening.age_key is 'Age of the screened person on the date in completed years (dw.dim_age).';
comment on column dw.fact_screening.age_days is 'SLSS: the newborn''s age in days on the date (days since the birth date); null for SLTS.';
comment on column dw.fact_screening.birth_event_id is 'The birth concerned (dw.fact_birth.event_id): for SLSS the child''s counted birth; for SLTS the mother''s first counted birth in the 300 days after the screening. Null when there is none (yet): a child born before the register, a pregnancy not ended by a recorded birth.';
comment on column dw.fact_screening.update_channel_key is 'nguon of the slip in force (dw.dim_update_channel; -1 not stated).';
comment on column dw.fact_screening.batch_id is 'The batch of the slip in force.';

-- ---------------------------------------------------------------------------------------
-- The resident population at month ends (periodic snapshot)
create table dw.fact_population_month_end (
    month_end_date_key       integer not null,
    register_commune_key     integer not null,
    commune_key              integer not null,
    sex_key                  smallint not null,
    age_key                  smallint not null,
    marital_status_key       smallint not null,
    residence_key            smallint not null check (residence_key in (1, 2)),
    ethnicity_key            smallint not null,
    contraceptive_method_key smallint not null,
    people                   integer not null check (people > 0)
);
-- The grain's key is unique by construction (one GROUP BY writes it) and checked by
-- dw.fact_problems(): a unique index on eight columns cost 5 s of the province's refresh.
-- Refreshes delete by commune and month end.
create index fact_population_month_end_commune on dw.fact_population_month_end (register_commune_key, month_end_date_key);
comment on table dw.fact_population_month_end is 'The resident population at every month end, a periodic snapshot. Grain: one row per month end × commune listed × sex × age × marital status × residence × ethnic group × contraceptive method that has people. Counted as sql/queries/population_on_day.sql counts the end of that day: current states (not superseded) holding on the day, residence 1 or 2 (alive: a death ends the state), a real person listed under linked identities once (registry.linked_duplicates_on). POP, POP_MALE, POP_FEMALE, MWRA, CPR, MCPR, the age structure and the denominators of the rates are sums over it; P_start of a period is the month end before it.';
comment on column dw.fact_population_month_end.month_end_date_key is 'The last day of a month (dw.dim_date, is_month_end): the stock at the end of that day.';
comment on column dw.fact_population_month_end.register_commune_key is 'The commune the register lists the people in (registry.person_state.commune_key): the unit the snapshot is refreshed by.';
comment on column dw.fact_population_month_end.commune_key is 'The commune that stands for it on the month end (dw.dim_admin_unit, the hierarchy valid that day): itself while it exists, its default successor of the 2025 reform afterwards (ref.commune_on). Group by this key, or by its district or province, for stocks.';
comment on column dw.fact_population_month_end.sex_key is 'Sex (dw.dim_sex).';
comment on column dw.fact_population_month_end.age_key is 'Age at the month end in completed years (dw.dim_age), from the birth date (missing day = 15th, missing month = 1 July); ages above 120 count as 120.';
comment on column dw.fact_population_month_end.marital_status_key is 'Marital status (dw.dim_marital_status; -1 not stated, as for most children).';
comment on column dw.fact_population_month_end.residence_key is 'Residence status (dw.dim_residence): 1 usual or 2 temporary resident; long-term absent people (3) are not in the resident population.';
comment on column dw.fact_population_month_end.ethnicity_key is 'Ethnic group (dw.dim_ethnicity).';
comment on column dw.fact_population_month_end.contraceptive_method_key is 'Current contraceptive method (dw.dim_contraceptive_method; -1 not stated).';
comment on column dw.fact_population_month_end.people is 'Number of people (người).';

create table dw.fact_household_month_end (
    month_end_date_key   integer not null,
    register_commune_key integer not null,
    commune_key          integer not null,
    households           integer not null check (households > 0),
    residents            integer not null check (residents >= households),
    primary key (register_commune_key, month_end_date_key)
);
comment on table dw.fact_household_month_end is 'Households with at least one resident member at every month end, a periodic snapshot (HOUSEHOLDS). Grain: one row per month end × commune listed that has resident people, counted as dw.fact_population_month_end counts people.';
comment on column dw.fact_household_month_end.month_end_date_key is 'The last day of a month (dw.dim_date).';
comment on column dw.fact_household_month_end.register_commune_key is 'The commune the register lists the households in: the unit the snapshot is refreshed by.';
comment on column dw.fact_household_month_end.commune_key is 'The commune that stands for it on the month end (dw.dim_admin_unit, ref.commune_on): group by it for HOUSEHOLDS.';
comment on column dw.fact_household_month_end.households is 'Households (hộ) with at least one resident member counted that day.';
comment on column dw.fact_household_month_end.residents is 'Resident people counted that day: the sum of dw.fact_population_month_end.people of the same month end and commune (average household size = residents / households).';

-- ---------------------------------------------------------------------------------------
-- Change lines per batch (MOBILE_PCT, ONTIME_PCT): a view, see the header.
create view dw.fact_change_batch as
with accepted as (
    select l.batch_id, l.commune_code, l.report_month,
           count(*) as lines_accepted,
           count(*) filter (where l.channel = 'GIAY') as lines_paper,
           count(*) filter (where l.channel = 'WEB') as lines_web,
           count(*) filter (where l.channel = 'DI_DONG') as lines_mobile,
           count(*) filter (where l.channel is null) as lines_channel_not_stated
    from staging.change_line l
    group by l.batch_id, l.commune_code, l.report_month
),
rejected as (
    select q.batch_id, btrim(q.commune_code) as commune_code, m.report_month, count(*) as lines_rejected
    from staging.quarantine q
    cross join lateral (select btrim(q.record ->> 'ky_bao_cao') as written) w
    cross join lateral (select case
        when w.written ~ '^\d{1,2}[/-]\d{4}$' and split_part(translate(w.written, '-', '/'), '/', 1)::integer between 1 and 12
            then make_date(split_part(translate(w.written, '-', '/'), '/', 2)::integer,
                           split_part(translate(w.written, '-', '/'), '/', 1)::integer, 1)
        when w.written ~ '^\d{4}[/-]\d{1,2}$' and split_part(translate(w.written, '-', '/'), '/', 2)::integer between 1 and 12
            then make_date(split_part(translate(w.written, '-', '/'), '/', 1)::integer,
                           split_part(translate(w.written, '-', '/'), '/', 2)::integer, 1)
        end as report_month) m
    where q.kind = 'changes' and q.status <> 'resolved' and q.commune_code is not null and m.report_month is not null
    group by q.batch_id, btrim(q.commune_code), m.report_month
),
lines as (
    select coalesce(a.batch_id, r.batch_id) as batch_id, coalesce(a.commune_code, r.commune_code) as commune_code,
           coalesce(a.report_month, r.report_month) as report_month,
           coalesce(a.lines_accepted, 0) as lines_accepted, coalesce(a.lines_paper, 0) as lines_paper,
           coalesce(a.lines_web, 0) as lines_web, coalesce(a.lines_mobile, 0) as lines_mobile,
           coalesce(a.lines_channel_not_stated, 0) as lines_channel_not_stated,
           coalesce(r.lines_rejected, 0) as lines_rejected
    from accepted a
    full join rejected r on r.batch_id = a.batch_id and r.commune_code = a.commune_code and r.report_month = a.report_month
)
select l.batch_id,
       u.unit_key as commune_key,
       dw.date_key(l.report_month) as report_month_date_key,
       b.received_at,
       dw.date_key((b.received_at at time zone 'Asia/Ho_Chi_Minh')::date) as received_date_key,
       l.lines_accepted, l.lines_paper, l.lines_web, l.lines_mobile, l.lines_channel_not_stated, l.lines_rejected
from lines l
join audit.batch b on b.batch_id = l.batch_id
join lateral (
    select u.unit_key from ref.admin_unit u
    where u.level = 'commune' and u.code = l.commune_code
    order by ((l.report_month + interval '1 month' - interval '1 day')::date between u.valid_from and u.valid_to) desc,
             u.valid_from desc
    limit 1) u on true;
comment on view dw.fact_change_batch is 'Lines of the monthly change files (P0) per batch, a view over the staged lines (nothing personal). Grain: one row per change batch (file) × commune × reporting month the batch has lines for. MOBILE_PCT = sum(lines_mobile) / sum(lines_accepted); ONTIME_PCT: a commune reported month M on time when a row of it for M has received_date_key within 5 working days after M ends (working days from dw.dim_date and the holiday calendar). A file without lines (a month with no events, a header only) has no row: the lines are what name the commune and the month.';
comment on column dw.fact_change_batch.batch_id is 'The batch (audit.batch.batch_id): one change file.';
comment on column dw.fact_change_batch.commune_key is 'The commune of the lines (ma_xa), dw.dim_admin_unit: the unit of that code valid at the end of the reporting month.';
comment on column dw.fact_change_batch.report_month_date_key is 'First day of the reporting month (ky_bao_cao) of the lines, dw.dim_date.';
comment on column dw.fact_change_batch.received_at is 'When the warehouse received the file (audit.batch.received_at; stated with --received-at when back-loading).';
comment on column dw.fact_change_batch.received_date_key is 'The day it was received, in Vietnam time (Asia/Ho_Chi_Minh), dw.dim_date.';
comment on column dw.fact_change_batch.lines_accepted is 'Accepted lines (slips, SUA and HUY included), including lines held at first and applied on a later retry.';
comment on column dw.fact_change_batch.lines_paper is 'Accepted lines with nguon GIAY (paper).';
comment on column dw.fact_change_batch.lines_web is 'Accepted lines with nguon WEB.';
comment on column dw.fact_change_batch.lines_mobile is 'Accepted lines with nguon DI_DONG (mobile app): the numerator of MOBILE_PCT.';
comment on column dw.fact_change_batch.lines_channel_not_stated is 'Accepted lines without nguon.';
comment on column dw.fact_change_batch.lines_rejected is 'Lines in quarantine (held or discarded) whose commune and reporting month can be read; lines applied on a retry count as accepted instead.';

-- ---------------------------------------------------------------------------------------
-- Refreshing the event facts

-- Extends pg_temp.dw_event_scope (event ids) with the events whose facts depend on those in
-- it: events of the same real people (dedup partners, a mother's screenings and births, a
-- child's screenings), and the marriages of the same days (a couple's two slips).
create function dw.extend_event_scope()
returns void
language plpgsql as $$
begin
    perform dw.drop_temp_tables('dw_scope_people');
    create temp table dw_scope_people on commit drop as
    with p as (
        select e.person_id from registry.event e join pg_temp.dw_event_scope s on s.event_id = e.event_id
        where e.person_id is not null
        union
        select e.mother_person_id from registry.event e join pg_temp.dw_event_scope s on s.event_id = e.event_id
        where e.mother_person_id is not null
    )
    select p.person_id from p
    union
    select o.person_id from p
    join registry.person_cluster c on c.person_id = p.person_id
    join registry.person_cluster o on o.cluster_id = c.cluster_id;
    analyze pg_temp.dw_scope_people;

    insert into pg_temp.dw_event_scope
    select e.event_id from registry.event e where e.person_id in (select person_id from pg_temp.dw_scope_people)
    union
    select e.event_id from registry.event e where e.mother_person_id in (select person_id from pg_temp.dw_scope_people)
    on conflict do nothing;

    -- Marriages: every KET_HON of the days of those in scope (now), and the couples they
    -- formed in the facts so far (a corrected or withdrawn slip leaves its partner alone).
    insert into pg_temp.dw_event_scope
    select e.event_id from registry.event e
    where e.event_type = 'KET_HON'
      and e.event_date in (select x.event_date from registry.event x
                           join pg_temp.dw_event_scope s on s.event_id = x.event_id
                           where x.event_type = 'KET_HON')
    union
    select o.event_id from dw.fact_marriage f
    join dw.fact_marriage o on o.marriage_id = f.marriage_id
    where f.event_id in (select event_id from pg_temp.dw_event_scope)
    on conflict do nothing;
    analyze pg_temp.dw_event_scope;
end
$$;
comment on function dw.extend_event_scope() is 'Part of dw.refresh_events: adds to the scope of a refresh the events whose facts depend on the events in it.';

-- Writes the facts of the events of pg_temp.dw_event_scope (their old rows already deleted).
create function dw.write_event_facts()
returns integer
language plpgsql as $$
declare
    v_rows integer;
    v_total integer := 0;
begin
    perform dw.drop_temp_tables('dw_ev');
    -- The events as they now stand: not withdrawn, not duplicates, with the content of the
    -- slip in force, the first report's month, and the subject's state on the date.
    create temp table dw_ev on commit drop as
    select e.event_id, e.event_type, e.event_date, e.commune_key, e.person_id, e.mother_person_id,
           eff.batch_id, rl.report_month, ch.update_channel_key,
           l.sex as line_sex, l.birth_date as line_birth_date, l.birth_order, l.birth_place, l.place_code, l.method,
           l.spouse_name, l.spouse_birth, l.spouse_personal_number,
           st.sex, st.birth_date, st.ethnicity, st.marital_status, st.residence, st.full_name, st.personal_number
    from registry.event e
    join pg_temp.dw_event_scope sc on sc.event_id = e.event_id
    join registry.slip eff on eff.slip_id = e.effective_slip_id
    join staging.change_line l on l.batch_id = eff.batch_id and l.line_no = eff.line_no
    join registry.slip rs on rs.slip_id = e.root_slip_id
    join staging.change_line rl on rl.batch_id = rs.batch_id and rl.line_no = rs.line_no
    left join dw.dim_update_channel ch on ch.code = l.channel
    left join lateral (
        select s.sex, s.birth_date, s.ethnicity, s.marital_status, s.residence, s.full_name, s.personal_number
        from registry.person_state s
        where s.person_id = e.person_id and s.superseded_at is null and s.valid_from <= e.event_date
        order by s.valid_from desc
        limit 1) st on true
    where not e.cancelled
      and not exists (   -- dw.is_duplicate_event, as a join
        select 1
        from registry.person_cluster c
        join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
        join registry.event d on d.person_id = o.person_id
        where c.person_id = e.person_id
          and d.event_type = e.event_type and not d.cancelled
          and (e.event_type in ('SINH', 'CHET') or d.event_date = e.event_date));
    analyze pg_temp.dw_ev;

    insert into dw.fact_birth (event_id, event_date_key, reported_month_date_key, commune_key, child_sex_key,
                               mother_age_key, birth_order, place_of_birth_key, update_channel_key, batch_id,
                               prenatal_screened, newborn_screened)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           coalesce(v.line_sex, v.sex),
           dw.completed_years(m.birth_date, v.event_date),
           v.birth_order, coalesce(v.birth_place, -1), coalesce(v.update_channel_key, -1), v.batch_id,
           exists (select 1 from registry.event o
                   where o.person_id in (select i from dw.identities_of(v.mother_person_id) i)
                     and o.event_type = 'SLTS' and not o.cancelled
                     and o.event_date >= v.event_date - 300 and o.event_date < v.event_date),
           exists (select 1 from registry.event o
                   where o.person_id in (select i from dw.identities_of(v.person_id) i)
                     and o.event_type = 'SLSS' and not o.cancelled)
    from pg_temp.dw_ev v
    left join lateral (
        select s.birth_date from registry.person_state s
        where s.person_id = v.mother_person_id and s.superseded_at is null and s.valid_from <= v.event_date
        order by s.valid_from desc
        limit 1) m on true
    where v.event_type = 'SINH';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_death (event_id, event_date_key, reported_month_date_key, commune_key, sex_key, age_key,
                               ethnicity_key, marital_status_key, residence_key, update_channel_key, batch_id)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           v.sex, dw.completed_years(v.birth_date, v.event_date), v.ethnicity::smallint,
           coalesce(v.marital_status, -1), v.residence, coalesce(v.update_channel_key, -1), v.batch_id
    from pg_temp.dw_ev v
    where v.event_type = 'CHET';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_move (event_id, event_type_key, event_date_key, reported_month_date_key, commune_key,
                              district_key, province_key, other_place_code, other_commune_key, other_district_key,
                              other_province_key, other_is_abroad, crosses_commune, crosses_district, crosses_province,
                              sex_key, age_key, residence_key, update_channel_key, batch_id)
    select x.event_id, x.event_type_key, x.event_date_key, x.reported_month_date_key, x.commune_key,
           x.district_key, x.province_key, x.other_place_code, x.other_commune_key, x.other_district_key,
           x.other_province_key, x.other_is_abroad,
           case when x.other_commune_key is not null then x.other_commune_key <> x.own_commune_key else true end,
           case when x.other_is_abroad then true
                when x.other_province_key is not null and x.other_province_key <> x.province_key then true
                when x.other_district_key is not null and x.district_key is not null
                    then x.other_district_key <> x.district_key
           end,
           case when x.other_is_abroad then true
                when x.other_province_key is not null then x.other_province_key <> x.province_key
           end,
           x.sex_key, x.age_key, x.residence_key, x.update_channel_key, x.batch_id
    from (
        select v.event_id, case v.event_type when 'DI' then 3 else 4 end::smallint as event_type_key,
               dw.date_key(v.event_date) as event_date_key, dw.date_key(v.report_month) as reported_month_date_key,
               v.commune_key, own.admin_unit_key as own_commune_key, own.district_key, own.province_key,
               v.place_code as other_place_code,
               oc.admin_unit_key as other_commune_key, oc.district_key as other_district_key,
               coalesce(oc.province_key, op.unit_key) as other_province_key,
               coalesce(v.place_code = 'NN', false) as other_is_abroad,
               coalesce(v.sex, v.line_sex) as sex_key,
               dw.completed_years(coalesce(v.birth_date, v.line_birth_date), v.event_date) as age_key,
               v.residence as residence_key, coalesce(v.update_channel_key, -1) as update_channel_key, v.batch_id
        from pg_temp.dw_ev v
        left join dw.dim_admin_unit own on own.admin_unit_key = coalesce(ref.commune_on(v.commune_key, v.event_date), v.commune_key)
        left join lateral (
            select u.admin_unit_key, u.district_key, u.province_key from dw.dim_admin_unit u
            where length(v.place_code) = 5 and u.level = 'commune' and u.code = v.place_code
              and v.event_date between u.valid_from and u.valid_to
            limit 1) oc on true
        left join lateral (
            select u.unit_key from ref.admin_unit u
            where length(v.place_code) = 2 and u.level = 'province' and u.code = v.place_code
              and v.event_date between u.valid_from and u.valid_to
            limit 1) op on true
        where v.event_type in ('DI', 'DEN')) x;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_marriage (event_id, marriage_id, event_date_key, reported_month_date_key, commune_key,
                                  subject_sex_key, subject_age_key, spouse_sex_key, spouse_age_key, is_child_marriage,
                                  update_channel_key, batch_id)
    with k as (
        select v.*, dw.reference_day(v.spouse_birth) as spouse_day,
               dw.completed_years(v.birth_date, v.event_date) as subject_age,
               case when v.spouse_personal_number ~ '^\d{12}$'
                    then (substr(v.spouse_personal_number, 4, 1)::integer % 2 + 1)::smallint
                    else (3 - v.sex)::smallint end as spouse_sex
        from pg_temp.dw_ev v
        where v.event_type = 'KET_HON'
    ),
    couple as (
        select a.event_id, least(a.event_id, min(b.event_id)) as marriage_id
        from k a
        left join k b on b.event_date = a.event_date and b.event_id <> a.event_id
                     and (   (a.spouse_personal_number = b.personal_number)
                          or (b.spouse_personal_number = a.personal_number)
                          or (a.spouse_name = b.full_name and a.spouse_day = b.birth_date)
                          or (b.spouse_name = a.full_name and b.spouse_day = a.birth_date))
        group by a.event_id
    )
    select k.event_id, c.marriage_id, dw.date_key(k.event_date), dw.date_key(k.report_month), k.commune_key,
           k.sex, k.subject_age, k.spouse_sex, dw.completed_years(k.spouse_day, k.event_date),
           case when (k.sex = 2 and k.subject_age < 18) or (k.sex = 1 and k.subject_age < 20)
                  or (k.spouse_sex = 2 and dw.completed_years(k.spouse_day, k.event_date) < 18)
                  or (k.spouse_sex = 1 and dw.completed_years(k.spouse_day, k.event_date) < 20) then true
                when k.subject_age is not null and k.spouse_day is not null then false
           end,
           coalesce(k.update_channel_key, -1), k.batch_id
    from k join couple c on c.event_id = k.event_id;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_method_change (event_id, event_date_key, reported_month_date_key, commune_key, sex_key, age_key,
                                       marital_status_key, previous_method_key, new_method_key, update_channel_key, batch_id)
    select v.event_id, dw.date_key(v.event_date), dw.date_key(v.report_month), v.commune_key,
           v.sex, dw.completed_years(v.birth_date, v.event_date), coalesce(v.marital_status, -1),
           coalesce(p.contraceptive_method, -1), coalesce(v.method, -1), coalesce(v.update_channel_key, -1), v.batch_id
    from pg_temp.dw_ev v
    left join lateral (
        select s.contraceptive_method from registry.person_state s
        where s.person_id = v.person_id and s.superseded_at is null and s.valid_from < v.event_date
        order by s.valid_from desc
        limit 1) p on true
    where v.event_type = 'BPTT';
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;

    insert into dw.fact_screening (event_id, event_type_key, event_date_key, reported_month_date_key, commune_key,
                                   sex_key, age_key, age_days, birth_event_id, update_channel_key, batch_id)
    with screened as (
        select v.*, coalesce(c.cluster_id, v.person_id) as real_person
        from pg_temp.dw_ev v
        left join registry.person_cluster c on c.person_id = v.person_id
        where v.event_type in ('SLTS', 'SLSS')
    ),
    -- The counted births of the children and mothers screened, by real person.
    births as materialized (
        select b.event_id, b.event_date,
               coalesce(cc.cluster_id, b.person_id) as child, coalesce(cm.cluster_id, b.mother_person_id) as mother
        from registry.event b
        left join registry.person_cluster cc on cc.person_id = b.person_id
        left join registry.person_cluster cm on cm.person_id = b.mother_person_id
        where b.event_type = 'SINH' and not b.cancelled
          and (b.person_id in (select i from screened s cross join dw.identities_of(s.person_id) i where s.event_type = 'SLSS')
               or b.mother_person_id in (select i from screened s cross join dw.identities_of(s.person_id) i
                                         where s.event_type = 'SLTS'))
          and not dw.is_duplicate_event(b.person_id, 'SINH', b.event_date)
    ),
    newborn as (
        select s.event_id, min(b.event_id) as birth_event_id
        from screened s join births b on b.child = s.real_person
        where s.event_type = 'SLSS'
        group by s.event_id
    ),
    prenatal as (
        select distinct on (s.event_id) s.event_id, b.event_id as birth_event_id
        from screened s join births b on b.mother = s.real_person
                                     and b.event_date > s.event_date and b.event_date <= s.event_date + 300
        where s.event_type = 'SLTS'
        order by s.event_id, b.event_date, b.event_id
    )
    select s.event_id, case s.event_type when 'SLTS' then 9 else 10 end::smallint,
           dw.date_key(s.event_date), dw.date_key(s.report_month), s.commune_key,
           s.sex, dw.completed_years(s.birth_date, s.event_date),
           case when s.event_type = 'SLSS' then s.event_date - s.birth_date end,
           coalesce(n.birth_event_id, p.birth_event_id),
           coalesce(s.update_channel_key, -1), s.batch_id
    from screened s
    left join newborn n on n.event_id = s.event_id
    left join prenatal p on p.event_id = s.event_id;
    get diagnostics v_rows = row_count;
    v_total := v_total + v_rows;
    return v_total;
end
$$;
comment on function dw.write_event_facts() is 'Part of dw.refresh_events and dw.refresh_all: writes the event facts of the events of pg_temp.dw_event_scope; returns the rows written.';

create function dw.refresh_events(p_communes integer[], p_from date, p_to date)
returns integer
language plpgsql as $$
declare
    v_from_key integer := case when p_from = '-infinity' then 0 else dw.date_key(p_from) end;
    v_to_key integer := case when p_to = 'infinity' then 99999999 else dw.date_key(p_to) end;
begin
    perform pg_advisory_xact_lock(72518);
    perform set_config('jit', 'off', true);
    perform dw.drop_temp_tables('dw_event_scope');
    create temp table dw_event_scope (event_id bigint primary key) on commit drop;
    -- The events recorded there and then, and whatever the facts held for them (an event a
    -- correction moved elsewhere, or a withdrawal cancelled).
    insert into pg_temp.dw_event_scope
    select e.event_id from registry.event e
    where e.commune_key = any (p_communes) and e.event_date between p_from and p_to
    union select f.event_id from dw.fact_birth f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key
    union select f.event_id from dw.fact_death f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key
    union select f.event_id from dw.fact_move f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key
    union select f.event_id from dw.fact_marriage f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key
    union select f.event_id from dw.fact_method_change f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key
    union select f.event_id from dw.fact_screening f
    where f.commune_key = any (p_communes) and f.event_date_key between v_from_key and v_to_key;
    analyze pg_temp.dw_event_scope;
    perform dw.extend_event_scope();

    delete from dw.fact_birth f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_death f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_move f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_marriage f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_method_change f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    delete from dw.fact_screening f using pg_temp.dw_event_scope s where f.event_id = s.event_id;
    return dw.write_event_facts();
end
$$;
comment on function dw.refresh_events(integer[], date, date) is 'Recomputes, in the caller''s transaction, the event facts (dw.fact_birth, fact_death, fact_move, fact_marriage, fact_method_change, fact_screening) of the events recorded in the given communes (ref.admin_unit keys) with an event date in [p_from, p_to] (-infinity, infinity allowed), of the rows the facts held for those, and of the events that depend on them. Returns the fact rows written. See migration 0018 for what an ingest should pass.';

-- ---------------------------------------------------------------------------------------
-- Refreshing the month-end snapshot

-- The last month end the snapshot covers: that of the latest batch date.
create function dw.snapshot_last_month_end()
returns date
language sql stable as $$
    select dw.month_end(dw.month_index(max(b.as_of)))
    from audit.batch b
    where b.status <> 'rejected' and b.as_of is not null
$$;
comment on function dw.snapshot_last_month_end() is 'The last month end of the snapshot: the month end of the latest date a batch describes (a register''s as-of date, a change file''s latest reporting month). Null when nothing is loaded.';

-- Writes the snapshot rows of the months p_lo … p_hi (dw.month_index) of people listed in
-- p_communes (null: every commune), after deleting those rows. Set-based: every current
-- resident state is joined to the month ends it holds on (an index range scan of a small
-- table of month ends), grouped; no loop over people or months.
create function dw.write_month_end(p_communes integer[], p_lo integer, p_hi integer)
returns integer
language plpgsql as $$
declare
    v_filter text := case when p_communes is null then ''
                          else 'and s.household_id in (select h.household_id from registry.household h where h.commune_key = any ($1))' end;
    v_rows integer;
begin
    if p_communes is null then
        delete from dw.fact_population_month_end
        where month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
        delete from dw.fact_household_month_end
        where month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
    else
        delete from dw.fact_population_month_end
        where register_commune_key = any (p_communes)
          and month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
        delete from dw.fact_household_month_end
        where register_commune_key = any (p_communes)
          and month_end_date_key between dw.month_end_key(p_lo) and dw.month_end_key(p_hi);
    end if;
    if p_lo > p_hi then
        return 0;
    end if;

    perform dw.drop_temp_tables('dw_duplicate', 'dw_resident', 'dw_month', 'dw_standing', 'dw_total');
    -- Identities not counted at a month end (registry.linked_duplicates_on, for every month
    -- end at once): a smaller identity of their cluster is counted that day.
    create temp table dw_duplicate on commit drop as
    select distinct g.i as month, c.person_id
    from registry.person_cluster c
    join registry.person_cluster o on o.cluster_id = c.cluster_id and o.person_id < c.person_id
    join registry.person_state s on s.person_id = o.person_id
    cross join lateral generate_series(greatest(dw.month_index(s.valid_from), p_lo),
                                       least(case when s.valid_to = 'infinity' then p_hi
                                                  else dw.month_index(s.valid_to) - 1 end, p_hi)) g(i)
    where s.superseded_at is null and s.residence in (1, 2);
    analyze pg_temp.dw_duplicate;

    -- The resident states of the months, each with its months (an integer range) and what the
    -- snapshot needs of it. The birth date is kept as a date key with the day set to 1 (29 for
    -- 29 February): at a month end the age in completed years is the same (the month end is
    -- on or after every other day of its month), and people born in one month group together.
    execute format($q$
        create temp table dw_resident on commit drop as
        select s.person_id, s.commune_key, s.household_id, s.sex,
               (date_part('year', s.birth_date) * 10000 + date_part('month', s.birth_date) * 100
                + case when date_part('month', s.birth_date) = 2 and date_part('day', s.birth_date) = 29 then 29 else 1 end
               )::integer as birth_key,
               coalesce(s.marital_status, -1)::smallint as marital_status, s.residence, s.ethnicity::smallint as ethnicity,
               coalesce(s.contraceptive_method, -1)::smallint as method,
               greatest(dw.month_index(s.valid_from), $2) as first_month,
               least(case when s.valid_to = 'infinity' then $3 else dw.month_index(s.valid_to) - 1 end, $3) as last_month,
               false as maybe_duplicate
        from registry.person_state s
        where s.superseded_at is null and s.residence in (1, 2)
          and s.valid_from <= dw.month_end($3) and s.valid_to > dw.month_end($2)
          %s
        $q$, v_filter) using p_communes, p_lo, p_hi;
    delete from pg_temp.dw_resident where first_month > last_month;

    -- The month ends, indexed: each state meets its own through an index range scan (the
    -- planner estimates this join well; an integer series per state it takes for 1,000 rows
    -- and then sorts the province's 15 million (state, month end) rows on disk).
    create temp table dw_month (i integer primary key, day_key integer not null, day date not null) on commit drop;
    insert into pg_temp.dw_month
    select g.i, dw.month_end_key(g.i), dw.month_end(g.i)
    from generate_series(greatest(p_lo, (select min(r.first_month) from pg_temp.dw_resident r)), p_hi) g(i);
    analyze pg_temp.dw_month;

    -- The states of identities left out on some month end become one row per month end they
    -- count on, so the counts below need no look-up (a filter there made the planner sort).
    update pg_temp.dw_resident r set maybe_duplicate = true
    where r.person_id in (select d.person_id from pg_temp.dw_duplicate d);
    insert into pg_temp.dw_resident
    select r.person_id, r.commune_key, r.household_id, r.sex, r.birth_key, r.marital_status, r.residence, r.ethnicity,
           r.method, m.i, m.i, false
    from pg_temp.dw_resident r
    join pg_temp.dw_month m on m.i between r.first_month and r.last_month
    where r.maybe_duplicate
      and not exists (select 1 from pg_temp.dw_duplicate d where d.month = m.i and d.person_id = r.person_id);
    delete from pg_temp.dw_resident r where r.maybe_duplicate;
    analyze pg_temp.dw_resident;

    -- The commune standing for each listed commune at each month end (ref.commune_on).
    create temp table dw_standing on commit drop as
    select c.commune_key, m.i, m.day_key, coalesce(ref.commune_on(c.commune_key, m.day), c.commune_key) as unit_key
    from (select distinct r.commune_key from pg_temp.dw_resident r) c
    cross join pg_temp.dw_month m;
    analyze pg_temp.dw_standing;
    create temp table dw_total (i integer, commune_key integer, residents integer) on commit drop;

    -- People: every state meets its month ends; grouped, then placed.
    with states as (
        select r.commune_key, r.sex, r.birth_key, r.marital_status, r.residence, r.ethnicity, r.method,
               r.first_month, r.last_month, count(*) as people
        from pg_temp.dw_resident r
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9
    ),
    grouped as materialized (
        select m.i, s.commune_key, s.sex, greatest(0, least(120, (m.day_key - s.birth_key) / 10000))::smallint as age,
               s.marital_status, s.residence, s.ethnicity, s.method, sum(s.people)::integer as people
        from states s
        join pg_temp.dw_month m on m.i between s.first_month and s.last_month
        group by 1, 2, 3, 4, 5, 6, 7, 8
    ),
    totals as (
        insert into pg_temp.dw_total (i, commune_key, residents)
        select g.i, g.commune_key, sum(g.people) from grouped g group by 1, 2
    )
    insert into dw.fact_population_month_end (month_end_date_key, register_commune_key, commune_key, sex_key, age_key,
                                              marital_status_key, residence_key, ethnicity_key, contraceptive_method_key,
                                              people)
    select st.day_key, g.commune_key, st.unit_key, g.sex, g.age, g.marital_status, g.residence, g.ethnicity, g.method,
           g.people
    from grouped g
    join pg_temp.dw_standing st on st.commune_key = g.commune_key and st.i = g.i;
    get diagnostics v_rows = row_count;

    -- Households with a counted member: the months each household has one, as the union of
    -- its members' month ranges.
    insert into dw.fact_household_month_end (month_end_date_key, register_commune_key, commune_key, households, residents)
    with household as (
        select r.household_id, r.commune_key, range_agg(int4range(r.first_month, r.last_month, '[]')) as months
        from pg_temp.dw_resident r
        group by r.household_id, r.commune_key
    ),
    counted as (
        select m.i, h.commune_key, count(*) as households
        from household h
        cross join lateral unnest(h.months) as u(months)
        join pg_temp.dw_month m on m.i >= lower(u.months) and m.i < upper(u.months)
        group by m.i, h.commune_key
    )
    select st.day_key, c.commune_key, st.unit_key, c.households, t.residents
    from counted c
    join pg_temp.dw_standing st on st.commune_key = c.commune_key and st.i = c.i
    join pg_temp.dw_total t on t.i = c.i and t.commune_key = c.commune_key;
    return v_rows;
end
$$;
comment on function dw.write_month_end(integer[], integer, integer) is 'Part of dw.refresh_month_end and dw.refresh_all: deletes and writes again the snapshot rows of the months p_lo … p_hi (dw.month_index) of people listed in p_communes (null: all). Returns the population rows written.';

create function dw.refresh_month_end(p_communes integer[], p_from date, p_to date)
returns integer
language plpgsql as $$
declare
    v_last date;
    v_built_key integer;
    v_lo integer;
    v_hi integer;
    v_rows integer := 0;
begin
    perform pg_advisory_xact_lock(72518);
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);
    v_last := dw.snapshot_last_month_end();
    if v_last is null then
        return 0;
    end if;
    -- Month ends the register has reached since the snapshot was last built: every commune.
    select max(h.month_end_date_key) into v_built_key from dw.fact_household_month_end h;
    if v_built_key is null or v_built_key < dw.date_key(v_last) then
        v_rows := v_rows + dw.write_month_end(
            null,
            case when v_built_key is null then dw.month_index(date '1900-01-01')
                 else dw.month_index(to_date(v_built_key::text, 'YYYYMMDD')) + 1 end,
            dw.month_index(v_last));
    end if;
    -- The communes and month ends asked for.
    v_lo := case when p_from = '-infinity' then dw.month_index(date '1900-01-01') else dw.month_index(p_from) end;
    v_hi := case when p_to >= v_last then dw.month_index(v_last)
                 when dw.month_end(dw.month_index(p_to)) = p_to then dw.month_index(p_to)
                 else dw.month_index(p_to) - 1 end;
    if p_communes is not null and cardinality(p_communes) > 0 then
        v_rows := v_rows + dw.write_month_end(p_communes, v_lo, v_hi);
    end if;
    return v_rows;
end
$$;
comment on function dw.refresh_month_end(integer[], date, date) is 'Recomputes, in the caller''s transaction (delete + insert), the snapshot rows (dw.fact_population_month_end, dw.fact_household_month_end) of people listed in the given communes (ref.admin_unit keys) for the month ends in [p_from, p_to] (-infinity, infinity allowed), up to the last month end of the snapshot (dw.snapshot_last_month_end); first fills, for every commune, the month ends reached since the last refresh. Returns the population rows written. See migration 0018 for what an ingest should pass.';

create function dw.refresh_all()
returns integer
language plpgsql as $$
declare
    v_last date;
    v_rows integer;
begin
    perform pg_advisory_xact_lock(72518);
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);
    truncate dw.fact_birth, dw.fact_death, dw.fact_move, dw.fact_marriage, dw.fact_method_change, dw.fact_screening,
             dw.fact_population_month_end, dw.fact_household_month_end;
    perform dw.drop_temp_tables('dw_event_scope');
    create temp table dw_event_scope (event_id bigint primary key) on commit drop;
    insert into pg_temp.dw_event_scope select e.event_id from registry.event e;
    analyze pg_temp.dw_event_scope;
    v_rows := dw.write_event_facts();
    v_last := dw.snapshot_last_month_end();
    if v_last is not null then
        v_rows := v_rows + dw.write_month_end(null, dw.month_index(date '1900-01-01'), dw.month_index(v_last));
    end if;
    return v_rows;
end
$$;
comment on function dw.refresh_all() is 'Rebuilds every fact table of dw from the register, in the caller''s transaction (TRUNCATE: readers wait for it to commit). Returns the rows written (events, and population rows of the snapshot).';

-- ---------------------------------------------------------------------------------------
-- Checks: every guarantee foreign keys would give, and the snapshot's own sums.
create function dw.fact_problems()
returns table (problem text, rows_affected bigint)
language sql stable as $$
    with events as (
        select 'fact_birth' as fact, event_date_key, reported_month_date_key, commune_key, child_sex_key as sex_key,
               mother_age_key as age_key, update_channel_key from dw.fact_birth
        union all
        select 'fact_death', event_date_key, reported_month_date_key, commune_key, sex_key, age_key, update_channel_key
        from dw.fact_death
        union all
        select 'fact_move', event_date_key, reported_month_date_key, commune_key, sex_key, age_key, update_channel_key
        from dw.fact_move
        union all
        select 'fact_marriage', event_date_key, reported_month_date_key, commune_key, subject_sex_key, subject_age_key,
               update_channel_key from dw.fact_marriage
        union all
        select 'fact_method_change', event_date_key, reported_month_date_key, commune_key, sex_key, age_key,
               update_channel_key from dw.fact_method_change
        union all
        select 'fact_screening', event_date_key, reported_month_date_key, commune_key, sex_key, age_key, update_channel_key
        from dw.fact_screening
    )
    select e.fact || ': a key without its dimension row (date, commune, sex, age or update channel)', count(*)
    from events e
    where not exists (select 1 from dw.dim_date d where d.date_key = e.event_date_key)
       or not exists (select 1 from dw.dim_date d where d.date_key = e.reported_month_date_key)
       or not exists (select 1 from ref.admin_unit u where u.unit_key = e.commune_key and u.level = 'commune')
       or (e.sex_key is not null and not exists (select 1 from dw.dim_sex s where s.sex_key = e.sex_key))
       or (e.age_key is not null and not exists (select 1 from dw.dim_age a where a.age_key = e.age_key))
       or not exists (select 1 from dw.dim_update_channel c where c.update_channel_key = e.update_channel_key)
    group by e.fact
    union all
    select e.fact || ': no sex or age (no state of the subject on the date)', count(*)
    from events e where e.sex_key is null or e.age_key is null
    group by e.fact
    union all
    select 'event facts: an event in two facts', count(*)
    from (select event_id from (select event_id from dw.fact_birth union all select event_id from dw.fact_death
                                union all select event_id from dw.fact_move union all select event_id from dw.fact_marriage
                                union all select event_id from dw.fact_method_change
                                union all select event_id from dw.fact_screening) x
          group by event_id having count(*) > 1) y
    having count(*) > 0
    union all
    select 'fact_birth: place of birth without its dimension row', count(*) from dw.fact_birth f
    where not exists (select 1 from dw.dim_place_of_birth p where p.place_of_birth_key = f.place_of_birth_key)
    having count(*) > 0
    union all
    select 'fact_move: a unit key without its unit', count(*) from dw.fact_move f
    where (f.other_commune_key is not null and not exists (select 1 from ref.admin_unit u where u.unit_key = f.other_commune_key))
       or (f.other_province_key is not null and not exists (select 1 from ref.admin_unit u where u.unit_key = f.other_province_key))
       or (f.province_key is null)
    having count(*) > 0
    union all
    select 'fact_method_change: a method without its dimension row', count(*) from dw.fact_method_change f
    where not exists (select 1 from dw.dim_contraceptive_method m where m.contraceptive_method_key = f.previous_method_key)
       or not exists (select 1 from dw.dim_contraceptive_method m where m.contraceptive_method_key = f.new_method_key)
    having count(*) > 0
    union all
    select 'fact_screening: a birth_event_id that is not in fact_birth', count(*) from dw.fact_screening f
    where f.birth_event_id is not null and not exists (select 1 from dw.fact_birth b where b.event_id = f.birth_event_id)
    having count(*) > 0
    union all
    select 'fact_population_month_end: a key without its dimension row', count(*) from dw.fact_population_month_end f
    where not exists (select 1 from dw.dim_date d where d.date_key = f.month_end_date_key and d.is_month_end)
       or not exists (select 1 from ref.admin_unit u where u.unit_key = f.register_commune_key)
       or not exists (select 1 from ref.admin_unit u where u.unit_key = f.commune_key)
       or not exists (select 1 from dw.dim_sex s where s.sex_key = f.sex_key)
       or not exists (select 1 from dw.dim_age a where a.age_key = f.age_key)
       or not exists (select 1 from dw.dim_marital_status m where m.marital_status_key = f.marital_status_key)
       or not exists (select 1 from ref.ethnic_group g where g.code::smallint = f.ethnicity_key)
       or not exists (select 1 from dw.dim_contraceptive_method m where m.contraceptive_method_key = f.contraceptive_method_key)
    having count(*) > 0
    union all
    select 'fact_household_month_end: residents differ from the people of fact_population_month_end', count(*)
    from dw.fact_household_month_end h
    full join (select month_end_date_key, register_commune_key, sum(people) as people
               from dw.fact_population_month_end group by 1, 2) p
           on p.month_end_date_key = h.month_end_date_key and p.register_commune_key = h.register_commune_key
    where h.residents is distinct from p.people
    having count(*) > 0
$$;
comment on function dw.fact_problems() is 'Checks set-based what foreign keys would check on the fact tables of migration 0018 (every key has its dimension row), that no event is in two facts, that screenings point to counted births, and that the household snapshot adds up to the population snapshot; one row per kind of problem, none when the facts are sound.';

-- The refresh functions write dw and read registry: not for analysts (nor anyone else but
-- the owner). The helpers of dates and ages stay callable by everyone.
revoke execute on function dw.drop_temp_tables(text[]), dw.identities_of(bigint), dw.is_duplicate_event(bigint, text, date),
    dw.extend_event_scope(), dw.write_event_facts(), dw.refresh_events(integer[], date, date),
    dw.snapshot_last_month_end(), dw.write_month_end(integer[], integer, integer),
    dw.refresh_month_end(integer[], date, date), dw.refresh_all(), dw.fact_problems() from public;

-- SELECT for danso_analyst: the default privileges of migration 0017 cover tables and views
-- the schema's owner creates; granted again here for a migration run by another role.
select dw.grant_analyst_access();

-- The indicator values of the mart (issue 6, third part): every indicator of mart.indicator
-- for every unit of every level and every period whose inputs exist, computed from the
-- facts of 0018 and kept current by set-based refreshes; values that change are revised,
-- and the figures as they stood before stay readable.
--
-- Grain and keys: mart.indicator_value holds one row per (indicator, unit, period); the
-- unit is ref.admin_unit.unit_key (dw.dim_admin_unit.admin_unit_key), which also gives the
-- level, and the period is its label as dw.dim_date writes it (2024-03, 2024-Q1, 2024).
--
-- Conventions of indicators.md, and how each is met:
--   * Stocks are sums over the month-end snapshot (dw.fact_population_month_end, which holds
--     residents, status 1 or 2, alive, with their completed age at the month end; households
--     from dw.fact_household_month_end). P_end is the period's last day, P_start the last
--     day of the previous period, P_avg = (P_start + P_end) / 2; the women 15–49 and the
--     ASFR groups are averaged the same way.
--   * Events count by event date in the commune where they were recorded, from the event
--     facts (deduplicated, as last corrected, without withdrawn ones; ages on the date;
--     partial birth dates completed: day 15, 1 July). MARRIAGES = count(distinct
--     marriage_id). The screening shares are the flags of dw.fact_birth (prenatal_screened,
--     newborn_screened), which dw.fact_screening's links are derived from: a flag holds for
--     each twin, a screening's birth_event_id names only the first.
--   * Migration at a level counts the moves that cross that level's boundary: on the legacy
--     hierarchy the crosses_commune / crosses_district / crosses_province flags of
--     dw.fact_move (an undecidable crossing, null, is not counted); on the 2025 hierarchy
--     both sides are carried to the 2025 units (commune through the default row of the
--     crosswalk, province through it too), so a move between two former communes that
--     merged is no migration for the new commune, nor a move between Long An and Tây Ninh
--     dated before the reform for the new province.
--   * ONTIME_PCT: a commune reported month M on time when a changes file of it for M
--     (dw.fact_change_batch) was received, in Vietnam time, on or before the fifth working
--     day after M ends (Monday–Friday, less the days of ref.public_holiday). The communes
--     expected to report M are those the snapshot holds people in at the end of M − 1 (the
--     register covered them when M began) and any that reported M. A year is the mean of
--     its monthly percentages.
--   * MOBILE_PCT: accepted change lines with nguon DI_DONG / accepted lines, by reporting
--     month (dw.fact_change_batch).
--   * Period kinds follow mart.indicator.period_kinds: counts, stocks and ratios per 100 for
--     months, quarters and years; rates (‰, %, per woman) for years, ONTIME_PCT for months
--     and years.
--
-- Which periods and units get values:
--   * A month is computed when its month end is in the snapshot (the register has reached
--     it), a quarter or a year when its last month end is.
--   * A unit gets the values of a period when it has register data in it: people in the
--     snapshot at the period's end or at the end of the period before, events, or change
--     lines. Zero counts are values.
--   * Stocks at the end (POP … HOUSEHOLDS, MWRA, the age structure, CPR, MCPR) need only the
--     period's end. Everything else needs the start too, i.e. the unit has people in the
--     snapshot at the end of the previous period: POP_AVG and the rates built on it, and the
--     counts of events, which would be guesses for a period the register did not cover from
--     its first day (the month of the first register, December 2023, gives stocks only).
--
-- Two hierarchies: a period is reported on the hierarchy valid on its last day. Periods
-- ending on or before 30/06/2025 (2025-06, 2025-Q2 and earlier) on the legacy communes,
-- districts and province; later ones (2025-07 on, 2025-Q3 on, and the year 2025) on the
-- 2025 communes and province, with no districts (mart.unavailable_reason says why). The
-- register holds legacy commune keys for states, events and lines dated until 30/06/2025 and
-- 2025 keys for those after (a slip is filed under the commune valid on its date); the
-- snapshot already places people on the commune that stands for theirs at each month end
-- (ref.commune_on). Whatever is on a legacy key and counts in a 2025 period (the events of
-- January–June 2025 in the year 2025, the stock of 31/12/2024 as P_start) is carried to the
-- 2025 commune of the crosswalk's is_default row, as the snapshot carries people.
--
-- Revisions: a refresh rewrites only the values whose figures (value, numerator or
-- denominator) changed; an unchanged value keeps its computed_at. The row a change replaces,
-- or a value a refresh removes, moves to mart.indicator_value_revision with the time it was
-- superseded; mart.indicator_values_as_of(ts) gives the values as they stood at ts. A value
-- replaced in the transaction that computed it leaves no revision (nobody could read it).
--
-- Refresh (in the caller's transaction, taking the advisory lock 72518 of 0018 first):
--   mart.refresh_values(communes, from, to)   the periods overlapping [from, to + 1 day] (the
--       day after: the next period's P_start is this one's end) for those communes and the
--       units above them, plus, for every unit, periods that have no value yet (a month end
--       the register reached since the last refresh).
--   mart.refresh_touched(communes, from)      what an ingest calls last: dw.refresh_events,
--       dw.refresh_month_end and mart.refresh_values, each with (communes, from, infinity).
--   mart.refresh_all_values()                 every value again from the facts.
--   mart.refresh_full()                       dw.refresh_all(), then mart.refresh_all_values().
-- Set-based: each input (snapshot, events, marriages, change lines) is read once for the
-- periods asked, aggregated per commune and month, then placed on the units of every level
-- of each period's hierarchy with one grouping; nothing loops over units or indicators.
-- The stocks come from mart.snapshot_summary, the snapshot summed per month end and commune
-- (1/1000 of its rows), which each refresh first brings up to date by summing again, through
-- the snapshot's index, only the month ends rewritten since (each summary row remembers the
-- version of the household row it was summed with). Measured on a synthetic province (94
-- communes, 1.5 million snapshot rows, 13 month ends, 97,000 events and change lines, 2
-- shared cores): refresh_all_values 1.9–2.1 s the first time, 0.5–0.65 s when nothing
-- changed; a new month end for every commune 0.35 s; a December (month, quarter, year) 0.2–0.3 s.
-- Changing the holiday calendar or the reference lists needs mart.refresh_all_values() (or
-- refresh_full): no ingest touches them.
--
-- computed_at is the clock when the transaction's first mart refresh held the lock 72518:
-- a refresh that waited for another one always stamps a later time than it, and every
-- refresh of one transaction (mart.refresh_requested runs several) stamps the same.

-- ---------------------------------------------------------------------------------------
-- Public holidays (Ngày nghỉ lễ): the calendar of ONTIME_PCT, empty by default.
create table ref.public_holiday (
    day     date primary key,
    name_vi text not null,
    name_en text
);
comment on table ref.public_holiday is 'Public holidays (Ngày nghỉ lễ, Tết) that are not working days for ONTIME_PCT: a commune''s changes file is on time when received within 5 working days (Monday–Friday, none of these days) after the month ends. Grain: one row per day off. Empty by default (indicators.md: none by default); fill it with the days the province observes, then run select mart.refresh_all_values().';
comment on column ref.public_holiday.day is 'The day off (ngày nghỉ).';
comment on column ref.public_holiday.name_vi is 'What it is, in Vietnamese (Tết Nguyên đán, Quốc khánh…).';
comment on column ref.public_holiday.name_en is 'What it is, in English.';

-- ---------------------------------------------------------------------------------------
-- The values
create table mart.indicator_value (
    indicator_code text not null references mart.indicator,
    level          text not null check (level in ('commune', 'district', 'province')),
    unit_key       integer not null references ref.admin_unit,
    period         text not null,
    period_kind    text not null check (period_kind in ('month', 'quarter', 'year')),
    period_start   date not null,
    period_end     date not null,
    value          numeric,
    numerator      numeric,
    denominator    numeric,
    computed_at    timestamptz not null,
    primary key (indicator_code, period, unit_key),
    check (case period_kind when 'month' then period ~ '^\d{4}-\d{2}$'
                            when 'quarter' then period ~ '^\d{4}-Q[1-4]$'
                            else period ~ '^\d{4}$' end),
    check (period_start <= period_end),
    check (numerator is null or denominator is not null)
);
-- The refreshes replace by (period, unit); readers list the units or indicators of a period.
create index indicator_value_period_unit on mart.indicator_value (period, unit_key);
comment on table mart.indicator_value is 'Indicator values (Giá trị chỉ tiêu), current figures. Grain: one row per indicator × administrative unit × period, for every unit of every level of the hierarchy valid on the period''s last day and every period whose inputs exist (migration 0019 says which). Kept current by mart.refresh_touched (ingests) and mart.refresh_all_values; a changed value''s former row is in mart.indicator_value_revision.';
comment on column mart.indicator_value.indicator_code is 'The indicator (mart.indicator): its names, unit and formula.';
comment on column mart.indicator_value.level is 'commune, district or province (xã, huyện, tỉnh): the level of the unit. Districts only for periods ending by 30/06/2025.';
comment on column mart.indicator_value.unit_key is 'The administrative unit (ref.admin_unit.unit_key = dw.dim_admin_unit.admin_unit_key), of the hierarchy valid on the period''s last day: legacy until 30/06/2025, the 2025 units after.';
comment on column mart.indicator_value.period is 'The period (kỳ) as published: yyyy-mm (month), yyyy-Qn (quarter), yyyy (year); dw.dim_date month_label, quarter_label, year_label.';
comment on column mart.indicator_value.period_kind is 'month, quarter or year (tháng, quý, năm).';
comment on column mart.indicator_value.period_start is 'First day of the period.';
comment on column mart.indicator_value.period_end is 'Last day of the period: the day of P_end, and the day that decides the hierarchy.';
comment on column mart.indicator_value.value is 'The figure (giá trị), in the indicator''s unit (mart.indicator.unit_vi): a count, a stock, value = numerator × 100 / denominator for % and per-100 ratios, × 1000 for ‰, the TFR in children per woman. Null when the denominator is 0 (the numerator and denominator are still given).';
comment on column mart.indicator_value.numerator is 'Numerator (tử số) of a ratio or rate, null for counts and stocks. TFR: 5 × Σ ASFR (per 1000 women; null when some age group has no women), over a denominator of 1000. ONTIME_PCT of a year: the sum of its monthly percentages.';
comment on column mart.indicator_value.denominator is 'Denominator (mẫu số) of a ratio or rate, null for counts and stocks: e.g. POP_AVG for the ‰ rates (it can be a half), BIRTHS for IMR, the communes expected to report for ONTIME_PCT of a month, the number of months for a year.';
comment on column mart.indicator_value.computed_at is 'When this figure was computed (thời điểm tính): the time of the refresh transaction that first gave it; a refresh that finds the same figures leaves it.';

create table mart.indicator_value_revision (
    indicator_code text not null,
    level          text not null,
    unit_key       integer not null,
    period         text not null,
    period_kind    text not null,
    period_start   date not null,
    period_end     date not null,
    value          numeric,
    numerator      numeric,
    denominator    numeric,
    computed_at    timestamptz not null,
    superseded_at  timestamptz not null,
    primary key (indicator_code, period, unit_key, computed_at),
    check (superseded_at > computed_at)
);
comment on table mart.indicator_value_revision is 'Former indicator values (Giá trị chỉ tiêu đã điều chỉnh): a figure a refresh changed or removed, as it was published from computed_at until superseded_at (e.g. a month revised by a late report). Grain: one row per indicator × unit × period × version superseded. Read the values of a past moment with mart.indicator_values_as_of(ts).';
comment on column mart.indicator_value_revision.indicator_code is 'The indicator (mart.indicator).';
comment on column mart.indicator_value_revision.level is 'commune, district or province.';
comment on column mart.indicator_value_revision.unit_key is 'The administrative unit (dw.dim_admin_unit.admin_unit_key).';
comment on column mart.indicator_value_revision.period is 'The period: yyyy-mm, yyyy-Qn or yyyy.';
comment on column mart.indicator_value_revision.period_kind is 'month, quarter or year.';
comment on column mart.indicator_value_revision.period_start is 'First day of the period.';
comment on column mart.indicator_value_revision.period_end is 'Last day of the period.';
comment on column mart.indicator_value_revision.value is 'The figure as it was published (giá trị cũ).';
comment on column mart.indicator_value_revision.numerator is 'Its numerator, as mart.indicator_value.numerator.';
comment on column mart.indicator_value_revision.denominator is 'Its denominator, as mart.indicator_value.denominator.';
comment on column mart.indicator_value_revision.computed_at is 'When this figure was computed.';
comment on column mart.indicator_value_revision.superseded_at is 'When a refresh replaced or removed it (thời điểm điều chỉnh).';

create function mart.indicator_values_as_of(p_at timestamptz)
returns table (indicator_code text, level text, unit_key integer, period text, period_kind text, period_start date,
               period_end date, value numeric, numerator numeric, denominator numeric, computed_at timestamptz)
language sql stable as $$
    select v.indicator_code, v.level, v.unit_key, v.period, v.period_kind, v.period_start, v.period_end,
           v.value, v.numerator, v.denominator, v.computed_at
    from mart.indicator_value v
    where v.computed_at <= p_at
    union all
    select r.indicator_code, r.level, r.unit_key, r.period, r.period_kind, r.period_start, r.period_end,
           r.value, r.numerator, r.denominator, r.computed_at
    from mart.indicator_value_revision r
    where r.computed_at <= p_at and r.superseded_at > p_at
$$;
comment on function mart.indicator_values_as_of(timestamptz) is 'The indicator values as they stood at p_at (số liệu tại thời điểm): current values computed at or before p_at, and former ones computed at or before p_at and superseded after it. Same columns as mart.indicator_value.';

-- ---------------------------------------------------------------------------------------
-- Periods and why a level is not available

create function mart.period_bounds(p_period text)
returns table (period_kind text, period_start date, period_end date)
language sql immutable as $$
    select k.kind, k.first_day, (k.first_day + k.length - interval '1 day')::date
    from (select case when p_period ~ '^\d{4}-(0[1-9]|1[0-2])$' then 'month'
                      when p_period ~ '^\d{4}-Q[1-4]$' then 'quarter'
                      when p_period ~ '^\d{4}$' then 'year' end as kind) x
    cross join lateral (
        select x.kind,
               case x.kind when 'month' then make_date(left(p_period, 4)::integer, right(p_period, 2)::integer, 1)
                           when 'quarter' then make_date(left(p_period, 4)::integer, right(p_period, 1)::integer * 3 - 2, 1)
                           else make_date(p_period::integer, 1, 1) end as first_day,
               case x.kind when 'month' then interval '1 month' when 'quarter' then interval '3 months'
                           else interval '1 year' end as length
        where x.kind is not null) k
$$;
comment on function mart.period_bounds(text) is 'Kind, first and last day of a period label (2024-03, 2024-Q1, 2024); no row for anything else.';

create function mart.unavailable_reason(p_level text, p_period text)
returns text
language sql stable as $$
    with b as (select * from mart.period_bounds(p_period)),
    s as (select min(h.month_end_date_key) as first_key, max(h.month_end_date_key) as last_key
          from dw.fact_household_month_end h)
    select case
        when p_level is null or p_level not in ('commune', 'district', 'province') then
            format('Cấp «%s» không có: chọn commune (xã), district (huyện) hoặc province (tỉnh). / '
                   'There is no level «%s»: choose commune, district or province.', p_level, p_level)
        when not exists (select 1 from b) then
            format('Kỳ «%s» không hợp lệ: viết yyyy-mm (tháng), yyyy-Qn (quý) hoặc yyyy (năm). / '
                   'Period «%s» is not valid: write yyyy-mm (month), yyyy-Qn (quarter) or yyyy (year).', p_period, p_period)
        when p_level = 'district' and (select period_end from b) > date '2025-06-30' then
            format('Từ ngày 01/07/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã): kỳ %s kết thúc ngày %s, '
                   'nên được báo cáo theo các đơn vị hành chính mới, không có cấp huyện. Hãy chọn cấp tỉnh hoặc xã, '
                   'hoặc một kỳ kết thúc đến 30/06/2025. / '
                   'Since 1 July 2025 local government has two levels (province, commune): the period %s ends on %s, '
                   'so it is reported on the new units, which have no districts. Choose provinces or communes, '
                   'or a period ending by 30 June 2025.',
                   p_period, to_char((select period_end from b), 'DD/MM/YYYY'),
                   p_period, to_char((select period_end from b), 'YYYY-MM-DD'))
        when (select last_key from s) is null then
            'Chưa có số liệu: kho chưa nạp sổ hộ nào. / No figures yet: no household register has been loaded.'
        when dw.date_key((select period_end from b)) > (select last_key from s) then
            format('Chưa có số liệu kỳ %s: sổ hộ mới cập nhật đến hết ngày %s, kỳ kết thúc ngày %s. / '
                   'No figures for %s yet: the register has reached %s, the period ends on %s.',
                   p_period, to_char(to_date((select last_key from s)::text, 'YYYYMMDD'), 'DD/MM/YYYY'),
                   to_char((select period_end from b), 'DD/MM/YYYY'),
                   p_period, to_char(to_date((select last_key from s)::text, 'YYYYMMDD'), 'YYYY-MM-DD'),
                   to_char((select period_end from b), 'YYYY-MM-DD'))
        when dw.date_key((select period_end from b)) < (select first_key from s) then
            format('Không có số liệu kỳ %s: sổ hộ bắt đầu từ ngày %s. / No figures for %s: the register starts on %s.',
                   p_period, to_char(to_date((select first_key from s)::text, 'YYYYMMDD'), 'DD/MM/YYYY'),
                   p_period, to_char(to_date((select first_key from s)::text, 'YYYYMMDD'), 'YYYY-MM-DD'))
    end
$$;
comment on function mart.unavailable_reason(text, text) is 'Why a level has no values for a period, in Vietnamese then English (" / "), or null when it has them: no district exists for a period ending after 30/06/2025 (the 2025 reform), the register has not reached the period''s end yet or starts after it, or the level or period label is not valid. The CLI shows it instead of an empty table.';

-- ---------------------------------------------------------------------------------------
-- Computing values. Helpers not STRICT, so PostgreSQL inlines them (see 0018).

create function mart.ratio(p_numerator numeric, p_denominator numeric, p_per numeric)
returns numeric
language sql immutable parallel safe as $$
    select case when p_denominator <> 0 then trim_scale(p_numerator * p_per / p_denominator) end
$$;
comment on function mart.ratio(numeric, numeric, numeric) is 'p_numerator × p_per / p_denominator (p_per 100 for % and per-100 ratios, 1000 for ‰), without trailing zeros (400, not 400.0000000000000000); null when the denominator is 0 or null.';

-- The communes of every hierarchy with the units above them: on the legacy hierarchy the
-- commune itself, its district and province; on the 2025 one, the commune that stands for it
-- (itself, or the default successor of a former commune) and that commune's province.
create function mart.write_commune_units()
returns void
language plpgsql as $$
begin
    perform dw.drop_temp_tables('mart_commune', 'mart_province');
    create temp table mart_commune on commit drop as
    select u.unit_key as commune_key,
           case when u.valid_from >= date '2025-07-01' then '2025' else 'legacy' end as hierarchy,
           d.unit_key as district_key,
           case when u.valid_from >= date '2025-07-01' then u.parent_key else d.parent_key end as province_key,
           n.unit_key as commune_2025_key,
           case when n.valid_from >= date '2025-07-01' then n.parent_key else d.parent_key end as province_2025_key
    from ref.admin_unit u
    left join ref.admin_unit d on d.unit_key = u.parent_key and d.level = 'district'
    left join ref.commune_crosswalk c on c.old_unit_key = u.unit_key and c.is_default
    join ref.admin_unit n on n.unit_key = coalesce(c.new_unit_key, u.unit_key)
    where u.level = 'commune';
    alter table pg_temp.mart_commune add primary key (commune_key);
    analyze pg_temp.mart_commune;
    -- A province of before the reform stands in the 2025 province most of its communes went to
    -- (the other side of a move can be a province code only).
    create temp table mart_province on commit drop as
    select x.province_key, x.province_2025_key
    from (select c.province_key, c.province_2025_key,
                 row_number() over (partition by c.province_key order by count(*) desc, c.province_2025_key) as rank
          from pg_temp.mart_commune c
          where c.hierarchy = 'legacy' and c.province_key is not null
          group by c.province_key, c.province_2025_key) x
    where x.rank = 1
    union all
    select u.unit_key, u.unit_key from ref.admin_unit u where u.level = 'province' and u.valid_from >= date '2025-07-01';
    alter table pg_temp.mart_province add primary key (province_key);
end
$$;
comment on function mart.write_commune_units() is 'Part of the mart refresh: the temporary tables mart_commune (every commune with its district and province, and the 2025 commune and province that stand for it) and mart_province (every province with the 2025 province that stands for it).';

-- The units a commune counts in on a hierarchy (legacy or 2025): one (level, unit) row per
-- level. Inlined into the statements that call it (a single SELECT, not strict).
create function mart.units_of(p_hierarchy text, p_commune_hierarchy text, p_commune integer, p_district integer,
                              p_province integer, p_commune_2025 integer, p_province_2025 integer)
returns table (level text, unit_key integer)
language sql immutable parallel safe as $$
    select x.level, x.unit_key
    from (values ('commune', case when p_hierarchy = 'legacy' then p_commune else p_commune_2025 end),
                 ('district', case when p_hierarchy = 'legacy' then p_district end),
                 ('province', case when p_hierarchy = 'legacy' then p_province else p_province_2025 end)) x(level, unit_key)
    where x.unit_key is not null and (p_hierarchy = '2025' or p_commune_hierarchy = 'legacy')
$$;
comment on function mart.units_of(text, text, integer, integer, integer, integer, integer) is 'The units a commune counts in for a period of the given hierarchy: on the legacy one the commune, its district and its province; on the 2025 one the commune that stands for it and that commune''s province (a commune of the 2025 hierarchy has no unit on the legacy one).';

-- The snapshot summed per month end and commune listed: what every stock of the mart is a
-- sum of (people by sex, broad age group, women of the ASFR groups, married women 15–49 by
-- method, households). A cache of dw.fact_population_month_end, 1/1000 of its size, so a
-- refresh reads the big table only for the month ends that changed.
create table mart.snapshot_summary (
    month_end_date_key   integer not null,
    register_commune_key integer not null,
    commune_key          integer not null,
    source_version       text not null,
    people               bigint not null,
    males                bigint not null,
    females              bigint not null,
    households           bigint not null,
    aged_0_14            bigint not null,
    aged_15_64           bigint not null,
    aged_65_plus         bigint not null,
    aged_60_plus         bigint not null,
    women_15_49          bigint not null,
    women_15_19          bigint not null,
    women_20_24          bigint not null,
    women_25_29          bigint not null,
    women_30_34          bigint not null,
    women_35_39          bigint not null,
    women_40_44          bigint not null,
    women_45_49          bigint not null,
    mwra                 bigint not null,
    mwra_any_method      bigint not null,
    mwra_modern_method   bigint not null,
    primary key (register_commune_key, month_end_date_key)
);
comment on table mart.snapshot_summary is 'The month-end snapshot summed per month end and commune listed (Tổng hợp dân số cuối tháng), the stocks every indicator is computed from; a cache kept by the mart refreshes. Grain: one row per row of dw.fact_household_month_end. It is valid by construction: each row carries the version (xmin and ctid) of the dw.fact_household_month_end row it was summed with, which dw.write_month_end replaces whenever it rewrites that commune''s month end, so a refresh sums again exactly the month ends rewritten since, whoever rewrote them.';
comment on column mart.snapshot_summary.month_end_date_key is 'The month end (dw.dim_date).';
comment on column mart.snapshot_summary.register_commune_key is 'The commune the register lists the people in (dw.fact_population_month_end.register_commune_key).';
comment on column mart.snapshot_summary.commune_key is 'The commune that stands for it that day (ref.commune_on): where its people count.';
comment on column mart.snapshot_summary.source_version is 'xmin:ctid of the dw.fact_household_month_end row of the same commune and month end when this row was summed; a different one means the month end was rewritten since.';
comment on column mart.snapshot_summary.people is 'Residents (POP).';
comment on column mart.snapshot_summary.males is 'Male residents (POP_MALE).';
comment on column mart.snapshot_summary.females is 'Female residents (POP_FEMALE).';
comment on column mart.snapshot_summary.households is 'Households with a resident member (HOUSEHOLDS).';
comment on column mart.snapshot_summary.aged_0_14 is 'Residents aged 0–14 (dw.dim_age.age_group_broad 0-14).';
comment on column mart.snapshot_summary.aged_15_64 is 'Residents aged 15–64.';
comment on column mart.snapshot_summary.aged_65_plus is 'Residents aged 65 and over.';
comment on column mart.snapshot_summary.aged_60_plus is 'Residents aged 60 and over (dw.dim_age.is_60_plus).';
comment on column mart.snapshot_summary.women_15_49 is 'Women aged 15–49 (GFR).';
comment on column mart.snapshot_summary.women_15_19 is 'Women aged 15–19 (ASFR_15_19).';
comment on column mart.snapshot_summary.women_20_24 is 'Women aged 20–24.';
comment on column mart.snapshot_summary.women_25_29 is 'Women aged 25–29.';
comment on column mart.snapshot_summary.women_30_34 is 'Women aged 30–34.';
comment on column mart.snapshot_summary.women_35_39 is 'Women aged 35–39.';
comment on column mart.snapshot_summary.women_40_44 is 'Women aged 40–44.';
comment on column mart.snapshot_summary.women_45_49 is 'Women aged 45–49.';
comment on column mart.snapshot_summary.mwra is 'Married women aged 15–49 (marital status 2: dw.dim_marital_status.is_married; MWRA).';
comment on column mart.snapshot_summary.mwra_any_method is 'Of those, using a method 1–8 (dw.dim_contraceptive_method.is_any_method; CPR).';
comment on column mart.snapshot_summary.mwra_modern_method is 'Of those, using a modern method 1–7 (is_modern; MCPR).';

-- Brings mart.snapshot_summary up to date with the snapshot: drops the rows whose month end
-- was rewritten or removed, sums again the month ends rewritten or added.
create function mart.sync_snapshot_summary()
returns integer
language plpgsql as $$
declare
    v_rows integer;
begin
    perform dw.drop_temp_tables('mart_stale');
    create temp table mart_stale on commit drop as
    select h.register_commune_key, h.month_end_date_key, h.commune_key, h.households,
           h.xmin::text || ':' || h.ctid::text as source_version
    from dw.fact_household_month_end h
    left join mart.snapshot_summary s on s.register_commune_key = h.register_commune_key
                                     and s.month_end_date_key = h.month_end_date_key
    where s.source_version is distinct from h.xmin::text || ':' || h.ctid::text;
    analyze pg_temp.mart_stale;

    delete from mart.snapshot_summary s
    where not exists (select 1 from dw.fact_household_month_end h
                      where h.register_commune_key = s.register_commune_key and h.month_end_date_key = s.month_end_date_key
                        and h.xmin::text || ':' || h.ctid::text = s.source_version);

    insert into mart.snapshot_summary
    select k.month_end_date_key, k.register_commune_key, k.commune_key, k.source_version,
           sum(f.people), coalesce(sum(f.people) filter (where f.sex_key = 1), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2), 0), k.households,
           coalesce(sum(f.people) filter (where f.age_key <= 14), 0),
           coalesce(sum(f.people) filter (where f.age_key between 15 and 64), 0),
           coalesce(sum(f.people) filter (where f.age_key >= 65), 0),
           coalesce(sum(f.people) filter (where f.age_key >= 60), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 15 and 49), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 15 and 19), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 20 and 24), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 25 and 29), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 30 and 34), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 35 and 39), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 40 and 44), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 45 and 49), 0),
           -- dw.dim_marital_status.is_married (2); dw.dim_contraceptive_method.is_any_method (1–8), is_modern (1–7)
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 15 and 49 and f.marital_status_key = 2), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 15 and 49 and f.marital_status_key = 2
                                            and f.contraceptive_method_key between 1 and 8), 0),
           coalesce(sum(f.people) filter (where f.sex_key = 2 and f.age_key between 15 and 49 and f.marital_status_key = 2
                                            and f.contraceptive_method_key between 1 and 7), 0)
    from pg_temp.mart_stale k
    join dw.fact_population_month_end f on f.register_commune_key = k.register_commune_key
                                        and f.month_end_date_key = k.month_end_date_key
    group by k.month_end_date_key, k.register_commune_key, k.commune_key, k.source_version, k.households;
    get diagnostics v_rows = row_count;
    return v_rows;
end
$$;
comment on function mart.sync_snapshot_summary() is 'Part of the mart refresh: brings mart.snapshot_summary up to date with dw.fact_population_month_end and dw.fact_household_month_end (the month ends rewritten, added or removed since it was last summed, found by the version of their household rows). Returns the rows summed again.';

-- The values of the periods of pg_temp.mart_period, for the units of pg_temp.mart_scope_unit
-- (periods with all_units: every unit), written into pg_temp.mart_new.
create function mart.compute_values()
returns void
language plpgsql as $$
declare
    v_first_key integer;
    v_last_key integer;
    v_first_month integer;
    v_last_month integer;
begin
    select min(p.first_month), max(p.last_month) into v_first_month, v_last_month from pg_temp.mart_period p;
    perform dw.drop_temp_tables('mart_stock', 'mart_batch', 'mart_flow', 'mart_marriage', 'mart_report',
                                'mart_stock_unit', 'mart_flow_unit', 'mart_marriage_unit', 'mart_report_unit', 'mart_new');
    create temp table mart_new (
        indicator_code text, level text, unit_key integer, period text, period_kind text, period_start date,
        period_end date, value numeric, numerator numeric, denominator numeric) on commit drop;
    if v_first_month is null then
        return;
    end if;
    v_first_key := dw.month_end_key(v_first_month) / 100 * 100 + 1;
    v_last_key := dw.month_end_key(v_last_month);

    -- Inputs, per commune (as the facts hold it) and month end or month.
    perform mart.sync_snapshot_summary();
    create temp table mart_stock on commit drop as
    select s.month_end_date_key as day_key, s.commune_key,
           sum(s.people) as people, sum(s.males) as males, sum(s.females) as females, sum(s.households) as households,
           sum(s.aged_0_14) as aged_0_14, sum(s.aged_15_64) as aged_15_64, sum(s.aged_65_plus) as aged_65_plus,
           sum(s.aged_60_plus) as aged_60_plus, sum(s.women_15_49) as women_15_49,
           sum(s.women_15_19) as women_15_19, sum(s.women_20_24) as women_20_24, sum(s.women_25_29) as women_25_29,
           sum(s.women_30_34) as women_30_34, sum(s.women_35_39) as women_35_39, sum(s.women_40_44) as women_40_44,
           sum(s.women_45_49) as women_45_49, sum(s.mwra) as mwra, sum(s.mwra_any_method) as mwra_any_method,
           sum(s.mwra_modern_method) as mwra_modern_method
    from mart.snapshot_summary s
    where s.month_end_date_key in (select p.end_key from pg_temp.mart_period p
                                   union select p.prev_end_key from pg_temp.mart_period p where p.has_previous)
    group by 1, 2;
    analyze pg_temp.mart_stock;

    create temp table mart_batch on commit drop as
    select b.commune_key, (b.report_month_date_key / 10000 * 12 + b.report_month_date_key / 100 % 100 - 1) as month,
           b.received_date_key, b.lines_accepted, b.lines_mobile
    from dw.fact_change_batch b
    where b.report_month_date_key between v_first_key and v_last_key;

    -- Events and change lines per commune and month. Moves keep the crossings of both
    -- hierarchies: the legacy flags as the fact has them, the 2025 ones from both sides
    -- carried to the 2025 units.
    create temp table mart_flow on commit drop as
    with births as (
        select b.commune_key, b.event_date_key / 10000 * 12 + b.event_date_key / 100 % 100 - 1 as month,
               count(*) as births,
               count(*) filter (where b.child_sex_key = 1) as births_male,
               count(*) filter (where b.child_sex_key = 2) as births_female,
               count(*) filter (where b.birth_order = 2) as births_2nd,
               count(*) filter (where b.birth_order >= 3) as births_3plus,
               count(*) filter (where b.mother_age_key < 20) as births_teen,
               count(*) filter (where b.mother_age_key between 15 and 19) as births_15_19,
               count(*) filter (where b.mother_age_key between 20 and 24) as births_20_24,
               count(*) filter (where b.mother_age_key between 25 and 29) as births_25_29,
               count(*) filter (where b.mother_age_key between 30 and 34) as births_30_34,
               count(*) filter (where b.mother_age_key between 35 and 39) as births_35_39,
               count(*) filter (where b.mother_age_key between 40 and 44) as births_40_44,
               count(*) filter (where b.mother_age_key between 45 and 49) as births_45_49,
               count(*) filter (where b.prenatal_screened) as births_prenatal_screened,
               count(*) filter (where b.newborn_screened) as births_newborn_screened
        from dw.fact_birth b
        where b.event_date_key between v_first_key and v_last_key
        group by 1, 2
    ),
    deaths as (
        select d.commune_key, d.event_date_key / 10000 * 12 + d.event_date_key / 100 % 100 - 1 as month,
               count(*) as deaths,
               count(*) filter (where d.age_key = 0) as deaths_infant,
               count(*) filter (where d.age_key <= 4) as deaths_under_5
        from dw.fact_death d
        where d.event_date_key between v_first_key and v_last_key
        group by 1, 2
    ),
    moves as (
        select m.commune_key, m.event_date_key / 10000 * 12 + m.event_date_key / 100 % 100 - 1 as month,
               count(*) filter (where m.event_type_key = 4 and m.crosses_commune) as in_commune,
               count(*) filter (where m.event_type_key = 4 and m.crosses_district) as in_district,
               count(*) filter (where m.event_type_key = 4 and m.crosses_province) as in_province,
               count(*) filter (where m.event_type_key = 3 and m.crosses_commune) as out_commune,
               count(*) filter (where m.event_type_key = 3 and m.crosses_district) as out_district,
               count(*) filter (where m.event_type_key = 3 and m.crosses_province) as out_province,
               count(*) filter (where m.event_type_key = 4 and x.crosses_commune_2025) as in_commune_2025,
               count(*) filter (where m.event_type_key = 4 and x.crosses_province_2025) as in_province_2025,
               count(*) filter (where m.event_type_key = 3 and x.crosses_commune_2025) as out_commune_2025,
               count(*) filter (where m.event_type_key = 3 and x.crosses_province_2025) as out_province_2025
        from dw.fact_move m
        join pg_temp.mart_commune own on own.commune_key = m.commune_key
        left join pg_temp.mart_commune oc on oc.commune_key = m.other_commune_key
        left join pg_temp.mart_province op on op.province_key = m.other_province_key
        cross join lateral (
            select case when m.other_commune_key is not null then oc.commune_2025_key is distinct from own.commune_2025_key
                        else true end as crosses_commune_2025,
                   m.other_is_abroad or coalesce(oc.province_2025_key, op.province_2025_key) <> own.province_2025_key
                       as crosses_province_2025) x
        where m.event_date_key between v_first_key and v_last_key
        group by 1, 2
    ),
    lines as (
        select b.commune_key, b.month, sum(b.lines_accepted) as lines_accepted, sum(b.lines_mobile) as lines_mobile
        from pg_temp.mart_batch b
        group by 1, 2
    )
    select * from births full join deaths using (commune_key, month) full join moves using (commune_key, month)
                         full join lines using (commune_key, month);

    create temp table mart_marriage on commit drop as
    select m.commune_key, m.event_date_key / 10000 * 12 + m.event_date_key / 100 % 100 - 1 as month, m.marriage_id,
           coalesce(m.is_child_marriage, false) as is_child_marriage
    from dw.fact_marriage m
    where m.event_date_key between v_first_key and v_last_key;

    -- The communes expected to report each month (people in the snapshot when it began, or a
    -- file for it), on the hierarchy of the month's end, and whether they did on time.
    create temp table mart_report on commit drop as
    with months as (
        select g.month, dw.month_end(g.month) as month_end,
               (select dw.date_key(d.full_date) from dw.dim_date d
                where d.full_date > dw.month_end(g.month) and d.is_weekday
                  and not exists (select 1 from ref.public_holiday h where h.day = d.full_date)
                order by d.full_date offset 4 limit 1) as deadline_key
        from generate_series(v_first_month, v_last_month) g(month)
    ),
    reported as (
        select b.commune_key, b.month, min(b.received_date_key) as first_received_key
        from pg_temp.mart_batch b
        group by 1, 2
    ),
    expected as (
        select m.month, case when m.month_end > date '2025-06-30' then c.commune_2025_key else c.commune_key end as commune_key
        from months m
        join dw.fact_household_month_end h on h.month_end_date_key = dw.month_end_key(m.month - 1)
        join pg_temp.mart_commune c on c.commune_key = h.commune_key
        union
        select r.month, r.commune_key from reported r
    )
    select e.commune_key, e.month, coalesce(r.first_received_key <= m.deadline_key, false) as on_time
    from expected e
    join months m on m.month = e.month
    left join reported r on r.commune_key = e.commune_key and r.month = e.month;

    -- Placed on the units of every level of each period's hierarchy, and summed.
    create temp table mart_stock_unit on commit drop as
    select p.period_no, u.unit_key, min(u.level) as level, s.day_key = p.end_key as at_end,
           sum(s.people) as people, sum(s.males) as males, sum(s.females) as females, sum(s.households) as households,
           sum(s.aged_0_14) as aged_0_14, sum(s.aged_15_64) as aged_15_64, sum(s.aged_65_plus) as aged_65_plus,
           sum(s.aged_60_plus) as aged_60_plus, sum(s.women_15_49) as women_15_49,
           sum(s.women_15_19) as women_15_19, sum(s.women_20_24) as women_20_24, sum(s.women_25_29) as women_25_29,
           sum(s.women_30_34) as women_30_34, sum(s.women_35_39) as women_35_39, sum(s.women_40_44) as women_40_44,
           sum(s.women_45_49) as women_45_49,
           sum(s.mwra) as mwra, sum(s.mwra_any_method) as mwra_any_method, sum(s.mwra_modern_method) as mwra_modern_method
    from pg_temp.mart_period p
    join pg_temp.mart_stock s on s.day_key = p.end_key or (p.has_previous and s.day_key = p.prev_end_key)
    join pg_temp.mart_commune c on c.commune_key = s.commune_key
    cross join lateral mart.units_of(p.hierarchy, c.hierarchy, c.commune_key, c.district_key, c.province_key,
                                     c.commune_2025_key, c.province_2025_key) u
    where p.all_units or exists (select 1 from pg_temp.mart_scope_unit su where su.period = p.period and su.unit_key = u.unit_key)
    group by p.period_no, u.unit_key, s.day_key = p.end_key;

    create temp table mart_flow_unit on commit drop as
    select p.period_no, u.unit_key, min(u.level) as level,
           sum(f.births) as births, sum(f.births_male) as births_male, sum(f.births_female) as births_female,
           sum(f.births_2nd) as births_2nd, sum(f.births_3plus) as births_3plus, sum(f.births_teen) as births_teen,
           sum(f.births_15_19) as births_15_19, sum(f.births_20_24) as births_20_24, sum(f.births_25_29) as births_25_29,
           sum(f.births_30_34) as births_30_34, sum(f.births_35_39) as births_35_39, sum(f.births_40_44) as births_40_44,
           sum(f.births_45_49) as births_45_49,
           sum(f.births_prenatal_screened) as births_prenatal_screened,
           sum(f.births_newborn_screened) as births_newborn_screened,
           sum(f.deaths) as deaths, sum(f.deaths_infant) as deaths_infant, sum(f.deaths_under_5) as deaths_under_5,
           sum(case when p.hierarchy = 'legacy' then
                        case u.level when 'commune' then f.in_commune when 'district' then f.in_district else f.in_province end
                    else case u.level when 'commune' then f.in_commune_2025 else f.in_province_2025 end end) as in_migrants,
           sum(case when p.hierarchy = 'legacy' then
                        case u.level when 'commune' then f.out_commune when 'district' then f.out_district else f.out_province end
                    else case u.level when 'commune' then f.out_commune_2025 else f.out_province_2025 end end) as out_migrants,
           sum(f.lines_accepted) as lines_accepted, sum(f.lines_mobile) as lines_mobile
    from pg_temp.mart_period p
    join pg_temp.mart_flow f on f.month between p.first_month and p.last_month
    join pg_temp.mart_commune c on c.commune_key = f.commune_key
    cross join lateral mart.units_of(p.hierarchy, c.hierarchy, c.commune_key, c.district_key, c.province_key,
                                     c.commune_2025_key, c.province_2025_key) u
    where p.all_units or exists (select 1 from pg_temp.mart_scope_unit su where su.period = p.period and su.unit_key = u.unit_key)
    group by p.period_no, u.unit_key;

    -- A couple recorded in two communes counts once in a unit holding both (distinct marriage_id).
    create temp table mart_marriage_unit on commit drop as
    select x.period_no, x.unit_key, min(x.level) as level, count(*) as marriages,
           count(*) filter (where x.is_child_marriage) as child_marriages
    from (select p.period_no, u.unit_key, m.marriage_id, min(u.level) as level, bool_or(m.is_child_marriage) as is_child_marriage
          from pg_temp.mart_period p
          join pg_temp.mart_marriage m on m.month between p.first_month and p.last_month
          join pg_temp.mart_commune c on c.commune_key = m.commune_key
          cross join lateral mart.units_of(p.hierarchy, c.hierarchy, c.commune_key, c.district_key, c.province_key,
                                           c.commune_2025_key, c.province_2025_key) u
          where p.all_units or exists (select 1 from pg_temp.mart_scope_unit su where su.period = p.period and su.unit_key = u.unit_key)
          group by p.period_no, u.unit_key, m.marriage_id) x
    group by x.period_no, x.unit_key;

    -- ONTIME_PCT: per unit and month first; a month is its share, a year the mean of its months.
    create temp table mart_report_unit on commit drop as
    with monthly as (
        select p.period_no, u.unit_key, r.month, min(p.period_kind) as period_kind, min(u.level) as level,
               count(*) filter (where r.on_time) as on_time, count(*) as communes
        from pg_temp.mart_period p
        join pg_temp.mart_report r on r.month between p.first_month and p.last_month
        join pg_temp.mart_commune c on c.commune_key = r.commune_key
        cross join lateral mart.units_of(p.hierarchy, c.hierarchy, c.commune_key, c.district_key, c.province_key,
                                     c.commune_2025_key, c.province_2025_key) u
        where p.period_kind in ('month', 'year')
          and (p.all_units or exists (select 1 from pg_temp.mart_scope_unit su where su.period = p.period and su.unit_key = u.unit_key))
        group by p.period_no, u.unit_key, r.month
    )
    select m.period_no, m.unit_key, min(m.level) as level,
           case when min(m.period_kind) = 'month' then sum(m.on_time) else trim_scale(sum(m.on_time * 100.0 / m.communes)) end
               as ontime_numerator,
           case when min(m.period_kind) = 'month' then sum(m.communes) else count(*) end as ontime_denominator,
           case when min(m.period_kind) = 'month' then 100 else 1 end as ontime_per
    from monthly m
    group by m.period_no, m.unit_key;

    -- Every unit with data in a period, its figures, and the values of the catalogue.
    insert into pg_temp.mart_new
    with keys as (
        select period_no, unit_key, level from pg_temp.mart_stock_unit
        union select period_no, unit_key, level from pg_temp.mart_flow_unit
        union select period_no, unit_key, level from pg_temp.mart_marriage_unit
        union select period_no, unit_key, level from pg_temp.mart_report_unit
    ),
    figures as (
        select p.period, k.level, k.unit_key, p.period_kind, p.period_start, p.period_end,
               s.unit_key is not null as has_start,
               coalesce(e.people, 0) as pop, coalesce(e.males, 0) as male, coalesce(e.females, 0) as female,
               coalesce(e.households, 0) as households,
               coalesce(e.aged_0_14, 0) as age_0_14, coalesce(e.aged_15_64, 0) as age_15_64,
               coalesce(e.aged_65_plus, 0) as age_65_plus, coalesce(e.aged_60_plus, 0) as age_60_plus,
               coalesce(e.mwra, 0) as mwra, coalesce(e.mwra_any_method, 0) as mwra_any_method,
               coalesce(e.mwra_modern_method, 0) as mwra_modern_method,
               trim_scale((coalesce(s.people, 0) + coalesce(e.people, 0)) * 0.5) as pop_avg,
               trim_scale((coalesce(s.women_15_49, 0) + coalesce(e.women_15_49, 0)) * 0.5) as women_avg,
               array[trim_scale((coalesce(s.women_15_19, 0) + coalesce(e.women_15_19, 0)) * 0.5),
                     trim_scale((coalesce(s.women_20_24, 0) + coalesce(e.women_20_24, 0)) * 0.5),
                     trim_scale((coalesce(s.women_25_29, 0) + coalesce(e.women_25_29, 0)) * 0.5),
                     trim_scale((coalesce(s.women_30_34, 0) + coalesce(e.women_30_34, 0)) * 0.5),
                     trim_scale((coalesce(s.women_35_39, 0) + coalesce(e.women_35_39, 0)) * 0.5),
                     trim_scale((coalesce(s.women_40_44, 0) + coalesce(e.women_40_44, 0)) * 0.5),
                     trim_scale((coalesce(s.women_45_49, 0) + coalesce(e.women_45_49, 0)) * 0.5)] as women_group_avg,
               array[coalesce(f.births_15_19, 0), coalesce(f.births_20_24, 0), coalesce(f.births_25_29, 0),
                     coalesce(f.births_30_34, 0), coalesce(f.births_35_39, 0), coalesce(f.births_40_44, 0),
                     coalesce(f.births_45_49, 0)]::numeric[] as births_group,
               coalesce(f.births, 0) as births, coalesce(f.births_male, 0) as births_male,
               coalesce(f.births_female, 0) as births_female, coalesce(f.births_2nd, 0) as births_2nd,
               coalesce(f.births_3plus, 0) as births_3plus, coalesce(f.births_teen, 0) as births_teen,
               coalesce(f.births_prenatal_screened, 0) as births_prenatal_screened,
               coalesce(f.births_newborn_screened, 0) as births_newborn_screened,
               coalesce(f.deaths, 0) as deaths, coalesce(f.deaths_infant, 0) as deaths_infant,
               coalesce(f.deaths_under_5, 0) as deaths_under_5,
               coalesce(f.in_migrants, 0) as in_migrants, coalesce(f.out_migrants, 0) as out_migrants,
               coalesce(f.lines_accepted, 0) as lines_accepted, coalesce(f.lines_mobile, 0) as lines_mobile,
               coalesce(m.marriages, 0) as marriages, coalesce(m.child_marriages, 0) as child_marriages,
               r.ontime_numerator, r.ontime_denominator, r.ontime_per
        from keys k
        join pg_temp.mart_period p on p.period_no = k.period_no
        left join pg_temp.mart_stock_unit e on e.period_no = k.period_no and e.unit_key = k.unit_key and e.at_end
        left join pg_temp.mart_stock_unit s on s.period_no = k.period_no and s.unit_key = k.unit_key and not s.at_end
        left join pg_temp.mart_flow_unit f on f.period_no = k.period_no and f.unit_key = k.unit_key
        left join pg_temp.mart_marriage_unit m on m.period_no = k.period_no and m.unit_key = k.unit_key
        left join pg_temp.mart_report_unit r on r.period_no = k.period_no and r.unit_key = k.unit_key
    ),
    rated as (
        select g.*,
               case when 0 <> all (g.women_group_avg) then
                   trim_scale(5 * (select sum(b * 1000 / w) from unnest(g.births_group, g.women_group_avg) x(b, w))) end as tfr_numerator
        from figures g
    )
    select v.code, g.level, g.unit_key, g.period, g.period_kind, g.period_start, g.period_end,
           case when v.per is null then v.num else mart.ratio(v.num, v.den, v.per) end,
           case when v.per is not null then v.num end,
           case when v.per is not null then v.den end
    from rated g
    cross join lateral (values
        -- code, numerator (or the value of a count or stock), denominator, factor (null: no ratio), needs the start
        ('POP', g.pop::numeric, null::numeric, null::numeric, false),
        ('POP_MALE', g.male, null, null, false),
        ('POP_FEMALE', g.female, null, null, false),
        ('HOUSEHOLDS', g.households, null, null, false),
        ('POP_AVG', g.pop_avg, null, null, true),
        ('SEX_RATIO', g.male, g.female, 100, false),
        ('BIRTHS', g.births, null, null, true),
        ('BIRTHS_MALE', g.births_male, null, null, true),
        ('BIRTHS_FEMALE', g.births_female, null, null, true),
        ('SRB', g.births_male, g.births_female, 100, true),
        ('CBR', g.births, g.pop_avg, 1000, true),
        ('GFR', g.births, g.women_avg, 1000, true),
        ('ASFR_15_19', g.births_group[1], g.women_group_avg[1], 1000, true),
        ('ASFR_20_24', g.births_group[2], g.women_group_avg[2], 1000, true),
        ('ASFR_25_29', g.births_group[3], g.women_group_avg[3], 1000, true),
        ('ASFR_30_34', g.births_group[4], g.women_group_avg[4], 1000, true),
        ('ASFR_35_39', g.births_group[5], g.women_group_avg[5], 1000, true),
        ('ASFR_40_44', g.births_group[6], g.women_group_avg[6], 1000, true),
        ('ASFR_45_49', g.births_group[7], g.women_group_avg[7], 1000, true),
        ('TFR', g.tfr_numerator, 1000, 1, true),
        ('BIRTHS_2ND', g.births_2nd, null, null, true),
        ('BIRTHS_3PLUS', g.births_3plus, null, null, true),
        ('BIRTHS_TEEN', g.births_teen, null, null, true),
        ('BIRTHS_3PLUS_PCT', g.births_3plus, g.births, 100, true),
        ('DEATHS', g.deaths, null, null, true),
        ('CDR', g.deaths, g.pop_avg, 1000, true),
        ('INFANT_DEATHS', g.deaths_infant, null, null, true),
        ('IMR', g.deaths_infant, g.births, 1000, true),
        ('U5_DEATHS', g.deaths_under_5, null, null, true),
        ('U5MR', g.deaths_under_5, g.births, 1000, true),
        ('NIR', g.births - g.deaths, g.pop_avg, 1000, true),
        ('IN_MIGRANTS', g.in_migrants, null, null, true),
        ('OUT_MIGRANTS', g.out_migrants, null, null, true),
        ('IN_MIG_RATE', g.in_migrants, g.pop_avg, 1000, true),
        ('OUT_MIG_RATE', g.out_migrants, g.pop_avg, 1000, true),
        ('NET_MIG_RATE', g.in_migrants - g.out_migrants, g.pop_avg, 1000, true),
        ('GROWTH_RATE', g.births - g.deaths + g.in_migrants - g.out_migrants, g.pop_avg, 1000, true),
        ('MWRA', g.mwra, null, null, false),
        ('CPR', g.mwra_any_method, g.mwra, 100, false),
        ('MCPR', g.mwra_modern_method, g.mwra, 100, false),
        ('ELDERLY_PCT', g.age_60_plus, g.pop, 100, false),
        ('AGEING_INDEX', g.age_60_plus, g.age_0_14, 100, false),
        ('DEP_RATIO', g.age_0_14 + g.age_65_plus, g.age_15_64, 100, false),
        ('CHILD_DEP_RATIO', g.age_0_14, g.age_15_64, 100, false),
        ('OLD_DEP_RATIO', g.age_65_plus, g.age_15_64, 100, false),
        ('MARRIAGES', g.marriages, null, null, true),
        ('CHILD_MARRIAGE_PCT', g.child_marriages, g.marriages, 100, true),
        ('PRENATAL_SCREEN_PCT', g.births_prenatal_screened, g.births, 100, true),
        ('NEWBORN_SCREEN_PCT', g.births_newborn_screened, g.births, 100, true),
        ('ONTIME_PCT', g.ontime_numerator, g.ontime_denominator, g.ontime_per, true),
        ('MOBILE_PCT', g.lines_mobile, g.lines_accepted, 100, true)
    ) v(code, num, den, per, needs_start)
    join mart.indicator i on i.indicator_code = v.code and g.period_kind = any (i.period_kinds)
    where (g.has_start or not v.needs_start)
      and (v.code <> 'ONTIME_PCT' or g.ontime_denominator is not null);
end
$$;
comment on function mart.compute_values() is 'Part of the mart refresh: computes into the temporary table mart_new the values of the periods of mart_period for the units of mart_scope_unit (every unit for periods with all_units), from the snapshot, the event facts and the change lines, each read once and grouped per level.';

-- The time a refresh stamps on the values it computes: taken once per transaction, after the
-- lock 72518 is held (so a later refresh always stamps a later time, even when it began
-- first and waited for the lock), and shared by every refresh of that transaction.
create function mart.refresh_time()
returns timestamptz
language plpgsql as $$
declare
    v_at text := current_setting('mart.refresh_at', true);
begin
    if v_at is null or v_at = '' then
        v_at := clock_timestamp()::text;
        perform set_config('mart.refresh_at', v_at, true);
    end if;
    return v_at::timestamptz;
end
$$;
comment on function mart.refresh_time() is 'The computed_at of the values a refresh writes: the clock when the transaction''s first mart refresh held the lock 72518, the same for every refresh of that transaction.';

-- Computes the values of the periods asked and writes those that changed (see the header).
create function mart.write_values(p_communes integer[], p_from date, p_to date, p_full boolean)
returns integer
language plpgsql as $$
declare
    v_at timestamptz;
    v_rows integer;
begin
    perform pg_advisory_xact_lock(72518);
    perform set_config('work_mem', '256MB', true);
    perform set_config('jit', 'off', true);
    v_at := mart.refresh_time();
    perform dw.drop_temp_tables('mart_period', 'mart_scope_unit', 'mart_scope', 'mart_write');
    perform mart.write_commune_units();

    -- The periods whose last month end the snapshot holds: those asked (every one when full,
    -- for the units above the communes given, every unit when none is given), and those
    -- without any value yet (for every unit).
    create temp table mart_period on commit drop as
    with month_end as (
        select distinct h.month_end_date_key as day_key from dw.fact_household_month_end h
    ),
    periods as (
        select d.month_label as period, 'month' as period_kind, make_date(d.year, d.month, 1) as period_start,
               d.full_date as period_end
        from dw.dim_date d join month_end m on m.day_key = d.date_key
        union all
        select d.quarter_label, 'quarter', make_date(d.year, d.month - 2, 1), d.full_date
        from dw.dim_date d join month_end m on m.day_key = d.date_key
        where d.is_quarter_end
        union all
        select d.year_label, 'year', make_date(d.year, 1, 1), d.full_date
        from dw.dim_date d join month_end m on m.day_key = d.date_key
        where d.is_year_end
    ),
    marked as (
        select p.*, not exists (select 1 from mart.indicator_value v where v.period = p.period) as is_new
        from periods p
    )
    select row_number() over (order by p.period_end, p.period_kind)::integer as period_no,
           p.period, p.period_kind, p.period_start, p.period_end,
           dw.date_key(p.period_end) as end_key,
           dw.date_key(p.period_start - 1) as prev_end_key,
           dw.date_key(p.period_start - 1) in (select day_key from month_end) as has_previous,
           case when p.period_end <= date '2025-06-30' then 'legacy' else '2025' end as hierarchy,
           dw.month_index(p.period_start) as first_month,
           dw.month_index(p.period_end) as last_month,
           p_full or p_communes is null or p.is_new as all_units
    from marked p
    where p_full or p.is_new
       or (p.period_start <= p_to + 1 and p.period_end >= p_from and (p_communes is null or cardinality(p_communes) > 0));
    alter table pg_temp.mart_period add primary key (period);
    analyze pg_temp.mart_period;

    create temp table mart_scope_unit (period text, unit_key integer, primary key (period, unit_key)) on commit drop;
    insert into pg_temp.mart_scope_unit
    select distinct p.period, u.unit_key
    from pg_temp.mart_period p
    cross join (select distinct x.k from unnest(p_communes) x(k)) k
    join pg_temp.mart_commune c on c.commune_key = k.k
    cross join lateral mart.units_of(p.hierarchy, c.hierarchy, c.commune_key, c.district_key, c.province_key,
                                     c.commune_2025_key, c.province_2025_key) u
    where not p.all_units;
    analyze pg_temp.mart_scope_unit;

    perform mart.compute_values();

    -- The (period, unit) pairs whose values are replaced: those computed, and every value the
    -- mart holds for them (a value no longer computed is removed).
    create temp table mart_scope (period text, unit_key integer) on commit drop;
    if p_full then
        insert into pg_temp.mart_scope
        select n.period, n.unit_key from pg_temp.mart_new n
        union
        select v.period, v.unit_key from mart.indicator_value v;
    else
        insert into pg_temp.mart_scope
        select s.period, s.unit_key from pg_temp.mart_scope_unit s
        union
        select n.period, n.unit_key from pg_temp.mart_new n
        union
        select v.period, v.unit_key from mart.indicator_value v
        where v.period in (select p.period from pg_temp.mart_period p where p.all_units);
    end if;
    alter table pg_temp.mart_scope add primary key (period, unit_key);
    analyze pg_temp.mart_scope;
    analyze pg_temp.mart_new;

    -- The values to write: new, or with other figures than the mart holds.
    create temp table mart_write on commit drop as
    select n.* from pg_temp.mart_new n
    where not exists (select 1 from mart.indicator_value v
                      where v.indicator_code = n.indicator_code and v.period = n.period and v.unit_key = n.unit_key
                        and v.value is not distinct from n.value
                        and v.numerator is not distinct from n.numerator
                        and v.denominator is not distinct from n.denominator);

    -- Values whose figures changed, or that are gone: kept as revisions, unless computed in
    -- this very transaction (nobody could read them), then deleted.
    with gone as (
        delete from mart.indicator_value v
        using pg_temp.mart_scope s
        where v.period = s.period and v.unit_key = s.unit_key
          and not exists (select 1 from pg_temp.mart_new n
                          where n.indicator_code = v.indicator_code and n.period = v.period and n.unit_key = v.unit_key
                            and n.value is not distinct from v.value
                            and n.numerator is not distinct from v.numerator
                            and n.denominator is not distinct from v.denominator)
        returning v.*
    )
    insert into mart.indicator_value_revision (indicator_code, level, unit_key, period, period_kind, period_start,
                                               period_end, value, numerator, denominator, computed_at, superseded_at)
    select g.indicator_code, g.level, g.unit_key, g.period, g.period_kind, g.period_start, g.period_end,
           g.value, g.numerator, g.denominator, g.computed_at, v_at
    from gone g
    where g.computed_at < v_at;

    -- New and changed values; an unchanged one is still there and keeps its computed_at.
    insert into mart.indicator_value (indicator_code, level, unit_key, period, period_kind, period_start, period_end,
                                      value, numerator, denominator, computed_at)
    select w.indicator_code, w.level, w.unit_key, w.period, w.period_kind, w.period_start, w.period_end,
           w.value, w.numerator, w.denominator, v_at
    from pg_temp.mart_write w;
    get diagnostics v_rows = row_count;
    return v_rows;
end
$$;
comment on function mart.write_values(integer[], date, date, boolean) is 'Part of mart.refresh_values and mart.refresh_all_values: computes the values of the periods overlapping [p_from, p_to + 1 day] for the units above p_communes (null: every unit), and of the periods without values yet, or of every period and unit when p_full; writes the values that changed and keeps the former ones as revisions. Returns the values written.';

-- ---------------------------------------------------------------------------------------
-- The refresh functions

create function mart.refresh_values(p_communes integer[], p_from date, p_to date)
returns integer
language plpgsql as $$
begin
    return mart.write_values(p_communes, p_from, p_to, false);
end
$$;
comment on function mart.refresh_values(integer[], date, date) is 'Recomputes, in the caller''s transaction, every indicator value of every period overlapping [p_from, p_to] (-infinity, infinity allowed; the period after p_to too, whose P_start may have changed) whose last month end is in the snapshot, for the given communes (ref.admin_unit keys, former or 2025 ones) and the units above them: their district and province for periods until 30/06/2025, the 2025 commune and province that stand for them after; null: every unit. Periods without any value yet (a month end reached since the last refresh) are computed for every unit. Only values whose figures changed are rewritten; the former ones go to mart.indicator_value_revision. Call it after dw.refresh_events and dw.refresh_month_end with the same arguments (mart.refresh_touched does). Returns the values written.';

create function mart.refresh_touched(p_communes integer[], p_from date)
returns integer
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(72518);
    perform dw.refresh_events(p_communes, p_from, 'infinity');
    perform dw.refresh_month_end(p_communes, p_from, 'infinity');
    return mart.refresh_values(p_communes, p_from, 'infinity');
end
$$;
comment on function mart.refresh_touched(integer[], date) is 'What an ingest (or a link decision) calls last, in its transaction, with the communes it touched and the first day it changed (see migration 0018 for both): dw.refresh_events, dw.refresh_month_end, then mart.refresh_values, each for those communes from p_from to infinity. Returns the indicator values written.';

create function mart.refresh_all_values()
returns integer
language plpgsql as $$
begin
    return mart.write_values(null, '-infinity', 'infinity', true);
end
$$;
comment on function mart.refresh_all_values() is 'Recomputes every indicator value of every unit and period from the facts of dw, in the caller''s transaction, writing only the values that changed (former ones kept as revisions) and removing those no longer computed. Run it after changing ref.public_holiday or the reference lists. Returns the values written.';

create function mart.refresh_full()
returns integer
language plpgsql as $$
begin
    perform pg_advisory_xact_lock(72518);
    perform dw.refresh_all();
    return mart.refresh_all_values();
end
$$;
comment on function mart.refresh_full() is 'Rebuilds everything from the register in the caller''s transaction: dw.refresh_all(), then mart.refresh_all_values(). The values equal those the incremental refreshes left; only changed ones are rewritten. Returns the indicator values written.';

-- ---------------------------------------------------------------------------------------
-- Views for analysts: the values with their indicator and unit resolved.

create view mart.v_chi_tieu as
select v.indicator_code as ma_chi_tieu,
       i.name_vi as ten_chi_tieu,
       i.unit_vi as don_vi_tinh,
       u.level_vi as cap,
       u.code as ma_don_vi,
       u.name as ten_don_vi,
       v.period as ky,
       case v.period_kind when 'month' then 'tháng' when 'quarter' then 'quý' else 'năm' end as loai_ky,
       v.period_start as tu_ngay,
       v.period_end as den_ngay,
       v.value as gia_tri,
       v.numerator as tu_so,
       v.denominator as mau_so,
       v.computed_at as thoi_diem_tinh,
       i.display_order as thu_tu
from mart.indicator_value v
join mart.indicator i on i.indicator_code = v.indicator_code
join dw.dim_admin_unit u on u.admin_unit_key = v.unit_key;
comment on view mart.v_chi_tieu is 'Giá trị chỉ tiêu dân số theo đơn vị hành chính và kỳ, tên tiếng Việt (Indicator values in Vietnamese). Grain: one row per indicator × unit × period of mart.indicator_value. English twin: mart.v_indicator_value.';
comment on column mart.v_chi_tieu.ma_chi_tieu is 'Mã chỉ tiêu (indicator code: POP, CBR…).';
comment on column mart.v_chi_tieu.ten_chi_tieu is 'Tên chỉ tiêu.';
comment on column mart.v_chi_tieu.don_vi_tinh is 'Đơn vị tính (người, ‰, %…).';
comment on column mart.v_chi_tieu.cap is 'Cấp: xã, huyện, tỉnh (không có cấp huyện cho các kỳ kết thúc sau 30/06/2025).';
comment on column mart.v_chi_tieu.ma_don_vi is 'Mã đơn vị hành chính (mã GSO: tỉnh 2 số, huyện 3 số, xã 5 số; một mã xã có thể được dùng lại sau 01/07/2025).';
comment on column mart.v_chi_tieu.ten_don_vi is 'Tên đơn vị hành chính.';
comment on column mart.v_chi_tieu.ky is 'Kỳ: yyyy-mm (tháng), yyyy-Qn (quý), yyyy (năm).';
comment on column mart.v_chi_tieu.loai_ky is 'Loại kỳ: tháng, quý, năm.';
comment on column mart.v_chi_tieu.tu_ngay is 'Ngày đầu kỳ.';
comment on column mart.v_chi_tieu.den_ngay is 'Ngày cuối kỳ (thời điểm của dân số cuối kỳ).';
comment on column mart.v_chi_tieu.gia_tri is 'Giá trị (null khi mẫu số bằng 0).';
comment on column mart.v_chi_tieu.tu_so is 'Tử số của tỷ số, tỷ suất, tỷ lệ (null với số đếm).';
comment on column mart.v_chi_tieu.mau_so is 'Mẫu số của tỷ số, tỷ suất, tỷ lệ (null với số đếm).';
comment on column mart.v_chi_tieu.thoi_diem_tinh is 'Thời điểm tính giá trị này (số liệu đã điều chỉnh: mart.indicator_value_revision).';
comment on column mart.v_chi_tieu.thu_tu is 'Thứ tự chỉ tiêu trong danh mục (để sắp xếp).';

create view mart.v_indicator_value as
select v.indicator_code,
       i.name_en as indicator_name,
       i.unit_en as unit_of_measure,
       v.level,
       u.code as admin_unit_code,
       u.name as admin_unit_name,
       v.period,
       v.period_kind,
       v.period_start,
       v.period_end,
       v.value,
       v.numerator,
       v.denominator,
       v.computed_at,
       i.display_order
from mart.indicator_value v
join mart.indicator i on i.indicator_code = v.indicator_code
join dw.dim_admin_unit u on u.admin_unit_key = v.unit_key;
comment on view mart.v_indicator_value is 'Indicator values by administrative unit and period, in English (Vietnamese twin: mart.v_chi_tieu). Grain: one row per indicator × unit × period of mart.indicator_value.';
comment on column mart.v_indicator_value.indicator_code is 'Indicator code (POP, CBR…).';
comment on column mart.v_indicator_value.indicator_name is 'English name of the indicator.';
comment on column mart.v_indicator_value.unit_of_measure is 'Unit of the value (persons, ‰, %…).';
comment on column mart.v_indicator_value.level is 'commune, district or province (no districts for periods ending after 30/06/2025).';
comment on column mart.v_indicator_value.admin_unit_code is 'GSO code of the administrative unit (a commune code may be reused after 01/07/2025).';
comment on column mart.v_indicator_value.admin_unit_name is 'Official Vietnamese name of the unit.';
comment on column mart.v_indicator_value.period is 'Period: yyyy-mm, yyyy-Qn or yyyy.';
comment on column mart.v_indicator_value.period_kind is 'month, quarter or year.';
comment on column mart.v_indicator_value.period_start is 'First day of the period.';
comment on column mart.v_indicator_value.period_end is 'Last day of the period (the day of P_end).';
comment on column mart.v_indicator_value.value is 'The value (null when the denominator is 0).';
comment on column mart.v_indicator_value.numerator is 'Numerator of a ratio or rate (null for counts and stocks).';
comment on column mart.v_indicator_value.denominator is 'Denominator of a ratio or rate (null for counts and stocks).';
comment on column mart.v_indicator_value.computed_at is 'When this value was computed (former values: mart.indicator_value_revision).';
comment on column mart.v_indicator_value.display_order is 'Position of the indicator in the catalogue, to sort by.';

-- ---------------------------------------------------------------------------------------
-- Rights. The refreshes write the mart and read registry through dw's functions: for the
-- owner only. What analysts call (values as of a time, the reason a level is missing, the
-- period bounds, the ratio) stays executable by everyone; SELECT on the new tables and views
-- comes from the default privileges of 0017, granted again here for another migrating role.
revoke execute on function mart.write_commune_units(), mart.sync_snapshot_summary(), mart.compute_values(), mart.refresh_time(),
    mart.write_values(integer[], date, date, boolean), mart.refresh_values(integer[], date, date),
    mart.refresh_touched(integer[], date), mart.refresh_all_values(), mart.refresh_full() from public;
select dw.grant_analyst_access();

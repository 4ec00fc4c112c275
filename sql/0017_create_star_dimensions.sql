-- The star schema, first part (issue 6): the dimensions of `dw`, the indicator catalogue of
-- indicators.md as data in `mart`, and the read-only role analysts use.
--
-- Static code lists (feeds.md §4) are tables filled here; a change to a list is a new
-- migration. Their keys are stable: the code itself for the numeric lists, a fixed number
-- for the text lists, and -1 for the "not stated" row of the lists whose field can be empty
-- (education, marital status, contraceptive method, place of birth, update channel), so a
-- fact always has a key. Sex, residence, ethnicity and event type are required wherever a
-- fact gets them (registry.person_state, registry.event), so they have no such row; nor do
-- age (the birth date is required; partial dates are completed) and date.
--
-- What comes from the reference lists (administrative units, the 2025 crosswalk, ethnic
-- groups) is a view over `ref`, not a copy: ReferenceLoader upserts `ref` whenever a list
-- changes, with stable unit keys, so a view is never stale and needs no refill step. The
-- dimension's key is ref.admin_unit.unit_key, the key the register's facts already carry
-- (registry.event.commune_key, registry.person_state.commune_key).
--
-- danso_analyst reads dw and mart only, never registry, staging or audit (personal data).
-- A view in dw runs with its owner's rights, so a dw view over registry would hand personal
-- data to analysts: dw views aggregate, or read ref only.
--
-- A role belongs to the cluster, not to the database. When the migrating role may not create
-- roles (a managed server, a DBA-run cluster), this migration warns and goes on rather than
-- fail: the role is an access convenience, and a failed migration would block every later
-- one on such a server. The warning says what to do: the DBA creates the role, then runs
-- `select dw.grant_analyst_access();`, which makes every grant again (it is idempotent).
-- A warning rather than a notice, because danso logs server notices at debug level only.

-- ---------------------------------------------------------------------------------------
-- Date (Ngày)
create table dw.dim_date (
    date_key       integer not null,
    full_date      date not null,
    year           smallint not null,
    quarter        smallint not null check (quarter between 1 and 4),
    month          smallint not null check (month between 1 and 12),
    day_of_month   smallint not null check (day_of_month between 1 and 31),
    year_label     text not null,
    quarter_label  text not null,
    month_label    text not null,
    day_of_week    smallint not null check (day_of_week between 1 and 7),
    day_name_vi    text not null,
    day_name_en    text not null,
    is_weekday     boolean not null,
    is_month_end   boolean not null,
    is_quarter_end boolean not null,
    is_year_end    boolean not null,
    hierarchy      text not null check (hierarchy in ('legacy', '2025')),
    check (full_date = make_date(year, month, day_of_month) and date_key = year * 10000 + month * 100 + day_of_month),
    check (not is_year_end or is_quarter_end),
    check (not is_quarter_end or is_month_end)
);
-- Plain arithmetic rather than to_char per day, and the keys built after the rows: every
-- fresh database runs this (each test database too), 0.5 s instead of 1 s.
insert into dw.dim_date
select y * 10000 + m * 100 + dd, d, y, q, m, dd,
       y::text,
       y || '-Q' || q,
       y || '-' || lpad(m::text, 2, '0'),
       dow,
       (array['Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy', 'Chủ nhật'])[dow],
       (array['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])[dow],
       dow <= 5,
       last_of_month,
       last_of_month and m in (3, 6, 9, 12),
       last_of_month and m = 12,
       case when d <= date '2025-06-30' then 'legacy' else '2025' end
from generate_series(date '1900-01-01', date '2100-12-31', interval '1 day') as g(t)
cross join lateral (select g.t::date as d) x
cross join lateral (select date_part('year', x.d)::smallint as y, date_part('quarter', x.d)::smallint as q,
                           date_part('month', x.d)::smallint as m, date_part('day', x.d)::smallint as dd,
                           date_part('isodow', x.d)::smallint as dow, date_part('day', x.d + 1) = 1 as last_of_month) p;
alter table dw.dim_date add primary key (date_key), add unique (full_date);

comment on table dw.dim_date is 'Date dimension (Ngày). Grain: one row per calendar day from 1900-01-01 to 2100-12-31, with the month, quarter and year it belongs to as the periods of indicators.md label them.';
comment on column dw.dim_date.date_key is 'Surrogate key: the date as the integer yyyymmdd (20240131).';
comment on column dw.dim_date.full_date is 'The day (ngày).';
comment on column dw.dim_date.year is 'Calendar year (năm).';
comment on column dw.dim_date.quarter is 'Quarter of the year, 1–4 (quý).';
comment on column dw.dim_date.month is 'Month of the year, 1–12 (tháng).';
comment on column dw.dim_date.day_of_month is 'Day of the month, 1–31.';
comment on column dw.dim_date.year_label is 'Year period label yyyy, as indicators are published (2024).';
comment on column dw.dim_date.quarter_label is 'Quarter period label yyyy-Qn (2024-Q1).';
comment on column dw.dim_date.month_label is 'Month period label yyyy-mm (2024-01).';
comment on column dw.dim_date.day_of_week is 'ISO day of the week: 1 Monday … 7 Sunday.';
comment on column dw.dim_date.day_name_vi is 'Day of the week in Vietnamese (Thứ Hai … Chủ nhật).';
comment on column dw.dim_date.day_name_en is 'Day of the week in English (Monday … Sunday).';
comment on column dw.dim_date.is_weekday is 'True Monday to Friday (ngày làm việc). Public holidays are not taken into account (ONTIME_PCT takes them from its own calendar).';
comment on column dw.dim_date.is_month_end is 'True on the last day of a month: the day month-end stocks (P_end) are taken.';
comment on column dw.dim_date.is_quarter_end is 'True on 31 March, 30 June, 30 September and 31 December.';
comment on column dw.dim_date.is_year_end is 'True on 31 December.';
comment on column dw.dim_date.hierarchy is 'Administrative hierarchy in force that day: legacy (province → district → commune, until 30/06/2025) or 2025 (province → commune, from 01/07/2025); matches dw.dim_admin_unit.hierarchy.';

-- ---------------------------------------------------------------------------------------
-- Administrative unit (Đơn vị hành chính): a view over ref.admin_unit.
create view dw.dim_admin_unit as
select u.unit_key as admin_unit_key,
       u.level,
       case u.level when 'province' then 'tỉnh' when 'district' then 'huyện' else 'xã' end as level_vi,
       u.code,
       u.name,
       u.unit_type,
       case when u.valid_from >= date '2025-07-01' then '2025' else 'legacy' end as hierarchy,
       u.valid_from,
       u.valid_to,
       u.valid_to = 'infinity' as is_current,
       d.unit_key as district_key,
       d.code as district_code,
       d.name as district_name,
       p.unit_key as province_key,
       p.code as province_code,
       p.name as province_name,
       u.area_km2
from ref.admin_unit u
left join ref.admin_unit up on up.unit_key = u.parent_key
left join ref.admin_unit d on d.unit_key = case when u.level = 'district' then u.unit_key
                                                when up.level = 'district' then up.unit_key end
left join ref.admin_unit p on p.unit_key = case when u.level = 'province' then u.unit_key
                                                when up.level = 'province' then up.unit_key
                                                else up.parent_key end;

comment on view dw.dim_admin_unit is 'Administrative unit dimension (Đơn vị hành chính), a view over ref.admin_unit, so it follows every reload of the reference lists. Grain: one row per unit version, i.e. per province, district or commune per period of existence (a code reused after the 1 July 2025 reform is another row). Both hierarchies: legacy (until 30/06/2025: commune → district → province) and 2025 (from 01/07/2025: commune → province, no districts).';
comment on column dw.dim_admin_unit.admin_unit_key is 'Surrogate key: ref.admin_unit.unit_key, stable across reference reloads; the commune_key of the register''s facts.';
comment on column dw.dim_admin_unit.level is 'province, district or commune (tỉnh, huyện, xã).';
comment on column dw.dim_admin_unit.level_vi is 'The level in Vietnamese: tỉnh, huyện, xã.';
comment on column dw.dim_admin_unit.code is 'GSO code (mã): 2 digits for a province, 3 for a district, 5 for a commune.';
comment on column dw.dim_admin_unit.name is 'Official Vietnamese name (tên đơn vị).';
comment on column dw.dim_admin_unit.unit_type is 'Kind of unit (loại): Tỉnh/Thành phố; Quận/Huyện/Thị xã/Thành phố; Xã/Phường/Thị trấn/Đặc khu.';
comment on column dw.dim_admin_unit.hierarchy is 'legacy: a unit of the hierarchy valid until 30/06/2025; 2025: a unit of the two-level hierarchy from 01/07/2025.';
comment on column dw.dim_admin_unit.valid_from is 'First day the unit existed (-infinity: before any data; hiệu lực từ).';
comment on column dw.dim_admin_unit.valid_to is 'Last day the unit existed, inclusive as in ref (infinity: still exists; hiệu lực đến).';
comment on column dw.dim_admin_unit.is_current is 'True when the unit still exists (valid_to = infinity).';
comment on column dw.dim_admin_unit.district_key is 'The district (huyện) the unit lies in: the parent district of a legacy commune, the unit itself for a district; null for provinces and for every 2025 unit.';
comment on column dw.dim_admin_unit.district_code is '3-digit code of that district.';
comment on column dw.dim_admin_unit.district_name is 'Name of that district.';
comment on column dw.dim_admin_unit.province_key is 'The province (tỉnh) the unit lies in, of the same hierarchy: the unit itself for a province.';
comment on column dw.dim_admin_unit.province_code is '2-digit code of that province (80 is Long An in the legacy hierarchy, Tây Ninh in the 2025 one).';
comment on column dw.dim_admin_unit.province_name is 'Name of that province.';
comment on column dw.dim_admin_unit.area_km2 is 'Area in km² (diện tích), where published (2025 communes).';

create view dw.bridge_unit_crosswalk as
select c.old_unit_key as old_admin_unit_key,
       o.code as old_commune_code,
       o.name as old_commune_name,
       o.district_code as old_district_code,
       o.province_code as old_province_code,
       c.new_unit_key as new_admin_unit_key,
       n.code as new_commune_code,
       n.name as new_commune_name,
       n.province_code as new_province_code,
       c.is_default,
       c.kind
from ref.commune_crosswalk c
join ref.admin_unit o on o.unit_key = c.old_unit_key
join ref.admin_unit n on n.unit_key = c.new_unit_key;

comment on view dw.bridge_unit_crosswalk is 'Bridge from the communes valid until 30/06/2025 to those of the 1 July 2025 reform (bảng chuyển đổi xã), a view over ref.commune_crosswalk. Grain: one row per (former commune, new commune that took all or part of it). To carry a former commune''s figures forward without double counting, take the row with is_default.';
comment on column dw.bridge_unit_crosswalk.old_admin_unit_key is 'The former commune (dw.dim_admin_unit, hierarchy legacy).';
comment on column dw.bridge_unit_crosswalk.old_commune_code is '5-digit code of the former commune.';
comment on column dw.bridge_unit_crosswalk.old_commune_name is 'Name of the former commune.';
comment on column dw.bridge_unit_crosswalk.old_district_code is 'District of the former commune.';
comment on column dw.bridge_unit_crosswalk.old_province_code is 'Province of the former commune (legacy code).';
comment on column dw.bridge_unit_crosswalk.new_admin_unit_key is 'The new commune (dw.dim_admin_unit, hierarchy 2025).';
comment on column dw.bridge_unit_crosswalk.new_commune_code is '5-digit code of the new commune (it may equal the old code).';
comment on column dw.bridge_unit_crosswalk.new_commune_name is 'Name of the new commune.';
comment on column dw.bridge_unit_crosswalk.new_province_code is 'Province of the new commune (2025 code).';
comment on column dw.bridge_unit_crosswalk.is_default is 'True for the one new commune that took most of the former one: where its people are counted after the reform (ref.commune_on).';
comment on column dw.bridge_unit_crosswalk.kind is 'whole: the former commune went entirely into the new one; split: only a part did.';

-- ---------------------------------------------------------------------------------------
-- Age (Tuổi)
create table dw.dim_age (
    age_key                smallint primary key check (age_key between 0 and 120),
    age                    smallint not null unique,
    age_group_5            text not null,
    age_group_5_from       smallint not null,
    age_group_broad        text not null check (age_group_broad in ('0-14', '15-64', '65+')),
    is_under_1             boolean not null,
    is_under_5             boolean not null,
    is_60_plus             boolean not null,
    is_reproductive_age    boolean not null,
    asfr_group             text,
    check (age = age_key),
    check ((asfr_group is not null) = is_reproductive_age)
);
insert into dw.dim_age
select a, a,
       case when a >= 85 then '85+' else (a / 5 * 5) || '-' || (a / 5 * 5 + 4) end,
       least(a / 5 * 5, 85),
       case when a <= 14 then '0-14' when a <= 64 then '15-64' else '65+' end,
       a < 1,
       a < 5,
       a >= 60,
       a between 15 and 49,
       case when a between 15 and 49 then (a / 5 * 5) || '-' || (a / 5 * 5 + 4) end
from generate_series(0, 120) as a;

comment on table dw.dim_age is 'Age dimension (Tuổi). Grain: one row per age in completed years, 0 to 120 (older is rejected, rule R05), with the groups indicators use. Age is taken at the reference day (end of period for stocks, event date for events).';
comment on column dw.dim_age.age_key is 'Surrogate key: the age in completed years.';
comment on column dw.dim_age.age is 'Age in completed years (tuổi tròn).';
comment on column dw.dim_age.age_group_5 is 'Five-year group (nhóm 5 tuổi): 0-4, 5-9 … 80-84, and 85+ for 85 to 120 (open-ended as in GSO tables).';
comment on column dw.dim_age.age_group_5_from is 'First age of the five-year group (0, 5 … 85), to sort the groups.';
comment on column dw.dim_age.age_group_broad is 'Broad group (nhóm tuổi lớn) of the dependency ratios: 0-14, 15-64, 65+.';
comment on column dw.dim_age.is_under_1 is 'True at age 0 (trẻ dưới 1 tuổi): INFANT_DEATHS.';
comment on column dw.dim_age.is_under_5 is 'True at ages 0–4 (trẻ dưới 5 tuổi): U5_DEATHS.';
comment on column dw.dim_age.is_60_plus is 'True from 60 (người cao tuổi): ELDERLY_PCT, AGEING_INDEX.';
comment on column dw.dim_age.is_reproductive_age is 'True at 15–49: for a woman, a woman of reproductive age (phụ nữ 15–49; GFR, MWRA, CPR).';
comment on column dw.dim_age.asfr_group is 'Age group of the age-specific fertility rates, 15-19 … 45-49 (indicator ASFR_15_19 … ASFR_45_49); null outside 15–49.';

-- ---------------------------------------------------------------------------------------
-- Code lists of feeds.md §4 (the same codes and labels as Sources/DansoDomain).
create table dw.dim_sex (
    sex_key  smallint primary key,
    code     smallint not null unique,
    label_vi text not null,
    label_en text not null,
    check (sex_key = code)
);
insert into dw.dim_sex values (1, 1, 'Nam', 'male'), (2, 2, 'Nữ', 'female');
comment on table dw.dim_sex is 'Sex dimension (Giới tính), code list S. Grain: one row per code. Sex is required wherever a fact carries it, so there is no unknown row.';
comment on column dw.dim_sex.sex_key is 'Surrogate key: the code.';
comment on column dw.dim_sex.code is 'Code of list S: 1 male, 2 female.';
comment on column dw.dim_sex.label_vi is 'Vietnamese label.';
comment on column dw.dim_sex.label_en is 'English label.';

create view dw.dim_ethnicity as
select e.code::smallint as ethnicity_key,
       e.code,
       e.name as label_vi,
       replace(replace(regexp_replace(normalize(e.name, nfd), '[\u0300-\u036f]', '', 'g'), 'đ', 'd'), 'Đ', 'D') as label_en,
       e.code <> '01' as is_minority
from ref.ethnic_group e;
comment on view dw.dim_ethnicity is 'Ethnic group dimension (Dân tộc), code list D: a view over ref.ethnic_group, the 54 groups of the GSO list. Grain: one row per group. Ethnicity is required in the register, so there is no unknown row.';
comment on column dw.dim_ethnicity.ethnicity_key is 'Surrogate key: the 2-digit code as a number (01 Kinh → 1).';
comment on column dw.dim_ethnicity.code is '2-digit GSO code, as the register stores it (01 … 54).';
comment on column dw.dim_ethnicity.label_vi is 'Name of the group in Vietnamese.';
comment on column dw.dim_ethnicity.label_en is 'Name of the group as written in English: the Vietnamese name without diacritics (Ơ Đu → O Du).';
comment on column dw.dim_ethnicity.is_minority is 'True for every group but the Kinh (dân tộc thiểu số).';

create table dw.dim_marital_status (
    marital_status_key smallint primary key,
    code               smallint unique,
    label_vi           text not null,
    label_en           text not null,
    is_married         boolean not null,
    has_married        boolean not null,
    check ((code is null) = (marital_status_key = -1)),
    check (marital_status_key = -1 or marital_status_key = code)
);
insert into dw.dim_marital_status values
    (1, 1, 'Chưa kết hôn', 'never married', false, false),
    (2, 2, 'Có vợ/chồng', 'married', true, true),
    (3, 3, 'Góa', 'widowed', false, true),
    (4, 4, 'Ly hôn', 'divorced', false, true),
    (5, 5, 'Ly thân', 'separated', false, true),
    (-1, null, 'Không rõ', 'not stated', false, false);
comment on table dw.dim_marital_status is 'Marital status dimension (Tình trạng hôn nhân), code list M. Grain: one row per code, and one row (key -1) for not stated: the field is required only from age 15.';
comment on column dw.dim_marital_status.marital_status_key is 'Surrogate key: the code; -1 when not stated.';
comment on column dw.dim_marital_status.code is 'Code of list M (1–5); null on the not-stated row.';
comment on column dw.dim_marital_status.label_vi is 'Vietnamese label.';
comment on column dw.dim_marital_status.label_en is 'English label.';
comment on column dw.dim_marital_status.is_married is 'True for 2 (có vợ/chồng): the married women of MWRA, CPR, MCPR.';
comment on column dw.dim_marital_status.has_married is 'True for 2–5: has ever been married (rule R09 below the legal age).';

create table dw.dim_residence (
    residence_key smallint primary key,
    code          smallint not null unique,
    label_vi      text not null,
    label_en      text not null,
    is_resident   boolean not null,
    check (residence_key = code)
);
insert into dw.dim_residence values
    (1, 1, 'Thường trú', 'usual resident', true),
    (2, 2, 'Tạm trú', 'temporary resident', true),
    (3, 3, 'Vắng mặt dài hạn', 'long-term absent', false);
comment on table dw.dim_residence is 'Residence status dimension (Tình trạng cư trú), code list C. Grain: one row per code. Residence is required, so there is no unknown row.';
comment on column dw.dim_residence.residence_key is 'Surrogate key: the code.';
comment on column dw.dim_residence.code is 'Code of list C: 1 usual resident, 2 temporary resident, 3 long-term absent.';
comment on column dw.dim_residence.label_vi is 'Vietnamese label.';
comment on column dw.dim_residence.label_en is 'English label.';
comment on column dw.dim_residence.is_resident is 'True for 1 and 2: counted in the resident population (nhân khẩu thực tế thường trú) of every stock indicator.';

create table dw.dim_education (
    education_key smallint primary key,
    code          smallint unique,
    label_vi      text not null,
    label_en      text not null,
    check ((code is null) = (education_key = -1)),
    check (education_key = -1 or education_key = code)
);
insert into dw.dim_education values
    (0, 0, 'Chưa đi học', 'never attended'),
    (1, 1, 'Chưa tốt nghiệp tiểu học', 'primary incomplete'),
    (2, 2, 'Tiểu học', 'primary'),
    (3, 3, 'Trung học cơ sở', 'lower secondary'),
    (4, 4, 'Trung học phổ thông', 'upper secondary'),
    (5, 5, 'Trung cấp', 'vocational'),
    (6, 6, 'Cao đẳng', 'college'),
    (7, 7, 'Đại học', 'university'),
    (8, 8, 'Trên đại học', 'postgraduate'),
    (-1, null, 'Không rõ', 'not stated');
comment on table dw.dim_education is 'Education dimension (Trình độ học vấn), code list H. Grain: one row per code, and one row (key -1) for not stated: the field is optional.';
comment on column dw.dim_education.education_key is 'Surrogate key: the code; -1 when not stated (0 is a code: never attended).';
comment on column dw.dim_education.code is 'Code of list H (0–8); null on the not-stated row.';
comment on column dw.dim_education.label_vi is 'Vietnamese label.';
comment on column dw.dim_education.label_en is 'English label.';

create table dw.dim_contraceptive_method (
    contraceptive_method_key smallint primary key,
    code                     smallint unique,
    label_vi                 text not null,
    label_en                 text not null,
    is_modern                boolean not null,
    is_any_method            boolean not null,
    is_female_method         boolean not null,
    check ((code is null) = (contraceptive_method_key = -1)),
    check (contraceptive_method_key = -1 or contraceptive_method_key = code),
    check (not is_modern or is_any_method)
);
insert into dw.dim_contraceptive_method values
    (0, 0, 'Không sử dụng', 'none', false, false, false),
    (1, 1, 'Dụng cụ tử cung (vòng)', 'IUD', true, true, true),
    (2, 2, 'Triệt sản nữ', 'female sterilisation', true, true, true),
    (3, 3, 'Triệt sản nam', 'male sterilisation', true, true, false),
    (4, 4, 'Thuốc cấy', 'implant', true, true, true),
    (5, 5, 'Thuốc tiêm', 'injectable', true, true, true),
    (6, 6, 'Thuốc uống', 'pill', true, true, true),
    (7, 7, 'Bao cao su', 'condom', true, true, false),
    (8, 8, 'Biện pháp khác/truyền thống', 'other/traditional', false, true, false),
    (-1, null, 'Không rõ', 'not stated', false, false, false);
comment on table dw.dim_contraceptive_method is 'Contraceptive method dimension (Biện pháp tránh thai), code list B. Grain: one row per code, and one row (key -1) for not stated: the field is optional (asked of married women 15–49).';
comment on column dw.dim_contraceptive_method.contraceptive_method_key is 'Surrogate key: the code; -1 when not stated (0 is a code: no method).';
comment on column dw.dim_contraceptive_method.code is 'Code of list B (0–8); null on the not-stated row.';
comment on column dw.dim_contraceptive_method.label_vi is 'Vietnamese label.';
comment on column dw.dim_contraceptive_method.label_en is 'English label.';
comment on column dw.dim_contraceptive_method.is_modern is 'True for methods 1–7 (biện pháp hiện đại): the numerator of MCPR.';
comment on column dw.dim_contraceptive_method.is_any_method is 'True for methods 1–8, modern or traditional: the numerator of CPR. False for 0 (none) and not stated.';
comment on column dw.dim_contraceptive_method.is_female_method is 'True for methods only a woman can use (1, 2, 4, 5, 6; rule R10 for a man).';

create table dw.dim_event_type (
    event_type_key    smallint primary key,
    code              text not null unique,
    label_vi          text not null,
    label_en          text not null,
    is_slip_action    boolean not null,
    brings_new_member boolean not null,
    removes_member    boolean not null
);
insert into dw.dim_event_type values
    (1, 'SINH', 'Sinh', 'birth', false, true, false),
    (2, 'CHET', 'Chết', 'death', false, false, true),
    (3, 'DI', 'Chuyển đi', 'move out', false, false, true),
    (4, 'DEN', 'Chuyển đến', 'move in', false, true, false),
    (5, 'KET_HON', 'Kết hôn', 'marriage', false, false, false),
    (6, 'LY_HON', 'Ly hôn', 'divorce', false, false, false),
    (7, 'BPTT', 'Thay đổi BPTT', 'change of contraceptive method', false, false, false),
    (8, 'MANG_THAI', 'Mang thai', 'pregnancy', false, false, false),
    (9, 'SLTS', 'Sàng lọc trước sinh', 'prenatal screening', false, false, false),
    (10, 'SLSS', 'Sàng lọc sơ sinh', 'newborn screening', false, false, false),
    (11, 'SUA', 'Sửa phiếu', 'correction of a slip', true, false, false),
    (12, 'HUY', 'Hủy phiếu', 'withdrawal of a slip', true, false, false);
comment on table dw.dim_event_type is 'Event type dimension (Loại biến động), code list E of the monthly change slips (P0). Grain: one row per code. The type is required, so there is no unknown row.';
comment on column dw.dim_event_type.event_type_key is 'Surrogate key: 1–12 in the order of feeds.md.';
comment on column dw.dim_event_type.code is 'loai_bien_dong as written in the feeds and in registry.event (SINH, CHET, DI, DEN, KET_HON, LY_HON, BPTT, MANG_THAI, SLTS, SLSS, SUA, HUY).';
comment on column dw.dim_event_type.label_vi is 'Vietnamese label.';
comment on column dw.dim_event_type.label_en is 'English label.';
comment on column dw.dim_event_type.is_slip_action is 'True for SUA and HUY: they act on another slip and are never events themselves (not in registry.event).';
comment on column dw.dim_event_type.brings_new_member is 'True for SINH and DEN: a new member joins a household.';
comment on column dw.dim_event_type.removes_member is 'True for CHET and DI: the subject leaves the resident population of the commune.';

create table dw.dim_place_of_birth (
    place_of_birth_key smallint primary key,
    code               smallint unique,
    label_vi           text not null,
    label_en           text not null,
    check ((code is null) = (place_of_birth_key = -1)),
    check (place_of_birth_key = -1 or place_of_birth_key = code)
);
insert into dw.dim_place_of_birth values
    (1, 1, 'Cơ sở y tế', 'health facility'),
    (2, 2, 'Tại nhà', 'at home'),
    (3, 3, 'Nơi khác', 'elsewhere'),
    (-1, null, 'Không rõ', 'not stated');
comment on table dw.dim_place_of_birth is 'Place of birth dimension (Nơi sinh), code list N of the birth slips (SINH). Grain: one row per code, and one row (key -1) for not stated.';
comment on column dw.dim_place_of_birth.place_of_birth_key is 'Surrogate key: the code; -1 when not stated.';
comment on column dw.dim_place_of_birth.code is 'Code of list N (1–3); null on the not-stated row.';
comment on column dw.dim_place_of_birth.label_vi is 'Vietnamese label.';
comment on column dw.dim_place_of_birth.label_en is 'English label.';

create table dw.dim_update_channel (
    update_channel_key smallint primary key,
    code               text unique,
    label_vi           text not null,
    label_en           text not null,
    is_mobile          boolean not null,
    check ((code is null) = (update_channel_key = -1))
);
insert into dw.dim_update_channel values
    (1, 'GIAY', 'Giấy', 'paper', false),
    (2, 'WEB', 'Web', 'web', false),
    (3, 'DI_DONG', 'Di động', 'mobile app', true),
    (-1, null, 'Không rõ', 'not stated', false);
comment on table dw.dim_update_channel is 'Update channel dimension (Nguồn cập nhật): how a change slip reached the commune (nguon). Grain: one row per code, and one row (key -1) for not stated: the field is optional.';
comment on column dw.dim_update_channel.update_channel_key is 'Surrogate key: 1–3; -1 when not stated.';
comment on column dw.dim_update_channel.code is 'nguon as written in the feeds and in staging.change_line.channel (GIAY, WEB, DI_DONG); null on the not-stated row.';
comment on column dw.dim_update_channel.label_vi is 'Vietnamese label.';
comment on column dw.dim_update_channel.label_en is 'English label.';
comment on column dw.dim_update_channel.is_mobile is 'True for DI_DONG (cập nhật qua thiết bị di động): the numerator of MOBILE_PCT; false when not stated.';

-- ---------------------------------------------------------------------------------------
-- The indicator catalogue of indicators.md (Danh mục chỉ tiêu), one row per code.
create table mart.indicator (
    indicator_code   text primary key check (indicator_code ~ '^[A-Z][A-Z0-9_]*$'),
    display_order    smallint not null unique,
    topic            text not null check (topic in ('population', 'fertility', 'mortality', 'migration',
                                                    'family_planning', 'age_structure', 'marriage',
                                                    'screening', 'reporting')),
    name_vi          text not null,
    name_en          text not null,
    unit_vi          text not null,
    unit_en          text not null,
    kind             text not null check (kind in ('count', 'stock', 'ratio', 'rate')),
    formula          text not null,
    numerator_code   text references mart.indicator,
    denominator_code text references mart.indicator,
    source           text not null,
    period_kinds     text[] not null check (cardinality(period_kinds) > 0
                                            and period_kinds <@ array['month', 'quarter', 'year']),
    check (kind in ('ratio', 'rate') or (numerator_code is null and denominator_code is null))
);
insert into mart.indicator (display_order, indicator_code, topic, name_vi, name_en, unit_vi, unit_en, kind, formula,
                            numerator_code, denominator_code, source, period_kinds)
with v (n, code, topic, name_vi, name_en, unit_vi, unit_en, kind, formula, num, den, source, periods) as (values
    (1, 'POP', 'population', 'Dân số cuối kỳ', 'Population, end of period', 'người', 'persons', 'stock',
     'P_end: resident people (residence 1 or 2), alive, living in the unit at the end of the last day of the period', null, null,
     'registry.person_state: residents on the last day of the period', 'all'),
    (2, 'POP_MALE', 'population', 'Dân số nam', 'Male population', 'người', 'persons', 'stock',
     'P_end of males (sex 1)', null, null, 'registry.person_state: residents on the last day of the period', 'all'),
    (3, 'POP_FEMALE', 'population', 'Dân số nữ', 'Female population', 'người', 'persons', 'stock',
     'P_end of females (sex 2)', null, null, 'registry.person_state: residents on the last day of the period', 'all'),
    (4, 'HOUSEHOLDS', 'population', 'Số hộ', 'Households', 'hộ', 'households', 'stock',
     'households with at least one resident member at end of period', null, null,
     'registry.person_state: households of the residents on the last day of the period', 'all'),
    (5, 'POP_AVG', 'population', 'Dân số trung bình', 'Average population', 'người', 'persons', 'stock',
     'P_avg = (P_start + P_end) / 2, P_start being the stock on the last day of the previous period', null, null,
     'registry.person_state: residents on the last day of the period and of the previous period', 'all'),
    (6, 'SEX_RATIO', 'population', 'Tỷ số giới tính', 'Sex ratio', 'nam/100 nữ', 'males per 100 females', 'ratio',
     'POP_MALE / POP_FEMALE × 100', 'POP_MALE', 'POP_FEMALE', 'derived from POP_MALE and POP_FEMALE', 'all'),
    (7, 'BIRTHS', 'fertility', 'Số trẻ sinh ra sống', 'Live births', 'trẻ', 'births', 'count',
     'SINH events in the period', null, null, 'registry.event: SINH', 'all'),
    (8, 'BIRTHS_MALE', 'fertility', 'Số trẻ sinh ra sống, nam', 'Live births, male', 'trẻ', 'births', 'count',
     'SINH events in the period whose child is male', null, null, 'registry.event: SINH, sex of the child', 'all'),
    (9, 'BIRTHS_FEMALE', 'fertility', 'Số trẻ sinh ra sống, nữ', 'Live births, female', 'trẻ', 'births', 'count',
     'SINH events in the period whose child is female', null, null, 'registry.event: SINH, sex of the child', 'all'),
    (10, 'SRB', 'fertility', 'Tỷ số giới tính khi sinh', 'Sex ratio at birth', 'bé trai/100 bé gái', 'boys per 100 girls', 'ratio',
     'BIRTHS_MALE / BIRTHS_FEMALE × 100', 'BIRTHS_MALE', 'BIRTHS_FEMALE', 'derived from BIRTHS_MALE and BIRTHS_FEMALE', 'all'),
    (11, 'CBR', 'fertility', 'Tỷ suất sinh thô', 'Crude birth rate', '‰', '‰', 'rate',
     'BIRTHS / POP_AVG × 1000', 'BIRTHS', 'POP_AVG', 'derived from BIRTHS and POP_AVG', 'year'),
    (12, 'GFR', 'fertility', 'Tỷ suất sinh chung', 'General fertility rate', '‰', '‰', 'rate',
     'BIRTHS / average women 15–49 × 1000', 'BIRTHS', null,
     'registry.event: SINH; registry.person_state: resident women 15–49 at the start and end of the period', 'year'),
    (13, 'ASFR_15_19', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 15–19', 'Age-specific fertility rate, 15–19', '‰', '‰', 'rate',
     'births to mothers aged 15–19 / average women aged 15–19 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (14, 'ASFR_20_24', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 20–24', 'Age-specific fertility rate, 20–24', '‰', '‰', 'rate',
     'births to mothers aged 20–24 / average women aged 20–24 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (15, 'ASFR_25_29', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 25–29', 'Age-specific fertility rate, 25–29', '‰', '‰', 'rate',
     'births to mothers aged 25–29 / average women aged 25–29 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (16, 'ASFR_30_34', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 30–34', 'Age-specific fertility rate, 30–34', '‰', '‰', 'rate',
     'births to mothers aged 30–34 / average women aged 30–34 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (17, 'ASFR_35_39', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 35–39', 'Age-specific fertility rate, 35–39', '‰', '‰', 'rate',
     'births to mothers aged 35–39 / average women aged 35–39 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (18, 'ASFR_40_44', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 40–44', 'Age-specific fertility rate, 40–44', '‰', '‰', 'rate',
     'births to mothers aged 40–44 / average women aged 40–44 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (19, 'ASFR_45_49', 'fertility', 'Tỷ suất sinh đặc trưng theo tuổi 45–49', 'Age-specific fertility rate, 45–49', '‰', '‰', 'rate',
     'births to mothers aged 45–49 / average women aged 45–49 × 1000', null, null,
     'registry.event: SINH, mother''s age on the birth date; registry.person_state: resident women of the group', 'year'),
    (20, 'TFR', 'fertility', 'Tổng tỷ suất sinh', 'Total fertility rate', 'con/phụ nữ', 'children per woman', 'rate',
     '5 × Σ ASFR / 1000 over the seven groups ASFR_15_19 … ASFR_45_49', null, null,
     'derived from ASFR_15_19 … ASFR_45_49', 'year'),
    (21, 'BIRTHS_2ND', 'fertility', 'Số sinh con thứ 2', 'Second order births', 'trẻ', 'births', 'count',
     'births with birth order = 2', null, null, 'registry.event: SINH, birth order (thu_tu_con)', 'all'),
    (22, 'BIRTHS_3PLUS', 'fertility', 'Số sinh con thứ 3 trở lên', 'Third or higher order births', 'trẻ', 'births', 'count',
     'births with birth order ≥ 3', null, null, 'registry.event: SINH, birth order (thu_tu_con)', 'all'),
    (23, 'BIRTHS_TEEN', 'fertility', 'Số sinh của bà mẹ dưới 20 tuổi', 'Births to mothers under 20', 'trẻ', 'births', 'count',
     'births whose mother was under 20 on the date', null, null, 'registry.event: SINH, mother''s age on the birth date', 'all'),
    (24, 'BIRTHS_3PLUS_PCT', 'fertility', 'Tỷ lệ sinh con thứ 3 trở lên', 'Share of third or higher order births', '%', '%', 'rate',
     'births with birth order ≥ 3 / BIRTHS × 100', 'BIRTHS_3PLUS', 'BIRTHS', 'derived from BIRTHS_3PLUS and BIRTHS', 'year'),
    (25, 'DEATHS', 'mortality', 'Số người chết', 'Deaths', 'người', 'deaths', 'count',
     'CHET events in the period', null, null, 'registry.event: CHET', 'all'),
    (26, 'CDR', 'mortality', 'Tỷ suất chết thô', 'Crude death rate', '‰', '‰', 'rate',
     'DEATHS / POP_AVG × 1000', 'DEATHS', 'POP_AVG', 'derived from DEATHS and POP_AVG', 'year'),
    (27, 'INFANT_DEATHS', 'mortality', 'Số trẻ dưới 1 tuổi chết', 'Infant deaths', 'trẻ', 'deaths', 'count',
     'deaths at age 0', null, null, 'registry.event: CHET, age on the date of death', 'all'),
    (28, 'IMR', 'mortality', 'Tỷ suất chết trẻ em dưới 1 tuổi', 'Infant mortality rate', '‰', '‰', 'rate',
     'INFANT_DEATHS / BIRTHS × 1000', 'INFANT_DEATHS', 'BIRTHS', 'derived from INFANT_DEATHS and BIRTHS', 'year'),
    (29, 'U5_DEATHS', 'mortality', 'Số trẻ dưới 5 tuổi chết', 'Under-five deaths', 'trẻ', 'deaths', 'count',
     'deaths at ages 0–4', null, null, 'registry.event: CHET, age on the date of death', 'all'),
    (30, 'U5MR', 'mortality', 'Tỷ suất chết trẻ em dưới 5 tuổi', 'Under-five mortality rate', '‰', '‰', 'rate',
     'U5_DEATHS / BIRTHS × 1000 (period approximation)', 'U5_DEATHS', 'BIRTHS', 'derived from U5_DEATHS and BIRTHS', 'year'),
    (31, 'NIR', 'population', 'Tỷ lệ tăng dân số tự nhiên', 'Natural increase rate', '‰', '‰', 'rate',
     '(BIRTHS − DEATHS) / POP_AVG × 1000', null, 'POP_AVG', 'derived from BIRTHS, DEATHS and POP_AVG', 'year'),
    (32, 'IN_MIGRANTS', 'migration', 'Số người chuyển đến', 'In-migrants', 'người', 'persons', 'count',
     'DEN events whose origin lies outside the unit (in another unit of the same level, or outside the province)', null, null,
     'registry.event: DEN, origin (noi_den_di)', 'all'),
    (33, 'OUT_MIGRANTS', 'migration', 'Số người chuyển đi', 'Out-migrants', 'người', 'persons', 'count',
     'DI events whose destination lies outside the unit (in another unit of the same level, or outside the province)', null, null,
     'registry.event: DI, destination (noi_den_di)', 'all'),
    (34, 'IN_MIG_RATE', 'migration', 'Tỷ suất nhập cư', 'In-migration rate', '‰', '‰', 'rate',
     'IN_MIGRANTS / POP_AVG × 1000', 'IN_MIGRANTS', 'POP_AVG', 'derived from IN_MIGRANTS and POP_AVG', 'year'),
    (35, 'OUT_MIG_RATE', 'migration', 'Tỷ suất xuất cư', 'Out-migration rate', '‰', '‰', 'rate',
     'OUT_MIGRANTS / POP_AVG × 1000', 'OUT_MIGRANTS', 'POP_AVG', 'derived from OUT_MIGRANTS and POP_AVG', 'year'),
    (36, 'NET_MIG_RATE', 'migration', 'Tỷ suất di cư thuần', 'Net migration rate', '‰', '‰', 'rate',
     '(IN_MIGRANTS − OUT_MIGRANTS) / POP_AVG × 1000', null, 'POP_AVG', 'derived from IN_MIGRANTS, OUT_MIGRANTS and POP_AVG', 'year'),
    (37, 'GROWTH_RATE', 'population', 'Tỷ lệ tăng dân số chung', 'Population growth rate', '‰', '‰', 'rate',
     '(BIRTHS − DEATHS + IN_MIGRANTS − OUT_MIGRANTS) / POP_AVG × 1000', null, 'POP_AVG',
     'derived from BIRTHS, DEATHS, IN_MIGRANTS, OUT_MIGRANTS and POP_AVG', 'year'),
    (38, 'MWRA', 'family_planning', 'Phụ nữ 15–49 có chồng', 'Married women 15–49', 'người', 'persons', 'stock',
     'resident women 15–49 with marital status 2 at end of period', null, null,
     'registry.person_state: resident women on the last day of the period', 'all'),
    (39, 'CPR', 'family_planning', 'Tỷ lệ sử dụng BPTT', 'Contraceptive prevalence', '%', '%', 'rate',
     'MWRA using methods 1–8 / MWRA × 100', null, 'MWRA', 'registry.person_state: contraceptive method of the MWRA', 'year'),
    (40, 'MCPR', 'family_planning', 'Tỷ lệ sử dụng BPTT hiện đại', 'Modern contraceptive prevalence', '%', '%', 'rate',
     'MWRA using methods 1–7 / MWRA × 100', null, 'MWRA', 'registry.person_state: contraceptive method of the MWRA', 'year'),
    (41, 'ELDERLY_PCT', 'age_structure', 'Tỷ lệ người cao tuổi', 'Share aged 60+', '%', '%', 'rate',
     'P_end aged 60+ / POP × 100', null, 'POP', 'registry.person_state: residents by age on the last day of the period', 'year'),
    (42, 'AGEING_INDEX', 'age_structure', 'Chỉ số già hóa', 'Ageing index', 'trên 100', 'per 100', 'ratio',
     'P_end aged 60+ / P_end aged 0–14 × 100', null, null,
     'registry.person_state: residents by age on the last day of the period', 'all'),
    (43, 'DEP_RATIO', 'age_structure', 'Tỷ số phụ thuộc chung', 'Total dependency ratio', 'trên 100', 'per 100', 'ratio',
     '(aged 0–14 + aged 65+) / aged 15–64 × 100', null, null,
     'registry.person_state: residents by age on the last day of the period', 'all'),
    (44, 'CHILD_DEP_RATIO', 'age_structure', 'Tỷ số phụ thuộc trẻ', 'Child dependency ratio', 'trên 100', 'per 100', 'ratio',
     'aged 0–14 / aged 15–64 × 100', null, null,
     'registry.person_state: residents by age on the last day of the period', 'all'),
    (45, 'OLD_DEP_RATIO', 'age_structure', 'Tỷ số phụ thuộc già', 'Old-age dependency ratio', 'trên 100', 'per 100', 'ratio',
     'aged 65+ / aged 15–64 × 100', null, null,
     'registry.person_state: residents by age on the last day of the period', 'all'),
    (46, 'MARRIAGES', 'marriage', 'Số cặp kết hôn', 'Marriages', 'cặp', 'marriages', 'count',
     'KET_HON events in the period', null, null, 'registry.event: KET_HON', 'all'),
    (47, 'CHILD_MARRIAGE_PCT', 'marriage', 'Tỷ lệ tảo hôn', 'Child marriage share', '%', '%', 'rate',
     'marriages where the woman is under 18 or the man under 20 on the date / MARRIAGES × 100', null, 'MARRIAGES',
     'registry.event: KET_HON, ages and sexes of the subject and the spouse (vo_chong_ngay_sinh)', 'year'),
    (48, 'PRENATAL_SCREEN_PCT', 'screening', 'Tỷ lệ sàng lọc trước sinh', 'Prenatal screening coverage', '%', '%', 'rate',
     'births whose mother had an SLTS event in the 300 days before the birth / BIRTHS × 100', null, 'BIRTHS',
     'registry.event: SINH and the mother''s SLTS', 'year'),
    (49, 'NEWBORN_SCREEN_PCT', 'screening', 'Tỷ lệ sàng lọc sơ sinh', 'Newborn screening coverage', '%', '%', 'rate',
     'births of the period whose child has an SLSS event / BIRTHS × 100', null, 'BIRTHS',
     'registry.event: SINH and the child''s SLSS', 'year'),
    (50, 'ONTIME_PCT', 'reporting', 'Tỷ lệ xã báo cáo đúng hạn', 'Communes reporting on time', '%', '%', 'rate',
     'communes whose changes file for the month was received within 5 working days after the month ends (Monday–Friday, Vietnam time, public holidays from a configurable calendar) / communes × 100; for a year, the mean of its months', null, null,
     'audit.batch: changes files (kind changes) and when each was received (received_at)', 'month_year'),
    (51, 'MOBILE_PCT', 'reporting', 'Tỷ lệ cập nhật qua thiết bị di động', 'Updates made on mobile devices', '%', '%', 'rate',
     'accepted change lines with nguon = DI_DONG / accepted change lines × 100', null, null,
     'staging.change_line: accepted lines and their update channel (nguon)', 'year')
)
select n, code, topic, name_vi, name_en, unit_vi, unit_en, kind, formula, num, den, source,
       case periods when 'all' then array['month', 'quarter', 'year']
                    when 'month_year' then array['month', 'year']
                    else array['year'] end
from v;

comment on table mart.indicator is 'The indicator catalogue of indicators.md (Danh mục chỉ tiêu) as data. Grain: one row per indicator code; grouped rows of the spec are expanded (POP_MALE and POP_FEMALE, ASFR_15_19 … ASFR_45_49 …). Every indicator is computed for communes, districts (until 30/06/2025) and provinces.';
comment on column mart.indicator.indicator_code is 'Stable code of the indicator (mã chỉ tiêu), as in indicators.md and IndicatorCode.swift.';
comment on column mart.indicator.display_order is 'Position in the catalogue, to list indicators in the order of indicators.md.';
comment on column mart.indicator.topic is 'Subject (nhóm): population, fertility, mortality, migration, family_planning, age_structure, marriage, screening, reporting.';
comment on column mart.indicator.name_vi is 'Vietnamese name (tên chỉ tiêu).';
comment on column mart.indicator.name_en is 'English name.';
comment on column mart.indicator.unit_vi is 'Unit in Vietnamese (đơn vị tính).';
comment on column mart.indicator.unit_en is 'Unit in English, as indicators.md gives it.';
comment on column mart.indicator.kind is 'count: events of the period; stock: people or households at the period''s end (or their average); ratio: one group per 100 of another (tỷ số, chỉ số); rate: ‰, % or per woman (tỷ suất, tỷ lệ). Ratios and rates are given with their numerator and denominator.';
comment on column mart.indicator.formula is 'Definition as indicators.md gives it (công thức).';
comment on column mart.indicator.numerator_code is 'The indicator that is the numerator, when the numerator is itself an indicator of the catalogue; null otherwise (the numerator is still published beside every value).';
comment on column mart.indicator.denominator_code is 'The indicator that is the denominator, when it is itself an indicator of the catalogue; null otherwise.';
comment on column mart.indicator.source is 'The facts the indicator is computed from (nguồn số liệu): tables of the register or audit, or the indicators it is derived from.';
comment on column mart.indicator.period_kinds is 'Kinds of period the indicator is given for: month (yyyy-mm), quarter (yyyy-Qn), year (yyyy). Counts, stocks and ratios: all three; rates (‰, %, per woman): years only, except ONTIME_PCT (months, and years as the mean of the months).';

-- ---------------------------------------------------------------------------------------
-- The analysts' role: reads dw and mart, nothing else.
create function dw.grant_analyst_access()
returns boolean
language plpgsql as $$
declare
    v_schema record;
begin
    if not exists (select 1 from pg_roles where rolname = 'danso_analyst') then
        begin
            create role danso_analyst nologin;
            comment on role danso_analyst is 'danso analysts (read only): SELECT on the star schema (dw) and the indicators (mart), nothing on registry, staging or audit. Grant it to login roles.';
        exception
            when insufficient_privilege then
                raise warning 'role danso_analyst not created: % may not create roles. Ask the database administrator to run "create role danso_analyst nologin" and then "select dw.grant_analyst_access()" in database %.',
                    current_user, current_database();
                return false;
            when duplicate_object or unique_violation then
                null;   -- created meanwhile by another database's migration (roles belong to the cluster)
        end;
    end if;
    grant usage on schema dw, mart to danso_analyst;
    grant select on all tables in schema dw, mart to danso_analyst;
    -- Tables and views made later in dw and mart by the role that owns the schema (the one
    -- that runs the migrations) are readable too.
    for v_schema in select n.nspname, n.nspowner::regrole::text as owner from pg_namespace n where n.nspname in ('dw', 'mart') loop
        execute format('alter default privileges for role %s in schema %I grant select on tables to danso_analyst',
                       v_schema.owner, v_schema.nspname);
    end loop;
    return true;
end
$$;
revoke execute on function dw.grant_analyst_access() from public;
comment on function dw.grant_analyst_access() is 'Creates the read-only role danso_analyst when missing (when the caller may create roles) and grants it USAGE on dw and mart, SELECT on their tables and views, and the same on those made later. Idempotent; returns false when the role could not be created. Run by migration 0017; a DBA runs it again after creating the role by hand.';

select dw.grant_analyst_access();

-- Administrative units of the whole country before and after the 1 July 2025 reform.
create table ref.admin_unit (
    unit_key      integer generated always as identity primary key,
    level         text not null check (level in ('province', 'district', 'commune')),
    code          text not null,
    name          text not null,
    unit_type     text,
    province_code text not null,
    district_code text,
    parent_key    integer references ref.admin_unit,
    valid_from    date not null default '-infinity',
    valid_to      date not null default 'infinity',
    area_km2      numeric,
    unique (level, code, valid_from),
    check (valid_from <= valid_to)
);
comment on table ref.admin_unit is 'One row per administrative unit (province, district or commune) per period of existence. A GSO code can be reused by another unit after the 2025 reform, so a unit is its code and its validity.';
comment on column ref.admin_unit.unit_key is 'Surrogate key of the unit (stable across reference reloads).';
comment on column ref.admin_unit.level is 'province, district or commune.';
comment on column ref.admin_unit.code is 'GSO code as published: 2 digits (province), 3 (district), 5 (commune).';
comment on column ref.admin_unit.name is 'Official Vietnamese name (Tên đơn vị hành chính), NFC.';
comment on column ref.admin_unit.unit_type is 'Tỉnh/Thành phố, Quận/Huyện/Thị xã/Thành phố, Xã/Phường/Thị trấn/Đặc khu.';
comment on column ref.admin_unit.province_code is 'Code of the province the unit belongs to in its period.';
comment on column ref.admin_unit.district_code is 'Code of the district of a commune valid until 30/06/2025; null for the two-level units from 01/07/2025.';
comment on column ref.admin_unit.parent_key is 'The unit one level up in the hierarchy of the same period (commune → district → province before the reform, commune → province after).';
comment on column ref.admin_unit.valid_from is 'First day the unit existed (-infinity: before any data).';
comment on column ref.admin_unit.valid_to is 'Last day the unit existed, inclusive (infinity: still exists).';
comment on column ref.admin_unit.area_km2 is 'Area in km², where published (units from 01/07/2025).';

create index admin_unit_code on ref.admin_unit (code, level);

create table ref.commune_crosswalk (
    old_unit_key integer not null references ref.admin_unit,
    new_unit_key integer not null references ref.admin_unit,
    is_default   boolean not null,
    kind         text not null check (kind in ('whole', 'split')),
    primary key (old_unit_key, new_unit_key)
);
comment on table ref.commune_crosswalk is 'One row per (former commune, new commune) pair of the 1 July 2025 reform. A former commune divided among several new ones has one row per part (kind = split).';
comment on column ref.commune_crosswalk.old_unit_key is 'The commune valid until 30/06/2025.';
comment on column ref.commune_crosswalk.new_unit_key is 'A commune valid from 01/07/2025 that took (part of) it.';
comment on column ref.commune_crosswalk.is_default is 'True for the new commune that took most of the former one: where people of the former commune are counted after the reform.';
comment on column ref.commune_crosswalk.kind is 'whole: the former commune went entirely into the new one; split: only a part did.';
create unique index commune_crosswalk_default on ref.commune_crosswalk (old_unit_key) where is_default;

create table ref.ethnic_group (
    code text primary key check (code ~ '^[0-9]{2}$'),
    name text not null
);
comment on table ref.ethnic_group is 'The 54 ethnic groups of the GSO list (Quyết định 1019/QĐ-TCTK), one row each.';
comment on column ref.ethnic_group.code is '2-digit GSO code (01 Kinh … 54 Ơ Đu).';
comment on column ref.ethnic_group.name is 'Vietnamese name of the group.';

create table ref.source_file (
    file_name text primary key,
    sha256    text not null,
    loaded_at timestamptz not null default now()
);
comment on table ref.source_file is 'One row per reference CSV loaded, with its checksum, so a changed list is reloaded and an unchanged one is not.';

-- The commune unit that stands for `p_key` on `p_day`: itself while it exists, its default
-- successor of the 2025 reform afterwards.
create function ref.commune_on(p_key integer, p_day date) returns integer
language sql stable as $$
    select case
        when p_day between u.valid_from and u.valid_to then u.unit_key
        when p_day > u.valid_to then (select c.new_unit_key from ref.commune_crosswalk c
                                      where c.old_unit_key = u.unit_key and c.is_default)
    end
    from ref.admin_unit u
    where u.unit_key = p_key
$$;
comment on function ref.commune_on(integer, date) is 'The commune unit that stands for a commune on a day: itself while it exists, its default successor after the 2025 reform.';

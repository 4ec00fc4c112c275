-- Upserts the reference lists from the temporary source tables (src_*) into ref.
-- Unit keys stay stable: rows are matched on (level, code, valid_from).
insert into ref.admin_unit (level, code, name, unit_type, province_code, valid_from, valid_to)
select 'province', province_code, province_name,
       case when province_name like 'Thành phố%' then 'Thành phố' else 'Tỉnh' end,
       province_code, coalesce(valid_from::date, '-infinity'), coalesce(valid_to::date, 'infinity')
from src_province
on conflict (level, code, valid_from) do update
set name = excluded.name, unit_type = excluded.unit_type, valid_to = excluded.valid_to;

insert into ref.admin_unit (level, code, name, unit_type, province_code, valid_from, valid_to, parent_key)
select distinct on (s.district_code) 'district', s.district_code, s.district_name, s.district_type,
       s.province_code, '-infinity'::date, '2025-06-30'::date, p.unit_key
from src_legacy s
join ref.admin_unit p on p.level = 'province' and p.code = s.province_code and p.valid_to = '2025-06-30'
order by s.district_code
on conflict (level, code, valid_from) do update
set name = excluded.name, unit_type = excluded.unit_type, province_code = excluded.province_code,
    valid_to = excluded.valid_to, parent_key = excluded.parent_key;

insert into ref.admin_unit (level, code, name, unit_type, province_code, district_code, valid_from, valid_to, parent_key)
select 'commune', s.commune_code, s.commune_name, s.commune_type, s.province_code, s.district_code,
       '-infinity'::date, '2025-06-30'::date, d.unit_key
from src_legacy s
join ref.admin_unit d on d.level = 'district' and d.code = s.district_code and d.valid_to = '2025-06-30'
where s.commune_code is not null   -- a few districts are listed without communes
on conflict (level, code, valid_from) do update
set name = excluded.name, unit_type = excluded.unit_type, province_code = excluded.province_code,
    district_code = excluded.district_code, valid_to = excluded.valid_to, parent_key = excluded.parent_key;

insert into ref.admin_unit (level, code, name, unit_type, province_code, valid_from, valid_to, parent_key, area_km2)
select 'commune', s.commune_code, s.commune_name, s.commune_type, s.province_code,
       '2025-07-01'::date, 'infinity'::date, p.unit_key, s.area_km2::numeric
from src_2025 s
join ref.admin_unit p on p.level = 'province' and p.code = s.province_code and p.valid_from = '2025-07-01'
on conflict (level, code, valid_from) do update
set name = excluded.name, unit_type = excluded.unit_type, province_code = excluded.province_code,
    valid_to = excluded.valid_to, parent_key = excluded.parent_key, area_km2 = excluded.area_km2;

delete from ref.commune_crosswalk;
insert into ref.commune_crosswalk (old_unit_key, new_unit_key, is_default, kind)
select o.unit_key, n.unit_key, s.is_default = '1', s.kind
from src_crosswalk s
join ref.admin_unit o on o.level = 'commune' and o.code = s.old_commune_code and o.valid_to = '2025-06-30'
join ref.admin_unit n on n.level = 'commune' and n.code = s.new_commune_code and n.valid_from = '2025-07-01';

insert into ref.ethnic_group (code, name) select code, name from src_ethnic
on conflict (code) do update set name = excluded.name;

-- Resident population on one day by unit of one level (feeds the POP, POP_MALE, POP_FEMALE,
-- HOUSEHOLDS and SEX_RATIO indicators).
-- $1: the day (date), $2: the level ('commune', 'district' or 'province').
-- Grain: one row per unit of the level that has resident people on the day.
-- People are counted where their commune stands on the day: a commune of before the 2025
-- reform counts in its default successor afterwards (ref.commune_on).
with commune_now as (
    select u.unit_key as listed_key, ref.commune_on(u.unit_key, $1::date) as commune_key
    from ref.admin_unit u
    where u.level = 'commune'
      and u.unit_key in (select distinct s.commune_key from registry.person_state s where s.superseded_at is null)
),
resident as (
    select c.commune_key, s.sex, s.household_id
    from registry.person_state s
    join commune_now c on c.listed_key = s.commune_key
    where s.superseded_at is null
      and s.residence in (1, 2)
      and s.valid_from <= $1::date and s.valid_to > $1::date
),
placed as (
    select case $2::text
               when 'commune' then cu.unit_key
               when 'district' then d.unit_key
               else p.unit_key
           end as unit_key,
           r.sex, r.household_id
    from resident r
    join ref.admin_unit cu on cu.unit_key = r.commune_key
    left join ref.admin_unit d on d.level = 'district' and d.code = cu.district_code
                              and $1::date between d.valid_from and d.valid_to
    join ref.admin_unit p on p.level = 'province' and p.code = cu.province_code
                         and $1::date between p.valid_from and p.valid_to
)
select u.code as unit_code, u.name as unit_name,
       count(*) filter (where pl.sex = 1) as males,
       count(*) filter (where pl.sex = 2) as females,
       count(distinct pl.household_id) as households
from placed pl
join ref.admin_unit u on u.unit_key = pl.unit_key
group by u.code, u.name
order by u.code;

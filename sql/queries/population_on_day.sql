-- Resident population on one day by unit of one level (feeds the POP, POP_MALE, POP_FEMALE,
-- HOUSEHOLDS and SEX_RATIO indicators).
-- $1: the day (date), $2: the level ('commune', 'district' or 'province').
-- Grain: one row per unit of the level that has resident people on the day.
-- People are counted where their commune stands on the day: a commune of before the 2025
-- reform counts in its default successor afterwards (ref.commune_on).
-- Counted once per listed commune and household (one pass over the states, no per-person
-- join), then placed: a household lies in one commune, so households add up over units.
-- A real person listed under two identities that are linked (registry.person_link) counts
-- once: the identities linked_duplicates_on leaves out are not counted; pairs waiting in
-- review still count twice.
with duplicates as materialized (
    select d.person_id from registry.linked_duplicates_on($1::date) d
),
household_on_day as (
    select s.commune_key, s.household_id,
           count(*) filter (where s.sex = 1) as males,
           count(*) filter (where s.sex = 2) as females
    from registry.person_state s
    where s.superseded_at is null
      and s.residence in (1, 2)
      and s.valid_from <= $1::date and s.valid_to > $1::date
      and s.person_id not in (select d.person_id from duplicates d)
    group by s.commune_key, s.household_id
),
listed as (
    select h.commune_key, sum(h.males) as males, sum(h.females) as females, count(*) as households
    from household_on_day h
    group by h.commune_key
),
placed as (
    select case $2::text
               when 'commune' then cu.unit_key
               when 'district' then d.unit_key
               else p.unit_key
           end as unit_key,
           l.males, l.females, l.households
    from listed l
    join ref.admin_unit cu on cu.unit_key = ref.commune_on(l.commune_key, $1::date)
    left join ref.admin_unit d on d.level = 'district' and d.code = cu.district_code
                              and $1::date between d.valid_from and d.valid_to
    join ref.admin_unit p on p.level = 'province' and p.code = cu.province_code
                         and $1::date between p.valid_from and p.valid_to
)
select u.code as unit_code, u.name as unit_name,
       sum(pl.males)::bigint as males,
       sum(pl.females)::bigint as females,
       sum(pl.households)::bigint as households
from placed pl
join ref.admin_unit u on u.unit_key = pl.unit_key
group by u.code, u.name
order by u.code;

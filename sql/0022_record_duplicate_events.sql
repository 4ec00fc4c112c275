-- The same event reported twice under two slip ids (issue 5): a SINH, CHET or DEN slip that
-- the linkage model (registry.link_model, the person matcher's) scores at or above its link
-- threshold against an event already recorded, or an earlier line of the same file, is not
-- applied. Its line is kept here with the slip of the event it repeats, the match weight and
-- which fields agreed; it also stays in staging.quarantine (status discarded, decided by
-- danso) with an E12 finding, where commune officers read what became of their lines.
--
-- A batch's lines now add up with a fourth count: rows_duplicate_event.

alter table audit.batch add column rows_duplicate_event integer not null default 0;
comment on column audit.batch.rows_duplicate_event is 'Change slips not applied because they report an event already recorded under another slip id (E12, staging.duplicate_event); not counted in rows_duplicate (identical lines) nor rows_rejected.';

alter table audit.batch drop constraint batch_check;
alter table audit.batch add constraint batch_rows_add_up
    check (rows_read = rows_accepted + rows_rejected + rows_duplicate + rows_duplicate_event);
comment on constraint batch_rows_add_up on audit.batch is 'Every data line read is loaded, rejected, an identical repeat or a repeated event.';

comment on column audit.finding.rule is 'Rule code (F01–F05, R01–R16, E01–E11 of feeds.md; E12: the same event as a slip already recorded, danso''s own).';

create table staging.duplicate_event (
    batch_id           bigint not null references audit.batch on delete cascade,
    line_no            integer not null,
    commune_key        integer not null references ref.admin_unit,
    slip_code          text not null,
    event_type         text not null check (event_type in ('SINH', 'CHET', 'DEN')),
    event_date         date not null,
    same_as_slip_id    bigint not null references registry.slip,
    same_as_slip_code  text not null,
    weight             double precision not null,
    probability        double precision not null,
    explanation        jsonb not null,
    model_id           bigint references registry.link_model,
    recorded_at        timestamptz not null default now(),
    primary key (batch_id, line_no)
);
create index duplicate_event_same_as on staging.duplicate_event (same_as_slip_id);
comment on table staging.duplicate_event is 'One row per change-slip line not applied because it reports an event (SINH, CHET, DEN) already recorded under another slip id (Biến động trùng): grain, a line of a batch. The line itself is in staging.quarantine (status discarded, decided by danso) with its E12 finding in audit.finding.';
comment on column staging.duplicate_event.batch_id is 'Batch (file) of the line.';
comment on column staging.duplicate_event.line_no is 'Physical line in the file (header = 1).';
comment on column staging.duplicate_event.commune_key is 'Commune (ref.admin_unit) of the slip on its event date.';
comment on column staging.duplicate_event.slip_code is 'ma_phieu of the line not applied.';
comment on column staging.duplicate_event.event_type is 'loai_bien_dong of the line: SINH, CHET or DEN.';
comment on column staging.duplicate_event.event_date is 'ngay_su_kien of the line.';
comment on column staging.duplicate_event.same_as_slip_id is 'The slip (registry.slip) that first reported the event this line repeats: the root slip of its registry.event.';
comment on column staging.duplicate_event.same_as_slip_code is 'ma_phieu of that slip, as the officer knows it.';
comment on column staging.duplicate_event.weight is 'Match weight of the two subjects (log2 Bayes factor, prior included) by the linkage model; at or above its link threshold.';
comment on column staging.duplicate_event.probability is 'Match probability 2^w / (1 + 2^w).';
comment on column staging.duplicate_event.explanation is 'Per field: the comparison level reached and its weight (log2 m/u), i.e. which fields agreed; as registry.person_link.explanation.';
comment on column staging.duplicate_event.model_id is 'The linkage model (registry.link_model) that scored the pair.';
comment on column staging.duplicate_event.recorded_at is 'When the line was found to repeat the event.';

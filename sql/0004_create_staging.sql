create table staging.a0_line (
    batch_id          bigint not null references audit.batch on delete cascade,
    line_no           integer not null,
    as_of             date not null,
    commune_code      text not null,
    province_code     text,
    district_code     text,
    area_no           smallint not null check (area_no between 1 and 999),
    collaborator_code text,
    household_code    text not null check (length(household_code) <= 20),
    address           text,
    member_no         smallint not null check (member_no between 1 and 99),
    personal_number   text check (personal_number ~ '^[0-9]{12}$'),
    health_card       text,
    full_name         text not null,
    relationship      smallint not null check (relationship between 1 and 9),
    sex               smallint not null check (sex in (1, 2)),
    birth_year        smallint not null,
    birth_month       smallint check (birth_month between 1 and 12),
    birth_day         smallint check (birth_day between 1 and 31),
    birth_date        date not null,
    ethnicity         text not null,
    education         smallint check (education between 0 and 8),
    marital_status    smallint check (marital_status between 1 and 5),
    residence         smallint not null check (residence between 1 and 3),
    method            smallint check (method between 0 and 8),
    updated_on        date,
    extra             jsonb,
    primary key (batch_id, line_no)
);
comment on table staging.a0_line is 'One row per accepted line of a household register file (A0), typed and normalised (NFC), as read. The register is built from these rows.';
comment on column staging.a0_line.batch_id is 'Batch (file) of the line.';
comment on column staging.a0_line.line_no is 'Physical line in the file (header = 1).';
comment on column staging.a0_line.as_of is 'ngay_chot: the date the register describes.';
comment on column staging.a0_line.commune_code is 'ma_xa, 5-digit commune code valid on as_of.';
comment on column staging.a0_line.province_code is 'ma_tinh as written (checked against the commune).';
comment on column staging.a0_line.district_code is 'ma_huyen as written (checked against the commune).';
comment on column staging.a0_line.area_no is 'dia_ban: collaborator''s area number within the commune.';
comment on column staging.a0_line.collaborator_code is 'ma_ctv: collaborator identifier.';
comment on column staging.a0_line.household_code is 'ma_ho: household code, unique within the commune.';
comment on column staging.a0_line.address is 'dia_chi: household address.';
comment on column staging.a0_line.member_no is 'stt: member number within the household.';
comment on column staging.a0_line.personal_number is 'so_dinh_danh: 12-digit personal number (dropped when malformed, rule R07).';
comment on column staging.a0_line.health_card is 'so_the_bhyt: health insurance card number.';
comment on column staging.a0_line.full_name is 'ho_ten, NFC.';
comment on column staging.a0_line.relationship is 'quan_he_chu_ho, code list R.';
comment on column staging.a0_line.sex is 'gioi_tinh: 1 male, 2 female.';
comment on column staging.a0_line.birth_year is 'Year of birth.';
comment on column staging.a0_line.birth_month is 'Month of birth, null when only the year is known.';
comment on column staging.a0_line.birth_day is 'Day of birth, null when unknown.';
comment on column staging.a0_line.birth_date is 'Birth date used for ages: a missing day counts as the 15th, a missing month as 1 July.';
comment on column staging.a0_line.ethnicity is 'dan_toc: 2-digit GSO code.';
comment on column staging.a0_line.education is 'trinh_do_hoc_van, code list H.';
comment on column staging.a0_line.marital_status is 'tinh_trang_hon_nhan, code list M.';
comment on column staging.a0_line.residence is 'tinh_trang_cu_tru, code list C (1, 2 resident; 3 long-term absent).';
comment on column staging.a0_line.method is 'bptt: current contraceptive method, code list B.';
comment on column staging.a0_line.updated_on is 'ngay_cap_nhat: last update by the collaborator.';
comment on column staging.a0_line.extra is 'Cells of columns the contract does not know (F05), kept aside by header name.';

create table staging.quarantine (
    quarantine_id bigint generated always as identity primary key,
    batch_id      bigint not null references audit.batch on delete cascade,
    line_no       integer not null,
    kind          text not null check (kind in ('a0', 'changes')),
    commune_code  text,
    record        jsonb not null,
    rules         text[] not null,
    status        text not null default 'held' check (status in ('held', 'resolved', 'discarded')),
    decided_by    text,
    decided_at    timestamptz,
    decision_note text,
    unique (batch_id, line_no)
);
comment on table staging.quarantine is 'One row per rejected line (Dòng bị loại), kept with its content and the rules it broke until it is resolved or discarded. Its findings are in audit.finding (same batch and line).';
comment on column staging.quarantine.quarantine_id is 'Quarantine entry number.';
comment on column staging.quarantine.batch_id is 'Batch (file) of the line.';
comment on column staging.quarantine.line_no is 'Physical line in the file (header = 1).';
comment on column staging.quarantine.kind is 'a0 or changes.';
comment on column staging.quarantine.commune_code is 'ma_xa as written, to route the line to its commune officer.';
comment on column staging.quarantine.record is 'The line as written: column machine name → cell text.';
comment on column staging.quarantine.rules is 'Error rules the line broke.';
comment on column staging.quarantine.status is 'held, resolved (a later load settled it) or discarded (by an officer).';
comment on column staging.quarantine.decided_by is 'Who resolved or discarded it.';
comment on column staging.quarantine.decided_at is 'When.';
comment on column staging.quarantine.decision_note is 'Why.';
create index quarantine_held on staging.quarantine (commune_code) where status = 'held';

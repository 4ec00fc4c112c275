-- Monthly change slips (P0): staged lines, every slip received, and the events they make.
create table staging.change_line (
    batch_id               bigint not null references audit.batch on delete cascade,
    line_no                integer not null,
    report_month           date not null,
    commune_code           text not null,
    area_no                smallint,
    collaborator_code      text,
    channel                text check (channel in ('GIAY', 'WEB', 'DI_DONG')),
    slip_code              text not null,
    event_type             text not null,
    event_date             date not null,
    household_code         text not null,
    member_no              smallint not null,
    personal_number        text,
    full_name              text,
    sex                    smallint,
    birth_year             smallint,
    birth_month            smallint,
    birth_day              smallint,
    birth_date             date,
    ethnicity              text,
    relationship           smallint,
    marital_status         smallint,
    residence              smallint,
    education              smallint,
    mother_member_no       smallint,
    mother_personal_number text,
    birth_order            smallint,
    birth_place            smallint,
    place_code             text,
    method                 smallint,
    spouse_name            text,
    spouse_birth           text,
    spouse_personal_number text,
    original_slip_code     text,
    note                   text,
    extra                  jsonb,
    primary key (batch_id, line_no)
);
comment on table staging.change_line is 'One row per accepted line of a monthly change file (P0), typed and normalised, as read.';
comment on column staging.change_line.batch_id is 'Batch (file) of the line.';
comment on column staging.change_line.line_no is 'Physical line in the file (header = 1).';
comment on column staging.change_line.report_month is 'ky_bao_cao: first day of the reporting month.';
comment on column staging.change_line.commune_code is 'ma_xa: commune where the event is recorded.';
comment on column staging.change_line.area_no is 'dia_ban.';
comment on column staging.change_line.collaborator_code is 'ma_ctv.';
comment on column staging.change_line.channel is 'nguon: GIAY paper, WEB, DI_DONG mobile app.';
comment on column staging.change_line.slip_code is 'ma_phieu: slip identifier, unique within the commune for ever.';
comment on column staging.change_line.event_type is 'loai_bien_dong, code list E.';
comment on column staging.change_line.event_date is 'ngay_su_kien: when the event happened.';
comment on column staging.change_line.household_code is 'ma_ho of the subject (for DEN the receiving household).';
comment on column staging.change_line.member_no is 'stt of the subject (for SINH and DEN the new number).';
comment on column staging.change_line.personal_number is 'so_dinh_danh of the subject.';
comment on column staging.change_line.full_name is 'ho_ten, NFC.';
comment on column staging.change_line.sex is 'gioi_tinh: 1 male, 2 female.';
comment on column staging.change_line.birth_year is 'Year of birth (SINH, DEN).';
comment on column staging.change_line.birth_month is 'Month of birth, when known.';
comment on column staging.change_line.birth_day is 'Day of birth, when known.';
comment on column staging.change_line.birth_date is 'Birth date for ages (missing day 15th, missing month 1 July).';
comment on column staging.change_line.ethnicity is 'dan_toc: 2-digit GSO code.';
comment on column staging.change_line.relationship is 'quan_he_chu_ho, code list R.';
comment on column staging.change_line.marital_status is 'tinh_trang_hon_nhan, code list M (DEN).';
comment on column staging.change_line.residence is 'tinh_trang_cu_tru, code list C (DEN).';
comment on column staging.change_line.education is 'trinh_do_hoc_van, code list H.';
comment on column staging.change_line.mother_member_no is 'me_stt: mother''s member number in the same household (SINH).';
comment on column staging.change_line.mother_personal_number is 'me_so_dinh_danh: mother''s personal number (SINH).';
comment on column staging.change_line.birth_order is 'thu_tu_con: the mother''s n-th live birth (SINH).';
comment on column staging.change_line.birth_place is 'noi_sinh, code list N (SINH).';
comment on column staging.change_line.place_code is 'noi_den_di: origin (DEN) or destination (DI): commune code, province code or NN abroad.';
comment on column staging.change_line.method is 'bptt: the contraceptive method from the event date on (BPTT).';
comment on column staging.change_line.spouse_name is 'vo_chong_ho_ten (KET_HON).';
comment on column staging.change_line.spouse_birth is 'vo_chong_ngay_sinh as written (KET_HON).';
comment on column staging.change_line.spouse_personal_number is 'vo_chong_so_dinh_danh (KET_HON).';
comment on column staging.change_line.original_slip_code is 'ma_phieu_goc: the slip corrected (SUA) or withdrawn (HUY).';
comment on column staging.change_line.note is 'ghi_chu.';
comment on column staging.change_line.extra is 'Cells of columns the contract does not know (F05).';

create table registry.slip (
    slip_id              bigint generated always as identity primary key,
    commune_key          integer not null references ref.admin_unit,
    slip_code            text not null,
    batch_id             bigint not null,
    line_no              integer not null,
    event_type           text not null check (event_type in ('SINH', 'CHET', 'DI', 'DEN', 'KET_HON', 'LY_HON', 'BPTT',
                                                             'MANG_THAI', 'SLTS', 'SLSS', 'SUA', 'HUY')),
    content_hash         text not null,
    target_slip_id       bigint references registry.slip,
    cancelled_by_slip_id bigint references registry.slip,
    received_at          timestamptz not null default now(),
    unique (commune_key, slip_code),
    foreign key (batch_id, line_no) references staging.change_line (batch_id, line_no)
);
comment on table registry.slip is 'One row per change slip accepted (Phiếu thu tin), including corrections (SUA) and withdrawals (HUY); its content is the staged line (staging.change_line).';
comment on column registry.slip.slip_id is 'Surrogate key of the slip.';
comment on column registry.slip.commune_key is 'Commune (ref.admin_unit) of the slip.';
comment on column registry.slip.slip_code is 'ma_phieu, unique within the commune for ever.';
comment on column registry.slip.batch_id is 'Batch that brought the slip.';
comment on column registry.slip.line_no is 'Line of that batch (staging.change_line).';
comment on column registry.slip.event_type is 'loai_bien_dong, code list E.';
comment on column registry.slip.content_hash is 'Hash of the slip''s content: the same slip sent again changes nothing; other content under the same ma_phieu is E08.';
comment on column registry.slip.target_slip_id is 'For SUA and HUY: the slip corrected or withdrawn.';
comment on column registry.slip.cancelled_by_slip_id is 'The HUY slip that withdrew this slip, if any.';
comment on column registry.slip.received_at is 'When the slip was accepted.';

create table registry.event (
    event_id          bigint generated always as identity primary key,
    root_slip_id      bigint not null unique references registry.slip,
    effective_slip_id bigint not null references registry.slip,
    event_type        text not null check (event_type in ('SINH', 'CHET', 'DI', 'DEN', 'KET_HON', 'LY_HON', 'BPTT',
                                                          'MANG_THAI', 'SLTS', 'SLSS')),
    event_date        date not null,
    commune_key       integer not null references ref.admin_unit,
    person_id         bigint references registry.person,
    mother_person_id  bigint references registry.person,
    cancelled         boolean not null default false,
    updated_at        timestamptz not null default now()
);
comment on table registry.event is 'One row per event reported (a slip that is not SUA or HUY), as last corrected: the fact the register and the indicators count. Cancelled events (HUY) are kept, marked.';
comment on column registry.event.event_id is 'Surrogate key of the event.';
comment on column registry.event.root_slip_id is 'The slip that first reported the event.';
comment on column registry.event.effective_slip_id is 'The slip whose content holds now: the root slip or its latest correction (SUA) not withdrawn.';
comment on column registry.event.event_type is 'Code list E (SINH … SLSS).';
comment on column registry.event.event_date is 'ngay_su_kien of the effective slip: the period the event counts in.';
comment on column registry.event.commune_key is 'Commune where the event was recorded.';
comment on column registry.event.person_id is 'The subject (for SINH and DEN the person who joined).';
comment on column registry.event.mother_person_id is 'The mother (SINH).';
comment on column registry.event.cancelled is 'True when the event was withdrawn (HUY): it no longer counts nor acts on the register.';
comment on column registry.event.updated_at is 'When the event was last corrected or withdrawn.';
create index event_person on registry.event (person_id) where not cancelled;
create index event_mother on registry.event (mother_person_id) where not cancelled;
create index event_date on registry.event (commune_key, event_date);

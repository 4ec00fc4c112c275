create table audit.batch (
    batch_id       bigint generated always as identity primary key,
    file_name      text not null,
    file_path      text,
    sha256         text not null check (sha256 ~ '^[0-9a-f]{64}$'),
    kind           text not null check (kind in ('a0', 'changes')),
    status         text not null check (status in ('accepted', 'accepted_with_warnings', 'rejected')),
    encoding       text,
    delimiter      text,
    as_of          date,
    rows_read      integer not null default 0,
    rows_accepted  integer not null default 0,
    rows_rejected  integer not null default 0,
    rows_duplicate integer not null default 0,
    received_at    timestamptz not null,
    loaded_at      timestamptz not null default now(),
    loaded_by      text not null default current_user,
    check (rows_read = rows_accepted + rows_rejected + rows_duplicate)
);
comment on table audit.batch is 'One row per file received (Lô dữ liệu): its identity, how it was read and what became of its lines. A file loads whole or not at all, in the same transaction as this row.';
comment on column audit.batch.batch_id is 'Batch number.';
comment on column audit.batch.file_name is 'File name as received.';
comment on column audit.batch.file_path is 'Path the file was read from.';
comment on column audit.batch.sha256 is 'SHA-256 of the file bytes: the same content is never loaded twice (rule F04).';
comment on column audit.batch.kind is 'a0 (household register, Sổ A0) or changes (monthly change slips, P0).';
comment on column audit.batch.status is 'accepted, accepted_with_warnings (loaded; warnings or rejected lines), rejected (nothing loaded).';
comment on column audit.batch.encoding is 'Character encoding detected (UTF-8, UTF-16LE, WINDOWS-1258, TCVN3…).';
comment on column audit.batch.delimiter is 'Field delimiter detected.';
comment on column audit.batch.as_of is 'Register date (ngày chốt sổ) of an A0 file.';
comment on column audit.batch.rows_read is 'Data lines read (header and blank lines excluded).';
comment on column audit.batch.rows_accepted is 'Lines loaded.';
comment on column audit.batch.rows_rejected is 'Lines kept in quarantine with their findings.';
comment on column audit.batch.rows_duplicate is 'Identical repeated lines, kept once.';
comment on column audit.batch.received_at is 'When the warehouse received the file (or the time stated with --received-at when back-loading).';
comment on column audit.batch.loaded_at is 'When the load committed.';
comment on column audit.batch.loaded_by is 'Database role that loaded it.';
create unique index batch_loaded_once on audit.batch (sha256) where status <> 'rejected';

create table audit.finding (
    batch_id    bigint not null references audit.batch on delete cascade,
    line_no     integer not null,
    rule        text not null check (rule ~ '^[FRE][0-9]{2}$'),
    severity    text not null check (severity in ('error', 'warning', 'info')),
    column_name text,
    value       text,
    message_vi  text not null,
    message_en  text not null
);
comment on table audit.finding is 'One row per finding of the checks of feeds.md §6 in a batch.';
comment on column audit.finding.batch_id is 'Batch the finding belongs to.';
comment on column audit.finding.line_no is 'Physical line in the file (the header is line 1).';
comment on column audit.finding.rule is 'Rule code (F01–F05, R01–R16, E01–E11).';
comment on column audit.finding.severity is 'error (line or file not loaded), warning (loaded, kept), info.';
comment on column audit.finding.column_name is 'Machine name of the column concerned.';
comment on column audit.finding.value is 'The offending value as written.';
comment on column audit.finding.message_vi is 'Message in Vietnamese.';
comment on column audit.finding.message_en is 'Message in English.';
create index finding_batch on audit.finding (batch_id, line_no);

-- Runs of drop-folder pipelines (danso pipeline run NAME) and what each did with each file.
-- Written in short transactions of their own, apart from the ingests: a run row exists from
-- the moment the run starts, so a run that died shows as 'running' with no finished_at.

create table audit.pipeline_run (
    run_id            bigint generated always as identity primary key,
    pipeline          text not null,
    definition_sha256 text not null check (definition_sha256 ~ '^[0-9a-f]{64}$'),
    source_dir        text not null,
    started_at        timestamptz not null,
    finished_at       timestamptz,
    status            text not null default 'running' check (status in ('running', 'succeeded', 'failed')),
    files_found       integer not null default 0 check (files_found >= 0),
    files_ingested    integer not null default 0 check (files_ingested >= 0),
    files_rejected    integer not null default 0 check (files_rejected >= 0),
    files_skipped     integer not null default 0 check (files_skipped >= 0),
    files_failed      integer not null default 0 check (files_failed >= 0),
    files_unmatched   integer not null default 0 check (files_unmatched >= 0),
    host_name         text not null,
    os_user           text not null,
    message           text,
    check ((status = 'running') = (finished_at is null)),
    check (finished_at >= started_at),
    check (status = 'running' or message is not null
           or files_found = files_ingested + files_rejected + files_skipped + files_failed),
    check (status <> 'succeeded' or files_failed = 0)
);
comment on table audit.pipeline_run is 'One row per run of a drop-folder pipeline (Lần chạy quy trình): when, on what definition, by whom, and how many files it found and what became of them. Inserted when the run starts, updated when it ends.';
comment on column audit.pipeline_run.run_id is 'Run number.';
comment on column audit.pipeline_run.pipeline is 'Pipeline name (the definition file pipelines/<name>.yaml).';
comment on column audit.pipeline_run.definition_sha256 is 'SHA-256 of the definition file as it was read for this run: tells which version of the definition ran.';
comment on column audit.pipeline_run.source_dir is 'Absolute path of the drop folder the run looked in.';
comment on column audit.pipeline_run.started_at is 'When the run started.';
comment on column audit.pipeline_run.finished_at is 'When the run ended; null while running (or when the run died).';
comment on column audit.pipeline_run.status is 'running, succeeded (no file hit an error; files may still be rejected), failed (a file hit an error and was left in place, or the run could not go on).';
comment on column audit.pipeline_run.files_found is 'Files matched by a step of the definition (unmatched files not included).';
comment on column audit.pipeline_run.files_ingested is 'Files ingested (accepted, accepted with warnings or partly rejected, or recognised as already loaded) and moved to the archive folder.';
comment on column audit.pipeline_run.files_rejected is 'Files rejected whole and moved to the rejected folder.';
comment on column audit.pipeline_run.files_skipped is 'Files of a kind no ingestor handles yet, left in place.';
comment on column audit.pipeline_run.files_failed is 'Files whose ingest or move hit an error, left in place (or loaded but not moved; see pipeline_step.message).';
comment on column audit.pipeline_run.files_unmatched is 'Files in the drop folder that no step pattern matches, left in place.';
comment on column audit.pipeline_run.host_name is 'Machine the run ran on.';
comment on column audit.pipeline_run.os_user is 'Operating-system user that ran it.';
comment on column audit.pipeline_run.message is 'Why the run stopped before handling every file (e.g. the drop folder is missing); null otherwise.';
create index pipeline_run_by_pipeline on audit.pipeline_run (pipeline, started_at);

create table audit.pipeline_step (
    run_id         bigint not null references audit.pipeline_run on delete cascade,
    step_no        integer not null check (step_no >= 1),
    definition_step integer not null check (definition_step >= 1),
    kind           text not null check (kind in ('a0', 'changes')),
    file_name      text not null,
    period         text,
    batch_id       bigint references audit.batch,
    started_at     timestamptz not null,
    finished_at    timestamptz not null,
    lines_read     integer not null default 0 check (lines_read >= 0),
    lines_accepted integer not null default 0 check (lines_accepted >= 0),
    lines_rejected integer not null default 0 check (lines_rejected >= 0),
    outcome        text not null check (outcome in ('accepted', 'accepted_with_warnings', 'rejected', 'duplicate', 'skipped', 'error')),
    moved_to       text,
    message        text,
    primary key (run_id, step_no),
    check (finished_at >= started_at),
    check (lines_accepted + lines_rejected <= lines_read),
    check (outcome not in ('skipped', 'error') or moved_to is null),
    check (outcome in ('skipped', 'error') or moved_to is not null)
);
comment on table audit.pipeline_step is 'One row per file handled by a pipeline run (Bước của lần chạy), in the order the run took them: which step took it, the batch it gave, its lines, its outcome and where it went.';
comment on column audit.pipeline_step.run_id is 'Run the file was handled in.';
comment on column audit.pipeline_step.step_no is 'Position of the file in the run (1 = first handled).';
comment on column audit.pipeline_step.definition_step is 'Position in the definition of the step whose patterns matched the file (1 = first step).';
comment on column audit.pipeline_step.kind is 'a0 (household register) or changes (monthly change slips, P0).';
comment on column audit.pipeline_step.file_name is 'Path of the file below the drop folder, as it arrived.';
comment on column audit.pipeline_step.period is 'Period read from the file to order it: register date (A0, yyyy-mm-dd) or reporting month (changes, yyyy-mm); null when unreadable.';
comment on column audit.pipeline_step.batch_id is 'Batch the ingest recorded (accepted or rejected); null when it recorded none (duplicate, skipped, error).';
comment on column audit.pipeline_step.started_at is 'When handling the file started.';
comment on column audit.pipeline_step.finished_at is 'When the file was ingested and moved (or left).';
comment on column audit.pipeline_step.lines_read is 'Data lines read (as in audit.batch.rows_read); 0 when not ingested.';
comment on column audit.pipeline_step.lines_accepted is 'Lines loaded.';
comment on column audit.pipeline_step.lines_rejected is 'Lines kept in quarantine.';
comment on column audit.pipeline_step.outcome is 'accepted, accepted_with_warnings (loaded; warnings or some lines rejected), rejected (nothing loaded), duplicate (same content loaded before, nothing changed) — these moved; skipped (no ingestor for this kind yet) and error (ingest or move failed) — left in place.';
comment on column audit.pipeline_step.moved_to is 'Absolute path the file was moved to (archive or rejected folder), its report beside it as <name>.report.json; null when left in place.';
comment on column audit.pipeline_step.message is 'Why the file was skipped or what error it hit; null otherwise.';
create index pipeline_step_batch on audit.pipeline_step (batch_id) where batch_id is not null;

-- The warehouse's schemas, one per layer (dbt style: sources → staging → register → star → marts).
create extension if not exists btree_gist;

create schema if not exists ref;
comment on schema ref is 'Official reference lists: administrative units with their validity, the 2025 crosswalk, ethnic groups. Danh mục dùng chung.';
create schema if not exists staging;
comment on schema staging is 'Lines of commune files as read and checked, per batch, and the quarantine of rejected lines. Dữ liệu tạm theo lô.';
create schema if not exists registry;
comment on schema registry is 'The history-keeping population register: households and people with validity intervals. Sổ hộ dân cư theo thời gian.';
create schema if not exists dw;
comment on schema dw is 'Star schemas (dimensions and facts) for analysts. Kho dữ liệu hình sao.';
create schema if not exists mart;
comment on schema mart is 'Indicator values ready to publish. Chỉ tiêu dân số.';
create schema if not exists audit;
comment on schema audit is 'Batches received, their findings, and the migrations applied. Nhật ký nạp dữ liệu.';

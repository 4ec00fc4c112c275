# danso — the two commands a new machine needs: `make demo` and `make test`.
SWIFT      ?= swift
BUILD_DIR  ?= .build
DANSO_HOME ?= $(CURDIR)/.danso
DANSO      := $(BUILD_DIR)/debug/danso
DEMO_DAY   ?= 2023-12-31
export DANSO_HOME

.PHONY: deps build demo test clean stop

## Debian packages (PostgreSQL, libpq-dev, libcsv-dev), installed only when missing.
deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR)

## Starts the embedded PostgreSQL, migrates, ingests the sample registers, prints the figures.
demo: build
	$(DANSO) db start
	$(DANSO) migrate
	$(DANSO) ingest a0 --report $(DANSO_HOME)/reports/ \
		sample-feeds/a0_25489_tan_lap_2023-12-31.csv \
		sample-feeds/a0_25519_tan_ha_2023-12-31.csv \
		sample-feeds/a0_25555_suoi_da_2023-12-31.csv \
		sample-feeds/a0_25489_tan_lap_2024-06-30.csv
	@echo
	@echo "== Huyện / Districts, $(DEMO_DAY)"
	$(DANSO) indicators --date $(DEMO_DAY) --level district
	@echo
	@echo "== Tỉnh / Province, $(DEMO_DAY)"
	$(DANSO) indicators --date $(DEMO_DAY) --level province
	@echo
	@echo "== Xã / Communes, 2024-06-30 (Tân Lập đã cập nhật sổ / Tân Lập sent a newer register)"
	$(DANSO) indicators --date 2024-06-30 --level commune

## Builds and runs every test against throwaway PostgreSQL clusters.
test: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --scratch-path $(BUILD_DIR) --skip-build

stop:
	-$(DANSO) db stop

clean: stop
	rm -rf $(BUILD_DIR) $(DANSO_HOME)

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

## Starts the embedded PostgreSQL, migrates, drops copies of the sample files into
## $(DANSO_HOME)/drop and runs the `communes` pipeline on them, prints the figures.
## The committed samples are copied, never moved; run again, the copies are recognised as
## already loaded (F04) and archived beside the first ones.
demo: build
	$(DANSO) db start
	$(DANSO) migrate
	mkdir -p $(DANSO_HOME)/drop
	cp sample-feeds/*.csv $(DANSO_HOME)/drop/
	if [ -d sample-feeds/changes ]; then cp -r sample-feeds/changes $(DANSO_HOME)/drop/; fi
	$(DANSO) pipeline run communes
	@echo
	@echo "== Huyện / Districts, $(DEMO_DAY)"
	$(DANSO) indicators --date $(DEMO_DAY) --level district
	@echo
	@echo "== Tỉnh / Province, $(DEMO_DAY)"
	$(DANSO) indicators --date $(DEMO_DAY) --level province
	@echo
	@echo "== Xã / Communes, 2024-12-31 (sau 12 tháng biến động / after twelve months of change slips)"
	$(DANSO) indicators --date 2024-12-31 --level commune

## Builds and runs every test against throwaway PostgreSQL clusters.
test: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --scratch-path $(BUILD_DIR) --skip-build

stop:
	-$(DANSO) db stop

clean: stop
	rm -rf $(BUILD_DIR) $(DANSO_HOME)

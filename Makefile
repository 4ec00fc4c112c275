# danso — the two commands a new machine needs: `make demo` and `make test`.
SWIFT      ?= swift
BUILD_DIR  ?= .build
DANSO_HOME ?= $(CURDIR)/.danso
DANSO      := $(BUILD_DIR)/debug/danso
DEMO_DAY   ?= 2023-12-31
DEMO_YEAR  ?= 2024
MAIN_INDICATORS ?= POP,POP_AVG,HOUSEHOLDS,SEX_RATIO,BIRTHS,CBR,GFR,TFR,SRB,DEATHS,CDR,IMR,NIR,IN_MIGRANTS,OUT_MIGRANTS,NET_MIG_RATE,MWRA,CPR,MCPR,ELDERLY_PCT,AGEING_INDEX,ONTIME_PCT,MOBILE_PCT
export DANSO_HOME

.PHONY: deps build demo test clean stop

## Debian packages (PostgreSQL, libpq-dev, libcsv-dev), installed only when missing.
deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR)

## Starts the embedded PostgreSQL, migrates, drops copies of the sample files into
## $(DANSO_HOME)/drop and runs the `communes` pipeline on them (which refreshes the star schema
## and the indicator mart once, after the last file), prints the figures of a day, then ends with
## the province's and districts' main indicators of the sample year from the mart.
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
	@echo
	@echo "== Tỉnh / Province, năm / year $(DEMO_YEAR): chỉ tiêu chính / main indicators (danso indicators --period)"
	$(DANSO) indicators --period $(DEMO_YEAR) --level province --indicator $(MAIN_INDICATORS)
	@echo "== Huyện / Districts, năm / year $(DEMO_YEAR)"
	$(DANSO) indicators --period $(DEMO_YEAR) --level district --indicator $(MAIN_INDICATORS)

## Builds and runs every test against throwaway PostgreSQL clusters.
test: deps
	$(SWIFT) build --scratch-path $(BUILD_DIR) --build-tests
	$(SWIFT) test --scratch-path $(BUILD_DIR) --skip-build

stop:
	-$(DANSO) db stop

clean: stop
	rm -rf $(BUILD_DIR) $(DANSO_HOME)

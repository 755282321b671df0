# Firedrill: the two commands a new user runs are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN   ?= mvn -B -ntp
STACK := bin/firedrill-stack
BUILT := platform/stack/target/firedrill-stack.jar

.PHONY: help setup build up services-up down status logs smoke demo test coverage check-alerting verify-dashboards chaos chaos-list chaos-levers chaos-catalog helm-files drill drill-status test-drills nightly traffic bench bench-stack bench-traffic bench-saga bench-flash-sale bench-observability soak clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

setup: ## Install missing Debian packages (MariaDB, Prometheus, Alertmanager) with apt-get
	@scripts/setup.sh

build: setup ## Compile every module and fetch Maven dependencies (no tests)
	$(MVN) -q -DskipTests package

$(BUILT):
	@$(MAKE) --no-print-directory build

up: setup $(BUILT) ## Start the local stack (idempotent) and wait until every component is healthy
	@$(STACK) up

services-up: up ## Start cdc-relay and the five services (after the infrastructure) from their built jars
	@$(STACK) up --services

down: ## Stop every process of the local stack and the services; checks none is left
	@run="$${FIREDRILL_HOME:-.firedrill}/run"; if [[ ! -f $(BUILT) ]] && compgen -G "$$run/*.json" >/dev/null; then \
	  echo "firedrill-stack is not built but $$run has run records: building it to stop the stack"; \
	  $(MVN) -q -DskipTests -pl platform/stack -am package; fi
	@if [[ -f $(BUILT) ]]; then $(STACK) down; else echo "nothing built, nothing to stop"; fi

status: $(BUILT) ## Table: component, pid, port, healthy, uptime, RSS
	@$(STACK) status

logs: $(BUILT) ## Tail a component's log: make logs COMPONENT=kafka
	@$(STACK) logs $(COMPONENT)

smoke: $(BUILT) ## Round trip through every component (Kafka, MariaDB replica, S3, Mongo, alert path, Zipkin)
	@$(STACK) smoke

# The judged checkout rate of the demo: about 60% of what two cores sustain (bench-saga: 8/s kept them 80% busy).
DEMO_RATE ?= 6
# The judged step's thresholds; the warm-up rounds after the cache restart end at the first round that meets them.
DEMO_THRESHOLDS = --max-error-rate 1% --e2e-p99 2s
DEMO_STEADY_ROUNDS ?= 6
# Unjudged checkouts at 5/s that warm the services' JIT before the judged step.
DEMO_WARM_UP = synthetic-data/bin/firedrill-traffic run --profile constant --rate 5 --progress off --no-metrics --completion-timeout 60s
demo: build ## Everything up, a smoke through each server, checkout traffic, then the oversell incident reproduced
	@$(STACK) up
	@$(STACK) up --services
	@echo; $(STACK) status; echo
	@$(STACK) smoke
	@echo; echo "== warm-up: 40 s of checkouts at 5/s, not judged (fresh JVMs took 30 s per saga at first; the JIT needs traffic)"
	@$(DEMO_WARM_UP) --duration 40s --seed 7 -o .firedrill/demo/warm-up | grep -E '^(PASS|FAIL|  checkout_completed)' || true
	@echo; echo "== start-up cache: on the first run after a build the services restart once, writing their caches from the warm-up"
	@$(STACK) start-up-cache
	@echo; echo "== warm-up until steady: 20 s rounds at $(DEMO_RATE)/s until one meets the judged thresholds, at most $(DEMO_STEADY_ROUNDS) (the JIT compiles for a minute or two after the restart)"
	@for round in $$(seq 1 $(DEMO_STEADY_ROUNDS)); do \
	  dir=.firedrill/demo/warm-up-steady-$$round; mkdir -p $$dir; \
	  synthetic-data/bin/firedrill-traffic run --profile constant --rate $(DEMO_RATE) --duration 20s --seed $$((100 + round)) \
	    --progress off --no-metrics --completion-timeout 60s $(DEMO_THRESHOLDS) -o $$dir > $$dir/output.txt 2>&1; rc=$$?; \
	  echo "round $$round: $$(grep -E '^  checkout_completed' $$dir/output.txt | tr -s ' ' | sed 's/^ //')"; \
	  if [[ $$rc -eq 0 ]]; then echo "steady after $$round round(s)"; break; fi; \
	  if [[ $$round -eq $(DEMO_STEADY_ROUNDS) ]]; then echo "not steady after $(DEMO_STEADY_ROUNDS) rounds: the judged step runs anyway"; fi; \
	done
	@echo; echo "== 20 s of checkout traffic ($(DEMO_RATE)/s, seed 42): passes only if under 1% of requests and checkouts fail and 99% of checkouts complete within 2 s"
	@synthetic-data/bin/firedrill-traffic run --profile constant --rate $(DEMO_RATE) --duration 20s --seed 42 $(DEMO_THRESHOLDS) -o .firedrill/demo/traffic
	@echo; echo "== the oversell incident, reproduced (confirm guard off) and detected"
	@bin/firedrill-chaos run oversell --mode defect --output .firedrill/demo/oversell-defect
	@echo; echo "Reports: .firedrill/demo/traffic/traffic.html, .firedrill/demo/oversell-defect/report.html"
	@echo "The stack stays up: \`make status\`, \`make chaos-list\`, \`make nightly\`, \`make down\` to stop."

SCENARIO ?=
MODE ?= defect
chaos: $(BUILT) ## Run an incident scenario: make chaos SCENARIO=oversell [MODE=defect|defended]
	@if [[ -z "$(SCENARIO)" ]]; then echo "usage: make chaos SCENARIO=<name> [MODE=defect|defended]; scenarios:"; bin/firedrill-chaos list; exit 2; fi
	@bin/firedrill-chaos run $(SCENARIO) --mode $(MODE)

chaos-list: $(BUILT) ## List the incident scenarios and their modes
	@bin/firedrill-chaos list

chaos-levers: $(BUILT) ## Regenerate chaos/README.md's table of every service's runtime lever (from ChaosLevers)
	@bin/firedrill-chaos levers --write

# The catalog subcommand must be in the jar: rebuild the chaos module when its code changed (e.g. after a merge).
CHAOS_JAR := chaos/target/firedrill-chaos.jar
$(CHAOS_JAR): chaos/pom.xml $(shell find chaos/src/main -name '*.java')
	$(MVN) -q -DskipTests -pl chaos -am package

chaos-catalog: $(CHAOS_JAR) ## Regenerate chaos/faults.json and chaos/README.md's fault table from the scenarios' fault blocks
	@bin/firedrill-chaos catalog --write

helm-files: ## Copy alerting rules, the Alertmanager config and dashboards into the Helm chart (deploy/helm/firedrill/files)
	$(MVN) -q -pl deploy -am test -Dtest=ChartFilesTest -Dfiredrill.write-chart-files=true -Dsurefire.failIfNoSpecifiedTests=false

# The drill CLI must be in the jar: rebuild the drill module when its code or the chaos runner's changed.
DRILL_JAR := drill/target/firedrill-drill.jar
$(DRILL_JAR): drill/pom.xml $(shell find drill/src/main chaos/src/main -name '*.java')
	$(MVN) -q -DskipTests -pl drill -am package

PLAYER ?=
drill: $(DRILL_JAR) ## Start an incident drill (you are paged; see docs/drills.md): make drill [SCENARIO=oversell|control|random] [SEED=7] [PLAYER=ann]
	@bin/firedrill-drill start $(if $(SCENARIO),--scenario $(SCENARIO)) $(if $(filter-out file,$(origin SEED)),--seed $(SEED)) $(if $(PLAYER),--player $(PLAYER))

drill-status: $(DRILL_JAR) ## The running drill's state; finishes an interrupted drill's rollbacks
	@bin/firedrill-drill status

NIGHTLY_OUT ?= .firedrill/nightly
nightly: services-up ## Every scenario in every mode with traffic -> .firedrill/nightly/ (NIGHTLY_OUT=): summary.md, index.html, junit.xml, badge.svg
	@bin/firedrill-chaos nightly --output $(NIGHTLY_OUT)

bench-nightly: services-up ## `make nightly`, then its summary committed as bench/results/nightly.{json,md} (written even when a run failed)
	@status=0; bin/firedrill-chaos nightly --output $(NIGHTLY_OUT) || status=$$?; \
	  cp $(NIGHTLY_OUT)/summary.json bench/results/nightly.json && cp $(NIGHTLY_OUT)/summary.md bench/results/nightly.md; \
	  echo "bench/results/nightly.{json,md} written"; exit $$status

PROFILE ?= constant
RATE ?=
DURATION ?=
SEED ?= 42
TRAFFIC_ARGS ?=
BENCH_ARGS ?=
traffic: $(BUILT) ## Synthetic traffic: make traffic PROFILE=spike RATE=20 DURATION=60s SEED=7 [TRAFFIC_ARGS="--p99 300ms"]
	synthetic-data/bin/firedrill-traffic run --profile $(PROFILE) $(if $(RATE),--rate $(RATE)) $(if $(DURATION),--duration $(DURATION)) --seed $(SEED) $(TRAFFIC_ARGS)

check-alerting: setup ## promtool check/test the rules, amtool check the Alertmanager config
	@scripts/check-alerting.sh

verify-dashboards: $(BUILT) ## Every dashboard panel query and rule expression against the live Prometheus under traffic (needs services-up)
	@scripts/verify-dashboards.sh

test: setup ## Everything CI runs: alerting checks, build, stack up, every module's tests, stack down
	@scripts/test.sh

# The aggregate JaCoCo report of coverage/ (HTML, XML, CSV) and the badge drawn from it.
COVERAGE_REPORT := coverage/target/site/jacoco-aggregate
coverage: ## After `make test`: aggregate coverage report -> coverage/target/site/jacoco-aggregate/ (+ badge.svg), refreshes docs/badges/coverage.svg
	@if ! compgen -G '*/target/jacoco.exec' >/dev/null && ! compgen -G '*/*/target/jacoco.exec' >/dev/null; then \
	  echo "no target/jacoco.exec in any module: run the tests first (make test)" >&2; exit 1; fi
	@# `make test` writes the aggregate when every test passed; only exec data newer than it (a failed or partial run) needs a new one.
	@if [[ -f $(COVERAGE_REPORT)/jacoco.csv && -z "$$(find . -path ./.firedrill -prune -o -name jacoco.exec -newer $(COVERAGE_REPORT)/jacoco.csv -print -quit)" ]]; then \
	  echo "$(COVERAGE_REPORT) is newer than every jacoco.exec: kept"; \
	else echo "$(MVN) -q -DskipTests -pl coverage -am verify"; $(MVN) -q -DskipTests -pl coverage -am verify; fi
	java scripts/CoverageBadge.java $(COVERAGE_REPORT)/jacoco.csv $(COVERAGE_REPORT)/badge.svg
	@mkdir -p docs/badges && cp $(COVERAGE_REPORT)/badge.svg docs/badges/coverage.svg
	@echo "report: $(COVERAGE_REPORT)/index.html; commit docs/badges/coverage.svg to update the README's badge"

test-crash-drills: up ## Long crash drills left out of `make test`: kill -9 of a child relay JVM under 3,000 rows
	$(MVN) -pl services/cdc-relay -am test -Dtest=RelayCrashTest -Dfiredrill.crash-drills=true -Dsurefire.failIfNoSpecifiedTests=false

test-drills: up ## Every drillable scenario drilled by the reference responder (minutes each; left out of `make test`): make test-drills [SCENARIOS=a,b]
	$(MVN) -pl drill -am test -Dtest=ReferenceResponderDrillsEveryScenarioTest -Dfiredrill.drills=true -Dsurefire.failIfNoSpecifiedTests=false $(if $(SCENARIOS),-Dfiredrill.drills.scenarios=$(SCENARIOS))

bench: bench-stack bench-traffic bench-saga bench-flash-sale bench-observability ## Every benchmark; results in bench/results/

bench-stack: $(BUILT) ## Cold start to all-healthy and RSS per component, services' cold start, idle CPU of the whole stack -> bench/results/stack.{json,md}
	@$(STACK) bench --output bench/results/stack

bench-traffic: $(BUILT) ## Traffic generator max rate vs wrk, one core each -> bench/results/traffic.{json,md}
	python3 synthetic-data/bench/bench_traffic.py $(BENCH_ARGS)

SAGA_ARGS ?=
bench-saga: services-up ## Checkouts at rising rates, 60 s each -> bench/results/saga.{json,md} (SAGA_ARGS="--rates 50,100 --step 30s")
	@bench/bin/firedrill-bench-saga $(SAGA_ARGS)

FLASH_SALE_ARGS ?=
bench-flash-sale: services-up ## 10,000 buyers race for 100 units of one SKU within 5 s -> bench/results/flash-sale.{json,md} (FLASH_SALE_ARGS="--buyers 2000 --units 20 --window 2s")
	@bench/bin/firedrill-bench-flash-sale $(FLASH_SALE_ARGS)

SOAK_ARGS ?=
soak: services-up ## The mixed workload at 6/s for 30 min: false alerts, RSS growth, ERROR lines, invariants, table sizes -> bench/results/soak.{json,md} (SOAK_ARGS="--duration 10m")
	@bench/bin/firedrill-bench-soak $(SOAK_ARGS)

bench-observability: up ## Saga capacity cost of tracing (all, 10%) and metrics vs off, in one run -> bench/results/observability.{json,md}
	python3 bench/bench_observability.py $(BENCH_ARGS)

clean: down ## Stop the stack, delete build output and the stack home (.firedrill/)
	$(MVN) -q clean
	rm -rf .firedrill .firedrill-bench

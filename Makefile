# The interface: `make run` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install lock system-deps ingest run serve test lint typecheck unit eval bench clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# The CPU build of torch first: an unpinned torch pulls a multi-GB CUDA build (README: "Installing").
	$(BIN)/pip install --quiet torch==2.13.0
	# Then exactly what CI tested (requirements.lock, from `make lock`), then the project itself.
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Re-pin every dependency after a change to pyproject.toml (pip-tools; uv and poetry miss the CPU torch wheel).
lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "pip-tools>=7.4"
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --no-emit-find-links --no-emit-index-url \
		--output-file requirements.lock pyproject.toml

# Graphviz draws the governance graph; Chromium runs the browser test. Best effort: both need root.
system-deps:
	@command -v dot >/dev/null 2>&1 || { (apt-get update -qq && apt-get install -y -qq --no-install-recommends graphviz) >/dev/null 2>&1 \
		|| echo "note: Graphviz could not be installed; the graph page will list facts without the drawing"; }

ingest: install
	$(BIN)/govdocs ingest

run: install system-deps ingest
	$(BIN)/govdocs serve

serve: install
	$(BIN)/govdocs serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy core ingest index server evaluation cli.py

unit: install
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "!!!!!!!! CHROMIUM IS NOT INSTALLED: the browser test will be SKIPPED (apt-get install -y --no-install-recommends chromium) !!!!!!!!"; fi
	$(BIN)/python -m pytest -q

# Another partnership's papers, read from the team's shared folder beside the clone (never copied in).
DEV_SET ?= ../shared/corpora/dev-partnerships

# The evaluation gate: ingest each corpus into its own data folder, score, fail below evaluation/thresholds.json.
eval: install
	GOVDOCS_DATA_DIR=var/eval $(BIN)/govdocs ingest --quiet
	GOVDOCS_DATA_DIR=var/eval $(BIN)/govdocs evaluate
	@test -d "$(DEV_SET)/documents" || { echo "!!!!!!!! $(DEV_SET) IS MISSING: the evaluation gate needs the dev-partnerships set beside the clone !!!!!!!!"; exit 1; }
	GOVDOCS_DATA_DIR=var/eval-dev GOVDOCS_CORPUS_DIR=$(DEV_SET)/documents $(BIN)/govdocs ingest --quiet
	GOVDOCS_DATA_DIR=var/eval-dev $(BIN)/govdocs evaluate --no-baselines --set $(DEV_SET)
	# Written sets of invented partnerships (evaluation/sets/README.md): a, b, e, f, g and h gated, c and d reported only.
	for set in written-a written-b written-c written-d written-e written-f written-g written-h; do \
		GOVDOCS_DATA_DIR=var/eval-$$set GOVDOCS_CORPUS_DIR=evaluation/sets/$$set/documents $(BIN)/govdocs ingest --quiet && \
		GOVDOCS_DATA_DIR=var/eval-$$set $(BIN)/govdocs evaluate --no-baselines --set evaluation/sets/$$set || exit 1; \
	done

test: install system-deps lint typecheck unit eval

# In-process figures (a 25x synthetic corpus keeps the run near five minutes), then HTTP against govdocs serve.
bench: install
	$(BIN)/python -m evaluation.bench --copies 25
	$(BIN)/python -m evaluation.http_bench

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

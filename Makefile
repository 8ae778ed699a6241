# The two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# `make demo` keeps its settings in var/local.env, which every `atis` command in the
# checkout reads (atis/config.py): development mode, with keys generated under var/.
LOCAL_ENV := var/local.env

.PHONY: demo test bench screenshots lint messages lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.base: requirements/base.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/base.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements/dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -r requirements/dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.base

messages: $(VENV)/.base
	$(BIN)/python scripts/compile_messages.py

$(LOCAL_ENV):
	mkdir -p var
	printf '# Written by make demo: development mode, for this checkout only.\nATIS_DEBUG=1\n' > $@

demo: $(VENV)/.base messages $(LOCAL_ENV)
	$(BIN)/atis migrate --no-input -v 0
	$(BIN)/atis collectstatic --no-input -v 0
	$(BIN)/atis demo-data --seed 1 --scale 1
	@echo "ATIS is at http://127.0.0.1:8000/ (stop with Ctrl+C); the job consumer runs beside it"
	$(BIN)/atis run_huey --quiet & consumer=$$!; trap 'kill $$consumer' EXIT; \
		$(BIN)/atis runserver 127.0.0.1:8000

test: $(VENV)/.dev messages
	bash scripts/test.sh

# The user guides' screenshots, taken by the browser tests on the demo data.
screenshots: $(VENV)/.dev messages
	ATIS_SCREENSHOTS=docs/user-guide/screenshots $(BIN)/pytest -q -p no:randomly \
		atis/web/tests/test_browser_user_guide.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# `make bench SCALE=100000`: the scale of the benchmark dataset (persons and reports).
SCALE ?= $(or $(ATIS_BENCH_SCALE),1000000)
bench: $(VENV)/.dev messages
	ATIS_BENCH_SCALE=$(SCALE) $(BIN)/python -m benchmarks

lock: $(VENV)/.dev
	cd requirements && ../$(BIN)/pip-compile -q --strip-extras --generate-hashes -o base.txt ../pyproject.toml
	cd requirements && ../$(BIN)/pip-compile -q --allow-unsafe --strip-extras --generate-hashes --extra dev -o dev.txt ../pyproject.toml

clean:
	rm -rf $(VENV) var/static

# Sikkerhetsguiden — every command a developer or CI runs. `make help` lists them.
SHELL := /bin/bash
# Rasa sends usage data and crash reports to Rasa's servers unless told not to;
# conversations may hold health information, so nothing leaves the machine.
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
MODEL := models/sikkerhetsguiden.tar.gz
# Everything a trained model depends on: retrain only when one of these changed.
# (data/knowledge and data/scenarios are read at run time, so they need no retraining.)
MODEL_INPUTS := config.yml domain.yml $(shell find data/nlu data/rules data/stories bot/nlu -type f \( -name '*.yml' -o -name '*.py' \) 2>/dev/null | sort)

# Python 3.10 is required (Rasa 3.6 supports 3.8–3.10). Set PYTHON310 to
# override; otherwise try PATH, then pyenv's versions, then common locations.
define find_python310
for c in "$${PYTHON310:-}" python3.10 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.10*/bin/python3.10 2>/dev/null) /usr/local/bin/python3.10 /usr/bin/python3.10; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; then command -v "$$c" || echo "$$c"; exit 0; fi; \
done; exit 1
endef

.PHONY: help
help: ## Show this list
	@grep -hE '^[a-zA-Z0-9_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

$(INSTALLED): requirements/lock.txt pyproject.toml
	@py=$$($(find_python310)) || { echo "Fant ikke Python 3.10. Installer den (f.eks. 'pyenv install 3.10') eller sett PYTHON310=/sti/til/python3.10." >&2; exit 1; }; \
	echo "==> Python 3.10: $$py"; \
	[ -x $(PY) ] || "$$py" -m venv $(VENV)
	@echo "==> Installerer låste avhengigheter i $(VENV)"
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	$(PY) -m bot.cli.spacy_model install
	@touch $@

.PHONY: setup
setup: $(INSTALLED) ## Install everything into .venv (idempotent)

$(MODEL): $(INSTALLED) $(MODEL_INPUTS)
	@echo "==> Trener modellen (data eller konfigurasjon er endret)"
	$(RASA) train --fixed-model-name sikkerhetsguiden --out models --num-threads 2
	@touch $@

.PHONY: train
train: $(MODEL) ## Train the model if data or config changed

.PHONY: run
run: $(MODEL) ## Install, train if needed, and start both servers (Ctrl-C stops)
	$(PY) -m bot.cli.serve

.PHONY: shell
shell: $(MODEL) ## Talk to the assistant in the terminal (starts the action server too)
	$(PY) -m bot.cli.serve --shell

.PHONY: lint
lint: $(INSTALLED) ## Ruff lint and format check
	$(VENV)/bin/ruff check bot actions tests
	$(VENV)/bin/ruff format --check bot actions tests

.PHONY: format
format: $(INSTALLED) ## Format the code with ruff
	$(VENV)/bin/ruff format bot actions tests
	$(VENV)/bin/ruff check --fix bot actions tests

.PHONY: types
types: $(INSTALLED) ## mypy on bot/ and actions/
	$(VENV)/bin/mypy

.PHONY: unit
unit: $(INSTALLED) ## pytest for bot/ and actions/ (no servers, no model)
	$(VENV)/bin/pytest -m "not e2e" -q

.PHONY: validate
validate: $(INSTALLED) ## rasa data validate --fail-on-warnings
	$(RASA) data validate --fail-on-warnings

.PHONY: test-stories
test-stories: $(MODEL) ## rasa test on the test stories, failing on any prediction error
	$(RASA) test core --stories tests/stories --model $(MODEL) --fail-on-prediction-errors --out results/core

# Two held-out sets, both kept out of training (tests/test_consistency.py checks it):
# the first one (close to the guide's wording) and the realistic one, written the
# way staff type (long, typos, Nynorsk, dialect), which is the one that matters.
.PHONY: test-nlu
test-nlu: $(MODEL) ## Held-out NLU tests; fail below weighted intent F1 0.90 on each (goal for tests/nlu_realistic.yml: 0.92)
	@mkdir -p results
	$(RASA) test nlu --nlu tests/test_nlu.yml --model $(MODEL) --out results/nlu > results/nlu.log 2>&1 || { tail -20 results/nlu.log; exit 1; }
	$(PY) -m bot.cli.nlu_check results/nlu --min-f1 0.90
	$(RASA) test nlu --nlu tests/nlu_realistic.yml --model $(MODEL) --out results/nlu-realistic > results/nlu-realistic.log 2>&1 || { tail -20 results/nlu-realistic.log; exit 1; }
	$(PY) -m bot.cli.nlu_check results/nlu-realistic --min-f1 0.90

.PHONY: nlu-report
nlu-report: $(INSTALLED) ## 3-fold cross-validation of data/nlu (slow: trains three models)
	$(RASA) test nlu --nlu data/nlu --cross-validation --folds 3 --out results/nlu-cv
	$(PY) -m bot.cli.nlu_check results/nlu-cv --min-f1 0

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

.PHONY: npm
npm: node_modules/.package-lock.json ## Install the pinned front-end packages (node/npm; `make run` does not need them)

.PHONY: vendor
vendor: node_modules/.package-lock.json ## Refresh bot/channels/static/vendor/ from node_modules
	$(PY) -m bot.channels.vendor

.PHONY: browser
browser: ## Debian's Chromium for the browser tests (Playwright never downloads one)
	@command -v chromium >/dev/null || { echo "==> Installing Debian's chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

.PHONY: e2e
e2e: $(MODEL) node_modules/.package-lock.json ## Start the real servers and talk to them over HTTP (and a real browser)
	$(VENV)/bin/pytest -m e2e -q

.PHONY: test
test: lint types check-data unit validate test-stories test-nlu e2e ## Everything CI runs

.PHONY: lock
lock: ## Re-resolve requirements/lock.txt (needs uv; pins releases up to Rasa 3.6.21's date)
	uv pip compile pyproject.toml --extra dev --python-version 3.10 --exclude-newer 2025-01-15 \
	  --generate-hashes -o requirements/lock.txt

.PHONY: clean
clean: ## Remove models, results and runtime state (keeps .venv)
	rm -rf models results var .rasa

.PHONY: bench
bench: $(INSTALLED) ## Train and serve each configuration; compare latency, memory, train time
	$(PY) -m bot.cli.bench

.PHONY: check-data
check-data: $(INSTALLED) ## Validate municipalities, centres, aliases and local overrides; print coverage
	$(PY) -m bot.cli.check_data

.PHONY: eval
eval: $(MODEL) ## Sign reading (denied/asked/…) P/R, realistic held-out NLU F1, then tests/eval/*.yml over REST; FILES=… to choose
	$(PY) -m bot.cli.assertion_report tests/data/assertion_set.yml
	-$(PY) -m bot.cli.assertion_report tests/data/assertion_holdout.yml
	-$(PY) -m bot.cli.assertion_report tests/data/assertion_fresh.yml
	@mkdir -p results
	$(RASA) test nlu --nlu tests/nlu_realistic.yml --model $(MODEL) --out results/nlu-realistic > results/nlu-realistic.log 2>&1 || { tail -20 results/nlu-realistic.log; exit 1; }
	@echo "Realistic held-out NLU set (tests/nlu_realistic.yml):"
	-$(PY) -m bot.cli.nlu_check results/nlu-realistic --min-f1 0.92
	$(PY) -m bot.cli.eval $(FILES)

# The two commands of the README: `make site` and `make test`. Everything runs in .venv,
# with the exact versions (and hashes) pinned in requirements/*.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_DEPS := $(VENV)/.site-deps
DEV_DEPS := $(VENV)/.dev-deps

.PHONY: site test test-engines check lint typecheck workflows install-test bench sample lock clean
# The site tests: those that take the `engine` fixture run once per engine (see safe_commissioning/sites/engines).
ENGINE_TESTS := tests/test_sites.py tests/test_site_stage.py tests/test_hostile_text.py tests/test_public_privacy.py tests/test_provider_market.py

site: $(SITE_DEPS)  ## build both sites from the sample workbook into build/internal and build/public
	$(BIN)/python build.py

# One pytest worker per core; pyproject.toml's --dist loadgroup keeps each module's tests (and builds) on one worker.
test: $(DEV_DEPS) lint typecheck workflows  ## ruff, mypy, the CI workflow and the whole pytest suite, site tests on every engine
	$(BIN)/python -m pytest -n auto

test-engines: $(DEV_DEPS)  ## only the site tests, only on Zensical (make test runs them on every engine)
	SAFE_COMMISSIONING_TEST_ENGINE=zensical $(BIN)/python -m pytest -q -n auto $(ENGINE_TESTS)

check: $(SITE_DEPS)  ## validate the workbook and list every problem
	$(BIN)/python build.py check

lint: $(DEV_DEPS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_DEPS)
	$(BIN)/mypy

workflows: $(DEV_DEPS)  ## check .github/workflows and dependabot.yml against their schemas, and zizmor's audits, offline
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(BIN)/zizmor --offline --no-progress .github/workflows/ .github/dependabot.yml

install-test: $(DEV_DEPS)  ## build the wheel, install it into a fresh venv and build both sites with it, offline
	$(BIN)/python -m pytest -q tests/test_install.py

bench: $(SITE_DEPS)  ## time cold builds at 18, 500, 2000 and 10000 contracts against the floor of this design (record pages and data files alone) and bare MkDocs-material (SIZES=18,500 for fewer)
	$(BIN)/python scripts/bench.py $(if $(SIZES),--sizes $(SIZES))

sample: $(SITE_DEPS)  ## regenerate source/commissioning.xlsx and its illustrative source/history/
	$(BIN)/python scripts/make_sample_workbook.py
	$(BIN)/python scripts/make_sample_history.py

lock:  ## re-pin requirements/*.txt from requirements/*.in (needs network)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile requirements/site.in --python-version 3.11 --generate-hashes --no-header -o requirements/site.txt
	$(BIN)/uv pip compile requirements/dev.in --python-version 3.11 --generate-hashes --no-header -o requirements/dev.txt

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_DEPS): requirements/site.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/site.txt
	touch $@

$(DEV_DEPS): requirements/site.txt requirements/dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/site.txt -r requirements/dev.txt
	touch $(SITE_DEPS) $@

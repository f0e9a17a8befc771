# confexport — every target sets itself up from a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install system-deps bytecode demo test lint bench fuzz clean

install: $(STAMP) system-deps

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@$(MAKE) --no-print-directory bytecode
	@touch $(STAMP)

# An editable install leaves the sources uncompiled, and with PYTHONDONTWRITEBYTECODE
# set every start would compile them again (some 0.1 s); a pip install compiles them.
bytecode:
	@$(BIN)/python -m compileall -q src

# System tools the tests need: Java for W3C EPUBCheck, poppler for pdftotext/pdftoppm,
# zbar-tools for zbarimg (the PDF's QR codes), tmux, zsh and fish for tab completion.
system-deps:
	@sh scripts/system-deps.sh

demo: $(STAMP)
	$(BIN)/confexport build pycascades-2022.md -t all -o out

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks pictures scripts
	$(BIN)/ruff format --check src tests benchmarks pictures scripts
	$(BIN)/mypy src

test: install lint
	$(BIN)/python -m pytest -q

# The property tests with 5,000 generated examples each (CI runs 200).
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -k "properties" tests

bench: $(STAMP)
	@$(BIN)/python -m pip install --quiet -e '.[bench]' || echo "WeasyPrint did not install: its peer row is skipped"
	@$(MAKE) --no-print-directory bytecode
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache build dist
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

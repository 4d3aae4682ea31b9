.PHONY: run test bench lint

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

lint:
	.venv/bin/ruff check resettle tests benchmarks scripts && .venv/bin/lint-imports && .venv/bin/mypy

bench:
	.venv/bin/python benchmarks/run.py --size 100000 --out benchmarks/out/results.json

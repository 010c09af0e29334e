"""`python -m opensota.cli` is the same as the `opensota` command (bench/import_bench.py profiles it)."""

from opensota.cli import main

main()

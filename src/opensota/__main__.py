"""`python -m opensota` is the same as the `opensota` command."""

from opensota.cli import main

main()

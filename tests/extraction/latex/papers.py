"""Helpers for the LaTeX reader's tests: a whole paper around a body, a grid's texts."""

from __future__ import annotations

import textwrap


def paper(body: str, preamble: str = "") -> str:
    """A whole .tex file around a body."""
    return ("\\documentclass{article}\n" + textwrap.dedent(preamble) + "\n\\begin{document}\n"
            + textwrap.dedent(body) + "\n\\end{document}\n")


def texts(table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]

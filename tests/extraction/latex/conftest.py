"""`read_tex`: write a paper into a temporary folder and read it."""

from __future__ import annotations

import pytest

from opensota.extraction.latex import read_latex

from .papers import paper


@pytest.fixture
def read_tex(tmp_path):
    """read_tex(body, preamble="", name="paper.tex") -> Document."""
    def read(body: str, preamble: str = "", name: str = "paper.tex"):
        path = tmp_path / name
        path.write_text(paper(body, preamble), encoding="utf-8")
        return read_latex(path)
    return read

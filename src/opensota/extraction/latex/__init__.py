"""The LaTeX reader: a paper's source (a .tex, .tex.gz, folder or arXiv tarball) as a
`Document` with its tables parsed into grids. See `reader.read_latex`."""

from .reader import read_latex
from .source import SourceError

__all__ = ["read_latex", "SourceError"]

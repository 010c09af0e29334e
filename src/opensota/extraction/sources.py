"""Where a paper's source lives and how it is read, named and fingerprinted.

A source is LaTeX (a .tex or .tex.gz file, a folder, an arXiv tarball) or tables already
parsed from the PDF by GROBID (a .json file). The instance keeps sources it has fetched in
`<data dir>/sources/<arXiv id>` (any of those forms); extraction never downloads, so a
paper without a stored source is simply not extracted. The digest tells the stage whether a
source changed since the paper was last extracted.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from opensota.catalog.identifiers import normalise_arxiv_id
from opensota.extraction.document import Document

# How a stored source of arXiv id X may be named, most specific first ("" is a folder).
SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tex.gz", ".tex", ".json", "")
_ARXIV_IN_NAME = re.compile(r"(?<![\d.])(\d{4}\.\d{4,5})(?:v\d+)?(?![\d])")


class UnreadableSource(ValueError):
    """A source that is missing or cannot be read; the message names it and says why."""


def sources_directory(data_dir: Path) -> Path:
    return data_dir / "sources"


def arxiv_id_in_name(path: Path) -> str | None:
    """The arXiv id a file is named after ("1606.01933v2.tar.gz" -> "1606.01933"), if any."""
    found = _ARXIV_IN_NAME.search(path.name)
    return found.group(1) if found else None


def stored_source(directory: Path, arxiv_id: str) -> Path | None:
    """The stored source of a paper, in any of the forms `SUFFIXES` names, or None."""
    stem = arxiv_id.replace("/", "_")
    for suffix in SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_dir() if suffix == "" else candidate.is_file():
            return candidate
    return None


def stored_sources(directory: Path) -> dict[str, Path]:
    """Every stored source in `directory`, by arXiv id (one per paper: the most specific form)."""
    found: dict[str, Path] = {}
    if not directory.is_dir():
        return found
    for entry in sorted(directory.iterdir()):
        name = entry.name
        suffix = next((s for s in SUFFIXES if s and name.endswith(s)), "")
        if (suffix == "") != entry.is_dir():
            continue
        arxiv_id = normalise_arxiv_id(name[: len(name) - len(suffix)].replace("_", "/"))
        if arxiv_id and (arxiv_id not in found or SUFFIXES.index(suffix) < _rank(found[arxiv_id])):
            found[arxiv_id] = entry
    return found


def _rank(path: Path) -> int:
    return next((i for i, s in enumerate(SUFFIXES) if s and path.name.endswith(s)), len(SUFFIXES) - 1)


def read_source(path: Path) -> Document:
    """The paper in `path` as the extractor reads it; `UnreadableSource` when it cannot be."""
    if not path.exists():
        raise UnreadableSource(f"{path}: no such file or folder")
    if path.is_file() and path.suffix.lower() == ".json":
        from opensota.extraction.grobid import GrobidError, read_grobid

        try:
            return read_grobid(path)
        except GrobidError as error:
            raise UnreadableSource(_naming(path, error)) from None
    from opensota.extraction.latex import SourceError, read_latex

    try:
        return read_latex(path)
    except SourceError as error:
        raise UnreadableSource(_naming(path, error)) from None


def _naming(path: Path, error: Exception) -> str:
    message = " ".join(str(error).split()) or type(error).__name__
    return message if path.name in message else f"{path}: {message}"


def source_digest(path: Path) -> str:
    """A fingerprint of what is in a file or folder (names and bytes of every file in it)."""
    digest = hashlib.sha256()
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(str(file.relative_to(path) if path.is_dir() else file.name).encode() + b"\0")
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()

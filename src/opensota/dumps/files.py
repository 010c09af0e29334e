"""Which dump file is which, and reading one record at a time without loading it whole."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import ijson

# In import order: what later files refer to must already be in the catalog.
KINDS = ("methods", "datasets", "papers", "links", "evaluation-tables")
FILE_STEMS = {
    "methods": "methods",
    "datasets": "datasets",
    "papers": "papers-with-abstracts",
    "links": "links-between-papers-and-code",
    "evaluation-tables": "evaluation-tables",
}


class DumpError(Exception):
    """A dump cannot be imported; the message names the file and the record."""


@dataclass(frozen=True)
class DumpFile:
    kind: str
    path: Path

    @property
    def size(self) -> int:
        return self.path.stat().st_size


def classify(path: Path) -> str:
    """The dump kind of a file, from its name as Papers with Code published it."""
    name = path.name.lower()
    for suffix in (".json.gz", ".json"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            break
    else:
        raise DumpError(f"{path}: not a .json or .json.gz file")
    # Longest stems first, so "papers-with-abstracts" is not taken for something shorter.
    for kind, expected in sorted(FILE_STEMS.items(), key=lambda item: -len(item[1])):
        if stem == expected or stem.startswith(expected + "-") or stem.startswith(expected + "_"):
            return kind
    known = ", ".join(f"{stem}.json[.gz]" for stem in FILE_STEMS.values())
    raise DumpError(f"{path}: unknown dump file name (expected one of {known})")


def find_dump_files(paths: list[Path]) -> list[DumpFile]:
    """Expand directories into the dump files they hold, and order them for import."""
    found: list[DumpFile] = []
    for path in paths:
        if not path.exists():
            raise DumpError(f"{path}: no such file or directory")
        if path.is_dir():
            candidates = sorted(
                p for p in path.iterdir() if p.name.endswith((".json", ".json.gz"))
            )
            matched = []
            for candidate in candidates:
                try:
                    matched.append(DumpFile(classify(candidate), candidate))
                except DumpError:
                    continue
            if not matched:
                raise DumpError(f"{path}: no Papers-with-Code dump files in this directory")
            found.extend(matched)
        else:
            found.append(DumpFile(classify(path), path))
    kinds = [f.kind for f in found]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            raise DumpError(f"more than one {FILE_STEMS[kind]} file given")
    return sorted(found, key=lambda f: KINDS.index(f.kind))


class CountingReader:
    """A file wrapper that tells how many compressed bytes were read, for progress bars."""

    def __init__(self, raw, on_read):
        self._raw = raw
        self._on_read = on_read

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._on_read(len(data))
        return data


def iter_records(dump: DumpFile, on_bytes=None) -> Iterator[tuple[int, dict]]:
    """Yield (record number, record) from the top-level JSON array, one at a time.

    Record numbers start at 1. Any failure to read (truncated gzip, broken JSON, a
    top level that is not an array of objects) becomes a DumpError naming the file
    and the record where reading stopped.
    """
    number = 0
    try:
        with open(dump.path, "rb") as raw:
            source = raw
            if on_bytes is not None:
                source = CountingReader(raw, on_bytes)
            stream = gzip.GzipFile(fileobj=source) if _is_gzip(dump.path) else source
            for number, record in enumerate(ijson.items(stream, "item", use_float=True), start=1):
                if not isinstance(record, dict):
                    raise DumpError(
                        f"{dump.path.name}: record {number}: expected a JSON object, "
                        f"got {type(record).__name__}"
                    )
                yield number, record
            if number == 0:
                _check_is_array(dump.path)
    except DumpError:
        raise
    except (EOFError, OSError, zlib.error, gzip.BadGzipFile) as error:
        raise DumpError(
            f"{dump.path.name}: record {number + 1}: unreadable compressed data ({error})"
        ) from error
    except (ijson.JSONError, ijson.IncompleteJSONError, UnicodeDecodeError, ValueError) as error:
        raise DumpError(
            f"{dump.path.name}: record {number + 1}: invalid JSON ({_first_line(error)})"
        ) from error


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as probe:
        return probe.read(2) == b"\x1f\x8b"


def _check_is_array(path: Path) -> None:
    """An empty result may be `[]` (fine) or a top level that is not an array (not fine)."""
    opener = gzip.open if _is_gzip(path) else open
    with opener(path, "rb") as handle:
        head = handle.read(64).lstrip()
    if not head.startswith(b"["):
        raise DumpError(f"{path.name}: record 1: expected a JSON array of records at the top level")
    try:
        with opener(path, "rb") as handle:
            json.load(handle)
    except ValueError as error:
        raise DumpError(f"{path.name}: record 1: invalid JSON ({_first_line(error)})") from error


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__

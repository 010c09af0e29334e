"""Reading saved GitHub API responses from disk, for `opensota ingest-repos PATH...`.

A crawl is usually saved one endpoint at a time, so a repository's README may sit in
another file than the repository itself (readmes.jsonl sorts before repos.jsonl). Pieces
are therefore joined by lower-cased owner/name: a piece that is complete on its own (a
bundle or gold-set line saying what its README is) is yielded at once, a repository or
README whose partner has not been read yet waits, the README compressed. Only waiting
pieces are held, so 100k repositories fit in memory whatever the file order.

Repositories still waiting at the end have no README and are yielded then; a README still
waiting is an error, reported only once all input is read, so callers that write should
do so in one transaction.
"""

from __future__ import annotations

import codecs
import gzip
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ijson

from opensota.catalog.identifiers import repository_parts
from opensota.github.shapes import (
    RepoInputError,
    decode_content,
    repo_record_from_api,
    repo_record_from_gold,
)
from opensota.linking.records import RepoRecord

SUFFIXES = (".json", ".json.gz", ".jsonl", ".jsonl.gz")
BUNDLE_KEYS = ("repository", "readme", "files", "contributors", "imports", "tree")


def iter_repo_records(paths: Iterable[Path]) -> Iterator[RepoRecord]:
    """Every repository in the given files and directories, each with its README joined."""
    joiner = _Joiner()
    for file in input_files(paths):
        for where, value in _values(file):
            yield from joiner.add(value, where)
    yield from joiner.finish()


def input_files(paths: Iterable[Path]) -> list[Path]:
    """The input files, directories expanded recursively in sorted order; checked up front."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.is_file() and _is_input(p))
            if not inside:
                raise RepoInputError(f"{path}: no {', '.join(SUFFIXES)} files in this directory")
            found.extend(inside)
        elif path.is_file():
            if not _is_input(path):
                raise RepoInputError(f"{path}: not a {', '.join(SUFFIXES)} file")
            found.append(path)
        else:
            raise RepoInputError(f"{path}: no such file or directory")
    return found


def _is_input(path: Path) -> bool:
    return path.name.lower().endswith(SUFFIXES)


def _values(file: Path) -> Iterator[tuple[str, Any]]:
    """(where, JSON value) for each record of a file; "where" is "FILE: record N"."""
    name = file.name.lower()
    try:
        stream = gzip.open(file, "rb") if name.endswith(".gz") else open(file, "rb")
    except OSError as error:
        raise RepoInputError(f"{file}: cannot open ({error})") from None
    with stream:
        records = _json_lines(stream) if name.endswith((".jsonl", ".jsonl.gz")) else _json_document(stream)
        try:
            for number, value in records:
                if not isinstance(value, list):
                    yield f"{file}: record {number}", value
                    continue
                for index, item in enumerate(value, 1):
                    if isinstance(item, list):
                        raise RepoInputError(f"{file}: record {number} item {index}: nested arrays are not records")
                    yield f"{file}: record {number} item {index}", item
        except _BadRecord as bad:
            raise RepoInputError(f"{file}: record {bad.number}: {bad.detail}") from None


class _BadRecord(Exception):
    def __init__(self, number: int, error: BaseException | str) -> None:
        self.number = number
        text = " ".join(str(error).split()) or type(error).__name__
        self.detail = text if isinstance(error, str) else f"invalid JSON ({text})"


# What reading a damaged, truncated or non-UTF-8 (possibly gzipped) JSON file raises.
_READ_ERRORS = (ValueError, OSError, EOFError, zlib.error, ijson.JSONError)


def _json_lines(stream) -> Iterator[tuple[int, Any]]:
    """One JSON value per line, numbered by line so a message points at the line."""
    lines = iter(stream)
    number = 0
    while True:
        number += 1
        try:
            line = next(lines, None)
            if line is None:
                return
            line = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
            if line.strip():
                yield number, json.loads(line)
        except _READ_ERRORS as error:
            raise _BadRecord(number, error) from None


def _json_document(stream) -> Iterator[tuple[int, Any]]:
    """One JSON value, several concatenated, or an array streamed item by item."""
    try:
        if stream.peek(3)[:3] == codecs.BOM_UTF8:
            stream.read(3)
        while (head := stream.peek(1)[:1]) and head in b" \t\r\n":
            stream.read(1)
    except _READ_ERRORS as error:
        raise _BadRecord(1, error) from None
    if not head:
        raise _BadRecord(1, "empty file, no JSON value")
    values = ijson.items(stream, "item" if head == b"[" else "", multiple_values=True, use_float=True)
    number = 0
    while True:
        number += 1
        try:
            value = next(values)
        except StopIteration:
            return
        except _READ_ERRORS as error:
            raise _BadRecord(number, error) from None
        if head == b"[" and isinstance(value, list):
            raise _BadRecord(number, "nested arrays are not records")
        yield number, value


@dataclass(frozen=True)
class _WaitingReadme:
    path: str
    text: bytes  # zlib-compressed UTF-8; READMEs are most of a repository's weight
    where: str


class _Joiner:
    """Pairs repositories with READMEs given separately, holding only what still waits."""

    def __init__(self) -> None:
        self.repositories: dict[str, RepoRecord] = {}
        self.readmes: dict[str, _WaitingReadme] = {}
        self.seen: dict[str, str] = {}  # slug -> where its repository was given

    def add(self, value: Any, where: str) -> Iterator[RepoRecord]:
        try:
            kind = _kind_of(value)
            if kind == "readme":
                yield from self._readme(value, where)
                return
            record, complete = _repository_piece(kind, value)
        except RepoInputError as error:
            raise RepoInputError(f"{where}: {error}") from None
        slug = record.slug
        if slug in self.seen:
            raise RepoInputError(f"{where}: repository {slug} is given twice (also {self.seen[slug]})")
        self.seen[slug] = where
        waiting = self.readmes.pop(slug, None)
        if complete:
            if waiting is not None:
                raise RepoInputError(
                    f"{where}: repository {slug} has its README and another is given ({waiting.where})"
                )
            yield record
        elif waiting is not None:
            yield _with_readme(record, waiting)
        else:
            self.repositories[slug] = record

    def _readme(self, value: dict, where: str) -> Iterator[RepoRecord]:
        slug = _readme_slug(value)
        path = value.get("path")
        readme = _WaitingReadme(
            path if isinstance(path, str) else "",
            zlib.compress(decode_content(value, "readme").encode()),
            where,
        )
        if slug in self.readmes:
            raise RepoInputError(f"{where}: README of {slug} is given twice (also {self.readmes[slug].where})")
        record = self.repositories.pop(slug, None)
        if record is not None:
            yield _with_readme(record, readme)
        elif slug in self.seen:
            raise RepoInputError(f"{where}: README of {slug} comes after its repository was complete ({self.seen[slug]})")
        else:
            self.readmes[slug] = readme

    def finish(self) -> Iterator[RepoRecord]:
        for slug, readme in self.readmes.items():
            raise RepoInputError(f"{readme.where}: README of {slug} without its repository")
        waiting, self.repositories = self.repositories, {}
        yield from waiting.values()


def _kind_of(value: Any) -> str:
    """Which saved shape a JSON value is: bundle, gold line, README or repository."""
    if not isinstance(value, dict):
        raise RepoInputError(f"expected a JSON object, got {type(value).__name__}")
    if isinstance(value.get("repository"), dict):
        return "bundle"
    if "repo_url" in value:
        return "gold"
    if "content" in value and ("encoding" in value or value.get("type") == "file"):
        return "readme"
    if any(key in value for key in ("full_name", "html_url", "owner", "stargazers_count")):
        return "repository"
    keys = ", ".join(sorted(value)[:8]) or "none"
    raise RepoInputError(
        f"not a GitHub repository, README, bundle or gold-set line (keys: {keys})"
    )


def _repository_piece(kind: str, value: dict) -> tuple[RepoRecord, bool]:
    """The record and whether it is complete: a bundle or gold line with a "readme" key
    (even null: its source says there is none) needs nothing more; a bare repository may."""
    if kind == "gold":
        return repo_record_from_gold(value), "readme" in value
    if kind == "bundle":
        pieces = {key: value.get(key) for key in BUNDLE_KEYS}
        return repo_record_from_api(**pieces), "readme" in value
    return repo_record_from_api(value), False


def _readme_slug(readme: dict) -> str:
    """owner/name of a README's repository, from its API url or its page on github.com."""
    url, html_url = readme.get("url"), readme.get("html_url")
    if isinstance(url, str):
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if "repos" in segments:
            at = segments.index("repos")
            if len(segments) > at + 2:
                return f"{segments[at + 1]}/{segments[at + 2]}".lower()
    if isinstance(html_url, str):
        _, owner, name = repository_parts(html_url)
        if owner and name:
            return f"{owner}/{name}".lower()
    raise RepoInputError("README without a url or html_url naming its repository")


def _with_readme(record: RepoRecord, readme: _WaitingReadme) -> RepoRecord:
    return replace(record, readme=zlib.decompress(readme.text).decode(), readme_path=readme.path)

"""GitHub REST API objects, and the gold set's lines, turned into `RepoRecord`s.

Objects are taken as GitHub sends them: base64 contents broken into lines, recursive
trees of blobs and subtrees, contributor lists with anonymous entries. Contents are
decoded leniently (damaged base64 or text that is not UTF-8 becomes replacement
characters) because a partly garbled README still names its paper. What makes a record
identifiable (owner, name, URL) is required, and a field of the wrong type is an error
rather than a guess, so a bad input file is reported instead of silently linked.
"""

from __future__ import annotations

import base64
import binascii
import fnmatch
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from opensota.catalog.identifiers import repository_parts, repository_url
from opensota.linking.records import RepoRecord

MAX_DEPENDENCY_CHARS = 20_000
MAX_IMPORTS = 300
# Matched case-insensitively against the file's base name, wherever it sits.
DEPENDENCY_FILE_PATTERNS = (
    "requirements*.txt", "setup.py", "setup.cfg", "pyproject.toml",
    "environment*.yml", "environment*.yaml", "dockerfile", "pipfile",
)


class RepoInputError(ValueError):
    """Input cannot be read as a repository; the message is one line saying what is wrong."""


def is_dependency_file(path: str) -> bool:
    """Whether a file declares what the code runs on; the frameworks it names tell the field."""
    name = posixpath.basename(path).lower()
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in DEPENDENCY_FILE_PATTERNS)


def decode_content(content: Mapping | str | None, what: str = "content") -> str:
    """The text of a /readme or /contents object (plain text is taken as is); never fails on bytes."""
    if content is None:
        return ""
    if isinstance(content, str):
        return _clean(content)
    if not isinstance(content, Mapping):
        raise RepoInputError(f"{what} is {_kind(content)}, not an object or text")
    raw = content.get("content") or ""
    if not isinstance(raw, str):
        raise RepoInputError(f"{what}.content is {_kind(raw)}, not text")
    encoding = (content.get("encoding") or "").lower()
    if encoding == "base64":
        return _clean(_lenient_b64decode(raw).decode("utf-8", "replace"))
    # GitHub says "none" (with empty content) for files over 1 MB; anything else is text.
    return _clean(raw)


def _lenient_b64decode(text: str) -> bytes:
    """Decode base64 as GitHub wraps it, salvaging what can be salvaged from damage."""
    cleaned = re.sub(r"[^A-Za-z0-9+/]", "", text.replace("-", "+").replace("_", "/"))
    if len(cleaned) % 4 == 1:  # one stray character cannot encode a byte
        cleaned = cleaned[:-1]
    try:
        return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):  # pragma: no cover - cleaned input always decodes
        return b""


def _clean(text: str) -> str:
    # A byte-order mark is not text; NUL characters cannot be stored in PostgreSQL text.
    return text.removeprefix("\ufeff").replace("\x00", "")


def repo_record_from_api(
    repository: Mapping,
    readme: Mapping | str | None = None,
    files: Mapping[str, Mapping | str] | None = None,
    contributors: Iterable[Mapping | str] | None = None,
    imports: Iterable[str] | None = None,
    tree: Mapping | None = None,
) -> RepoRecord:
    """A record from a /repos/{owner}/{repo} object and, when fetched, its other endpoints.

    `files` maps paths to /contents objects or text (only dependency files are kept, each
    cut at 20,000 characters); `contributors` is the /contributors list; `tree` a
    /git/trees/{branch}?recursive=1 object (a truncated tree is summarised as far as it goes).
    """
    if not isinstance(repository, Mapping):
        raise RepoInputError(f"repository is {_kind(repository)}, not an object")
    owner = repository.get("owner")
    login = owner.get("login") if isinstance(owner, Mapping) else None
    name = repository.get("name")
    html_url = repository.get("html_url")
    missing = [
        label for label, value in (("owner.login", login), ("name", name), ("html_url", html_url))
        if not isinstance(value, str) or not value.strip()
    ]
    if missing:
        known = repository.get("full_name") or repository.get("url")
        about = f"repository {known}" if isinstance(known, str) and known else "repository"
        raise RepoInputError(f"{about} has no {', '.join(missing)}")
    if readme is not None and not isinstance(readme, (Mapping, str)):
        raise RepoInputError(f"readme is {_kind(readme)}, not an object or text")
    top_level, extension_counts = tree_summary(tree) if tree is not None else ((), {})
    return RepoRecord(
        url=repository_url(html_url),
        owner=login.strip(),
        name=name.strip(),
        description=_optional(repository, "description", str) or "",
        topics=_strings(repository.get("topics"), "topics"),
        readme=decode_content(readme, "readme"),
        readme_path=(_optional(readme, "path", str) if isinstance(readme, Mapping) else None) or "",
        stars=_optional(repository, "stargazers_count", int),
        language=_optional(repository, "language", str) or "",
        created_at=_optional(repository, "created_at", str),
        pushed_at=_optional(repository, "pushed_at", str),
        default_branch=_optional(repository, "default_branch", str) or "",
        fork=bool(_optional(repository, "fork", bool)),
        dependency_files=dependency_texts(files),
        imports=_strings(imports, "imports")[:MAX_IMPORTS],
        top_level=top_level,
        extension_counts=extension_counts,
        contributors=contributor_logins(contributors),
    )


def repo_record_from_gold(row: Mapping) -> RepoRecord:
    """A record from a line of the linking gold set (linking-gold/dev.jsonl)."""
    if not isinstance(row, Mapping):
        raise RepoInputError(f"gold-set line is {_kind(row)}, not an object")
    url = _optional(row, "repo_url", str)
    if not url or not url.strip():
        raise RepoInputError("gold-set line has no repo_url")
    _, url_owner, url_name = repository_parts(url)
    owner = _optional(row, "owner", str) or url_owner
    name = _optional(row, "name", str) or url_name
    if not owner or not name:
        raise RepoInputError(f"gold-set line {url} has no owner/name")
    counts = _optional(row, "ext_counts", dict) or {}
    if not all(isinstance(k, str) and isinstance(v, int) for k, v in counts.items()):
        raise RepoInputError(f"gold-set line {url}: ext_counts is not {{extension: count}}")
    return RepoRecord(
        url=repository_url(url),
        owner=owner,
        name=name,
        readme=_clean(_optional(row, "readme", str) or ""),
        readme_path=_optional(row, "readme_path", str) or "",
        stars=_optional(row, "stars", int),
        dependency_files=dependency_texts(_optional(row, "dependency_files", dict)),
        imports=_strings(row.get("imports"), "imports")[:MAX_IMPORTS],
        top_level=_strings(row.get("top_level"), "top_level"),
        extension_counts=counts,
    )


def dependency_texts(files: Mapping[str, Mapping | str] | None) -> dict[str, str]:
    """{path: text} of the dependency files among `files`, each cut at 20,000 characters."""
    if files is None:
        return {}
    if not isinstance(files, Mapping):
        raise RepoInputError(f"files is {_kind(files)}, not {{path: content}}")
    return {
        path: decode_content(content, f"files[{path!r}]")[:MAX_DEPENDENCY_CHARS]
        for path, content in files.items()
        if isinstance(path, str) and is_dependency_file(path)
    }


def contributor_logins(contributors: Iterable[Mapping | str] | None) -> tuple[str, ...]:
    """Logins in the order GitHub ranks them; anonymous contributors (no login) are left out."""
    if contributors is None:
        return ()
    if not isinstance(contributors, (list, tuple)):
        raise RepoInputError(f"contributors is {_kind(contributors)}, not a list")
    logins: dict[str, None] = {}
    for entry in contributors:
        login = entry.get("login") if isinstance(entry, Mapping) else entry
        if isinstance(login, str) and login:
            logins[login] = None
        elif not isinstance(entry, Mapping):
            raise RepoInputError(f"contributors holds {_kind(entry)}, not objects or logins")
    return tuple(logins)


def tree_summary(tree: Mapping) -> tuple[tuple[str, ...], dict[str, int]]:
    """(root entries, files per extension) of a /git/trees object.

    Files without an extension count under their base name ("Makefile", "LICENSE"), so the
    build files that say what a repository is stay visible; dotfiles count as themselves.
    """
    entries = tree.get("tree") if isinstance(tree, Mapping) else None
    if not isinstance(entries, list):
        raise RepoInputError("tree has no 'tree' list of entries")
    top_level: list[str] = []
    counts: Counter[str] = Counter()
    for entry in entries:
        path = entry.get("path") if isinstance(entry, Mapping) else None
        if not isinstance(path, str) or not path:
            raise RepoInputError("tree entry without a path")
        if "/" not in path:
            top_level.append(path)
        if entry.get("type") == "blob":
            counts[extension_key(path)] += 1
    return tuple(top_level), dict(counts)


def extension_key(path: str) -> str:
    """".py" for "src/a.PY"; the base name for a file without extension ("Makefile")."""
    base = posixpath.basename(path)
    extension = posixpath.splitext(base)[1]
    return extension.lower() if extension else base


_IMPORT_LINE = re.compile(r"^(?:import\s+[\w.]|from\s+[\w.]+\s+import\b)")


def import_lines(source: str) -> list[str]:
    """The import statements of Python source, one line each, as the gold set samples them."""
    found: dict[str, None] = {}
    for line in source.splitlines():
        statement = line.split("#", 1)[0].strip()
        if _IMPORT_LINE.match(statement):
            # "from a import (" continues on the next lines; the module is what tells.
            found[statement.rstrip("(\\ ").rstrip()] = None
    return list(found)


def _optional(obj: Mapping, key: str, kind: type) -> Any:
    value = obj.get(key)
    # bool is an int in Python, but a star count of True is a wrong type all the same.
    if value is None or (isinstance(value, kind) and not (kind is int and isinstance(value, bool))):
        return value
    raise RepoInputError(f"{key} is {_kind(value)}, not {kind.__name__}")


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise RepoInputError(f"{what} is not a list of text")


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__

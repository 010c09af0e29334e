"""What the linker knows about a repository and a paper, as plain immutable data.

Every source (GitHub API responses, files of them, the gold sets' JSON lines, the
database) is turned into these records first, so the detection rules never see an ORM
object or an HTTP response and can be tested, benchmarked and parallelised on their own.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Mapping


def _frozen(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class RepoRecord:
    """A code repository as read from its host: metadata, README and the telling files.

    `dependency_files` maps a path (requirements.txt, setup.py, pyproject.toml,
    environment.yml, Dockerfile...) to its text; `imports` is a sample of import lines from
    the code; `top_level` names the files and folders at the root, `extension_counts` counts files by
extension (".py": 12); `contributors` are host logins. Dates are ISO 8601 strings as the host gives
    them.
    """

    url: str
    owner: str
    name: str
    description: str = ""
    topics: tuple[str, ...] = ()
    readme: str = ""
    readme_path: str = ""
    stars: int | None = None
    language: str = ""
    created_at: str | None = None
    pushed_at: str | None = None
    default_branch: str = ""
    fork: bool = False
    dependency_files: Mapping[str, str] = field(default_factory=lambda: _frozen(None))
    imports: tuple[str, ...] = ()
    top_level: tuple[str, ...] = ()
    extension_counts: Mapping[str, int] = field(default_factory=lambda: _frozen(None))
    contributors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept lists and dicts from callers; keep the record hashable and immutable.
        object.__setattr__(self, "topics", tuple(self.topics or ()))
        object.__setattr__(self, "imports", tuple(self.imports or ()))
        object.__setattr__(self, "top_level", tuple(self.top_level or ()))
        object.__setattr__(self, "contributors", tuple(self.contributors or ()))
        object.__setattr__(self, "dependency_files", _frozen(self.dependency_files))
        object.__setattr__(self, "extension_counts", _frozen(self.extension_counts))
        object.__setattr__(self, "readme", self.readme or "")
        object.__setattr__(self, "description", self.description or "")

    @property
    def slug(self) -> str:
        return f"{self.owner}/{self.name}".lower()

    def content_digest(self) -> str:
        """A digest of everything detection reads, so unchanged repositories are skipped."""
        payload = json.dumps(
            [
                self.url, self.owner, self.name, self.description, list(self.topics),
                self.readme, dict(sorted(self.dependency_files.items())), list(self.imports),
                list(self.top_level), dict(sorted(self.extension_counts.items())),
                list(self.contributors), self.fork,
            ],
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class PaperRecord:
    """A paper as the linker sees it: how it can be named and who wrote it.

    `key` is whatever identifies the paper to the caller (a database id, a gold set's
    "p00042"); `urls` are its abstract/PDF/proceedings URLs; `text` is where a paper can
    mention its code (abstract, and its source when known).
    """

    key: str
    title: str = ""
    arxiv_id: str | None = None
    doi: str | None = None
    openreview_id: str | None = None
    urls: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    text: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "urls", tuple(u for u in (self.urls or ()) if u))
        object.__setattr__(self, "authors", tuple(self.authors or ()))
        object.__setattr__(self, "title", self.title or "")
        object.__setattr__(self, "text", self.text or "")

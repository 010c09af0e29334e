"""Recognising papers and repositories by their identifiers and URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html)/(?P<id>\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?",
    re.IGNORECASE,
)
_ARXIV_ID = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})$", re.IGNORECASE)


def arxiv_id_from_url(url: str | None) -> str | None:
    """The versionless arXiv id in an abs/pdf/html URL, or None."""
    if not url:
        return None
    match = _ARXIV_URL.search(url)
    return match.group("id") if match else None


def normalise_arxiv_id(value: str | None) -> str | None:
    """"1810.04805v2" -> "1810.04805"; anything that is not an arXiv id -> None."""
    if not value:
        return None
    value = re.sub(r"v\d+$", "", value.strip())
    return value if _ARXIV_ID.match(value) else None


def repository_parts(url: str) -> tuple[str, str, str]:
    """(host, owner, name) of a code repository URL such as https://github.com/a/b.git."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    owner = segments[0] if segments else ""
    name = segments[1] if len(segments) > 1 else ""
    return host, owner, name.removesuffix(".git")


def repository_slug(url: str) -> str:
    """"owner/name" for GitHub (Papers with Code's convention), "host/owner/name" elsewhere."""
    host, owner, name = repository_parts(url)
    path = "/".join(p for p in (owner, name) if p).lower()
    return path if host == "github.com" else f"{host}/{path}"


def repository_url(url: str) -> str:
    """The repository's own URL for a code link that may point inside it (a tree, a file)."""
    host, owner, name = repository_parts(url)
    if host in ("github.com", "gitlab.com", "bitbucket.org") and owner and name:
        return f"https://{host}/{owner}/{name}"
    return url.strip().rstrip("/")

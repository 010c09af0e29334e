"""A small GitHub REST client that a long crawl can rely on, on the standard library alone.

Crawling 100k repositories runs into every way the API says "not now", so each is handled
the way GitHub documents it:
- conditional requests: the ETag and body of every answer are kept (in memory, and on
  disk when `cache_dir` is given) and sent back as If-None-Match; a 304 is served from the
  cache and, with a token, does not count against the rate limit, so re-crawls are cheap;
- primary rate limit (403/429 with X-RateLimit-Remaining: 0): wait until X-RateLimit-Reset;
- secondary rate limit: wait Retry-After seconds, or a minute when GitHub gives no time;
- 5xx, dropped connections and timeouts: retry with exponential back-off (1, 2, 4, 8 s).
A wait longer than `max_wait` raises `RateLimited` instead, saying when the limit resets,
so a caller can stop cleanly and resume later. Sleeping and the clock are injected so all
of this is tested without waiting.

The token (argument or GITHUB_TOKEN) is sent only as a header, never logged or put in a
message, and is dropped when GitHub redirects to another host.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import time
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from opensota import __version__
from opensota.github.shapes import (
    decode_content,
    import_lines,
    is_dependency_file,
    repo_record_from_api,
)
from opensota.linking.records import RepoRecord

log = logging.getLogger(__name__)

SECONDARY_LIMIT_WAIT = 60.0  # GitHub: "wait at least one minute" when it gives no time
MAX_DEPENDENCY_FETCHES = 10


class GitHubError(Exception):
    """GitHub answered with an error, or could not be reached after the retries."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class NotFound(GitHubError):
    """404: no such repository or file, or one the token may not see."""


class RateLimited(GitHubError):
    """The rate limit would need a longer wait than allowed; the message says until when."""


class GitHubClient:
    """GET requests to the GitHub REST API with caching, rate-limit waits and retries.

    `requests_made` counts HTTP requests sent (304s and retries included); `cache_hits`
    counts 304s answered from the cache. The in-memory cache keeps the most recent
    `memory_cache_size` URLs; the disk cache keeps everything.
    """

    def __init__(
        self,
        token: str | None = None,
        base_url: str = "https://api.github.com",
        cache_dir: Path | None = None,
        max_retries: int = 4,
        max_wait: float = 900,
        sleep: Callable[[float], Any] = time.sleep,
        clock: Callable[[], float] = time.time,
        user_agent: str = f"opensota/{__version__} (repository linker)",
        timeout: float = 30,
        memory_cache_size: int = 4096,
    ) -> None:
        self._token = (token if token is not None else os.environ.get("GITHUB_TOKEN", "")).strip() or None
        self.base_url = base_url.rstrip("/")
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self.max_retries = max_retries
        self.max_wait = max_wait
        self.sleep = sleep
        self.clock = clock
        self.user_agent = user_agent
        self.timeout = timeout
        self.memory_cache_size = memory_cache_size
        self.requests_made = 0
        self.cache_hits = 0
        self._memory: OrderedDict[str, tuple[str, str]] = OrderedDict()  # url -> (etag, body)
        self._opener = urllib.request.build_opener(_TokenKeepingRedirect())
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)

    def __repr__(self) -> str:
        return f"GitHubClient(base_url={self.base_url!r}, token={'set' if self._token else 'none'})"

    # --- requests -------------------------------------------------------------------

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """The decoded JSON of GET `path` (relative to base_url, or a full URL); None if empty."""
        url = self._url(path, params)
        cached = self._cached(url)
        failures = waits = 0
        while True:
            headers = {
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": "2022-11-28",
                "User-Agent": self.user_agent,
            }
            if cached:
                headers["If-None-Match"] = cached[0]
            try:
                status, response_headers, body = self._send(url, headers)
            except (OSError, http.client.HTTPException) as error:
                failures += 1
                self._back_off(url, failures, f"{type(error).__name__}: {error}")
                continue
            if status == 304 and cached:
                self.cache_hits += 1
                return json.loads(cached[1])
            if 200 <= status < 300:
                return self._accept(url, response_headers, body)
            message = _error_message(body)
            if status in (403, 429):
                wait = self._rate_limit_wait(status, response_headers, message)
                if wait is not None:
                    waits += 1
                    self._wait_for_limit(url, wait, waits, status)
                    continue
            if status == 404:
                raise NotFound(f"GET {url}: 404 {message or 'Not Found'}", status)
            if status >= 500:
                failures += 1
                self._back_off(url, failures, f"HTTP {status} {message}".strip(), status)
                continue
            raise GitHubError(f"GET {url}: HTTP {status} {message}".strip(), status)

    def _url(self, path: str, params: Mapping[str, Any] | None) -> str:
        url = path if path.startswith(("https://", "http://")) else f"{self.base_url}/{path.lstrip('/')}"
        if params:
            url += ("&" if "?" in url else "?") + urlencode(sorted((k, str(v)) for k, v in params.items()))
        return url

    def _send(self, url: str, headers: dict[str, str]) -> tuple[int, Message, bytes]:
        request = urllib.request.Request(url, headers=headers)
        if self._token:
            # Unredirected: urllib would otherwise copy it to any host a redirect names.
            request.add_unredirected_header("Authorization", f"Bearer {self._token}")
        self.requests_made += 1
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()

    def _accept(self, url: str, headers: Message, body: bytes) -> Any:
        text = body.decode("utf-8", "replace")
        if not text.strip():
            return None  # 204, e.g. the contributors of an empty repository
        try:
            value = json.loads(text)
        except ValueError:
            raise GitHubError(f"GET {url}: the answer is not JSON") from None
        etag = headers.get("ETag")
        if etag:
            self._remember(url, etag, text)
        return value

    # --- waiting ----------------------------------------------------------------------

    def _back_off(self, url: str, failures: int, reason: str, status: int | None = None) -> None:
        if failures > self.max_retries:
            raise GitHubError(f"GET {url}: {reason} (gave up after {self.max_retries} retries)", status)
        delay = 2.0 ** (failures - 1)
        log.warning("GET %s: %s; retrying in %.0f s", url, reason, delay)
        self.sleep(delay)

    def _rate_limit_wait(self, status: int, headers: Message, message: str) -> float | None:
        """Seconds to wait before retrying, or None when this is not a rate limit."""
        retry_after = headers.get("Retry-After")
        if retry_after:
            seconds = _seconds_from(retry_after.strip(), self.clock())
            if seconds is not None:
                return seconds
        if headers.get("X-RateLimit-Remaining") == "0":
            try:
                return max(float(headers.get("X-RateLimit-Reset", "")) - self.clock(), 0) + 1
            except ValueError:
                return SECONDARY_LIMIT_WAIT
        if status == 429 or "rate limit" in message.lower():
            return SECONDARY_LIMIT_WAIT
        return None  # a plain 403: the token may not do this

    def _wait_for_limit(self, url: str, wait: float, waits: int, status: int) -> None:
        until = datetime.fromtimestamp(self.clock() + wait, timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
        if wait > self.max_wait:
            raise RateLimited(
                f"GET {url}: GitHub rate limit resets at {until}, in {wait:.0f} s, "
                f"longer than the {self.max_wait:.0f} s allowed to wait",
                status,
            )
        if waits > self.max_retries:
            raise RateLimited(f"GET {url}: still rate-limited after {self.max_retries} waits (next reset {until})", status)
        log.warning("GET %s: rate-limited, waiting %.0f s until %s", url, wait, until)
        self.sleep(wait)

    # --- cache ------------------------------------------------------------------------

    def _cache_file(self, url: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{hashlib.sha256(url.encode()).hexdigest()}.json"

    def _cached(self, url: str) -> tuple[str, str] | None:
        if url in self._memory:
            self._memory.move_to_end(url)
            return self._memory[url]
        file = self._cache_file(url)
        if file is None or not file.exists():
            return None
        try:
            saved = json.loads(file.read_text(encoding="utf-8"))
            entry = (saved["etag"], saved["body"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged cache file only costs a full request
        if saved.get("url") != url or not all(isinstance(part, str) for part in entry):
            return None
        self._keep_in_memory(url, entry)
        return entry

    def _remember(self, url: str, etag: str, body: str) -> None:
        self._keep_in_memory(url, (etag, body))
        file = self._cache_file(url)
        if file is None:
            return
        partial = file.with_suffix(f".{os.getpid()}.tmp")
        try:
            partial.write_text(json.dumps({"url": url, "etag": etag, "body": body}), encoding="utf-8")
            os.replace(partial, file)  # readers never see half a file
        except OSError as error:  # the cache saves requests; losing an entry must not stop a crawl
            log.warning("cannot write GitHub cache file %s: %s", file, error)

    def _keep_in_memory(self, url: str, entry: tuple[str, str]) -> None:
        self._memory[url] = entry
        self._memory.move_to_end(url)
        while len(self._memory) > self.memory_cache_size:
            self._memory.popitem(last=False)

    # --- repositories -----------------------------------------------------------------

    def fetch_repository(self, owner: str, name: str, import_files: int = 0) -> RepoRecord:
        """Everything the linker reads about one repository, in 4 + (dependency files) requests.

        Fetched: the repository, its README (none if 404), the recursive tree of its default
        branch, the dependency files at its root and the first 100 contributors. Imports are
        left empty by default, since reading code costs a request per file; `import_files=N`
        reads up to N .py files at the root for them.
        """
        repository = self.get_json(f"/repos/{quote(owner, safe='')}/{quote(name, safe='')}")
        if not isinstance(repository, dict):
            raise GitHubError(f"GET /repos/{owner}/{name}: the answer is not a repository object")
        # Continue under the names GitHub answers with, so renamed repositories need no redirect.
        answered_owner = repository.get("owner")
        login = answered_owner.get("login") if isinstance(answered_owner, dict) else None
        answered_name = repository.get("name")
        base = "/repos/{}/{}".format(
            quote(login if isinstance(login, str) and login else owner, safe=""),
            quote(answered_name if isinstance(answered_name, str) and answered_name else name, safe=""),
        )
        readme = self._optional(f"{base}/readme")  # 404: no README
        branch = repository.get("default_branch")
        tree = None
        if isinstance(branch, str) and branch:  # 409: an empty repository has no tree
            tree = self._optional(f"{base}/git/trees/{quote(branch, safe='')}", {"recursive": 1}, absent=(404, 409))
        root = [
            entry["path"] for entry in (tree.get("tree") if isinstance(tree, dict) else None) or []
            if isinstance(entry, dict) and entry.get("type") == "blob"
            and isinstance(entry.get("path"), str) and "/" not in entry["path"]
        ]
        files = {}
        for path in [p for p in root if is_dependency_file(p)][:MAX_DEPENDENCY_FETCHES]:
            content = self._optional(f"{base}/contents/{quote(path)}")
            if isinstance(content, dict):
                files[path] = content
        imports: dict[str, None] = {}
        for path in [p for p in root if p.endswith(".py")][:import_files]:
            content = self._optional(f"{base}/contents/{quote(path)}")
            if isinstance(content, dict):
                imports.update(dict.fromkeys(import_lines(decode_content(content))))
        # 403: GitHub refuses to list the contributors of the largest repositories.
        contributors = self._optional(f"{base}/contributors", {"per_page": 100}, absent=(403, 404))
        return repo_record_from_api(
            repository,
            readme=readme,
            files=files,
            contributors=contributors if isinstance(contributors, list) else None,
            imports=list(imports),
            tree=tree,
        )

    def _optional(
        self, path: str, params: Mapping[str, Any] | None = None, absent: tuple[int, ...] = (404,)
    ) -> Any:
        """GET what a repository may lack: None when GitHub answers one of the `absent` codes."""
        try:
            return self.get_json(path, params)
        except RateLimited:
            raise
        except GitHubError as error:
            if error.status in absent:
                return None
            raise


class _TokenKeepingRedirect(urllib.request.HTTPRedirectHandler):
    """Follow redirects (renamed repositories) keeping the token only on the same host."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        auth = req.get_header("Authorization")
        if new is not None and auth and urlsplit(newurl).hostname == urlsplit(req.full_url).hostname:
            new.add_unredirected_header("Authorization", auth)
        return new


def _error_message(body: bytes) -> str:
    """GitHub's one-line explanation from an error body, if any."""
    try:
        message = json.loads(body.decode("utf-8", "replace")).get("message", "")
    except (ValueError, AttributeError):
        return ""
    return " ".join(str(message).split())[:200]


def _seconds_from(retry_after: str, now: float) -> float | None:
    """Retry-After as seconds: GitHub sends a number; HTTP also allows a date."""
    try:
        return max(float(retry_after), 0.0)
    except ValueError:
        pass
    try:
        return max(parsedate_to_datetime(retry_after).timestamp() - now, 0.0)
    except (TypeError, ValueError):
        return None

"""The GitHub client against a real local HTTP server answering in GitHub's recorded shapes.

Sleeping and the clock are injected, so rate limits and back-off are checked by the waits
the client asks for, without waiting.
"""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from opensota.github.client import GitHubClient, GitHubError, NotFound, RateLimited

FIXTURES = Path(__file__).parent / "fixtures"
NOW = 1_700_000_000.0  # 2023-11-14 22:13:20 UTC


def fixture(name: str):
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Reply:
    status: int = 200
    body: object = None
    headers: dict = field(default_factory=dict)
    etag: str | None = None


class FakeGitHub:
    """Scripted answers per request path (with query); the last answer of a script repeats."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[Reply]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def on(self, path: str, *replies: Reply) -> None:
        self.scripts[path] = list(replies)

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def headers(self, index: int = -1) -> dict[str, str]:
        return self.requests[index][1]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub

    def do_GET(self) -> None:
        self.fake.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
        script = self.fake.scripts.get(self.path)
        if not script:
            reply = Reply(404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
        else:
            reply = script.pop(0) if len(script) > 1 else script[0]
        if reply.etag and self.headers.get("If-None-Match") == reply.etag:
            self.send_response(304)
            self.send_header("ETag", reply.etag)
            self.end_headers()
            return
        body = b"" if reply.body is None else json.dumps(reply.body).encode()
        self.send_response(reply.status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if reply.etag:
            self.send_header("ETag", reply.etag)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args) -> None:  # keep test output quiet
        pass


@pytest.fixture(autouse=True)
def no_environment(monkeypatch):
    """No token or proxy from the machine running the tests."""
    for name in ("GITHUB_TOKEN", "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def github():
    fake = FakeGitHub()
    thread = threading.Thread(target=fake.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    thread.join()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(github, sleeps):
    return GitHubClient(token="", base_url=github.url, sleep=sleeps.append, clock=lambda: NOW)


def awd_lstm_lm(github: FakeGitHub, readme: bool = True) -> None:
    base = "/repos/salesforce/awd-lstm-lm"
    github.on(base, Reply(body=fixture("awd-lstm-lm.repository.json"), etag='W/"repo-1"'))
    if readme:
        github.on(f"{base}/readme", Reply(body=fixture("awd-lstm-lm.readme.json")))
    github.on(f"{base}/git/trees/master?recursive=1", Reply(body=fixture("awd-lstm-lm.tree.json")))
    github.on(f"{base}/contributors?per_page=100", Reply(body=fixture("awd-lstm-lm.contributors.json")))


# --- authentication -----------------------------------------------------------------


def test_token_is_sent_as_bearer_and_not_shown(github):
    github.on("/rate_limit", Reply(body={"resources": {}}))
    client = GitHubClient(token="ghp_secret", base_url=github.url)
    client.get_json("/rate_limit")
    headers = github.headers()
    assert headers["authorization"] == "Bearer ghp_secret"
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["user-agent"].startswith("opensota/")
    assert "ghp_secret" not in repr(client)


def test_token_from_environment_or_none(github, monkeypatch):
    github.on("/rate_limit", Reply(body={}))
    GitHubClient(base_url=github.url).get_json("/rate_limit")
    assert "authorization" not in github.headers()
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_from_env")
    GitHubClient(base_url=github.url).get_json("/rate_limit")
    assert github.headers()["authorization"] == "Bearer ghp_from_env"


def test_token_follows_redirects_only_on_the_same_host(github):
    # A renamed repository redirects; another host must not receive the token.
    github.on("/repos/old/name", Reply(301, headers={"Location": f"{github.url}/repositories/1"}))
    github.on("/repositories/1", Reply(body={"id": 1}))
    github.on("/elsewhere", Reply(302, headers={"Location": github.url.replace("127.0.0.1", "localhost") + "/repositories/1"}))
    client = GitHubClient(token="ghp_secret", base_url=github.url)
    assert client.get_json("/repos/old/name") == {"id": 1}
    assert github.headers()["authorization"] == "Bearer ghp_secret"
    assert client.get_json("/elsewhere") == {"id": 1}
    assert "authorization" not in github.headers()


# --- conditional requests -----------------------------------------------------------


def test_etag_answers_304_from_memory(github, client):
    awd_lstm_lm(github)
    first = client.get_json("/repos/salesforce/awd-lstm-lm")
    second = client.get_json("/repos/salesforce/awd-lstm-lm")
    assert first == second and second["full_name"] == "salesforce/awd-lstm-lm"
    assert "if-none-match" not in github.headers(0)
    assert github.headers(1)["if-none-match"] == 'W/"repo-1"'
    assert (client.requests_made, client.cache_hits) == (2, 1)
    second["name"] = "changed by the caller"
    assert client.get_json("/repos/salesforce/awd-lstm-lm")["name"] == "awd-lstm-lm"


def test_disk_cache_serves_a_second_client(github, tmp_path, sleeps):
    awd_lstm_lm(github)
    url = f"{github.url}/repos/salesforce/awd-lstm-lm"
    GitHubClient(token="", base_url=github.url, cache_dir=tmp_path).get_json("/repos/salesforce/awd-lstm-lm")
    saved = tmp_path / f"{hashlib.sha256(url.encode()).hexdigest()}.json"
    assert json.loads(saved.read_text())["etag"] == 'W/"repo-1"'
    later = GitHubClient(token="", base_url=github.url, cache_dir=tmp_path)
    assert later.get_json("/repos/salesforce/awd-lstm-lm")["name"] == "awd-lstm-lm"
    assert github.headers()["if-none-match"] == 'W/"repo-1"'
    assert later.cache_hits == 1
    saved.write_text("{damaged")  # a damaged cache file costs a full request, nothing more
    third = GitHubClient(token="", base_url=github.url, cache_dir=tmp_path)
    assert third.get_json("/repos/salesforce/awd-lstm-lm")["name"] == "awd-lstm-lm"
    assert "if-none-match" not in github.headers() and third.cache_hits == 0


# --- rate limits ----------------------------------------------------------------------


def limited(reset_in: float) -> Reply:
    return Reply(
        403,
        {"message": "API rate limit exceeded for 203.0.113.7."},
        {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW + reset_in))},
    )


def test_rate_limit_waits_until_reset_then_succeeds(github, client, sleeps):
    github.on("/repos/openai/gpt-2", limited(120), Reply(body=fixture("gpt-2.repository.json")))
    assert client.get_json("/repos/openai/gpt-2")["name"] == "gpt-2"
    assert sleeps == [121]
    assert client.requests_made == 2


def test_429_rate_limit_is_the_same(github, client, sleeps):
    reply = limited(10)
    github.on("/repos/openai/gpt-2", Reply(429, reply.body, reply.headers), Reply(body={"name": "gpt-2"}))
    assert client.get_json("/repos/openai/gpt-2") == {"name": "gpt-2"}
    assert sleeps == [11]


def test_retry_after_for_secondary_limits(github, client, sleeps):
    github.on(
        "/repos/openai/gpt-2",
        Reply(403, {"message": "You have exceeded a secondary rate limit."}, {"Retry-After": "30"}),
        Reply(429, {"message": "Too many requests"}),  # no time given: a minute
        Reply(body={"name": "gpt-2"}),
    )
    assert client.get_json("/repos/openai/gpt-2") == {"name": "gpt-2"}
    assert sleeps == [30, 60]


def test_wait_longer_than_allowed_raises_saying_when(github, sleeps):
    github.on("/repos/openai/gpt-2", limited(3600))
    client = GitHubClient(token="", base_url=github.url, max_wait=900, sleep=sleeps.append, clock=lambda: NOW)
    with pytest.raises(RateLimited) as caught:
        client.get_json("/repos/openai/gpt-2")
    message = str(caught.value)
    assert "resets at 2023-11-14 23:13:21 UTC, in 3601 s" in message and "\n" not in message
    assert sleeps == [] and client.requests_made == 1


def test_plain_403_is_a_permission_error(github, client, sleeps):
    github.on("/repos/openai/gpt-2", Reply(403, {"message": "Resource not accessible by integration"}))
    with pytest.raises(GitHubError) as caught:
        client.get_json("/repos/openai/gpt-2")
    assert not isinstance(caught.value, RateLimited) and caught.value.status == 403
    assert "Resource not accessible by integration" in str(caught.value)
    assert sleeps == []


# --- errors and retries ---------------------------------------------------------------


def test_404_is_not_found(github, client):
    with pytest.raises(NotFound, match="404 Not Found"):
        client.get_json("/repos/salesforce/no-such-repository")


def test_server_errors_back_off_then_succeed(github, client, sleeps):
    github.on("/repos/openai/gpt-2", Reply(500), Reply(502, {"message": "Server Error"}), Reply(body={"name": "gpt-2"}))
    assert client.get_json("/repos/openai/gpt-2") == {"name": "gpt-2"}
    assert sleeps == [1, 2]


def test_server_errors_without_end_give_up(github, client, sleeps):
    github.on("/repos/openai/gpt-2", Reply(500))
    with pytest.raises(GitHubError, match="HTTP 500.*gave up after 4 retries") as caught:
        client.get_json("/repos/openai/gpt-2")
    assert caught.value.status == 500
    assert sleeps == [1, 2, 4, 8] and client.requests_made == 5


def test_connection_errors_are_retried(sleeps):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = GitHubClient(token="", base_url=f"http://127.0.0.1:{port}", max_retries=2, sleep=sleeps.append)
    with pytest.raises(GitHubError, match="gave up after 2 retries"):
        client.get_json("/repos/openai/gpt-2")
    assert sleeps == [1, 2]


# --- whole repositories -------------------------------------------------------------


def test_fetch_repository(github, client):
    awd_lstm_lm(github)
    record = client.fetch_repository("salesforce", "awd-lstm-lm")
    assert record.slug == "salesforce/awd-lstm-lm" and record.url == "https://github.com/salesforce/awd-lstm-lm"
    assert record.readme.startswith("# LSTM and QRNN Language Model Toolkit")
    assert record.contributors == ("Smerity", "keskarnitish")
    assert record.extension_counts[".py"] == 11 and "main.py" in record.top_level
    assert record.dependency_files == {} and record.imports == ()
    assert client.requests_made == 4


def test_fetch_repository_without_readme(github, client):
    awd_lstm_lm(github, readme=False)
    record = client.fetch_repository("salesforce", "awd-lstm-lm")
    assert record.readme == "" and record.readme_path == ""
    assert "/repos/salesforce/awd-lstm-lm/readme" in github.paths()
    assert record.contributors == ("Smerity", "keskarnitish")


def test_fetch_repository_reads_root_dependency_files_and_imports(github, client):
    base = "/repos/openai/gpt-2"
    # GitHub matches names case-insensitively and answers with the canonical ones.
    github.on("/repos/OpenAI/GPT-2", Reply(body=fixture("gpt-2.repository.json")))
    github.on(f"{base}/git/trees/master?recursive=1", Reply(body=fixture("gpt-2.tree.json")))
    github.on(f"{base}/contents/requirements.txt", Reply(body=fixture("gpt-2.requirements.json")))
    source = {"encoding": "base64", "path": "download_model.py", "content": "aW1wb3J0IG9zCmltcG9ydCBy\nZXF1ZXN0cwo=\n"}
    github.on(f"{base}/contents/download_model.py", Reply(body=source))
    github.on(f"{base}/contributors?per_page=100", Reply(403, {"message": "The history or contributor list is too large"}))
    record = client.fetch_repository("OpenAI", "GPT-2", import_files=10)
    assert record.slug == "openai/gpt-2" and record.readme == ""
    assert record.dependency_files["requirements.txt"].startswith("fire>=0.1.3\nregex==2017.4.5")
    assert record.imports == ("import os", "import requests")
    assert record.contributors == ()
    # The Dockerfile.cpu/gpu variants are not fetched, nor files below the root.
    assert not any("Dockerfile" in path or "/src/" in path for path in github.paths())
    assert all(path.startswith(base) for path in github.paths()[1:])


def test_fetch_repository_of_an_empty_repository(github, client):
    base = "/repos/openai/empty"
    github.on(base, Reply(body={**fixture("gpt-2.repository.json"), "name": "empty", "html_url": "https://github.com/openai/empty"}))
    github.on(f"{base}/git/trees/master?recursive=1", Reply(409, {"message": "Git Repository is empty."}))
    github.on(f"{base}/contributors?per_page=100", Reply(204))
    record = client.fetch_repository("openai", "empty")
    assert (record.top_level, record.contributors, record.readme) == ((), (), "")

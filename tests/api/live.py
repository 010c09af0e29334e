"""A real `opensota` server on a loopback port, and a virtual environment with the official client."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLIENT_REQUIREMENT = "paperswithcode-client==0.3.1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def opensota(args: list[str], env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "opensota", *args], env=env, capture_output=True, text=True, timeout=timeout,
    )
    assert result.returncode == 0, f"opensota {' '.join(args)} failed:\n{result.stderr}"
    return result


def start_server(env: dict, timeout: float = 300) -> tuple[subprocess.Popen, str]:
    """`opensota demo --port N` (loads the sample if the database has no papers); (process, URL)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "opensota", "demo", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = server.stdout.readline()
        if not line and server.poll() is not None:
            break
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        if match:
            return server, match.group(1)
    server.terminate()
    raise AssertionError("the server did not start")


def client_python(cache_root: Path | None) -> str:
    """An interpreter with paperswithcode-client 0.3.1, in a virtual environment of its own.

    Built once per client version and Python version (under the pytest cache when there
    is one, else the system's temporary directory) and reused. OPENSOTA_PWC_CLIENT_PYTHON
    names an existing interpreter instead (for machines without access to PyPI).
    """
    given = os.environ.get("OPENSOTA_PWC_CLIENT_PYTHON")
    if given:
        return given
    root = cache_root or Path(tempfile.gettempdir())
    name = f"opensota-pwc-client-0.3.1-py{sys.version_info.major}{sys.version_info.minor}"
    target = root / name
    python = target / "bin" / "python"
    if (target / "ready").exists():
        return str(python)
    shutil.rmtree(target, ignore_errors=True)  # a build that did not finish
    subprocess.run([sys.executable, "-m", "venv", str(target)], check=True, timeout=300)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", CLIENT_REQUIREMENT],
        capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, f"could not install {CLIENT_REQUIREMENT}:\n{install.stderr[-3000:]}"
    (target / "ready").write_text(CLIENT_REQUIREMENT + "\n")
    return str(python)

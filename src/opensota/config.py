"""Where OpenSOTA keeps its data, decided once from the environment.

`DATABASE_URL` wins (PostgreSQL or any URL dj-database-url understands); otherwise
`OPENSOTA_DB` names the SQLite file; otherwise the file lives in the user's data
directory, which the command line prints at start so nobody has to guess.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import platformdirs

APP_NAME = "opensota"


def data_dir() -> Path:
    return Path(os.environ.get("OPENSOTA_DATA_DIR") or platformdirs.user_data_dir(APP_NAME))


def sqlite_path() -> Path:
    explicit = os.environ.get("OPENSOTA_DB")
    return Path(explicit).expanduser() if explicit else data_dir() / "opensota.sqlite3"


def database_url() -> str | None:
    return os.environ.get("DATABASE_URL") or None


def describe_database() -> str:
    """A human line saying which database is in use, for start-up messages."""
    url = database_url()
    if url:
        scheme = url.split(":", 1)[0]
        return f"database: {scheme} (from DATABASE_URL)"
    return f"database: {sqlite_path()} (SQLite; set OPENSOTA_DB to change)"


def secret_key() -> str:
    """The Django secret: from the environment, or generated once per data directory.

    A generated key is stored with owner-only permissions next to the database, so a
    laptop install needs no configuration and no secret ever lives in the repository.
    """
    from_env = os.environ.get("OPENSOTA_SECRET_KEY")
    if from_env:
        return from_env
    path = data_dir() / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


def link_thresholds() -> tuple[float, float]:
    """(accept, propose) confidences for the linker's links, from the environment.

    `OPENSOTA_LINK_ACCEPT` (default 0.7): links this sure go public at once.
    `OPENSOTA_LINK_PROPOSE` (default 0.5): links between the two wait for a moderator;
    below it they are not kept.
    """
    from opensota.linking.linker import DEFAULT_ACCEPT, DEFAULT_PROPOSE

    accept = unit_interval("OPENSOTA_LINK_ACCEPT", DEFAULT_ACCEPT)
    propose = unit_interval("OPENSOTA_LINK_PROPOSE", DEFAULT_PROPOSE)
    if propose > accept:
        raise ValueError(f"OPENSOTA_LINK_PROPOSE ({propose}) is above OPENSOTA_LINK_ACCEPT ({accept})")
    return accept, propose


def extract_accept_threshold() -> float | None:
    """`OPENSOTA_EXTRACT_ACCEPT`: the confidence at which extracted results are accepted
    without a person, or None (the default, also "off"): every result waits for a moderator."""
    raw = (os.environ.get("OPENSOTA_EXTRACT_ACCEPT") or "").strip().lower()
    if raw in ("", "off", "none", "never"):
        return None
    return unit_interval("OPENSOTA_EXTRACT_ACCEPT", 0.0)


def unit_interval(name: str, default: float) -> float:
    """A confidence from the environment variable `name`: a number from 0 to 1, else a
    one-line error naming the variable."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number between 0 and 1, not {raw!r}") from None
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value}")
    return value

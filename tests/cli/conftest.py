"""The environment every command test runs in: its own data directory and SQLite file."""

import os

import pytest


@pytest.fixture
def env(tmp_path):
    environment = dict(os.environ)
    environment.update({
        "OPENSOTA_DATA_DIR": str(tmp_path / "data"),
        "OPENSOTA_DB": str(tmp_path / "data" / "catalog.sqlite3"),
        "OPENSOTA_SECRET_KEY": "test-only",
    })
    environment.pop("DATABASE_URL", None)
    return environment

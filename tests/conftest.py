"""One test database for the session, holding the shipped real sample.

Tests that need data mark themselves `django_db` and each runs in a transaction
that is rolled back, so they can change the catalog without disturbing others; the
cache is emptied around every test for the same reason.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from opensota.cli import sample_directory


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Import the shipped sample once into the test database."""
    from opensota.dumps.importer import import_dumps

    with django_db_blocker.unblock():
        import_dumps([sample_directory()])


@pytest.fixture
def sample_dir():
    return sample_directory()


@pytest.fixture(autouse=True)
def fresh_cache():
    """The cache outlives a test (rate-limit counters, cached trends keyed by a catalog stamp
    that a rolled-back test can leave unchanged): every test starts and ends with it empty."""
    cache.clear()
    yield
    cache.clear()

"""One test database for the session, holding the shipped real sample.

Tests that need data mark themselves `django_db` and each runs in a transaction
that is rolled back, so they can change the catalog without disturbing others.
"""

from __future__ import annotations

import pytest

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

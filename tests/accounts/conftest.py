"""Accounts tests: users to sign in as, and rate limits set per test.

Rate-limit counters live in the cache, which tests/conftest.py empties around every test.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

PASSWORD = "a long enough password 42"


@pytest.fixture
def make_user(db):
    def make(username: str = "carol", **fields):
        return get_user_model().objects.create_user(username, password=PASSWORD, **fields)
    return make


@pytest.fixture
def limits(settings):
    """Set some rate limits for one test: limits(signup_address=(2, 3600))."""
    def set_limits(**scopes):
        settings.OPENSOTA_RATE_LIMITS = {**settings.OPENSOTA_RATE_LIMITS, **scopes}
    return set_limits

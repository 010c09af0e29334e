"""Accounts tests: a clean rate-limit cache for every test, and users to sign in as."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

PASSWORD = "a long enough password 42"


@pytest.fixture(autouse=True)
def clean_cache():
    """Rate-limit counters live in the cache: no test may inherit another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Real hashers cost ~0.3 s a password by design; these tests hash dozens."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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

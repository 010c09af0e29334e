"""Settings for the test run: the project's own, with a throw-away data directory.

pytest-django imports this before any conftest, so no test touches the user's own
data directory or secret key.
"""

import os
import tempfile

os.environ.setdefault("OPENSOTA_DATA_DIR", tempfile.mkdtemp(prefix="opensota-test-"))
os.environ.setdefault("OPENSOTA_SECRET_KEY", "test-only-not-secret")

from opensota.settings import *  # noqa: E402,F403

# Real hashers cost ~0.3 s a password by design; the tests hash hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

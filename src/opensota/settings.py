"""Django settings: SQLite in WAL mode by default, PostgreSQL by DATABASE_URL."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from opensota import config

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = config.secret_key()
DEBUG = os.environ.get("OPENSOTA_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("OPENSOTA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' scripts from the package, not from a CDN
    "opensota.taxonomy",
    "opensota.catalog",
    "opensota.evaluations",
    "opensota.search",
    "opensota.accounts",
    "opensota.community",
    "opensota.extraction",
    "opensota.trends",
    "opensota.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "opensota.urls"
WSGI_APPLICATION = "opensota.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _databases() -> dict:
    url = config.database_url()
    if url:
        return {"default": dj_database_url.parse(url, conn_max_age=60)}
    path = config.sqlite_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                # WAL lets the site read while an import writes; IMMEDIATE avoids
                # "database is locked" upgrades inside write transactions.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA cache_size=-65536;PRAGMA temp_store=MEMORY;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

LOGIN_URL = "/account/login/"
LOGIN_REDIRECT_URL = "/account/"
LOGOUT_REDIRECT_URL = "/"

# Mail (password reset): printed to the console unless a real backend is configured;
# the test runner swaps in the in-memory backend by itself.
EMAIL_BACKEND = os.environ.get("OPENSOTA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("OPENSOTA_FROM_EMAIL", "OpenSOTA <noreply@localhost>")

# Abuse protection (opensota/ratelimit.py): scope -> (allowed, per seconds). Override one
# with an environment variable, e.g. OPENSOTA_RATE_LIMIT_SIGNUP_ADDRESS="20/3600";
# an allowance of 0 turns that limit off.
# Addresses or networks of reverse proxies whose X-Forwarded-For is believed (none by default).
OPENSOTA_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("OPENSOTA_TRUSTED_PROXIES", "").split(",") if p.strip()]

OPENSOTA_RATE_LIMITS = {
    scope: tuple(int(part) for part in os.environ.get(f"OPENSOTA_RATE_LIMIT_{scope.upper()}", default).split("/"))
    for scope, default in {
        "signup_address": "5/3600",
        "login_address": "10/900",
        "login_username": "10/900",
        "proposal_account": "30/3600",
        "proposal_address": "60/3600",
        "password_reset_address": "5/3600",
    }.items()
}

STATIC_URL = "/static/"
# Static files are served from the package by WhiteNoise's finders; STATIC_ROOT is only
# needed by a deployment that runs collectstatic for a front web server.
STATIC_ROOT = os.environ.get("OPENSOTA_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}

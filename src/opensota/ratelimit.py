"""Rate limits: fixed windows counted in Django's cache, per account and per address.

Why fixed windows: one counter per (scope, key, window) is a single `incr`, needs no
table, and is exact enough to stop scripted sign-ups, password guessing and proposal
floods. With the default per-process memory cache each worker counts apart; a site
with several workers should configure a shared cache (Redis, memcached, database).

Limits live in `settings.OPENSOTA_RATE_LIMITS` as scope -> (allowed, seconds); a scope
is "<action>_account" or "<action>_address" (see settings.py). An allowance of 0 or
less turns a limit off.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

# Used for any scope the settings leave out (e.g. an override_settings with one key).
DEFAULT_LIMITS = {
    "signup_address": (5, 3600),
    "login_address": (10, 900),
    "login_username": (10, 900),
    "proposal_account": (30, 3600),
    "proposal_address": (60, 3600),
    "password_reset_address": (5, 3600),
}


class RateLimited(Exception):
    """A limit is used up; `retry_after` is the seconds until its window ends."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"rate limit {scope} exceeded; retry after {retry_after}s")
        self.scope = scope
        self.retry_after = retry_after


# -- the counter ------------------------------------------------------------------

def _cache_key(scope: str, key, seconds: int) -> str:
    # Hashed: keys may be long, non-ASCII user input (memcached refuses such keys).
    digest = hashlib.sha256(f"{scope}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return f"opensota:rl:{digest}:{seconds}:{int(time.time() // seconds)}"


def retry_after(seconds: int) -> int:
    """Seconds until the current window of length `seconds` ends (at least 1)."""
    return max(1, math.ceil(seconds - time.time() % seconds))


def hit(scope: str, key, limit: int, seconds: int) -> bool:
    """Count one event for `key`; True if it is within `limit` per `seconds` window."""
    if limit <= 0:
        return True
    name = _cache_key(scope, key, seconds)
    cache.add(name, 0, timeout=seconds + 1)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=seconds + 1)
        count = 1
    return count <= limit


def peek(scope: str, key, limit: int, seconds: int) -> bool:
    """True if another event for `key` would be allowed; counts nothing."""
    return limit <= 0 or cache.get(_cache_key(scope, key, seconds), 0) < limit


# -- limits by name, from the settings ----------------------------------------------

def limit_for(scope: str) -> tuple[int, int]:
    """(allowed, seconds) for a scope; (0, 1), no limit, for an unknown one."""
    limits = {**DEFAULT_LIMITS, **getattr(settings, "OPENSOTA_RATE_LIMITS", {})}
    allowed, seconds = limits.get(scope, (0, 1))
    return int(allowed), max(1, int(seconds))


def check(scope: str, key, *, count: bool = True) -> None:
    """Raise RateLimited if `scope`'s limit for `key` is used up; count this event unless told not to."""
    allowed, seconds = limit_for(scope)
    ok = hit(scope, key, allowed, seconds) if count else peek(scope, key, allowed, seconds)
    if not ok:
        raise RateLimited(scope, retry_after(seconds))


def record(scope: str, key) -> None:
    """Count an event (a failed log-in, say) without refusing anything now."""
    allowed, seconds = limit_for(scope)
    hit(scope, key, allowed, seconds)


# -- who is asking ------------------------------------------------------------------

def _networks(value) -> list:
    if isinstance(value, str):
        value = value.split(",")
    return [ipaddress.ip_network(item.strip(), strict=False) for item in value or () if item.strip()]


def _within(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's IP: REMOTE_ADDR, or X-Forwarded-For when the peer is a trusted proxy.

    X-Forwarded-For is anyone's to forge, so it is read only when REMOTE_ADDR is in
    `settings.OPENSOTA_TRUSTED_PROXIES` (addresses or networks), and then from the
    right: the first hop that is not itself a trusted proxy is the client.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(getattr(settings, "OPENSOTA_TRUSTED_PROXIES", ()))
    if not trusted or not _within(remote, trusted):
        return remote
    address = remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break
        address = hop
        if not _within(hop, trusted):
            break
    return address


def _acting_user(request: HttpRequest, user=None):
    # The API authenticates by token into request.auth; the site by session into request.user.
    for candidate in (user, getattr(request, "auth", None), getattr(request, "user", None)):
        if getattr(candidate, "is_authenticated", False):
            return candidate
    return None


def check_request(request: HttpRequest, action: str, user=None) -> None:
    """Count this request against `<action>_account` (if signed in) and `<action>_address`."""
    acting = _acting_user(request, user)
    if acting is not None:
        check(f"{action}_account", acting.pk)
    check(f"{action}_address", client_address(request))


def check_proposal_rate(request: HttpRequest, user=None) -> None:
    """Call before accepting a proposal (site or API); raises RateLimited when over the limit."""
    check_request(request, "proposal", user)


# -- answering ----------------------------------------------------------------------

def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def rate_limited_response(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """A 429 with Retry-After: JSON for the API and JSON clients, else a page."""
    message = f"Too many requests. Please try again in {exc.retry_after} seconds."
    if _wants_json(request):
        response = JsonResponse({"detail": message, "retry_after": exc.retry_after}, status=429)
    else:
        response = render(request, "accounts/rate_limited.html",
                          {"retry_after": exc.retry_after, "minutes": math.ceil(exc.retry_after / 60)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def limit_requests(action: str, methods: tuple[str, ...] = ("POST",)):
    """View decorator: count `methods` requests against `action`'s limits; 429 when over."""
    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods:
                try:
                    check_request(request, action)
                except RateLimited as exc:
                    return rate_limited_response(request, exc)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator

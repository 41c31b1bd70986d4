"""Rate limits per client, kept in the Django cache (Redis in production).

Clients are anonymous citizens' apps, so a client is known only by two
pseudonymous keys: the hashed IP address and the hashed device id the app
sends. Raw IP addresses are never stored anywhere; :func:`client_hash` is a
keyed SHA-256 (HMAC) with a secret salt, so a hash cannot be reversed by
hashing all 2**32 IPv4 addresses without the salt.

Counting uses a fixed window per rule: ``cache.add(key, 0, timeout)`` creates
the window's counter atomically if it is missing and ``cache.incr`` increments
it atomically (both are atomic on Redis and on the local-memory cache), so
parallel requests never lose a hit::

    identity = ClientIdentity.from_request(request, device_id="abc")
    result = check(
        "defects.report",
        identity.keys(),
        [Rule(limit=5, window=3600), Rule(limit=20, window=86400)],
    )
    if not result.allowed:
        raise RateLimited(retry_after=result.retry_after)
"""

import hashlib
import hmac
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches

CACHE_ALIAS = "ratelimit"


def _salt():
    salt = getattr(settings, "RATHAUS_CLIENT_HASH_SALT", None) or settings.SECRET_KEY
    return salt.encode()


def client_hash(value, purpose="client"):
    """A salted, keyed SHA-256 hex digest of ``value`` (an IP, a device id,
    an e-mail address). Empty values hash to the empty string."""
    if not value:
        return ""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_salt(), message, hashlib.sha256).hexdigest()


def email_hash(email):
    """The hash of an e-mail address, case-insensitively (for ban lists)."""
    return client_hash((email or "").strip().lower(), purpose="email")


def client_ip(request):
    """The client's IP address.

    ``REMOTE_ADDR`` unless ``settings.RATHAUS_TRUSTED_PROXY_COUNT`` (the number
    of reverse proxies in front of Django) is set, in which case the address
    that many hops from the right of ``X-Forwarded-For`` is used. Trusting the
    header without a known proxy would let every client choose its own key.
    """
    proxies = int(getattr(settings, "RATHAUS_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class ClientIdentity:
    """The pseudonymous keys of one anonymous client."""

    ip_hash: str
    device_hash: str = ""

    @classmethod
    def from_request(cls, request, device_id=None):
        return cls(
            ip_hash=client_hash(client_ip(request), purpose="ip"),
            device_hash=client_hash((device_id or "").strip()[:200], purpose="device"),
        )

    @property
    def binding_hash(self):
        """The key a client's uploads and idempotency records are bound to:
        the device when the app sends one (it survives a change from Wi-Fi to
        mobile data), else the IP address."""
        return self.device_hash or self.ip_hash

    def keys(self):
        """Rate-limit keys: the IP and the device are limited separately, so
        rotating the device id does not escape the IP's limit."""
        keys = [f"ip:{self.ip_hash}"]
        if self.device_hash:
            keys.append(f"device:{self.device_hash}")
        return keys


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` hits per ``window`` seconds."""

    limit: int
    window: int


@dataclass(frozen=True)
class Result:
    allowed: bool
    count: int = 0
    limit: int = 0
    retry_after: int = 0  # seconds until the window that refused resets

    def __bool__(self):
        return self.allowed


ALLOWED = Result(allowed=True)


def hit(scope, key, rule, now=None, cache_alias=CACHE_ALIAS):
    """Count one hit of ``key`` against ``rule``; return the outcome."""
    cache = caches[cache_alias]
    now = time.time() if now is None else now
    window_start = int(now // rule.window) * rule.window
    cache_key = f"rathaus:rl:{scope}:{rule.window}:{window_start}:{key}"
    # One second of slack so the counter outlives its window in every cache.
    cache.add(cache_key, 0, timeout=rule.window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: start again
        cache.add(cache_key, 0, timeout=rule.window + 1)
        count = cache.incr(cache_key)
    retry_after = max(1, math.ceil(window_start + rule.window - now))
    return Result(
        allowed=count <= rule.limit,
        count=count,
        limit=rule.limit,
        retry_after=retry_after,
    )


def check(scope, keys, rules, now=None, cache_alias=CACHE_ALIAS):
    """Count a hit for every key under every rule.

    Returns the refusal with the longest ``retry_after`` when any limit is
    exceeded, else an allowed result.
    """
    refused = []
    for key in keys:
        for rule in rules:
            result = hit(scope, key, rule, now=now, cache_alias=cache_alias)
            if not result.allowed:
                refused.append(result)
    if refused:
        return max(refused, key=lambda result: result.retry_after)
    return ALLOWED


def reset(scope, keys, rules, now=None, cache_alias=CACHE_ALIAS):
    """Forget the current windows of ``keys`` (tests, support staff)."""
    cache = caches[cache_alias]
    now = time.time() if now is None else now
    for key in keys:
        for rule in rules:
            window_start = int(now // rule.window) * rule.window
            cache.delete(f"rathaus:rl:{scope}:{rule.window}:{window_start}:{key}")

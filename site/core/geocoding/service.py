"""Address search as the admin uses it: the configured server, a cache, and
the server's own rate limit.

``settings.RATHAUS_GEOCODER`` chooses the server (see ``site/settings/base.py``);
without a provider there is no search and the map panel works without it.
Answers are cached for a day per (provider, server, query, box), so the same
address typed again, by anyone, costs no request. The server is asked at most
``requests_per_second`` times a second across all web processes (the counter
lives in the rate-limit cache): Nominatim's usage policy allows one.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .. import ratelimit
from .clients import DEFAULT_TIMEOUT, PROVIDERS, USER_AGENT, BoundingBox, Place

CACHE_SECONDS = 24 * 60 * 60
UPSTREAM_SCOPE = "geocoding:upstream"
#: Searches one admin user may make: (limit, seconds) pairs.
DEFAULT_USER_RULES = ((30, 60), (500, 24 * 60 * 60))


class GeocoderBusy(Exception):
    """The server's own rate limit is used up for now."""

    def __init__(self, retry_after):
        super().__init__(f"Try again in {retry_after} s.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Config:
    provider: str
    url: str
    user_agent: str = USER_AGENT
    timeout: float = DEFAULT_TIMEOUT
    requests_per_second: int = 1
    user_rules: tuple = DEFAULT_USER_RULES

    @classmethod
    def from_settings(cls):
        """The configured geocoder, or None when address search is off."""
        values = dict(getattr(settings, "RATHAUS_GEOCODER", None) or {})
        provider = values.pop("provider", None)
        if not provider:
            return None
        if provider not in PROVIDERS:
            raise ImproperlyConfigured(
                f"RATHAUS_GEOCODER: unknown provider {provider!r} "
                f"(one of {', '.join(sorted(PROVIDERS))}, or None)."
            )
        if not values.get("url"):
            raise ImproperlyConfigured("RATHAUS_GEOCODER: the provider needs a url.")
        values["user_agent"] = values.get("user_agent") or USER_AGENT
        values["user_rules"] = tuple(
            tuple(rule) for rule in values.get("user_rules") or DEFAULT_USER_RULES
        )
        return cls(provider=provider, **values)

    def client(self):
        return PROVIDERS[self.provider](
            self.url, user_agent=self.user_agent, timeout=self.timeout
        )

    def rules_per_user(self):
        return [
            ratelimit.Rule(limit=limit, window=window)
            for limit, window in self.user_rules
        ]


def bounding_box(municipality):
    return BoundingBox(*municipality.bounding_box)


def cache_key(config, query, bbox):
    text = "|".join(
        [
            config.provider,
            config.url,
            " ".join(query.casefold().split()),
            ",".join(
                f"{value:.5f}"
                for value in (bbox.south, bbox.west, bbox.north, bbox.east)
            ),
        ]
    )
    return "rathaus:geocode:" + hashlib.sha256(text.encode()).hexdigest()


def search(config, query, bbox):
    """Places for ``query`` inside ``bbox``: from the cache, else from the
    server. Raises ``GeocoderUnavailable`` (nothing usable came back) or
    ``GeocoderBusy`` (the server's rate limit)."""
    key = cache_key(config, query, bbox)
    cached = cache.get(key)
    if cached is not None:
        return [Place(**place) for place in cached]
    allowed = ratelimit.check(
        UPSTREAM_SCOPE,
        [f"{config.provider}:{config.url}"],
        [ratelimit.Rule(limit=config.requests_per_second, window=1)],
    )
    if not allowed:
        raise GeocoderBusy(allowed.retry_after)
    places = config.client().search(query, bbox)
    cache.set(key, [place.as_dict() for place in places], CACHE_SECONDS)
    return places

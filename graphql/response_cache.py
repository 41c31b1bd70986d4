"""The GraphQL response cache: Django's shared cache plus a per-process layer.

Every key holds the content generations (``core.generation``), so an entry is
never stale: publishing changes the key, not the entry. That makes two cheap
shortcuts safe:

- each worker process keeps recently served bodies in memory (an LRU bounded
  in bytes, ``LOCAL_CACHE_BYTES``), so a hit on a large body such as a whole
  ``PageTree`` does not move megabytes through Redis and pickle again;
- the shared cache stores the ``ETag`` apart from the body, so a revalidation
  (``If-None-Match``, what apps send to refresh their offline copy) is
  answered ``304`` after reading a few bytes.

An unavailable shared cache never fails a request: it reads as a miss.

A third shortcut spares a cached ``GET`` the reading and checking of its
request: :class:`Plans` remembers, per query string, what that work concluded
for a request that turned out cacheable (see :class:`Plan`).
"""

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

from rathaus.site.core.generation import changed_pages, page_generation

from .limits import config

logger = logging.getLogger(__name__)


class LocalLayer:
    """A thread-safe LRU of ``key -> (body, etag)`` bounded in bytes."""

    def __init__(self):
        self._entries = OrderedDict()  # key -> (body, etag, expires_at)
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            body, etag, expires_at = entry
            if expires_at <= time.monotonic():
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return body, etag

    def set(self, key, body, etag, timeout, max_bytes):
        if max_bytes <= 0 or len(body) > max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (body, etag, time.monotonic() + timeout)
            self._size += len(body)
            while self._size > max_bytes:
                self._drop(next(iter(self._entries)))

    def clear(self):
        with self._lock:
            self._entries.clear()
            self._size = 0

    @property
    def size(self):
        return self._size

    def _drop(self, key):
        body, _etag, _expires_at = self._entries.pop(key)
        self._size -= len(body)


local = LocalLayer()


def _shared():
    return caches[config()["CACHE_ALIAS"]]


def get_etag(key):
    """The cached response's ETag, or None; reads no body."""
    entry = local.get(key)
    if entry is not None:
        return entry[1]
    try:
        return _shared().get(f"{key}:etag")
    except Exception:
        logger.warning("GraphQL response cache unavailable", exc_info=True)
        return None


def get(key):
    """``(body, etag)`` of the cached response, or None."""
    entry = local.get(key)
    if entry is not None:
        return entry
    try:
        found = _shared().get_many([f"{key}:etag", f"{key}:body"])
    except Exception:
        logger.warning("GraphQL response cache unavailable", exc_info=True)
        return None
    etag, body = found.get(f"{key}:etag"), found.get(f"{key}:body")
    if etag is None or body is None:
        return None
    _remember(key, body, etag)
    return body, etag


def set(key, body, etag):  # noqa: A001 (the cache verb)
    _remember(key, body, etag)
    try:
        _shared().set_many(
            {f"{key}:etag": etag, f"{key}:body": body},
            int(config()["RESPONSE_CACHE_TIMEOUT"]),
        )
    except Exception:
        logger.warning("GraphQL response cache unavailable", exc_info=True)


def page_generations(plan):
    """``{slug: (platform, municipality)}`` of a plan's municipalities, read
    now (before its answer is computed), or None."""
    try:
        return {slug: page_generation(slug) for slug in plan.slugs}
    except Exception:
        logger.warning("Content generations unavailable", exc_info=True)
        return None


def revalidate(plan, key, generations):
    """``(body, etag)`` of the last answer of a revalidated plan if no bump
    since it was computed named a page it depends on
    (``content/dependencies.py``); it is stored under ``key`` as well. None
    otherwise."""
    last = get_last_answer(plan) if generations else None
    if last is None:
        return None
    # Served again, an answer is never older than a cached response may be:
    # some answers follow the clock too (events from now on).
    if time.time() - last.get("computed_at", 0) > int(
        config()["RESPONSE_CACHE_TIMEOUT"]
    ):
        return None
    try:
        for slug, now in generations.items():
            since = last["generations"].get(slug)
            changed = changed_pages(slug, since, now) if since else None
            if changed is None or not changed.isdisjoint(last["pages"]):
                return None
    except Exception:
        logger.warning("Content change notes unavailable", exc_info=True)
        return None
    body, etag = last["body"], last["etag"]
    set(key, body, etag)
    set_last_answer(plan, generations, last["pages"], body, etag, last["computed_at"])
    return body, etag


def get_last_answer(plan):
    """The last answer kept for a revalidated plan (see
    ``content/dependencies.py``): a dict, or None."""
    try:
        return _shared().get(plan.last_answer_key)
    except Exception:
        logger.warning("GraphQL response cache unavailable", exc_info=True)
        return None


def set_last_answer(plan, generations, pages, body, etag, computed_at=None):
    """Keep an answer with the page generations read before it was computed
    (``{slug: (platform, municipality)}``), the pages it depends on and when
    it was computed (now, unless it is kept again)."""
    try:
        _shared().set(
            plan.last_answer_key,
            {
                "generations": generations,
                "pages": frozenset(pages),
                "body": body,
                "etag": etag,
                "computed_at": time.time() if computed_at is None else computed_at,
            },
            int(config()["RESPONSE_CACHE_TIMEOUT"]),
        )
    except Exception:
        logger.warning("GraphQL response cache unavailable", exc_info=True)


def _remember(key, body, etag):
    values = config()
    local.set(
        key,
        body,
        etag,
        int(values["RESPONSE_CACHE_TIMEOUT"]),
        int(values["LOCAL_CACHE_BYTES"]),
    )


@dataclass(frozen=True)
class Plan:
    """What reading and checking a cacheable ``GET`` concluded: everything
    its cache key holds but the content generations.

    It is a pure function of the query string (the document, variables and
    operation name are read from it, and the checks depend on nothing else
    but settings and the persisted documents, fixed for a process), so a
    request with the same query string may skip straight to the cache. What
    the query string does not say is checked on every request: the user or
    ``Authorization`` header and the preview header (``RathausGraphQLView``).
    """

    key_material: str  # schema version, document, variables, operation, pretty
    slugs: tuple  # the municipalities whose generations the key holds
    content: bool  # only core fields: the content generations will do
    revalidated: bool = False  # only pages near a path: the last answer may be kept
    module: str | None = None  # only one module's fields: its generations will do

    @property
    def last_answer_key(self):
        digest = hashlib.sha256(self.key_material.encode()).hexdigest()
        return "rathaus:graphql:last:" + digest

    def cache_key(self, generation):
        digest = hashlib.sha256(
            f"{self.key_material}|{generation}".encode()
        ).hexdigest()
        return "rathaus:graphql:" + digest

    @classmethod
    def build(
        cls,
        schema_version,
        document_id,
        variables,
        operation_name,
        pretty,
        slugs,
        content=False,
        revalidated=False,
        module=None,
    ):
        material = json.dumps(
            [schema_version, document_id, variables, operation_name, pretty],
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )
        return cls(material, tuple(slugs), content, revalidated and bool(slugs), module)


class Plans:
    """Per process: query string (with the view's schema and pretty printing)
    -> :class:`Plan` of a cacheable ``GET``.

    Query strings come from anonymous clients, so the map is bounded (entries
    and length of a query string); past the bound it starts afresh, which
    costs the next requests their full reading, never a wrong answer.
    """

    MAX_ENTRIES = 2048
    MAX_QUERY_STRING = 4096

    def __init__(self):
        self._plans = {}
        self._lock = threading.Lock()

    def get(self, name):
        return self._plans.get(name)

    def remember(self, name, plan):
        """``name`` ends with the query string."""
        if len(name[-1]) > self.MAX_QUERY_STRING:
            return
        with self._lock:
            if len(self._plans) >= self.MAX_ENTRIES:
                self._plans.clear()
            self._plans[name] = plan

    def __len__(self):
        return len(self._plans)

    def clear(self):
        with self._lock:
            self._plans.clear()


plans = Plans()


@receiver(setting_changed)
def _forget_plans(**kwargs):
    """A plan holds conclusions drawn under the settings (limits, persisted
    documents); tests change them with ``override_settings``."""
    plans.clear()

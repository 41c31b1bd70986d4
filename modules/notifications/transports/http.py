"""The HTTP client every transport posts through (aiohttp, asyncio).

A fan-out is tens of thousands of small POSTs to a few hosts. With
requests and a thread pool each one cost about 1.5 ms of worker CPU
(request preparation, environment and netrc lookups, the pure-Python
response parser, thread switches); aiohttp's C parser on one event loop
with pooled keep-alive connections costs about 0.2 ms (measured in
bench/RESULTS-notifications.md). Push endpoints come from clients, so
redirects are never followed, every request has a total timeout, and an
answer body is read only up to ``MAX_ANSWER`` bytes.
"""

import functools
import urllib.request
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

#: Push services answer with a few hundred bytes at most (FCM error JSON).
MAX_ANSWER = 64 * 1024


class NetworkError(Exception):
    """The request did not get an answer (refused, reset, timed out)."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: CIMultiDictProxy = field(
        default_factory=lambda: CIMultiDictProxy(CIMultiDict())
    )
    body: bytes = b""


@functools.lru_cache(maxsize=1024)
def proxy_for(scheme, host):
    """The worker's ``HTTPS_PROXY``/``HTTP_PROXY`` unless ``NO_PROXY`` names
    the host. Read here once per host: aiohttp's ``trust_env`` would also
    look for a netrc file on every request."""
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass_environment(host, proxies):
        return None
    return proxies.get(scheme)


class HttpClient:
    """One pooled aiohttp session, created in the running event loop."""

    def __init__(self, *, concurrency, timeout=10):
        self.concurrency = max(1, concurrency)
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self._session = None

    def _open(self):
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(
                    limit=self.concurrency, ttl_dns_cache=300
                ),
                timeout=self.timeout,
            )
        return self._session

    async def post(self, url, *, body, headers):
        session = self._open()
        parts = urlsplit(url)
        try:
            async with session.post(
                url,
                data=body,
                headers=headers,
                allow_redirects=False,
                proxy=proxy_for(parts.scheme, parts.hostname or ""),
            ) as response:
                chunks, size = [], 0
                async for chunk in response.content.iter_chunked(16384):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= MAX_ANSWER:
                        break
                return Answer(response.status, response.headers, b"".join(chunks))
        except (TimeoutError, aiohttp.ClientError) as error:
            raise NetworkError(type(error).__name__) from error

    async def close(self):
        if self._session is not None:
            await self._session.close()
            self._session = None


def new_client(concurrency):
    """The client a dispatcher sends through (tests put a recording here)."""
    return HttpClient(concurrency=concurrency)

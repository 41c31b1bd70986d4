"""Recorded push services: a stand-in for the transports' HTTP client.

The transports post through ``transports.http.HttpClient`` (aiohttp). In
tests, ``install(monkeypatch)`` puts a ``RecordedPushService`` in its place:
it answers from recorded responses per URL (like ``responses`` does for
requests) and keeps every request it got. The real client is tested
against a loopback server in ``test_http_client.py``.
"""

import json as jsonlib
from dataclasses import dataclass

from multidict import CIMultiDict, CIMultiDictProxy

from rathaus.modules.notifications.transports import http


@dataclass(frozen=True)
class Request:
    url: str
    headers: CIMultiDictProxy
    body: bytes

    def json(self):
        return jsonlib.loads(self.body)


def answer(status=200, *, json=None, body=b"", headers=None):
    if json is not None:
        body = jsonlib.dumps(json).encode()
    return http.Answer(
        status, CIMultiDictProxy(CIMultiDict(headers or {})), bytes(body)
    )


class RecordedPushService:
    """Answers per URL in the order added; the last one repeats."""

    def __init__(self):
        self.routes = {}
        self.requests = []

    def add(self, url, status=200, *, json=None, body=b"", headers=None):
        recorded = answer(status, json=json, body=body, headers=headers)
        self.routes.setdefault(url, []).append(lambda request: recorded)

    def replace(self, url, status=200, **kwargs):
        self.routes.pop(url, None)
        self.add(url, status, **kwargs)

    def add_callback(self, url, callback):
        """``callback(request)`` returns ``(status, headers, body)``."""
        self.routes.pop(url, None)

        def respond(request):
            status, headers, body = callback(request)
            if isinstance(body, str):
                body = body.encode()
            return answer(status, body=body, headers=headers)

        self.routes.setdefault(url, []).append(respond)

    def add_network_error(self, url, reason="ClientConnectionError"):
        def fail(request):
            raise http.NetworkError(reason)

        self.routes.setdefault(url, []).append(fail)

    def calls(self, url):
        return [request for request in self.requests if request.url == url]

    # The client interface ------------------------------------------------------

    async def post(self, url, *, body, headers):
        request = Request(url, CIMultiDictProxy(CIMultiDict(headers)), bytes(body))
        self.requests.append(request)
        answers = self.routes.get(url)
        if not answers:
            raise AssertionError(f"No recorded answer for POST {url}")
        respond = answers.pop(0) if len(answers) > 1 else answers[0]
        return respond(request)

    async def close(self):
        pass


def install(monkeypatch):
    """Every dispatcher created from now on sends to one recorded service."""
    service = RecordedPushService()
    monkeypatch.setattr(http, "new_client", lambda concurrency: service)
    return service

"""The transports' real HTTP client (aiohttp) against a loopback server:
answers and headers arrive, redirects are never followed, answer bodies
are read only up to a bound, slow and refused endpoints are network
errors (retried by the dispatcher), and proxies come from the environment.
"""

import asyncio
import socket

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from rathaus.modules.notifications.transports import http


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_against_server(scenario, *, timeout=10):
    """Start a loopback server, run ``scenario(client, base, seen)``."""
    seen = []

    async def record(request):
        seen.append((request.path, dict(request.headers), await request.read()))

    async def created(request):
        await record(request)
        return web.Response(status=201, headers={"Location": "/v1/m/1"})

    async def redirect(request):
        await record(request)
        raise web.HTTPTemporaryRedirect("/created")

    async def big(request):
        await record(request)
        return web.Response(status=400, body=b"x" * (2 * 1024 * 1024))

    async def slow(request):
        await record(request)
        await asyncio.sleep(5)
        return web.Response(status=201)

    app = web.Application()
    app.router.add_post("/created", created)
    app.router.add_post("/redirect", redirect)
    app.router.add_post("/big", big)
    app.router.add_post("/slow", slow)

    async def main():
        async with TestServer(app, host="127.0.0.1") as server:
            client = http.HttpClient(concurrency=4, timeout=timeout)
            try:
                return await scenario(client, str(server.make_url("")), seen)
            finally:
                await client.close()

    return asyncio.run(main())


def test_posts_the_body_and_headers_and_returns_the_answer():
    async def scenario(client, base, seen):
        return await client.post(
            f"{base}/created", body=b"\x01\x02", headers={"TTL": "60"}
        )

    answer = run_against_server(scenario)
    assert answer.status == 201
    assert answer.headers["Location"] == "/v1/m/1"


def test_redirects_are_answers_never_followed():
    async def scenario(client, base, seen):
        answer = await client.post(f"{base}/redirect", body=b"secret", headers={})
        return answer, [path for path, _headers, _body in seen]

    answer, paths = run_against_server(scenario)
    assert answer.status == 307
    assert paths == ["/redirect"]  # the body never went to /created


def test_answer_bodies_are_read_only_up_to_the_bound():
    async def scenario(client, base, seen):
        return await client.post(f"{base}/big", body=b"", headers={})

    answer = run_against_server(scenario)
    assert answer.status == 400
    assert http.MAX_ANSWER <= len(answer.body) < http.MAX_ANSWER + 16384


def test_slow_and_refused_endpoints_are_network_errors():
    async def scenario(client, base, seen):
        errors = []
        for url in (f"{base}/slow", f"http://127.0.0.1:{free_port()}/gone"):
            try:
                await client.post(url, body=b"", headers={})
            except http.NetworkError as error:
                errors.append(str(error))
        return errors

    errors = run_against_server(scenario, timeout=0.5)
    assert len(errors) == 2
    assert "Timeout" in errors[0]


@pytest.fixture
def fresh_proxies():
    http.proxy_for.cache_clear()
    yield
    http.proxy_for.cache_clear()


def test_proxies_come_from_the_environment(monkeypatch, fresh_proxies):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.stadt.example:3128")
    monkeypatch.setenv("NO_PROXY", "push.intern.example")
    assert http.proxy_for("https", "fcm.googleapis.com") == (
        "http://proxy.stadt.example:3128"
    )
    assert http.proxy_for("https", "push.intern.example") is None


def test_no_proxy_without_environment(monkeypatch, fresh_proxies):
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert http.proxy_for("https", "fcm.googleapis.com") is None

"""In-process: SQL queries per operation (Django test client and
CaptureQueriesContext) and the floor documents (each operation's response
body, saved for bench/views.py); the same for wagtail-grapple's query standing
for the operation (bench/grapple_app), where there is one. Run with
DJANGO_SETTINGS_MODULE=bench.settings. Prints a JSON object
{operation: {queries, bytes[, grapple_queries, grapple_bytes]}}."""

import json
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.grapple_app import operations as grapple  # noqa: E402
from bench.operations import OPERATIONS, graphql_post_body  # noqa: E402
from bench.views import FLOOR_DIR  # noqa: E402


def main():
    municipality = sys.argv[1] if len(sys.argv) > 1 else "bench-stadt"
    client = Client(HTTP_HOST="127.0.0.1")
    FLOOR_DIR.mkdir(exist_ok=True)
    counts = {}
    for name in OPERATIONS:
        body = graphql_post_body(name, municipality)
        client.post("/graphql/", body, content_type="application/json")  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/graphql/", body, content_type="application/json")
        payload = json.loads(response.content)
        if "errors" in payload:
            raise SystemExit(f"{name}: {payload['errors']}")
        counts[name] = {"queries": len(queries), "bytes": len(response.content)}
        (FLOOR_DIR / f"floor-{name}.json").write_bytes(response.content)
        if name in grapple.OPERATIONS:
            counts[name].update(grapple_queries(client, name, municipality))
    print(json.dumps(counts))


def grapple_queries(client, name, municipality):
    """SQL queries of grapple's query for ``name`` (all pages in one answer)."""
    body = grapple.post_body(
        name, municipality, **({"limit": 5000} if name == "PageTree" else {})
    )
    if name != "PageTree":  # about a minute: no warm-up
        client.post(grapple.GRAPPLE_PATH, body, content_type="application/json")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            grapple.GRAPPLE_PATH, body, content_type="application/json"
        )
    payload = json.loads(response.content)
    if "errors" in payload:
        raise SystemExit(f"grapple {name}: {payload['errors']}")
    return {"grapple_queries": len(queries), "grapple_bytes": len(response.content)}


if __name__ == "__main__":
    main()

"""In-process: SQL queries per operation (Django test client and
CaptureQueriesContext) and the floor documents (each operation's response
body, saved for bench/views.py). Run with DJANGO_SETTINGS_MODULE=bench.settings.
Prints a JSON object {operation: queries}."""

import json
import sys
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

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
    print(json.dumps(counts))


if __name__ == "__main__":
    main()

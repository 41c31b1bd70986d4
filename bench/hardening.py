"""Hardening figures, in-process (Django test client; no HTTP server needed).

1. The worst documents one can build within the GraphQL limits (and a few
   beyond them, which must be refused cheaply): time of the whole request
   (parse, cost check, standard rules, execution), median of 5.
(The comparison of the removed compiled executor with graphql-core ran
from an earlier version of this script, with the executor at f650839;
figures in RESULTS-hardening.md.)

Usage (SQLite file in /tmp, built once, ~2 minutes):

    DJANGO_SETTINGS_MODULE=rathaus.site.settings.test \\
        .venv/bin/python bench/hardening.py [--pages 300]

Figures go to stdout as Markdown (copied into bench/RESULTS-hardening.md).
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.test")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/rathaus-bench-hardening.sqlite3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from rathaus.graphql.limits import Limits  # noqa: E402

MUNICIPALITY = "bench-stadt"


def median_ms(function, runs=5):
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def worst_documents(limits):
    """(name, document) pairs at, and just beyond, the limits."""
    fields = limits.max_fields
    dupes = limits.max_duplicate_fields
    docs = []
    # Every response name duplicated as often as allowed, two levels deep:
    # the overlap rule compares each pair, and the pairs of their children.
    inner = " ".join(["slug"] * dupes)
    per = dupes + 1
    outer = " ".join([f"municipalities {{ {inner} }}"] * min(dupes, fields // per))
    docs.append(("duplicates at the limit (overlap rule)", "{ " + outer + " }"))
    # Fragments spreading the next one twice, as many as the spread limit
    # allows.
    count = 0
    while 2 ** (count + 2) - 1 <= limits.max_spreads:
        count += 1
    chain = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(count)
    )
    docs.append(
        (
            f"doubling fragments, {count} levels (within limits)",
            f"{{ ...F0 }} {chain} fragment F{count} on Query {{ __typename }}",
        )
    )
    big = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(60)
    )
    docs.append(
        (
            "doubling fragments, 60 levels (refused)",
            f"{{ ...F0 }} {big} fragment F60 on Query {{ __typename }}",
        )
    )
    # As deep as allowed.
    docs.append(
        (
            "a small real query (PageTree with translations)",
            '{ pageTree(municipality: "' + MUNICIPALITY + '", locale: "de") '
            "{ translations { locale } } }",
        )
    )
    # Many distinct fields, as many as allowed, with every alias allowed.
    aliases = " ".join(
        f"a{i}: municipalities {{ slug name }}" for i in range(limits.max_aliases)
    )
    docs.append((f"{limits.max_aliases} aliased lists", "{ " + aliases + " }"))
    # The token limit filled with a long list literal.
    values = ", ".join(["1.5"] * (limits.max_tokens // 2 - 40))
    docs.append(
        (
            "token limit filled with a list literal",
            '{ locations(municipality: "' + MUNICIPALITY + '", locale: "de", '
            "bbox: {south: 1, west: 1, north: 2, east: 2, extra: [" + values + "]}) "
            "{ id } }",
        )
    )
    docs.append(
        (
            "fragment cycle",
            "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        )
    )
    docs.append(("introspection query", None))
    return docs


def measure_documents(client):
    from graphql import get_introspection_query

    rows = []
    for name, document in worst_documents(Limits.from_settings()):
        document = document or get_introspection_query(descriptions=True)

        def request(document=document):
            return client.post(
                "/graphql/",
                json.dumps({"query": document}),
                content_type="application/json",
            )

        response = request()
        payload = json.loads(response.content)
        code = (
            payload["errors"][0]["extensions"]["code"] if "errors" in payload else "-"
        )
        rows.append(
            (name, len(document), response.status_code, code, median_ms(request))
        )
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    options = parser.parse_args()
    setup_test_environment()
    from rathaus.site.municipalities.models import Municipality

    call_command("migrate", verbosity=0)
    if not Municipality.objects.filter(slug=MUNICIPALITY).exists():
        call_command(
            "generate_content",
            municipality=MUNICIPALITY,
            pages=options.pages,
            locales=1,
            locations=options.pages // 3,
            events=options.pages // 5,
            news=options.pages // 10,
            search_index=False,
        )
    client = Client()
    print("| document | characters | status | code | median ms |")
    print("|---|---|---|---|---|")
    for name, size, status, code, ms in measure_documents(client):
        print(f"| {name} | {size:,} | {status} | {code} | {ms:.1f} |")


if __name__ == "__main__":
    main()

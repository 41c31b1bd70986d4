"""Hardening figures, in-process (Django test client; no HTTP server needed).

1. The worst documents one can build within the GraphQL limits (and a few
   beyond them, which must be refused cheaply): time of the whole request
   (parse, cost check, standard rules, execution), median of 5, each run a
   new document text (so the cache of validated documents never answers).
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


def literal_for(graphql_type):
    """A literal of ``graphql_type`` for a required argument, or None."""
    from graphql import get_named_type, is_enum_type, is_list_type, is_non_null_type

    inner = graphql_type.of_type if is_non_null_type(graphql_type) else graphql_type
    if is_list_type(inner):
        return None
    named = get_named_type(inner)
    if is_enum_type(named):
        return next(iter(named.values))
    return {"String": '"x"', "ID": '"1"', "Int": "1", "Boolean": "true"}.get(named.name)


def leaf_selections():
    """(root field with its arguments, [leaf field names]) for every root
    query field that returns an object: the widest set of response paths a
    document can select."""
    from graphql import get_named_type, is_leaf_type, is_object_type
    from graphql import is_required_argument as required

    from rathaus.graphql.schema import schema

    roots = []
    for name, field in schema.graphql_schema.query_type.fields.items():
        named = get_named_type(field.type)
        if not is_object_type(named) or name.startswith("_"):
            continue
        arguments = {
            argument_name: literal_for(argument.type)
            for argument_name, argument in field.args.items()
            if required(argument)
        }
        if None in arguments.values():
            continue
        leaves = [
            leaf
            for leaf, leaf_field in named.fields.items()
            if is_leaf_type(get_named_type(leaf_field.type))
            and not any(map(required, leaf_field.args.values()))
        ]
        text = ", ".join(f"{key}: {value}" for key, value in arguments.items())
        roots.append((f"{name}({text})" if text else name, leaves))
    return roots


def worst_documents(limits):
    """(name, document) pairs at, and just beyond, the limits."""
    fields = limits.max_fields
    dupes = limits.max_duplicate_fields
    docs = []
    # Every response path the field limit allows, each selected as often as
    # allowed: the overlap rule's worst case within the limits (it compares
    # every two selections of one path: here about fields × dupes / 2).
    budget, selections, paths = fields, [], 0
    for root, leaves in leaf_selections():
        count = min(len(leaves), (budget - 1) // dupes)
        if count == 0:
            break
        inner = " ".join(leaf for leaf in leaves[:count] for _ in range(dupes))
        selections.append(f"{root} {{ {inner} }}")
        budget -= 1 + count * dupes
        paths += count
    docs.append(
        (
            f"{paths} response paths selected {dupes}× each, {fields - budget} "
            "fields (the overlap rule's worst case within the limits)",
            "{ " + " ".join(selections) + " }",
        )
    )
    # Many operations spreading one fragment at the field limit: the standard
    # rules follow every operation's spreads (refused: the limit holds for
    # the document).
    widest = docs[-1][1]
    docs.append(
        (
            "1,000 operations spreading one 482-field fragment (refused)",
            " ".join(f"query Q{i} {{ ...W }}" for i in range(1_000))
            + " fragment W on Query "
            + widest,
        )
    )
    # The worst case of the earlier per-selection-set limit: 20 lists of 20
    # ``slug``, one path selected 400 times (79,800 comparisons): refused.
    per = dupes + 1
    outer = " ".join(
        [f"municipalities {{ {' '.join(['slug'] * dupes)} }}"]
        * min(dupes, fields // per)
    )
    docs.append(("20 lists of 20 `slug` (one path 400×: refused)", "{ " + outer + " }"))
    # Fragments spreading the next one twice, as deep as the spread and
    # duplicate limits allow (the innermost field's path doubles per level).
    count = 0
    while (
        2 ** (count + 2) - 1 <= limits.max_spreads
        and 2 ** (count + 1) <= limits.max_duplicate_fields
    ):
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
    # Variables at the limit: as many values as allowed in one list.
    docs.append(
        (
            f"{limits.max_variable_values - 2:,} strings in one list variable",
            "query Waste($fractions: [String!]) { wasteCollections(municipality: "
            f'"{MUNICIPALITY}", locale: "de", street: "1", fractions: $fractions) '
            "{ houseNumber } }",
            {
                "fractions": [
                    f"fraction-{i}" for i in range(limits.max_variable_values - 2)
                ]
            },
        )
    )
    return docs


def measure_documents(client):
    from graphql import get_introspection_query

    rows = []
    for name, document, *variables in worst_documents(Limits.from_settings()):
        document = document or get_introspection_query(descriptions=True)
        variables = variables[0] if variables else None

        runs = iter(range(1_000_000))

        def request(document=document, runs=runs, variables=variables):
            # A comment makes each run a new document: the validated-document
            # cache never answers, so every run parses and validates afresh.
            return client.post(
                "/graphql/",
                json.dumps(
                    {
                        "query": f"{document}\n# run {next(runs)}",
                        "variables": variables,
                    }
                ),
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

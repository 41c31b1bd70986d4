"""In-process: what a page view and an app's sync cost after a publish.

Needs the benchmark database (``bench/run.py`` creates it; see README) and
Redis. Run with the bench environment::

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=... REDIS_URL=... \\
        .venv/bin/python bench/after_publish.py [--rounds 200]

0. ``PageTree`` uncached right after one page's title was published, in
   ``de`` and ``en``: from the pages' kept answers and computed from scratch,
   interleaved, the answers compared.
1. ``PageByPath`` uncached (``POST``), for a different page each round, with
   the worker's tree index cold (as right after a publish) and warm (every
   later view until the next publish), interleaved round by round.
2. ``Changes`` (delta sync): a full first sync in pages of 500, then one
   page's title published, then the delta: with the content generation's
   state computed (the first app after the publish) and cached (every other
   app), and its size.

Prints JSON; bench/RESULTS.md summarises it by hand.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench.operations import MUNICIPALITY, document  # noqa: E402
from rathaus.graphql.content.index import built_indexes  # noqa: E402
from rathaus.site.content.models import InformationPage  # noqa: E402
from rathaus.site.municipalities.models import Municipality  # noqa: E402


def post(client, name, variables):
    started = time.perf_counter()
    response = client.post(
        "/graphql/",
        json.dumps({"query": document(name), "variables": variables}),
        content_type="application/json",
    )
    elapsed = (time.perf_counter() - started) * 1000
    payload = json.loads(response.content)
    if "errors" in payload:
        raise SystemExit(f"{name}: {payload['errors']}")
    return elapsed, payload, len(response.content)


def summary(samples):
    ordered = sorted(samples)
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1], 1),
    }


def page_views(client, locale, rounds):
    tree = post(client, "PageTree", {"municipality": MUNICIPALITY, "locale": locale})
    paths = [page["path"] for page in tree[1]["data"]["pageTree"]]
    cold, warm = [], []
    for number in range(rounds):
        path = paths[(number * 7) % len(paths)]
        variables = {"municipality": MUNICIPALITY, "locale": locale, "path": path}
        built_indexes.clear()
        cold.append(post(client, "PageByPath", variables)[0])
        other = paths[(number * 7 + 3) % len(paths)]
        warm.append(post(client, "PageByPath", {**variables, "path": other})[0])
    return {"index_cold": summary(cold), "index_warm": summary(warm)}


def sync(client, locale):
    variables = {"municipality": MUNICIPALITY, "locale": locale, "first": 500}
    full_ms, calls, full_bytes, cursor = 0.0, 0, 0, None
    while True:
        elapsed, payload, size = post(client, "Changes", {**variables, "since": cursor})
        full_ms, calls, full_bytes = full_ms + elapsed, calls + 1, full_bytes + size
        answer = payload["data"]["changes"]
        cursor = answer["cursor"]
        if not answer["hasMore"]:
            break

    municipality = Municipality.objects.get(slug=MUNICIPALITY)
    page = (
        Page.objects.descendant_of(municipality.home_page)
        .filter(depth=municipality.home_page.depth + 2)
        .order_by("path")
        .first()
        .specific
    )
    page.title = f"{page.title} (neu)"
    page.save_revision().publish()

    first_ms, payload, delta_bytes = post(
        client, "Changes", {**variables, "since": cursor}
    )
    again_ms = post(client, "Changes", {**variables, "since": cursor})[0]
    answer = payload["data"]["changes"]
    return {
        "full_sync": {"calls": calls, "ms": round(full_ms), "bytes": full_bytes},
        "delta_after_one_publish": {
            "first_app_ms": round(first_ms, 1),
            "later_apps_ms": round(again_ms, 1),
            "bytes": delta_bytes,
            "pages": len(answer["pages"]),
            "events": len(answer["events"]),
            "locations": len(answer["locations"]),
            "removed": len(answer["removed"]),
        },
    }


def page_trees(client, locale, rounds):
    """``PageTree`` uncached right after one page's title was published, from
    the pages' kept answers and computed from scratch
    (``PAGE_FRAGMENT_SETS`` 0), interleaved; the answers must be equal."""
    variables = {"municipality": MUNICIPALITY, "locale": locale}
    municipality = Municipality.objects.get(slug=MUNICIPALITY)
    pages = list(
        InformationPage.objects.filter(
            path__startswith=municipality.home_page.path,
            locale_id=municipality.default_locale_id,
        ).values_list("pk", flat=True)
    )
    scratch = {**settings.RATHAUS_GRAPHQL, "PAGE_FRAGMENT_SETS": 0}
    kept, computed = [], []
    post(client, "PageTree", variables)
    for number in range(rounds):
        page = InformationPage.objects.get(pk=pages[(number * 13) % len(pages)])
        page.title = f"{page.title.split(' · ')[0]} · {number}"
        page.save_revision().publish()
        elapsed, answer, _size = post(client, "PageTree", variables)
        kept.append(elapsed)
        with override_settings(RATHAUS_GRAPHQL=scratch):
            elapsed, fresh, _size = post(client, "PageTree", variables)
        computed.append(elapsed)
        if answer != fresh:
            raise SystemExit(f"PageTree {locale}: kept answers differ after {page}")
    return {"from_kept_answers": summary(kept), "from_scratch": summary(computed)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--locale", default="de")
    parser.add_argument("--tree-rounds", type=int, default=30)
    arguments = parser.parse_args()
    client = Client(HTTP_HOST="127.0.0.1")
    caches["default"].clear()
    post(client, "PageTree", {"municipality": MUNICIPALITY, "locale": "de"})  # warm
    result = {
        "page_tree_after_one_publish": {
            locale: page_trees(client, locale, arguments.tree_rounds)
            for locale in ("de", "en")
        },
        "page_by_path_uncached": page_views(client, arguments.locale, arguments.rounds),
        "changes": sync(client, arguments.locale),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()

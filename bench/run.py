"""The Rathaus API benchmark. See bench/README.md.

Creates the PostgreSQL database, migrates, generates content, serves the app
with gunicorn (production settings plus bench/settings.py) on 127.0.0.1 and
measures GraphQL (uncached: POST; cached: GET by persisted id), Wagtail's REST
API v2 and wagtail-grapple for the same pages and the floor (a prebuilt JSON
document of the same size from a plain Django view), interleaved round by
round. Writes bench/results.json (or --out).
"""

import argparse
import json
import os
import platform
import random
import secrets
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
MUNICIPALITY = "bench-stadt"
HOST = f"{MUNICIPALITY}.localhost"  # the municipality's Site: API v2 needs it

sys.path.insert(0, str(ROOT))

from bench.latency import interleaved, load, ratios  # noqa: E402


def env(database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,.localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "MEDIA_ROOT": "/tmp/rathaus-bench/media",
        "STATIC_ROOT": "/tmp/rathaus-bench/static",
        "PYTHONPATH": str(ROOT),
    }


def manage(environment, *args, capture=False):
    started = time.monotonic()
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=capture,
        text=True,
    )
    return time.monotonic() - started, result.stdout if capture else ""


def psql(command):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", command],
        check=True,
    )


def flush_redis():
    """Empty the response cache and the content generations, then wait out
    the workers' generation memo (GRAPHQL_GENERATION_MEMO_MS, 1 s): a worker
    that still used a generation it read before the flush would store the
    warm-up answer under a key no later request asks for (run 5 saw such
    misses among Search's cached samples)."""
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
    time.sleep(1.5)


class Server:
    def __init__(self, environment, workers):
        self.environment = environment
        self.workers = workers
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "rathaus.site.wsgi",
                "--bind",
                f"127.0.0.1:{PORT}",
                "--workers",
                str(self.workers),
                "--timeout",
                # grapple's PageTree takes about a minute (bench/README.md).
                "600",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.environment,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{BASE}/healthz/", timeout=30).status_code < 500:
                    return self
            except requests.RequestException:
                time.sleep(0.5)
        self.__exit__()
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


def graphql_uncached(name, municipality=MUNICIPALITY):
    from bench.operations import graphql_post_body

    body = graphql_post_body(name, municipality)
    return lambda session: session.post(
        f"{BASE}/graphql/",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=120,
    )


def graphql_cached(name, municipality=MUNICIPALITY):
    from bench.operations import graphql_get_params

    params = graphql_get_params(name, municipality)
    return lambda session: session.get(f"{BASE}/graphql/", params=params, timeout=120)


def floor(name):
    return lambda session: session.get(f"{BASE}/bench/floor/{name}/", timeout=120)


API_V2_FIELDS = {
    "content.HomePage": "excerpt,thumbnail,intro",
    "content.NewsIndexPage": "excerpt,thumbnail",
    "content.EventIndexPage": "excerpt,thumbnail",
    "content.LocationIndexPage": "excerpt,thumbnail",
}


def api_v2_tree():
    """The same pages from API v2: one listing per page type (API v2 serves a
    type's own fields only when asked for that type), summed."""
    from bench.operations import API_V2_TYPES

    urls = [
        f"{BASE}/api/v2/pages/?type={page_type}&locale=de&limit=5000"
        f"&fields={API_V2_FIELDS.get(page_type, 'excerpt,thumbnail,body')}"
        for page_type in API_V2_TYPES
    ]
    return lambda session: Combined(
        [session.get(url, headers={"Host": HOST}, timeout=300) for url in urls]
    )


def api_v2_page():
    from bench.operations import PAGE_PATH

    slug = PAGE_PATH.strip("/")
    url = (
        f"{BASE}/api/v2/pages/?type=content.InformationPage&locale=de&slug={slug}"
        "&fields=excerpt,thumbnail,body"
    )
    return lambda session: session.get(url, headers={"Host": HOST}, timeout=60)


def api_v2_search():
    url = f"{BASE}/api/v2/pages/?search=Beratung%20Wohnung&locale=de&limit=20"
    return lambda session: session.get(url, headers={"Host": HOST}, timeout=60)


def grapple(name, page_size=None):
    """wagtail-grapple's query for the same pages (bench/grapple_app). With
    ``page_size``, PageTree pages through ``pages`` with limit/offset until a
    short page; the figure is for the whole set of requests."""
    from bench.grapple_app.operations import GRAPPLE_PATH, post_body

    url = f"{BASE}{GRAPPLE_PATH}"
    headers = {"Content-Type": "application/json"}
    if name != "PageTree":
        body = post_body(name, MUNICIPALITY)
        return lambda session: session.post(
            url, data=body, headers=headers, timeout=120
        )

    def pages(session):
        responses = []
        while True:
            body = post_body(
                name,
                MUNICIPALITY,
                limit=page_size,
                offset=page_size * len(responses),
            )
            response = session.post(url, data=body, headers=headers, timeout=600)
            responses.append(response)
            if response.status_code != 200:
                break
            returned = len((response.json().get("data") or {}).get("pages") or [])
            if returned < page_size:
                break
        return Combined(responses)

    return pages


class Combined:
    """Several responses measured as one (API v2's per-type listings,
    grapple's pages of PageTree)."""

    headers = {}

    def __init__(self, responses):
        self.responses = responses
        self.status_code, self.text = 200, ""
        bad = [r for r in responses if r.status_code != 200]
        if bad:
            self.status_code, self.text = bad[0].status_code, bad[0].text
        self.content = b"".join(r.content for r in responses)


class AfterPublish:
    """``POST`` ``name`` right after one page's title was published: before
    each round's requests (``prepare``, not timed) this process publishes a
    new title of a random information page, with Wagtail's revisions and
    signals as the admin does; then both clients ask at once."""

    def __init__(self, name, seed=0):
        self.post = graphql_uncached(name)
        self.random = random.Random(f"after-publish-{seed}")
        self.page_ids = None
        self.published = 0

    def prepare(self):
        from rathaus.site.content.models import InformationPage
        from rathaus.site.municipalities.models import Municipality

        if self.page_ids is None:
            home = Municipality.objects.get(slug=MUNICIPALITY).home_page
            self.page_ids = sorted(
                InformationPage.objects.filter(
                    path__startswith=home.path, locale_id=home.locale_id
                ).values_list("pk", flat=True)
            )
        page = InformationPage.objects.get(pk=self.random.choice(self.page_ids))
        self.published += 1
        page.title = f"{page.title.split(' · ')[0]} · {self.published}"
        page.save_revision().publish()

    def __call__(self, session):
        return self.post(session)


def after_publish(args):
    """The first uncached ``PageTree`` after a single publish, against the
    floor, in rounds of their own (a publish ends every cached answer, which
    would turn the other operations' cached samples into misses)."""
    row = {
        "graphql_after_publish": AfterPublish("PageTree"),
        "floor": floor("PageTree"),
    }
    answers = check_answers("PageTree", row)
    # Both workers answer a tree first, as on a site in use.
    with ThreadPoolExecutor(args.concurrency) as pool:
        for _ in range(3):
            list(pool.map(lambda _n: row["graphql_after_publish"](requests), range(2)))
    stats, run = interleaved(row, args.tree_requests, args.concurrency)
    run["published"] = row["graphql_after_publish"].published
    delta = delta_after_publish(row["graphql_after_publish"])
    return {
        **stats,
        "ratios": ratios(stats),
        "answers": answers,
        "run": run,
        "delta": delta,
    }


def delta_after_publish(publisher):
    """An app's delta sync over HTTP: a full first sync (``changes`` in pages
    of 500), one page's title published, then the delta: its size."""
    from bench.operations import document

    session = requests.Session()

    def changes(since):
        variables = {"municipality": MUNICIPALITY, "locale": "de", "first": 500}
        if since:
            variables["since"] = since
        response = session.post(
            f"{BASE}/graphql/",
            data=json.dumps({"query": document("Changes"), "variables": variables}),
            headers={"Content-Type": "application/json"},
            timeout=600,
        )
        return response, _json(response)["data"]["changes"]

    cursor, first_sync = None, 0
    while True:
        _response, answer = changes(cursor)
        cursor = answer["cursor"]
        first_sync += len(answer["pages"])
        if not answer["hasMore"]:
            break
    publisher.prepare()
    response, answer = changes(cursor)
    return {
        "first_sync_pages": first_sync,
        "bytes": len(response.content),
        **{kind: len(answer[kind]) for kind in ("pages", "events", "locations")},
        "removed": len(answer["removed"]),
    }


def variants(name, args):
    """The variants of one operation, by name: request functions."""
    row = {
        "graphql_uncached": graphql_uncached(name),
        "graphql_cached": graphql_cached(name),
        "floor": floor(name),
    }
    if name == "PageTree":
        row["api_v2"] = api_v2_tree()
        row["grapple"] = grapple(name, args.grapple_page_size)
    elif name == "PageByPath":
        row["api_v2"] = api_v2_page()
        row["grapple"] = grapple(name)
    elif name == "Search":
        row["api_v2"] = api_v2_search()
        row["grapple"] = grapple(name)
    return row


def _json(response):
    data = response.json()
    if data.get("errors"):
        raise RuntimeError(f"errors: {json.dumps(data['errors'])[:500]}")
    return data


def page_ids(name, variant, response):
    """The ids of the pages an answer returns, in its order."""
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.text[:300]}")
    parts = getattr(response, "responses", [response])
    if variant == "api_v2":
        return [str(item["id"]) for part in parts for item in _json(part)["items"]]
    if variant == "grapple":
        found = []
        for part in parts:
            data = _json(part)["data"]
            if name == "PageByPath":
                found += [data["page"]["id"]] if data["page"] else []
            else:
                found += [page["id"] for page in data["pages"]]
        return [str(page_id) for page_id in found]
    data = _json(response)["data"]
    if name == "PageTree":
        pages = data["pageTree"]
    elif name == "PageByPath":
        pages = [data["page"]] if data["page"] else []
    elif name == "Search":
        pages = data["search"]["items"]
    else:  # Locations
        pages = data["locations"]
    return [str(page["id"]) for page in pages]


def check_answers(name, row):
    """One request of every variant (also the warm-up): each answers 200
    without errors and returns the pages Rathaus's answer (the floor
    document) returns: the same ids for PageTree and PageByPath, as many for
    Search (the order of equally relevant hits may differ; the overlap is
    reported). Raises on a difference."""
    session = requests.Session()
    answers = {}
    for variant, request in row.items():
        answers[variant] = page_ids(name, variant, request(session))
    expected = answers["floor"]
    report = {"pages": len(expected)}
    for variant, ids in answers.items():
        same = set(ids) == set(expected) and len(ids) == len(expected)
        if name == "Search":
            report[variant] = {
                "pages": len(ids),
                "overlap": len(set(ids) & set(expected)),
            }
            same = len(ids) == len(expected)
        else:
            report[variant] = len(ids)
        if not same or not ids:
            raise RuntimeError(
                f"{name}: {variant} returned {len(ids)} pages, "
                f"Rathaus {len(expected)} ({sorted(set(ids) ^ set(expected))[:10]})"
            )
    return report


def measure(environment, args):
    counts_started = time.monotonic()
    _seconds, output = manage_script(environment, "bench/measure.py", MUNICIPALITY)
    queries = json.loads(output.strip().splitlines()[-1])
    print(
        "SQL queries per operation:",
        queries,
        f"({time.monotonic() - counts_started:.0f} s)",
    )
    results = {}
    heavy = {"PageTree": args.tree_requests, "Locations": args.tree_requests}
    with Server(environment, args.workers):
        for name in args.operations:
            samples = heavy.get(name, args.requests)
            flush_redis()
            row = variants(name, args)
            answers = check_answers(name, row)
            print(name, "answers", json.dumps(answers))
            stats, run = interleaved(row, samples, args.concurrency)
            results[name] = {
                **stats,
                "ratios": ratios(stats),
                "answers": answers,
                "run": run,
            }
            print(name, json.dumps(results[name], indent=1))
        if "PageTree" in args.operations:
            flush_redis()
            results["PageTreeAfterPublish"] = after_publish(args)
            print(
                "PageTreeAfterPublish",
                json.dumps(results["PageTreeAfterPublish"], indent=1),
            )
    return queries, results


def manage_script(environment, script, *args):
    result = subprocess.run(
        [PYTHON, script, *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return 0, result.stdout


def scale_check(environment, args):
    """Latency of bench-stadt's PageByPath and PageTree (uncached)."""
    with Server(environment, args.workers):
        return {
            "PageByPath": load(graphql_uncached("PageByPath"), args.requests, 1),
            "PageTree": load(graphql_uncached("PageTree"), args.tree_requests, 1),
            "Locations": load(graphql_uncached("Locations"), args.tree_requests, 1),
        }


def machine():
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    postgres = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tA",
            "-c",
            "show server_version",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "postgresql": postgres,
        "platform": platform.platform(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="rathaus_bench")
    parser.add_argument("--pages", type=int, default=1500)
    parser.add_argument("--locales", type=int, default=7)
    parser.add_argument("--locations", type=int, default=800)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--others", type=int, default=49, help="Extra municipalities.")
    parser.add_argument("--other-pages", type=int, default=300)
    parser.add_argument("--other-locales", type=int, default=1)
    parser.add_argument(
        "--requests",
        type=int,
        default=200,
        help="Requests (samples) per variant for PageByPath and Search.",
    )
    parser.add_argument(
        "--tree-requests",
        type=int,
        default=30,
        help="Requests (samples) per variant for the bulk PageTree and Locations.",
    )
    parser.add_argument(
        "--grapple-page-size",
        type=int,
        default=5000,
        help="grapple's limit per PageTree request (bench/settings.py allows "
        "up to 5,000; with less, PageTree pages through with offset).",
    )
    parser.add_argument(
        "--operations",
        nargs="+",
        default=["PageTree", "PageByPath", "Locations", "Search"],
        choices=["PageTree", "PageByPath", "Locations", "Search"],
    )
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="Keep the database.")
    parser.add_argument("--out", default=str(BENCH / "results.json"))
    args = parser.parse_args()
    environment = env(args.database)
    # The operations' texts and ids come from the contract helpers, which read
    # Django settings: configure them (nothing here touches the database).
    os.environ.update(environment)
    import django

    django.setup()
    timings = {}
    if not args.reuse:
        psql(f"DROP DATABASE IF EXISTS {args.database}")
        psql(f"CREATE DATABASE {args.database}")
        timings["migrate_s"], _ = manage(environment, "migrate", "-v0")
        timings["generate_s"], _ = manage(
            environment,
            "generate_content",
            "--municipality",
            MUNICIPALITY,
            "--pages",
            str(args.pages),
            "--locales",
            str(args.locales),
            "--locations",
            str(args.locations),
            "--events",
            str(args.events),
        )
    print("timings", timings)
    queries, results = measure(environment, args)
    scale = {"1": scale_check(environment, args)}
    if args.others:
        started = time.monotonic()
        for number in range(args.others):
            manage(
                environment,
                "generate_content",
                "--municipality",
                f"bench-other-{number + 1}",
                "--pages",
                str(args.other_pages),
                "--locales",
                str(args.other_locales),
                "--locations",
                str(args.other_pages // 5),
                "--events",
                str(args.other_pages // 10),
                "--news",
                "10",
                "-v0",
            )
        timings["generate_others_s"] = time.monotonic() - started
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-d",
                args.database,
                "-c",
                "ANALYZE",
            ],
            check=True,
        )
        scale[str(args.others + 1)] = scale_check(environment, args)
    report = {
        "machine": machine(),
        "arguments": vars(args),
        "timings": timings,
        "queries": queries,
        "results": results,
        "scale": scale,
    }
    Path(args.out).write_text(json.dumps(report, indent=1))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()

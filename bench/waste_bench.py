"""Waste calendar benchmark (see bench/RESULTS-waste.md).

1. Import: a municipality of 3,000 streets × 6 fractions × 1 year from CSV
   (about 315,000 lines) through the real importer: wall time and the peak
   of Python allocations (tracemalloc) and of the process (ru_maxrss); then
   the same file again (idempotent: nothing changes) for the time alone.
2. Reads, in-process through the whole Django stack (test client, all
   middleware): street search (``WasteStreets``) and one street's year of
   dates (``WasteCollections``) as persisted GraphQL GETs answered from the
   response cache, against the floor: the same response body prebuilt and
   served by a plain Django view (``bench/views.py``) on the same stack.
   (SQL queries per request are locked in tests/modules/waste/test_api.py.)

Creates and drops a scratch database ``test_<name>``::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rathaus_bench \\
    REDIS_URL=redis://127.0.0.1:6379/13 \\
        .venv/bin/python bench/waste_bench.py --streets 3000
"""

import argparse
import datetime
import hashlib
import io
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

OPERATIONS = ROOT / "frontend_contract" / "operations"
FRACTIONS = [
    # key, weeks between collections (0: two dates in January), districts
    ("residual", 2, 20),
    ("bio", 2, 20),
    ("paper", 4, 10),
    ("packaging", 2, 10),
    ("green", 4, 5),
    ("christmas-trees", 0, 4),
]


def calendar_csv(streets, year):
    """The CSV of ``streets`` streets; every street has all six fractions."""
    from rathaus.modules.waste.services.importing import CSV_COLUMNS

    out = io.StringIO()
    out.write(";".join(CSV_COLUMNS) + "\n")
    first = datetime.date(year, 1, 5)  # a Monday in 2026
    for number in range(streets):
        name = f"Straße {number:05d}"
        for key, weeks, districts in FRACTIONS:
            district = number % districts
            offset = datetime.timedelta(days=district % 5)
            if weeks:
                days = [
                    first + offset + datetime.timedelta(weeks=weeks * n)
                    for n in range(52 // weeks)
                ]
            else:
                days = [
                    datetime.date(year, 1, 8 + district),
                    datetime.date(year, 1, 22),
                ]
            prefix = f"{name};;44575;;;all;{key};{key} {district + 1}"
            for day in days:
                out.write(f"{prefix};{day.isoformat()};;;\n")
    return out.getvalue()


def measure(client, url, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]


def persisted_url(name, variables):
    text = (OPERATIONS / f"{name}.graphql").read_text()
    documents = json.loads(
        (ROOT / "frontend_contract" / "persisted-documents.json").read_text()
    )
    (document_id,) = [key for key, value in documents.items() if value == text]
    return "/graphql/?" + urlencode(
        {"id": document_id, "variables": json.dumps(variables)}
    )


def run(streets, repeat, trace=True):
    from rathaus.modules.waste.models import Fraction, Street
    from rathaus.modules.waste.services import importing
    from rathaus.site.module_platform.services import enable_module
    from tests.factories import make_municipality

    municipality = make_municipality(slug="bench-waste", name="Bench")
    enable_module(municipality, "waste", settings={"holiday_shift_rule": "none"})
    for order, (key, _weeks, _districts) in enumerate(FRACTIONS):
        Fraction.objects.create(
            municipality=municipality,
            locale=municipality.default_locale,
            key=key,
            name=key.title(),
            sort_order=order,
        )
    text = calendar_csv(streets, 2026)
    lines = text.count("\n") - 1
    print(f"CSV: {lines} lines, {len(text) / 1e6:.1f} MB", flush=True)

    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = importing.import_csv(municipality, text, trigger="bench")
    first_wall = time.perf_counter() - started
    first_cpu = time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    assert result.status == "succeeded", result.error
    started = time.perf_counter()
    again = importing.import_csv(municipality, text, trigger="bench")
    second_wall = time.perf_counter() - started
    assert (again.created, again.deleted, again.updated) == (0, 0, 0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = {
        "lines": lines,
        "import_s": round(first_wall, 1),
        "import_cpu_s": round(first_cpu, 1),
        "tracemalloc": trace,
        "import_peak_python_mb": round(peak / 1e6, 1),
        "process_max_rss_mb": round(rss),
        "reimport_unchanged_s": round(second_wall, 1),
        "dates": result.report["changes"]["dates"]["created"],
        "assignments": result.report["changes"]["assignments"]["created"],
    }
    print(json.dumps(figures, indent=2))

    street = Street.objects.filter(municipality=municipality).order_by("pk")[1500]
    client = Client()
    cases = {
        "WasteStreets": {
            "municipality": "bench-waste",
            "search": "Straße 01",
            "first": 20,
        },
        "WasteCollections": {
            "municipality": "bench-waste",
            "street": str(street.pk),
            "from": "2026-01-01",
            "to": "2026-12-31",
        },
    }
    floor_dir = ROOT / "bench" / "var"
    floor_dir.mkdir(exist_ok=True)
    reads = {}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for name, variables in cases.items():
            url = persisted_url(name, variables)
            client.get(url)  # warm-up: computes and caches the answer
            body = client.get(url).content
            assert b'"errors"' not in body, body[:300]
            floor_name = f"waste-{name}"
            (floor_dir / f"floor-{floor_name}.json").write_bytes(body)
            cached_p50, cached_p95 = measure(client, url, repeat)
            floor_p50, floor_p95 = measure(
                client, f"/bench/floor/{floor_name}/", repeat
            )
            reads[name] = {
                "bytes": len(body),
                "cached_p50_ms": round(cached_p50, 2),
                "cached_p95_ms": round(cached_p95, 2),
                "floor_p50_ms": round(floor_p50, 2),
                "floor_p95_ms": round(floor_p95, 2),
                "ratio_p50": round(cached_p50 / floor_p50, 2),
                "sha256": hashlib.sha256(body).hexdigest()[:12],
            }
    print(json.dumps(reads, indent=2))
    return {"import": figures, "reads": reads}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--streets", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument(
        "--no-tracemalloc",
        action="store_true",
        help="Time the import without tracing allocations (tracing slows it).",
    )
    args = parser.parse_args()
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run(args.streets, args.repeat, trace=not args.no_tracemalloc)
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
    out = ROOT / "bench" / "results-waste.json"
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()

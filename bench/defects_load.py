"""Defect reporter benchmark on PostgreSQL (see bench/RESULTS-defects.md).

1. Submissions with a photo under concurrent load: each client thread uploads
   a JPEG with GPS EXIF (POST /api/uploads/) and sends reportDefect (POST
   /graphql/), then retries the same mutation with the same idempotency key
   (as an app on a flaky network would). Reports throughput, p50/p95 per
   submission, and checks none lost and none duplicated.
2. The public map query (defectReports, nearbyDefects) over 10,000 published
   reports with photos: latency and SQL queries per request.

Runs the whole Django stack in-process (test client, one database connection
per thread) against a scratch database ``test_<name>`` that it creates and
drops::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rathaus_bench \\
        .venv/bin/python bench/defects_load.py --clients 8 --reports 25
"""

import argparse
import io
import json
import os
import statistics
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

MUTATION = (ROOT / "frontend_contract/operations/ReportDefect.graphql").read_text()
REPORTS_QUERY = (
    ROOT / "frontend_contract/operations/DefectReports.graphql"
).read_text()
NEARBY_QUERY = (ROOT / "frontend_contract/operations/NearbyDefects.graphql").read_text()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def photo():
    sys.path.insert(0, str(ROOT))
    from tests.photo_builders import photo_bytes

    return photo_bytes(size=(1600, 1200))


def setup_municipality():
    from rathaus.modules.defects.models import DefectCategory
    from rathaus.site.module_platform.services import enable_module
    from rathaus.site.municipalities.services import (
        MunicipalitySpec,
        create_municipality,
    )

    municipality, _ = create_municipality(
        MunicipalitySpec(
            slug="bench-stadt",
            name="Bench-Stadt",
            kind="city",
            ags="05562004",
            ars="055620004004",
            locales=["de", "en"],
            default_locale="de",
            centre=(51.55, 7.31),
            bbox=(51.50, 7.22, 51.60, 7.40),
            postal_codes=["44575"],
        )
    )
    enable_module(
        municipality,
        "defects",
        settings={"reports_per_hour": 1000, "reports_per_day": 10000},
    )
    DefectCategory.objects.create(
        municipality=municipality,
        locale=municipality.default_locale,
        code="pothole",
        name="Schlagloch",
    )
    return municipality


def submissions(clients, per_client, jpeg):
    from rathaus.modules.defects.models import DefectPhoto, DefectReport

    latencies, errors, keys = [], [], []
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def worker(index):
        client = Client(REMOTE_ADDR=f"198.51.100.{index + 1}")
        try:
            barrier.wait()
            for number in range(per_client):
                key = str(uuid.uuid4())
                started = time.perf_counter()
                response = client.post(
                    "/api/uploads/",
                    {
                        "file": io.BytesIO(jpeg),
                        "municipality": "bench-stadt",
                        "deviceId": f"device-{index}",
                    },
                )
                if response.status_code != 201:
                    raise RuntimeError(response.content)
                token = json.loads(response.content)["token"]
                variables = {
                    "municipality": "bench-stadt",
                    "idempotencyKey": key,
                    "deviceId": f"device-{index}",
                    "input": {
                        "category": "pothole",
                        "description": f"Bench report {key}",
                        "latitude": 51.55 + index * 0.001,
                        "longitude": 7.31 + number * 0.0001,
                        "photos": [token],
                    },
                }
                results = []
                for _attempt in range(2):  # the first attempt and a retry
                    response = client.post(
                        "/graphql/",
                        json.dumps({"query": MUTATION, "variables": variables}),
                        content_type="application/json",
                    )
                    payload = json.loads(response.content)
                    if "errors" in payload:
                        raise RuntimeError(payload["errors"])
                    results.append(payload["data"]["reportDefect"])
                elapsed = time.perf_counter() - started
                if results[0]["report"]["id"] != results[1]["report"]["id"]:
                    raise RuntimeError("a retry created another report")
                if not results[1]["replayed"]:
                    raise RuntimeError("the retry was not a replay")
                with lock:
                    latencies.append(elapsed)
                    keys.append(key)
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    stored = set(
        DefectReport.objects.filter(
            description__startswith="Bench report "
        ).values_list("description", flat=True)
    )
    expected = {f"Bench report {key}" for key in keys}
    return {
        "clients": clients,
        "submissions": len(latencies),
        "errors": errors[:3],
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(latencies) / wall, 2),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "lost": len(expected - stored),
        "duplicated": DefectReport.objects.filter(
            description__startswith="Bench report "
        ).count()
        - len(stored),
        "photos": DefectPhoto.objects.filter(
            report__description__startswith="Bench report "
        ).count(),
    }


def seed_map(municipality, count):
    import random

    from django.utils import timezone

    from rathaus.modules.defects.models import (
        DefectCategory,
        DefectPhoto,
        DefectReport,
        Status,
    )

    category = DefectCategory.objects.get(municipality=municipality, code="pothole")
    rng = random.Random(1)
    now = timezone.now()
    statuses = [Status.PUBLISHED, Status.IN_PROGRESS, Status.RESOLVED, Status.SUBMITTED]
    reports = DefectReport.objects.bulk_create(
        (
            DefectReport(
                municipality=municipality,
                category=category,
                status=statuses[index % 4],
                description=f"Map report {index}",
                latitude=rng.uniform(51.50, 51.60),
                longitude=rng.uniform(7.22, 7.40),
                published_at=now,
            )
            for index in range(count)
        ),
        batch_size=2000,
    )
    DefectPhoto.objects.bulk_create(
        (
            DefectPhoto(
                report=report,
                original="o.jpg",
                original_content_type="image/jpeg",
                large="l.jpg",
                thumbnail="t.jpg",
                public_large=f"defects/{report.pk}-l.jpg",
                public_thumbnail=f"defects/{report.pk}-t.jpg",
                width=1600,
                height=1200,
            )
            for report in reports
        ),
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed_queries(name, query, variables, runs=20, cached=False):
    client = Client()
    timings, counts, size = [], [], 0
    for _run in range(runs):
        if not cached:
            from django.core.cache import caches

            caches["default"].clear()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(
                "/graphql/", {"query": query, "variables": json.dumps(variables)}
            )
            timings.append(time.perf_counter() - started)
        payload = json.loads(response.content)
        if "errors" in payload:
            raise RuntimeError(payload["errors"])
        counts.append(len(queries))
        size = len(response.content)
    return {
        "name": name,
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(percentile(timings, 0.95) * 1000, 1),
        "sql_queries": max(counts),
        "bytes": size,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--reports", type=int, default=25, help="per client")
    parser.add_argument("--map-reports", type=int, default=10_000)
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    settings.RATHAUS_UPLOAD_RATE_LIMITS = [(100000, 3600)]
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database {test_db}, {os.cpu_count()} CPUs", flush=True)
    try:
        municipality = setup_municipality()
        jpeg = photo()
        result = submissions(options.clients, options.reports, jpeg)
        print(json.dumps({"submissions": result}, indent=2), flush=True)
        seed_map(municipality, options.map_reports)
        base = {"municipality": "bench-stadt"}
        rows = [
            timed_queries(
                "defectReports limit 500 (whole city)",
                REPORTS_QUERY,
                {**base, "limit": 500},
            ),
            timed_queries(
                "defectReports bbox ~1 km², limit 200",
                REPORTS_QUERY,
                {
                    **base,
                    "bbox": {
                        "south": 51.545,
                        "west": 7.30,
                        "north": 51.555,
                        "east": 7.315,
                    },
                },
            ),
            timed_queries(
                "nearbyDefects 50 m",
                NEARBY_QUERY,
                {**base, "latitude": 51.55, "longitude": 7.31},
            ),
            timed_queries(
                "defectReports limit 500, response cache hit",
                REPORTS_QUERY,
                {**base, "limit": 500},
                cached=True,
            ),
        ]
        print(json.dumps({"map_query_10k": rows}, indent=2), flush=True)
    finally:
        connections.close_all()
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()

"""Warnings poll benchmark (see bench/RESULTS-warnings.md).

One NINA poll cycle for N municipalities (default 100, each in its own
district) against a local fake NINA on 127.0.0.1 (a threaded HTTP server
that honours ``If-None-Match`` like NINA's CDN):

1. cold cycle: every dashboard holds one DWD warning, so each municipality
   costs a dashboard and a detail request (the DWD CAP has a polygon, so no
   GeoJSON is requested);
2. unchanged cycle: every dashboard must cost exactly one 304;
3. a new MoWaS warning appears in one district (its CAP has no polygon: one
   dashboard, one detail and one GeoJSON request). Timed from the fake NINA
   starting its 200 answer to that dashboard, and from the start of the
   cycle, to the poll cycle calling the relay callback for the warning. The
   clock stops just before ``enqueue_relay`` is called, so the enqueue itself
   is not included (with the test settings' immediate task backend the call
   would run the whole relay, push included, inline).

Runs the Django stack in-process against a scratch database ``test_<name>``
that it creates and drops::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rathaus_warn \\
        .venv/bin/python bench/warnings_poll.py --municipalities 100
"""

import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

RECORDINGS = ROOT / "tests/modules/warnings/recordings"
MOWAS_ID = "mow.DE-NW-RE-W003-20991001-000"
DWD_TEMPLATE = (
    "dwd.2.49.0.0.276.0.DWD.PVW.4102444800000.a1b2c3d4-e5f6-4789-abcd-0123456789ab.DEU"
)


class FakeNina:
    """Dashboards per district key with an ETag per version; counts requests."""

    def __init__(self):
        self.dashboards = {}
        self.details = {}
        self.counts = {"200": 0, "304": 0, "dashboard": 0, "detail": 0, "geojson": 0}
        self.seen_at = {}  # key -> perf_counter of the last 200 dashboard answer
        self.lock = threading.Lock()

    def set_dashboard(self, key, items):
        version = self.dashboards.get(key, (0, []))[0] + 1
        self.dashboards[key] = (version, items)

    def handler(self):
        nina = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, status, body=b"", headers=None):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                with nina.lock:
                    nina.counts[str(status)] = nina.counts.get(str(status), 0) + 1

            def do_GET(self):
                path = self.path.split("?")[0]
                if path.startswith("/dashboard/"):
                    key = path.removeprefix("/dashboard/").removesuffix(".json")
                    with nina.lock:
                        nina.counts["dashboard"] += 1
                    version, items = nina.dashboards.get(key, (0, []))
                    etag = f'"{key}-{version}"'
                    if self.headers.get("If-None-Match") == etag:
                        return self._send(304, headers={"ETag": etag})
                    nina.seen_at[key] = time.perf_counter()
                    body = json.dumps(items).encode()
                    return self._send(
                        200, body, {"ETag": etag, "Content-Type": "application/json"}
                    )
                if path.startswith("/warnings/"):
                    name = path.removeprefix("/warnings/")
                    kind = "geojson" if name.endswith(".geojson") else "detail"
                    with nina.lock:
                        nina.counts[kind] += 1
                    body = nina.details.get(name)
                    if body is None:
                        return self._send(404)
                    return self._send(200, body, {"Content-Type": "application/json"})
                return self._send(404)

        return Handler


def item(warning_id, provider, msg_type="Alert", severity="Moderate", version=1):
    return {
        "id": warning_id,
        "payload": {
            "version": version,
            "type": "ALERT",
            "id": warning_id,
            "hash": f"h{version}",
            "data": {"provider": provider, "msgType": msg_type, "severity": severity},
        },
        "sent": "2099-10-01T08:00:00+02:00",
    }


def setup(count):
    """The first municipality through the real service; the others as bare
    rows (their own Site and Collection, the first one's page tree), since
    the poller reads only the ARS and the module activation."""
    from wagtail.models import Collection, Site

    from rathaus.site.module_platform.services import enable_module
    from rathaus.site.municipalities.models import Municipality
    from rathaus.site.municipalities.services import (
        MunicipalitySpec,
        create_municipality,
    )

    first, _created = create_municipality(
        MunicipalitySpec(
            slug="bench-0",
            name="Bench 0",
            kind="municipality",
            ags="05100001",
            ars="051000000001",
            locales=["de", "en"],
            default_locale="de",
            centre=(51.55, 7.31),
            bbox=(51.50, 7.22, 51.60, 7.40),
        )
    )
    enable_module(first, "warnings")
    municipalities = [first]
    root_collection = Collection.get_first_root_node()
    for number in range(1, count):
        district = f"05{100 + number:03d}"
        site = Site.objects.create(
            hostname=f"bench-{number}.localhost", root_page=first.site.root_page
        )
        municipality = Municipality.objects.create(
            site=site,
            collection=root_collection.add_child(name=f"Bench {number}"),
            slug=f"bench-{number}",
            name=f"Bench {number}",
            kind="municipality",
            ags=f"{district}001",
            ars=f"{district}0000001",
            centre_latitude=51.55,
            centre_longitude=7.31,
            bbox_south=51.50,
            bbox_west=7.22,
            bbox_north=51.60,
            bbox_east=7.40,
            default_locale=first.default_locale,
        )
        municipality.locales.set(first.locales.all())
        enable_module(municipality, "warnings")
        municipalities.append(municipality)
    return municipalities


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--municipalities", type=int, default=100)
    options = parser.parse_args()

    from rathaus.modules.warnings.connectors.nina import NinaClient, district_key
    from rathaus.modules.warnings.services import polling
    from rathaus.modules.warnings.tasks import enqueue_relay

    nina = FakeNina()
    server = ThreadingHTTPServer(("127.0.0.1", 0), nina.handler())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    dwd_file = RECORDINGS / f"warning_{DWD_TEMPLATE}.json"
    dwd_detail = json.loads(dwd_file.read_text())
    mowas_detail = (RECORDINGS / f"warning_{MOWAS_ID}.json").read_bytes()
    mowas_geojson = (RECORDINGS / f"warning_{MOWAS_ID}.geojson").read_bytes()

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    print(f"database {test_db} ({connection.vendor}), {os.cpu_count()} CPUs")
    try:
        started = time.perf_counter()
        municipalities = setup(options.municipalities)
        print(
            f"setup: {len(municipalities)} municipalities "
            f"in {time.perf_counter() - started:.1f}s"
        )
        for number, municipality in enumerate(municipalities):
            key = district_key(municipality.ars)
            warning_id = f"dwd.bench-{number}"
            detail = {**dwd_detail, "identifier": f"bench-{number}"}
            nina.details[f"{warning_id}.json"] = json.dumps(detail).encode()
            nina.details[f"{warning_id}.geojson"] = b"{}"
            nina.set_dashboard(key, [item(warning_id, "DWD")])
        client = NinaClient(base)
        results = {}

        def cycle(name, relay=None):
            before = dict(nina.counts)
            client.request_count = 0
            started = time.perf_counter()
            outcomes = polling.poll_cycle(client=client, relay=relay)
            wall = time.perf_counter() - started
            counts = {k: nina.counts.get(k, 0) - before.get(k, 0) for k in nina.counts}
            summary = {
                "wall_seconds": round(wall, 3),
                "requests": client.request_count,
                "answers": counts,
                "outcomes": {
                    outcome: sum(r.outcome == outcome for r in outcomes)
                    for outcome in {r.outcome for r in outcomes}
                },
            }
            results[name] = summary
            print(name, json.dumps(summary))
            return outcomes

        cycle("cold")
        cycle("unchanged")

        # A new MoWaS warning in one district.
        target = municipalities[len(municipalities) // 2]
        key = district_key(target.ars)
        nina.details[f"{MOWAS_ID}.json"] = mowas_detail
        nina.details[f"{MOWAS_ID}.geojson"] = mowas_geojson
        nina.set_dashboard(
            key,
            [
                *nina.dashboards[key][1],
                item(MOWAS_ID, "MOWAS", severity="Severe"),
            ],
        )
        handed_over = {}

        def relay(alert_id):
            # Timed before the enqueue: the enqueue itself is not measured.
            handed_over.setdefault(alert_id, time.perf_counter())
            enqueue_relay(alert_id)

        cycle_started = time.perf_counter()
        cycle("new_mowas", relay=relay)
        first = min(handed_over.values())
        results["new_mowas"]["dashboard_to_relay_call_ms"] = round(
            (first - nina.seen_at[key]) * 1000, 1
        )
        results["new_mowas"]["cycle_start_to_relay_call_ms"] = round(
            (first - cycle_started) * 1000, 1
        )
        print(
            "new MoWaS warning: dashboard answer started -> relay callback "
            "called (before enqueue_relay) "
            f"{results['new_mowas']['dashboard_to_relay_call_ms']} ms; "
            "cycle start -> relay callback called "
            f"{results['new_mowas']['cycle_start_to_relay_call_ms']} ms"
        )
        print(json.dumps(results, indent=2))
    finally:
        server.shutdown()
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()

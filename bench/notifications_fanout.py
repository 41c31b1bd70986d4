"""Push fan-out benchmark (see bench/RESULTS-notifications.md).

One message to 100,000 devices in 8 locales (FCM 50 %, Web Push 40 %,
UnifiedPush 10 %) through the real transports (google-auth, pywebpush with
RFC 8291 encryption per device, VAPID) against a fake push service on
127.0.0.1 in a child process. The fake answers FCM's token and send calls
and Web Push POSTs (201, and 410 for 1 % of the endpoints, which the fan-out
prunes). It stops by itself after ``--server-timeout`` seconds or when this
process ends.

Measures the fan-out task alone (``fanout.deliver``): wall time, this
process's CPU time, messages per second, and peak RSS (``ru_maxrss``) before
and after. Uses a scratch database (``test_<name>``) it creates and drops::

    .venv/bin/python bench/notifications_fanout.py --devices 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rathaus_bench \\
        .venv/bin/python bench/notifications_fanout.py
"""

import argparse
import asyncio
import json
import multiprocessing
import os
import resource
import socket
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rathaus.site.settings.test")

LOCALES = ["de", "en", "ar", "uk", "tr", "ru", "fa", "pl"]


# The fake push service ----------------------------------------------------------


def serve(port_queue, timeout):
    """A minimal HTTP/1.1 keep-alive server: enough for FCM and Web Push."""
    token = json.dumps(
        {"access_token": "ya29.bench", "expires_in": 3599, "token_type": "Bearer"}
    ).encode()

    async def handle(reader, writer):
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _version = lines[0].split(" ", 2)
                length = 0
                for line in lines[1:]:
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if path == "/token":
                    status, body = "200 OK", token
                elif path.startswith("/v1/"):
                    status, body = "200 OK", b'{"name":"m"}'
                elif path.endswith("/gone"):
                    status, body = "410 Gone", b""
                else:
                    status, body = "201 Created", b""
                writer.write(
                    f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
                    "Content-Type: application/json\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def main():
        server = await asyncio.start_server(handle, "127.0.0.1", 0, backlog=512)
        port_queue.put(server.sockets[0].getsockname()[1])
        parent = os.getppid()
        deadline = time.monotonic() + timeout
        async with server:
            while time.monotonic() < deadline and os.getppid() == parent:
                await asyncio.sleep(1)

    asyncio.run(main())


# The benchmark -------------------------------------------------------------------


def service_account(base):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return {
        "type": "service_account",
        "project_id": "bench",
        "private_key": key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode(),
        "client_email": "bench@bench.iam.gserviceaccount.com",
        "token_uri": f"{base}/token",
    }


def create_devices(municipality, count, base):
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from django.utils import timezone

    from rathaus.modules.notifications.models import Device, Subscription, token_digest

    def b64(data):
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    keys = []
    for _index in range(64):
        public = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(
                serialization.Encoding.X962,
                serialization.PublicFormat.UncompressedPoint,
            )
        )
        keys.append((b64(public), b64(os.urandom(16))))
    now = timezone.now()
    chunk = 5000
    for start in range(0, count, chunk):
        devices = []
        for index in range(start, min(count, start + chunk)):
            share = index % 10
            transport = (
                "fcm" if share < 5 else "webpush" if share < 9 else "unifiedpush"
            )
            if transport == "fcm":
                token, p256dh, auth = f"fcm-bench-{index}", "", ""
            else:
                token = f"{base}/{transport}/{index}"
                if index % 100 == 55:  # 1 % of subscriptions have expired
                    token += "/gone"
                p256dh, auth = keys[index % len(keys)]
            devices.append(
                Device(
                    municipality=municipality,
                    locale=LOCALES[index % len(LOCALES)],
                    transport=transport,
                    token=token,
                    token_hash=token_digest(token),
                    p256dh=p256dh,
                    auth=auth,
                    last_seen=now,
                )
            )
        devices = Device.objects.bulk_create(devices)
        Subscription.objects.bulk_create(
            [Subscription(device=device, topic="news") for device in devices]
        )


def run(args):
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from rathaus.modules.notifications.models import Delivery, Device, Message
    from rathaus.modules.notifications.services import fanout, sending
    from rathaus.modules.notifications.vapid import generate_vapid_keys
    from rathaus.site.module_platform import api
    from rathaus.site.module_platform.services import enable_module
    from tests.factories import make_municipality

    ports = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(ports, args.server_timeout), daemon=True
    )
    server.start()
    base = f"http://127.0.0.1:{ports.get(timeout=30)}"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        settings.NOTIFICATIONS_FCM_SERVICE_ACCOUNT = service_account(base)
        settings.NOTIFICATIONS_FCM_ENDPOINT = base
        settings.NOTIFICATIONS_VAPID_PRIVATE_KEY = generate_vapid_keys()[0]
        settings.NOTIFICATIONS_ALLOW_PRIVATE_ENDPOINTS = True
        settings.NOTIFICATIONS_SEND_CONCURRENCY = args.concurrency
        municipality = make_municipality(
            slug="bench-stadt", locales=LOCALES, default_locale="de"
        )
        enable_module(
            municipality,
            "notifications",
            settings={"quiet_hours_start": None, "quiet_hours_end": None},
        )
        started = time.perf_counter()
        create_devices(municipality, args.devices, base)
        print(
            f"{args.devices} devices created in {time.perf_counter() - started:.1f} s"
        )
        message = api.PushMessage(
            title={code: f"Straßensperrung ({code})" for code in LOCALES},
            body=dict.fromkeys(
                LOCALES,
                "Die Hauptstraße ist von Montag bis Freitag gesperrt. "
                "Umleitung über die Bahnhofstraße.",
            ),
            url="https://bench-stadt.example/news/strassensperrung",
        )
        record = sending.send(
            municipality,
            "news",
            message,
            send_at=django.utils.timezone.now() + django.utils.timezone.timedelta(1),
        )
        Message.objects.filter(pk=record.pk).update(status=Message.Status.QUEUED)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cpu_before = time.process_time()
        started = time.perf_counter()
        totals = fanout.deliver(record.pk, batch_size=args.batch_size)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        deliveries = {
            d.locale: (d.sent, d.failed, d.pruned)
            for d in Delivery.objects.filter(message=record)
        }
        result = {
            "devices": args.devices,
            "database": connection.vendor,
            "concurrency": args.concurrency,
            "batch_size": args.batch_size,
            "totals": totals,
            "per_locale": deliveries,
            "remaining_devices": Device.objects.count(),
            "wall_seconds": round(wall, 1),
            "cpu_seconds": round(cpu, 1),
            "messages_per_second": round(args.devices / wall),
            "peak_rss_mb_before": round(rss_before),
            "peak_rss_mb_after": round(rss_after),
        }
        print(json.dumps(result, indent=2))
        return result
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)
        server.terminate()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devices", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--server-timeout", type=int, default=3600)
    run(parser.parse_args())


if __name__ == "__main__":
    main()

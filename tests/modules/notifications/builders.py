"""Builders for devices and recorded push-service answers."""

import itertools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from rathaus.modules.notifications.models import Device, Subscription, token_digest

from .conftest import browser_keys

TOKEN_URL = "https://oauth2.googleapis.com/token"
FCM_URL = "https://fcm.googleapis.com/v1/projects/rathaus-test/messages:send"
_counter = itertools.count(1)
_rsa = []


def service_account():
    if not _rsa:
        _rsa.append(rsa.generate_private_key(public_exponent=65537, key_size=2048))
    pem = (
        _rsa[0]
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    return {
        "type": "service_account",
        "project_id": "rathaus-test",
        "private_key": pem,
        "client_email": "push@rathaus-test.iam.gserviceaccount.com",
        "token_uri": TOKEN_URL,
    }


def make_devices(
    municipality, count, *, locale="de", transport="fcm", topics=("news",)
):
    """``count`` devices in bulk (two queries), following ``topics``."""
    now = timezone.now()
    devices = []
    keys = browser_keys() if transport != "fcm" else (None, "", "")
    for _index in range(count):
        number = next(_counter)
        token = (
            f"fcm-{number}"
            if transport == "fcm"
            else f"https://push.example.net/{transport}/{number}"
        )
        device = Device(
            municipality=municipality,
            locale=locale,
            transport=transport,
            token=token,
            p256dh=keys[1],
            auth=keys[2],
            last_seen=now,
        )
        device.token_hash = token_digest(token)
        devices.append(device)
    devices = Device.objects.bulk_create(devices)
    Subscription.objects.bulk_create(
        [
            Subscription(device=device, topic=topic)
            for device in devices
            for topic in topics
        ]
    )
    return devices

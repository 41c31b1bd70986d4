import json
from pathlib import Path

import pytest
import responses
from wagtail import hooks
from wagtail.models import Locale

from rathaus.modules.warnings.connectors.nina import NinaClient
from rathaus.site.module_platform import api
from rathaus.site.module_platform.services import enable_module
from rathaus.site.translation.models import MachineTranslationSettings
from tests.factories import make_municipality

from ..notifications.builders import (
    FCM_URL,
    TOKEN_URL,
    make_devices,
    service_account,
)
from ..notifications.push_fake import install as install_push_service

RECORDINGS = Path(__file__).parent / "recordings"
BASE = "https://nina.test/api31"
CASTROP_KEY = "055620000000"

MOWAS_ID = "mow.DE-NW-RE-W003-20991001-000"
DWD_ID = (
    "dwd.2.49.0.0.276.0.DWD.PVW.4102444800000.a1b2c3d4-e5f6-4789-abcd-0123456789ab.DEU"
)
KATWARN_1 = "kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000001"
KATWARN_2 = "kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000002"
KATWARN_CANCEL = "kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000003"
EXERCISE_ID = "mow.DE-NW-RE-UEBUNG-20991001-000"
TEST_ID = "mow.DE-NW-RE-TEST-20991001-000"
EXPIRED_ID = "pol.DE-NW-RE-20200101-000"


def recording(name):
    return json.loads((RECORDINGS / name).read_text())


@pytest.fixture
def castrop(db):
    municipality = make_municipality(
        slug="stadt-a",
        name="Castrop-Rauxel",
        hostname="a.localhost",
        ags="05562004",
        ars="055620004004",
        centre=(51.55, 7.31),
        bbox=(51.52, 7.22, 51.62, 7.40),
    )
    enable_module(municipality, "warnings")
    return municipality


@pytest.fixture
def other(db):
    municipality = make_municipality(
        slug="stadt-b", name="Stadt B", hostname="b.localhost"
    )
    enable_module(municipality, "warnings")
    return municipality


@pytest.fixture
def backoff():
    return []


@pytest.fixture
def nina_client(backoff):
    return NinaClient(BASE, sleep=backoff.append)


class FakeNina:
    """Recorded NINA answers on a responses mock, with ETag validation, and
    the recorded push service the warnings are sent to (``push``)."""

    def __init__(self, mock, push):
        self.mock = mock
        self.push = push

    def dashboard(self, key, items, etag='"v1"', status=200):
        def callback(request):
            if etag and request.headers.get("If-None-Match") == etag:
                return (304, {"ETag": etag}, "")
            headers = {"ETag": etag} if etag else {}
            return (status, headers, json.dumps(items))

        url = f"{BASE}/dashboard/{key}.json"
        for registered in list(self.mock.registered()):
            if registered.url == url:
                self.mock.remove(registered)
        self.mock.add_callback(responses.GET, url, callback=callback)

    def details(self, *ids):
        for warning_id in ids:
            self.mock.add(
                responses.GET,
                f"{BASE}/warnings/{warning_id}.json",
                json=recording(f"warning_{warning_id}.json"),
            )
            geojson = RECORDINGS / f"warning_{warning_id}.geojson"
            self.mock.add(
                responses.GET,
                f"{BASE}/warnings/{warning_id}.geojson",
                json=json.loads(geojson.read_text()) if geojson.exists() else {},
            )

    def calls(self, fragment=""):
        return [call for call in self.mock.calls if fragment in call.request.url]


@pytest.fixture
def nina(monkeypatch):
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield FakeNina(mock, install_push_service(monkeypatch))


@pytest.fixture
def push_ready(castrop, nina, settings):
    """Castrop-Rauxel with push enabled, devices in three languages, and
    FCM's recorded answers on the same mock as NINA's."""
    settings.NOTIFICATIONS_FCM_SERVICE_ACCOUNT = service_account()
    enable_module(castrop, "notifications")
    MachineTranslationSettings.objects.create(
        municipality=castrop,
        locale=Locale.objects.get(language_code="ar"),
        provider=MachineTranslationSettings.Provider.OFFLINE,
    )
    make_devices(castrop, 2, locale="de", topics=("warnings",))
    make_devices(castrop, 1, locale="en", topics=("warnings",))
    make_devices(castrop, 1, locale="ar", topics=("warnings",))
    make_devices(castrop, 3, locale="de", topics=("news",))  # not following
    nina.mock.add(
        responses.POST, TOKEN_URL, json={"access_token": "ya29.t", "expires_in": 3599}
    )
    nina.push.add(FCM_URL, json={"name": "m"})
    return castrop


def fcm_sends(nina):
    """What the FCM fake received: one message per device, oldest first."""
    return [request.json()["message"] for request in nina.push.calls(FCM_URL)]


class PushRecorder:
    def __init__(self):
        self.sent = []
        self.keys = set()

    def __call__(self, municipality, topic, message, **options):
        # Like the notifications module: a repeated dedupe key sends nothing.
        key = options.get("dedupe_key")
        if key and key in self.keys:
            return {"deduplicated": True}
        self.keys.add(key)
        self.sent.append(
            {
                "municipality": municipality,
                "topic": topic,
                "message": message,
                **options,
            }
        )
        return {"sent": True}


@pytest.fixture
def pushes():
    recorder = PushRecorder()
    with hooks.register_temporarily(api.PUSH_SENDER, recorder):
        yield recorder

"""Every transport against recorded answers (a ``RecordedPushService`` in
place of the HTTP client; google-auth's token endpoint on ``responses``):
success, gone tokens pruned, 429/5xx retried honouring Retry-After, other
errors failed. Plus the RFC 8291 test vector. No network."""

import asyncio
import base64
import json
import time

import http_ece
import pytest
import responses
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from rathaus.modules.notifications.transports import http
from rathaus.modules.notifications.transports.base import (
    FAILED,
    PRUNE,
    RETRY,
    SENT,
    Outcome,
    Payload,
    Target,
    parse_retry_after,
)
from rathaus.modules.notifications.transports.dispatch import Dispatcher
from rathaus.modules.notifications.transports.fcm import FcmTransport
from rathaus.modules.notifications.transports.webpush import (
    MAX_WEBPUSH_RECORD,
    UnifiedPushTransport,
    WebPushTransport,
    topic_header,
)
from rathaus.modules.notifications.vapid import generate_vapid_keys

from .conftest import b64, browser_keys
from .push_fake import RecordedPushService

FCM_URL = "https://fcm.googleapis.com/v1/projects/rathaus-test/messages:send"
TOKEN_URL = "https://oauth2.googleapis.com/token"
ENDPOINT = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk"


def d(value):
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def verify_es256(token, public_key):
    """The claims of a JWT after checking its ES256 signature (RFC 7515/7518)."""
    header, claims, signature = token.split(".")
    raw = d(signature)
    der = encode_dss_signature(
        int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")
    )
    public_key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
    assert json.loads(d(header))["alg"] == "ES256"
    return json.loads(d(claims))


@pytest.fixture
def service():
    return RecordedPushService()


def deliver(transport, target, payload, service):
    """One attempt, as the dispatcher makes it."""
    return asyncio.run(transport.deliver(service, target, payload))


def payload(**overrides):
    values = {
        "message_id": 7,
        "topic": "news",
        "locale": "en",
        "title": "Road closed",
        "body": "Main street is closed on Monday.",
        "url": "https://stadt-a.example/news/1",
        "urgency": "normal",
        "time_to_live": 3600,
        "collapse_key": "news-7",
    }
    values.update(overrides)
    return Payload(**values)


@pytest.fixture(scope="module")
def service_account():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return {
        "type": "service_account",
        "project_id": "rathaus-test",
        "private_key_id": "k1",
        "private_key": pem,
        "client_email": "push@rathaus-test.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": TOKEN_URL,
    }


@pytest.fixture
def fcm(service_account):
    return FcmTransport(service_account, "https://fcm.googleapis.com")


def token_answer(rsps, token="ya29.first"):
    rsps.add(
        responses.POST,
        TOKEN_URL,
        json={"access_token": token, "expires_in": 3599, "token_type": "Bearer"},
    )


def fcm_error(status, code, http_status, message="error"):
    return {
        "error": {
            "code": http_status,
            "message": message,
            "status": status,
            "details": [
                {
                    "@type": "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                    "errorCode": code,
                }
            ],
        }
    }


FCM_TARGET = Target(1, "en", "fcm", "fcm-device-token")


# FCM HTTP v1 -----------------------------------------------------------------


@responses.activate
def test_fcm_sends_with_a_service_account_token(fcm, service):
    token_answer(responses)
    service.add(FCM_URL, json={"name": "projects/rathaus-test/messages/1"})
    assert deliver(fcm, FCM_TARGET, payload(urgency="high"), service) == Outcome(SENT)
    assert deliver(fcm, FCM_TARGET, payload(), service) == Outcome(SENT)
    # One OAuth2 token serves both sends.
    assert [call.request.url for call in responses.calls] == [TOKEN_URL]
    grant = responses.calls[0].request.body.decode()
    assert "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer" in grant
    request = service.calls(FCM_URL)[0]
    assert request.headers["Authorization"] == "Bearer ya29.first"
    assert request.headers["Content-Type"].startswith("application/json")
    message = request.json()["message"]
    assert message["token"] == "fcm-device-token"
    assert message["notification"] == {
        "title": "Road closed",
        "body": "Main street is closed on Monday.",
    }
    assert message["data"]["url"] == "https://stadt-a.example/news/1"
    assert message["data"]["messageId"] == "7"
    assert message["android"]["priority"] == "HIGH"
    assert message["android"]["ttl"] == "3600s"
    assert message["android"]["collapse_key"] == "news-7"
    assert message["apns"]["headers"]["apns-priority"] == "10"
    assert message["apns"]["headers"]["apns-collapse-id"] == "news-7"


@responses.activate
@pytest.mark.parametrize(
    ("http_status", "body", "expected"),
    [
        (404, fcm_error("NOT_FOUND", "UNREGISTERED", 404), PRUNE),
        (403, fcm_error("PERMISSION_DENIED", "SENDER_ID_MISMATCH", 403), PRUNE),
        (
            400,
            fcm_error(
                "INVALID_ARGUMENT",
                "INVALID_ARGUMENT",
                400,
                "The registration token is not a valid FCM registration token",
            ),
            PRUNE,
        ),
        (
            400,
            fcm_error("INVALID_ARGUMENT", "INVALID_ARGUMENT", 400, "bad ttl"),
            FAILED,
        ),
        (429, fcm_error("RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", 429), RETRY),
        (503, fcm_error("UNAVAILABLE", "UNAVAILABLE", 503), RETRY),
        (500, fcm_error("INTERNAL", "INTERNAL", 500), RETRY),
        (401, fcm_error("UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", 401), FAILED),
        (400, "not json", FAILED),
        (400, ["not", "an", "object"], FAILED),
    ],
)
def test_fcm_maps_errors(fcm, service, http_status, body, expected):
    token_answer(responses)
    service.add(
        FCM_URL,
        http_status,
        **({"body": body.encode()} if isinstance(body, str) else {"json": body}),
        headers={"Retry-After": "17"},
    )
    outcome = deliver(fcm, FCM_TARGET, payload(), service)
    assert outcome.status == expected
    if expected == RETRY:
        assert outcome.retry_after == 17


@responses.activate
def test_fcm_refreshes_a_refused_access_token(fcm, service, monkeypatch):
    token_answer(responses, "ya29.first")
    token_answer(responses, "ya29.second")
    service.add(
        FCM_URL, 401, json={"error": {"code": 401, "status": "UNAUTHENTICATED"}}
    )
    service.add(FCM_URL, json={"name": "m/1"})
    monkeypatch.setattr(http, "new_client", lambda concurrency: service)
    with Dispatcher({"fcm": fcm}, sleep=lambda seconds: None) as dispatcher:
        assert dispatcher.send([(FCM_TARGET, payload())]) == [Outcome(SENT)]
    sends = service.calls(FCM_URL)
    assert sends[1].headers["Authorization"] == "Bearer ya29.second"


@responses.activate
def test_fcm_network_errors_are_retried(fcm, service):
    token_answer(responses)
    service.add_network_error(FCM_URL, "ClientConnectionResetError")
    outcome = deliver(fcm, FCM_TARGET, payload(), service)
    assert outcome == Outcome(RETRY, detail="ClientConnectionResetError")


# Web Push (VAPID, RFC 8030/8291/8292) ------------------------------------------


@pytest.fixture
def vapid_keys():
    return generate_vapid_keys()


def subscriber(endpoint=ENDPOINT, transport="webpush"):
    private, p256dh, auth = browser_keys()
    return private, Target(2, "ar", transport, endpoint, p256dh, auth)


def test_web_push_encrypts_for_the_subscription_and_signs_vapid(vapid_keys, service):
    private_key, public_key = vapid_keys
    transport = WebPushTransport(private_key, "mailto:push@stadt-a.example")
    browser_private, target = subscriber()
    service.add(ENDPOINT, 201)
    assert deliver(transport, target, payload(urgency="high"), service) == Outcome(SENT)
    request = service.calls(ENDPOINT)[0]
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["TTL"] == "3600"
    assert request.headers["Urgency"] == "high"
    assert request.headers["Topic"] == "news-7"
    # The browser decrypts it with its own key and auth secret (RFC 8291).
    plain = http_ece.decrypt(
        request.body,
        private_key=browser_private,
        auth_secret=d(target.auth),
        version="aes128gcm",
    )
    document = json.loads(plain)
    assert document["title"] == "Road closed"
    assert document["data"]["url"] == "https://stadt-a.example/news/1"
    # VAPID (RFC 8292): vapid t=<JWT>, k=<our public key>; ES256 over the claims.
    scheme, _, params = request.headers["Authorization"].partition(" ")
    assert scheme == "vapid"
    values = dict(part.strip().split("=", 1) for part in params.split(","))
    assert values["k"] == public_key
    verifier = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), d(public_key)
    )
    claims = verify_es256(values["t"], verifier)
    assert claims["aud"] == "https://updates.push.services.mozilla.com"
    assert claims["sub"] == "mailto:push@stadt-a.example"
    assert 0 < claims["exp"] - time.time() <= 24 * 3600


@pytest.mark.parametrize(
    ("http_status", "expected"),
    [
        (201, SENT),
        (404, PRUNE),
        (410, PRUNE),
        (429, RETRY),
        (500, RETRY),
        (503, RETRY),
        (413, FAILED),
        (400, FAILED),
        (307, FAILED),  # a redirect is an answer, never followed
    ],
)
def test_web_push_maps_answers(vapid_keys, service, http_status, expected):
    transport = WebPushTransport(vapid_keys[0], "mailto:push@stadt-a.example")
    _private, target = subscriber()
    service.add(
        ENDPOINT,
        http_status,
        headers={
            "Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT",
            "Location": "http://169.254.169.254/latest",
        },
    )
    outcome = deliver(transport, target, payload(), service)
    assert outcome.status == expected
    if expected == RETRY:
        assert outcome.retry_after > 3600
    assert len(service.requests) == 1


def test_broken_subscription_keys_are_pruned_without_a_request(vapid_keys, service):
    transport = WebPushTransport(vapid_keys[0], "mailto:push@stadt-a.example")
    _private, target = subscriber()
    broken = Target(2, "ar", "webpush", ENDPOINT, b64(b"\x04" + b"1" * 64), target.auth)
    assert deliver(transport, broken, payload(), service).status == PRUNE
    assert service.requests == []


def test_unified_push_posts_encrypted_web_push_to_the_distributor(vapid_keys, service):
    endpoint = "https://ntfy.example.net/upAbCdEf?up=1"
    transport = UnifiedPushTransport(vapid_keys[0], "mailto:push@stadt-a.example")
    browser_private, target = subscriber(endpoint, "unifiedpush")
    service.add(endpoint, 200)
    assert deliver(transport, target, payload(), service) == Outcome(SENT)
    request = service.calls(endpoint)[0]
    plain = http_ece.decrypt(
        request.body,
        private_key=browser_private,
        auth_secret=d(target.auth),
        version="aes128gcm",
    )
    assert json.loads(plain)["body"] == "Main street is closed on Monday."
    service.replace(endpoint, 410)
    assert deliver(transport, target, payload(), service).status == PRUNE


def test_long_text_is_cut_to_fit_one_web_push_record(vapid_keys, service):
    transport = WebPushTransport(vapid_keys[0], "mailto:push@stadt-a.example")
    browser_private, target = subscriber()
    service.add(ENDPOINT, 201)
    deliver(transport, target, payload(body="Ä" * 3000), service)
    body = service.calls(ENDPOINT)[0].body
    assert len(body) <= MAX_WEBPUSH_RECORD
    plain = http_ece.decrypt(
        body, private_key=browser_private, auth_secret=d(target.auth)
    )
    assert json.loads(plain)["body"].endswith("…")


def test_topic_header_is_url_safe_and_short():
    assert topic_header("news-7") == "news-7"
    long = topic_header("waste:district 12:paper:2026-12-03")
    assert len(long) == 32 and "=" not in long and ":" not in long


def test_rfc_8291_appendix_a_vector():
    """http_ece (under pywebpush) produces and decrypts RFC 8291's example."""
    as_private = ec.derive_private_key(
        int.from_bytes(d("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"), "big"),
        ec.SECP256R1(),
    )
    ua_private = ec.derive_private_key(
        int.from_bytes(d("q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"), "big"),
        ec.SECP256R1(),
    )
    ua_public = d(
        "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZ"
        "GH6SRpkNtoIAiw4"
    )
    auth = d("BTBZMqHH6r4Tts7J_aSIgg")
    message = d(
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIg"
        "Dll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVB"
        "St2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    )
    encrypted = http_ece.encrypt(
        b"When I grow up, I want to be a watermelon",
        salt=d("DGv6ra1nlYgDCS1FRnbzlw"),
        private_key=as_private,
        dh=ua_public,
        auth_secret=auth,
        version="aes128gcm",
        rs=4096,
    )
    assert encrypted == message
    assert (
        http_ece.decrypt(message, private_key=ua_private, auth_secret=auth)
        == b"When I grow up, I want to be a watermelon"
    )
    assert b64(ua_public)  # the vector's keys are valid P-256 points


# Dispatcher: rounds of retries -----------------------------------------------


class Scripted:
    """A transport answering from a script per device."""

    name = "fcm"

    def __init__(self, script):
        self.script = {key: list(value) for key, value in script.items()}

    async def deliver(self, client, target, payload):
        return self.script[target.device_id].pop(0)


def test_dispatcher_retries_with_the_longest_retry_after_then_gives_up():
    transport = Scripted(
        {
            1: [Outcome(RETRY, retry_after=30), Outcome(SENT)],
            2: [Outcome(RETRY), Outcome(RETRY), Outcome(RETRY)],
            3: [Outcome(PRUNE)],
        }
    )
    waits = []
    dispatcher = Dispatcher(
        {"fcm": transport}, max_attempts=3, backoff=1.0, sleep=waits.append
    )
    targets = [(Target(i, "de", "fcm", f"t{i}"), payload()) for i in (1, 2, 3)]
    outcomes = dispatcher.send(targets)
    dispatcher.close()
    assert [outcome.status for outcome in outcomes] == [SENT, FAILED, PRUNE]
    assert waits == [30, 2.0]  # Retry-After first, then exponential backoff


def test_the_dispatcher_sends_from_a_thread_whose_event_loop_is_running():
    """An async caller (or Playwright's sync API earlier in the same test
    worker) leaves a running loop in the thread; sending must still work."""
    transport = Scripted({1: [Outcome(SENT)]})

    async def send_from_inside_a_loop():
        with Dispatcher({"fcm": transport}) as dispatcher:
            return dispatcher.send([(Target(1, "de", "fcm", "t1"), payload())])

    assert asyncio.run(send_from_inside_a_loop()) == [Outcome(SENT)]


def test_retry_after_parses_seconds_and_dates():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470) == 10
    assert parse_retry_after("soon") is None

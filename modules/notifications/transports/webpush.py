"""Web Push with VAPID (RFC 8030, 8291, 8292) and UnifiedPush.

pywebpush encrypts each message for the subscription (RFC 8291, aes128gcm
per RFC 8188, via http_ece); the dispatcher's client posts it with the
headers RFC 8030 asks for (pywebpush's own senders follow redirects, which
an endpoint chosen by a client must not get); py_vapid signs the VAPID JWT
(ES256; claims ``aud`` = the push service's origin, ``exp`` at most 24 h,
``sub`` = the operator's contact). A signed header is reused per origin for
an hour instead of signing per device.

UnifiedPush distributors speak the same protocol (a Web Push endpoint with
RFC 8291 keys), so ``UnifiedPushTransport`` only changes the name.
"""

import base64
import hashlib
import json
import re
import threading
import time
from urllib.parse import urlsplit

from py_vapid import Vapid
from pywebpush import WebPusher, WebPushException

from .base import (
    FAILED,
    MAX_WEBPUSH_RECORD,
    PRUNE,
    SENT,
    Outcome,
    Transport,
    transient,
)

#: RFC 8030 §5.4: a Topic header is at most 32 URL-safe base64 characters.
TOPIC_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
VAPID_LIFETIME = 12 * 3600
VAPID_REUSE = 3600
#: aes128gcm adds a 86-byte header, a padding delimiter and a 16-byte tag.
MAX_PLAINTEXT = MAX_WEBPUSH_RECORD - 86 - 17


def topic_header(collapse_key):
    if not collapse_key:
        return ""
    if TOPIC_PATTERN.match(collapse_key):
        return collapse_key
    digest = hashlib.sha256(collapse_key.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")[:32]


def encode_payload(payload):
    """The JSON the service worker or app receives, cut to fit one record."""
    document = {
        "title": payload.title,
        "body": payload.body,
        "data": payload.as_data(),
    }
    encoded = json.dumps(document, ensure_ascii=False).encode()
    while len(encoded) > MAX_PLAINTEXT and document["body"]:
        overflow = len(encoded) - MAX_PLAINTEXT
        keep = max(0, len(document["body"]) - overflow // 2 - 2)
        document["body"] = document["body"][:keep].rstrip() + "…"
        if keep == 0:
            document["body"] = ""
        encoded = json.dumps(document, ensure_ascii=False).encode()
    return encoded


class WebPushTransport(Transport):
    name = "webpush"

    def __init__(self, vapid_private_key, subject):
        self.vapid = Vapid.from_string(private_key=vapid_private_key)
        self.subject = subject
        self._headers = {}
        self._lock = threading.Lock()

    def vapid_headers(self, endpoint):
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        with self._lock:
            cached = self._headers.get(audience)
            if cached and cached[0] > now:
                return cached[1]
            headers = self.vapid.sign(
                {
                    "aud": audience,
                    "exp": int(now) + VAPID_LIFETIME,
                    "sub": self.subject,
                }
            )
            self._headers[audience] = (now + VAPID_REUSE, headers)
            return headers

    async def send(self, client, target, payload):
        subscription = {
            "endpoint": target.token,
            "keys": {"p256dh": target.p256dh, "auth": target.auth},
        }
        try:
            encrypted = WebPusher(subscription).encode(
                encode_payload(payload), "aes128gcm"
            )["body"]
        except (WebPushException, ValueError) as error:
            return Outcome(PRUNE, detail=f"invalid subscription: {error}")
        headers = {
            **self.vapid_headers(target.token),
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "TTL": str(payload.time_to_live),
            "Urgency": payload.urgency,
        }
        topic = topic_header(payload.collapse_key)
        if topic:
            headers["Topic"] = topic
        answer = await client.post(target.token, body=encrypted, headers=headers)
        status = answer.status
        if 200 <= status < 300:
            return Outcome(SENT)
        if status in (404, 410):
            return Outcome(PRUNE, detail=f"HTTP {status}")
        if status == 429 or status >= 500:
            return transient(answer)
        return Outcome(FAILED, detail=f"HTTP {status}")


class UnifiedPushTransport(WebPushTransport):
    name = "unifiedpush"

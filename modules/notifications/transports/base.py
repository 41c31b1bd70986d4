"""The one interface every transport implements, and what they share.

A transport turns one ``Payload`` for one ``Target`` (a device) into one
HTTP request through the dispatcher's client (``http.HttpClient``) and maps
the answer to an ``Outcome``: sent, prune (the token is gone for good),
retry (429, 5xx, network trouble; with the server's ``Retry-After``) or
failed. Retrying and pruning are the dispatcher's and the fan-out's
business, so each transport stays a thin client.
"""

import email.utils
import time
from dataclasses import dataclass, field

from .http import NetworkError

SENT = "sent"
PRUNE = "prune"
RETRY = "retry"
FAILED = "failed"

#: Web Push services keep at most 4096 bytes per message (RFC 8291 §4).
MAX_WEBPUSH_RECORD = 4096


@dataclass(frozen=True)
class Target:
    device_id: int
    locale: str
    transport: str
    token: str
    p256dh: str = ""
    auth: str = ""


@dataclass(frozen=True)
class Payload:
    message_id: int
    topic: str
    locale: str
    title: str
    body: str
    url: str = ""
    urgency: str = "normal"
    time_to_live: int = 86400
    collapse_key: str = ""
    fallback: bool = False
    machine_translated: bool = False
    data: dict = field(default_factory=dict)

    def as_data(self):
        """String key/values every transport can carry."""
        values = {
            "messageId": str(self.message_id),
            "topic": self.topic,
            "locale": self.locale,
            "fallback": "true" if self.fallback else "false",
            "machineTranslated": "true" if self.machine_translated else "false",
        }
        if self.url:
            values["url"] = self.url
        return {**{str(k): str(v) for k, v in self.data.items()}, **values}


@dataclass(frozen=True)
class Outcome:
    status: str
    retry_after: float | None = None
    detail: str = ""


def parse_retry_after(value, now=None):
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, moment.timestamp() - now)


def transient(answer):
    """429 and 5xx answers are retried, honouring ``Retry-After``."""
    return Outcome(
        RETRY,
        retry_after=parse_retry_after(answer.headers.get("Retry-After")),
        detail=f"HTTP {answer.status}",
    )


class Transport:
    """Base: ``send`` one payload to one device through ``client``."""

    name = ""

    async def send(self, client, target, payload):  # pragma: no cover - interface
        raise NotImplementedError

    async def deliver(self, client, target, payload):
        """``send`` with network errors as retries."""
        try:
            return await self.send(client, target, payload)
        except NetworkError as error:
            return Outcome(RETRY, detail=str(error))


class Unconfigured(Transport):
    """Stands in for a transport the operator has not set up."""

    def __init__(self, name):
        self.name = name

    async def send(self, client, target, payload):
        return Outcome(FAILED, detail=f"{self.name} is not configured")

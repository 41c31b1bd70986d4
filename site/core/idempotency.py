"""Idempotency keys: an app's retry never creates a second record.

An app generates a random key (a UUID) per submission and sends it with every
attempt. :func:`run_once` either

- runs the operation and stores the key with the payload's fingerprint and a
  reference to the result, in the operation's own transaction (so a failed
  operation stores no key and can be retried), or
- finds the key stored with the same fingerprint and returns the stored
  result reference (``replayed=True``), or
- finds the key stored with a different payload and raises
  :class:`IdempotencyConflict`.

Race safety: the unique constraint on ``(scope, key)`` makes concurrent
first attempts collide in the database. The first inserts the row and holds
it (uncommitted) until its operation commits; the others block on the unique
index, get an IntegrityError once it commits, and then read (``SELECT ... FOR
UPDATE``) the committed row and replay it. ``get_or_create`` does exactly this
inside a savepoint.

Keys are scoped (e.g. ``"defects.report:stadt-a"``), not per client: a phone
that moves from Wi-Fi to mobile data between two attempts gets a new IP
address, and its retry must still be recognised. The client hash is recorded
for audits.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

KEY_PATTERN = re.compile(r"^[A-Za-z0-9._:\-]{8,200}$")


class IdempotencyConflict(Exception):
    """The key was used before with a different payload."""

    code = "IDEMPOTENCY_CONFLICT"

    def __init__(self, scope, key):
        super().__init__(
            "This idempotency key was already used for a different request."
        )
        self.scope = scope
        self.key = key


@dataclass(frozen=True)
class Outcome:
    result: dict  # the stored result reference, e.g. {"pk": 12}
    replayed: bool


def validate_key(key):
    """Keys are 8 to 200 characters of ``A-Z a-z 0-9 . _ : -`` (UUIDs fit)."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ValidationError(
            {
                "idempotencyKey": [
                    "Send 8 to 200 characters of letters, digits and . _ : - "
                    "(a UUID is best)."
                ]
            },
            code="invalid_idempotency_key",
        )
    return key


def fingerprint(payload):
    """A stable SHA-256 of a JSON-serialisable payload (key order ignored)."""
    text = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(text.encode()).hexdigest()


def lookup(scope, key, payload_fingerprint):
    """The outcome of an earlier attempt, or None if there was none.

    A cheap read before the real work (and before rate limits are counted:
    retries should not use up a client's allowance). Raises
    :class:`IdempotencyConflict` for a different payload. :func:`run_once`
    remains the authority under concurrency.
    """
    from .models import IdempotencyKey

    record = IdempotencyKey.objects.filter(scope=scope, key=key).first()
    if record is None:
        return None
    if record.request_fingerprint != payload_fingerprint:
        raise IdempotencyConflict(scope, key)
    return Outcome(result=record.result_reference, replayed=True)


def run_once(scope, key, payload_fingerprint, operation, client_hash=""):
    """Run ``operation()`` at most once per ``(scope, key)``.

    ``operation`` returns a JSON-serialisable result reference (e.g.
    ``{"pk": report.pk}``); it runs in the same transaction as the key's
    insertion, so either both are stored or neither is.
    """
    from .models import IdempotencyKey

    validate_key(key)
    with transaction.atomic():
        record, created = IdempotencyKey.objects.select_for_update().get_or_create(
            scope=scope,
            key=key,
            defaults={
                "request_fingerprint": payload_fingerprint,
                "client_hash": client_hash or "",
            },
        )
        if not created:
            if record.request_fingerprint != payload_fingerprint:
                raise IdempotencyConflict(scope, key)
            return Outcome(result=record.result_reference, replayed=True)
        result = operation()
        record.result_reference = result
        record.save(update_fields=["result_reference"])
        return Outcome(result=result, replayed=False)


def prune(older_than=timedelta(days=30), now=None):
    """Delete keys older than ``older_than``; returns how many. Apps retry for
    minutes or hours, never for weeks."""
    from .models import IdempotencyKey

    cutoff = (now or timezone.now()) - older_than
    deleted, _ = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted

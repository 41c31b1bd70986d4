"""Which warnings residents see, and in which language."""

import re
from dataclasses import dataclass
from datetime import timedelta
from html import unescape

from django.db.models import Q
from django.utils import timezone

from ..models import SEVERITY_RANK, Alert, AlertState

#: An all-clear stays visible this long, so residents see that it is over.
ALL_CLEAR_VISIBLE = timedelta(hours=12)
MAX_WARNINGS = 200


def visible_alerts(municipality, *, now=None):
    """Active warnings that have not expired, and recent all-clears."""
    now = now or timezone.now()
    return (
        Alert.objects.filter(municipality=municipality)
        .filter(
            Q(state=AlertState.ACTIVE)
            | Q(state=AlertState.ALL_CLEAR, all_clear_at__gt=now - ALL_CLEAR_VISIBLE)
        )
        .filter(Q(expires__isnull=True) | Q(expires__gt=now))
    )


def list_warnings(municipality, *, now=None):
    """Visible warnings, most severe first, then newest."""
    alerts = list(visible_alerts(municipality, now=now)[:MAX_WARNINGS])
    return sorted(
        alerts,
        key=lambda alert: (
            -SEVERITY_RANK.get(alert.severity, 0),
            -alert.sent.timestamp(),
        ),
    )


def get_warning(municipality, alert_id):
    """Any warning of the municipality by id (withdrawn and ended included)."""
    if not str(alert_id).isdigit():
        return None
    return Alert.objects.filter(municipality=municipality, pk=int(alert_id)).first()


@dataclass(frozen=True)
class LocalisedText:
    language: str
    headline: str
    description: str
    instruction: str
    event: str
    sender_name: str
    machine_translated: bool
    #: True when the wanted language was missing and another is shown.
    fallback: bool


def text_for(alert, language):
    """The warning's text in ``language``, else its source language."""
    texts = alert.texts or {}
    chosen = language if language in texts else None
    if chosen is None:
        chosen = alert.source_language if alert.source_language in texts else None
    if chosen is None and texts:
        chosen = next(iter(texts))
    text = texts.get(chosen) or {}
    return LocalisedText(
        language=chosen or alert.source_language,
        headline=text.get("headline", ""),
        description=text.get("description", ""),
        instruction=text.get("instruction", ""),
        event=text.get("event", alert.event),
        sender_name=text.get("sender_name", "") or alert.sender_name,
        machine_translated=bool(text.get("machine_translated")),
        fallback=chosen != language,
    )


_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


def plain_text(text):
    """Official text as plain text: ``<br/>`` becomes a line break, tags go."""
    return unescape(_TAG.sub("", _BREAK.sub("\n", text or ""))).strip()

"""Relay warnings as push messages on the ``warnings`` topic.

Official warnings at or above the municipality's severity threshold (and of
a source it relays) and every issued local notice are pushed at once, in
every locale the municipality offers, ignoring quiet hours. The official text
is never edited: the title is the headline, the body names sender and source
and carries the instruction (or the description). Locales NINA does not
deliver are machine-translated when the municipality allows it, and marked
as such; without a translation the default locale's text goes out.

Relaying is idempotent: a version already pushed is not pushed again, and
the dedupe key makes a retried task harmless. Without a push provider the
relay is recorded as pending and retried by the next poll.
"""

import logging

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rathaus.site.module_platform import api

from ..models import SEVERITY_RANK, Alert, AlertState, RelayState, Source
from .queries import plain_text, text_for

logger = logging.getLogger(__name__)

MODULE = "warnings"
TOPIC = "warnings"
THRESHOLD_RANK = {"extreme": 4, "severe": 3, "moderate": 2, "minor": 1}
MAX_BODY = 600


def qualifies(alert, settings):
    """Whether the warning is pushed at all."""
    if alert.source == Source.LOCAL:
        return True
    threshold = THRESHOLD_RANK.get(settings.get("relay_min_severity"))
    if threshold is None:
        return False
    if alert.source not in (settings.get("relay_sources") or []):
        return False
    return SEVERITY_RANK.get(alert.severity, 0) >= threshold


def offered_languages(municipality):
    default = municipality.default_locale.language_code
    others = sorted(
        code
        for code in municipality.locales.values_list("language_code", flat=True)
        if code != default
    )
    return [default, *others]


def translate_missing(alert, languages, settings):
    """Machine-translate the warning into ``languages`` it lacks (marked)."""
    if alert.source != Source.LOCAL and not settings.get("machine_translate", True):
        return False
    source_text = text_for(alert, alert.source_language)
    fields = ("headline", "description", "instruction", "event")
    originals = [
        source_text.headline,
        plain_text(source_text.description),
        plain_text(source_text.instruction),
        source_text.event,
    ]
    changed = False
    for language in languages:
        if language in alert.texts:
            continue
        try:
            translated = api.machine_translate(
                alert.municipality,
                alert.source_language,
                language,
                [text or " " for text in originals],
            )
        except api.MachineTranslationError as error:
            logger.info(
                "No machine translation of %s into %s: %s", alert.pk, language, error
            )
            continue
        if translated is None:  # no translator serves the language
            continue
        entry = {
            name: (value.strip() if original else "")
            for name, value, original in zip(fields, translated, originals, strict=True)
        }
        entry["sender_name"] = source_text.sender_name
        entry["machine_translated"] = True
        alert.texts = {**alert.texts, language: entry}
        changed = True
    return changed


def _body(alert, text, language):
    source_label = str(Source(alert.source).label)
    lines = [f"{text.sender_name or alert.sender} · {source_label}"]
    if text.machine_translated:
        lines.append(_("Machine-translated from the official text."))
    content = plain_text(text.instruction) or plain_text(text.description)
    body = "\n".join([*lines, content]).strip()
    return body if len(body) <= MAX_BODY else body[: MAX_BODY - 1].rstrip() + "…"


def build_message(alert, languages, closing=None):
    titles, bodies, machine = {}, {}, set()
    for language in languages:
        text = text_for(alert, language)
        with translation.override(language):
            if closing == AlertState.WITHDRAWN:
                title = _("Withdrawn: %(headline)s") % {"headline": text.headline}
            elif closing == AlertState.ALL_CLEAR:
                title = _("All clear: %(headline)s") % {"headline": text.headline}
            else:
                title = text.headline
            titles[language] = title
            bodies[language] = _body(alert, text, language)
        if text.machine_translated and not text.fallback:
            machine.add(language)
    return api.PushMessage(
        title=titles,
        body=bodies,
        url=alert.web,
        data={
            "warning": str(alert.pk),
            "municipality": alert.municipality.slug,
            "source": alert.source,
            "severity": alert.severity,
            "state": closing or alert.state,
        },
        machine_translated=frozenset(machine),
    )


def _send(alert, message, dedupe_key):
    return api.send_push(
        alert.municipality,
        TOPIC,
        message,
        urgency="high",
        ignore_quiet_hours=True,
        dedupe_key=dedupe_key,
        collapse_key=f"warning-{alert.pk}",
    )


def relay(alert_id, *, translate=True, now=None):
    """Push the warning if it is due; returns its relay state.

    ``translate=False`` (the emergency path) pushes without machine
    translation: other locales get the default locale's text.
    """
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update()
            .select_related("municipality__default_locale")
            .filter(pk=alert_id)
            .first()
        )
        if alert is None or not api.is_enabled(alert.municipality, MODULE):
            return None
        settings = api.get_settings(alert.municipality, MODULE)
        languages = offered_languages(alert.municipality)
        if alert.state in (AlertState.WITHDRAWN, AlertState.ALL_CLEAR):
            return _relay_closing(alert, languages, settings)
        if alert.state != AlertState.ACTIVE or (alert.expires and alert.expires <= now):
            return alert.relay_state
        if alert.relayed_hash == alert.payload_hash:
            return alert.relay_state
        if not qualifies(alert, settings):
            if alert.relay_state != RelayState.SENT:
                alert.relay_state = RelayState.BELOW_THRESHOLD
                alert.save(update_fields=["relay_state"])
            return alert.relay_state
        if translate and translate_missing(alert, languages, settings):
            alert.save(update_fields=["texts"])
            api.content_changed(alert.municipality, module="warnings")
        if alert.relay_state == RelayState.SENT and SEVERITY_RANK.get(
            alert.severity, 0
        ) <= SEVERITY_RANK.get(alert.relayed_severity, 0):
            # An update that does not raise the severity: shown, not pushed.
            alert.relayed_hash = alert.payload_hash
            alert.save(update_fields=["relayed_hash"])
            return alert.relay_state
        message = build_message(alert, languages)
        try:
            _send(alert, message, f"warnings:{alert.pk}:{alert.payload_hash[:24]}")
        except api.PushUnavailable as error:
            logger.warning("Warning %s not pushed: %s", alert.pk, error)
            alert.relay_state, alert.relay_error = RelayState.PENDING, str(error)
            alert.save(update_fields=["relay_state", "relay_error"])
            return alert.relay_state
        except Exception as error:
            logger.exception("Pushing warning %s failed", alert.pk)
            alert.relay_state, alert.relay_error = RelayState.FAILED, str(error)[:2000]
            alert.save(update_fields=["relay_state", "relay_error"])
            return alert.relay_state
        alert.relay_state, alert.relay_error = RelayState.SENT, ""
        alert.relayed_hash, alert.relayed_severity = alert.payload_hash, alert.severity
        alert.relayed_at = now
        alert.save(
            update_fields=[
                "relay_state",
                "relay_error",
                "relayed_hash",
                "relayed_severity",
                "relayed_at",
            ]
        )
        return alert.relay_state


def _relay_closing(alert, languages, settings):
    """Withdrawals and all-clears of a pushed warning are pushed too."""
    if alert.relay_state != RelayState.SENT or alert.closing_relayed:
        return alert.relay_state
    if translate_missing(alert, languages, settings):
        alert.save(update_fields=["texts"])
    message = build_message(alert, languages, closing=alert.state)
    try:
        _send(alert, message, f"warnings:{alert.pk}:closing:{alert.state}")
    except api.PushUnavailable as error:
        logger.warning("Closing of warning %s not pushed: %s", alert.pk, error)
        return alert.relay_state
    except Exception:
        logger.exception("Pushing the closing of warning %s failed", alert.pk)
        return alert.relay_state
    alert.closing_relayed = True
    alert.save(update_fields=["closing_relayed"])
    return alert.relay_state

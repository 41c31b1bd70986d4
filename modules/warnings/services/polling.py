"""Poll NINA for a municipality and apply what changed.

A poll reads the district's dashboard conditionally. For items whose version
and hash are new it reads the detail (CAP JSON) and, when the CAP has no
polygon, the GeoJSON area. Then, in one transaction: Alerts create or update
a warning, Updates replace the warning they reference, Cancels withdraw it,
warnings gone from the dashboard end, and anything whose status is not
Actual (Exercise, Test, System, Draft) is never stored. A failed request
changes no warning: the last good state stays.

NINA lists a dashboard's items in no particular order, so within one poll
originals are applied first, then Updates, then Cancels, each by ``sent``.
Updates and Cancels are remembered with what they reference for as long as
they are listed, so an original that is listed only in a later poll comes
out replaced or withdrawn (and is never pushed) instead of shown anew.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rathaus.site.module_platform import api

from .. import cap
from ..connectors.nina import DEFAULT_BASE_URL, NinaClient, NinaError, district_key
from ..models import (
    NINA_PROVIDERS,
    Alert,
    AlertState,
    RelayState,
    Source,
    SourceStatus,
)
from .queries import visible_alerts

logger = logging.getLogger(__name__)

MODULE = "warnings"
#: Backoff after failed polls: 1, 2, 4 ... minutes, at most one hour.
BACKOFF_BASE_SECONDS = 60
BACKOFF_MAX_SECONDS = 3600
#: NINA identifier prefixes, for items without a provider.
ID_PREFIXES = {
    "mow.": Source.MOWAS,
    "dwd.": Source.DWD,
    "kat.": Source.KATWARN,
    "biw.": Source.BIWAPP,
    "lhp.": Source.LHP,
    "pol.": Source.POLICE,
}


@dataclass
class PollResult:
    municipality: object
    outcome: str = "updated"  # updated | not_modified | failed | skipped
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    closed: list = field(default_factory=list)
    ignored: int = 0
    error: str = ""

    @property
    def changed(self):
        """Ids of warnings whose relay state may need to change, once each."""
        return list(dict.fromkeys([*self.created, *self.updated, *self.closed]))


def source_of(item):
    source = NINA_PROVIDERS.get(item.provider)
    if source:
        return source
    for prefix, source in ID_PREFIXES.items():
        if item.id.startswith(prefix):
            return source
    return None


# Health ----------------------------------------------------------------


def _status(municipality, source):
    status, _created = SourceStatus.objects.get_or_create(
        municipality=municipality, source=source
    )
    return status


def record_failure(status, error, now):
    status.last_attempt_at = now
    status.last_error = str(error)[:2000]
    status.last_error_at = now
    status.consecutive_failures += 1
    delay = min(
        BACKOFF_MAX_SECONDS,
        BACKOFF_BASE_SECONDS * 2 ** (status.consecutive_failures - 1),
    )
    status.next_attempt_at = now + timedelta(seconds=delay)
    status.save()


def record_success(status, now, **fields):
    status.last_attempt_at = now
    status.last_success_at = now
    status.consecutive_failures = 0
    status.next_attempt_at = None
    for name, value in fields.items():
        setattr(status, name, value)
    status.save()


# Fetching --------------------------------------------------------------


class DetailCache:
    """Details fetched in one poll cycle, shared by municipalities of a district."""

    def __init__(self):
        self.details = {}

    def get(self, client, item):
        key = (item.id, item.fingerprint)
        if key not in self.details:
            data = client.detail(item.id)
            message = cap.parse_json(data)
            geometry = message.geometry()
            if geometry is None and message.is_actual and message.msg_type != "cancel":
                try:
                    geometry = client.geometry(item.id)
                except NinaError as error:
                    logger.info("No area for %s: %s", item.id, error)
            self.details[key] = (message, geometry)
        return self.details[key]


def poll_municipality(municipality, client, *, now=None, cache=None, force=False):
    """Poll NINA for one municipality; returns a PollResult."""
    now = now or timezone.now()
    cache = cache or DetailCache()
    result = PollResult(municipality)
    status = _status(municipality, SourceStatus.NINA)
    if not force and status.next_attempt_at and now < status.next_attempt_at:
        result.outcome = "skipped"
        return result
    try:
        dashboard = client.dashboard(
            district_key(municipality.ars),
            etag=status.etag,
            last_modified=status.last_modified,
        )
    except (NinaError, ValueError) as error:
        logger.warning("NINA dashboard for %s failed: %s", municipality.slug, error)
        record_failure(status, error, now)
        result.outcome, result.error = "failed", str(error)
        return result
    if dashboard.not_modified:
        record_success(status, now)
        result.outcome = "not_modified"
        return result

    fetched, failed = [], {}
    seen = dict(status.seen_items)
    for item in dashboard.items:
        previous = seen.get(item.id)
        if previous and previous[0] == item.fingerprint:
            fetched.append((item, None, None))  # unchanged: no detail request
            continue
        source = source_of(item)
        try:
            message, geometry = cache.get(client, item)
        except (NinaError, cap.CapError) as error:
            logger.warning("NINA detail %s failed: %s", item.id, error)
            failed.setdefault(source or SourceStatus.NINA, str(error))
            continue
        fetched.append((item, message, geometry))

    with transaction.atomic():
        new_seen = _apply(municipality, fetched, seen, result, now, keep=failed)
        for source, error in failed.items():
            record_failure(_status(municipality, source), error, now)
        _record_sources(municipality, now, exclude=set(failed))
        record_success(
            status,
            now,
            # Without the validators the next poll retries the failed details.
            etag="" if failed else dashboard.etag,
            last_modified="" if failed else dashboard.last_modified,
            seen_items=new_seen,
            active_count=visible_alerts(municipality, now=now).count(),
            last_error="; ".join(failed.values())[:2000] if failed else "",
        )
    if result.changed:
        api.content_changed(municipality, module="warnings")
    return result


# Applying --------------------------------------------------------------

#: Within one poll originals go first, then Updates, then Cancels.
APPLY_ORDER = {"alert": 0, "update": 1, "cancel": 2}


def _apply_order(entry):
    """Sort key: message type, then ``sent`` (stable for equal keys)."""
    _item, message, _geometry = entry
    sent = message.sent
    return (
        APPLY_ORDER.get(message.msg_type, len(APPLY_ORDER)),
        sent is None,
        sent.timestamp() if sent else 0.0,
    )


def _seen_entry(item, alert_id, message=None):
    """``[fingerprint, alert id or None]``; an Update or Cancel also keeps the
    identifiers it references, for an original listed only in a later poll."""
    entry = [item.fingerprint, alert_id]
    if message is not None and message.msg_type in ("update", "cancel"):
        verb = "replaces" if message.msg_type == "update" else "cancels"
        entry.append({verb: list(message.referenced_identifiers)})
    return entry


def _find(alerts, identifiers):
    for alert in alerts:
        if alert.key in identifiers or alert.identifier in identifiers:
            return alert
    return None


def _withdraw(alert, now, result):
    alert.state = AlertState.WITHDRAWN
    alert.withdrawn_at = now
    alert.save()
    result.closed.append(alert.pk)


def _apply(municipality, fetched, seen, result, now, keep):
    alerts = list(
        Alert.objects.select_for_update()
        .filter(municipality=municipality)
        .exclude(source=Source.LOCAL)
    )
    by_key = {alert.key: alert for alert in alerts}
    by_pk = {alert.pk: alert for alert in alerts}
    present = set()
    new_seen = {}
    # What Updates and Cancels already on the dashboard reference: an original
    # listed after them must come out replaced or withdrawn, not shown anew.
    cancelled, replaced_by = set(), {}
    to_apply = []
    for item, message, geometry in fetched:
        if message is not None:
            to_apply.append((item, message, geometry))
            continue
        entry = seen[item.id]
        new_seen[item.id] = entry
        if entry[1]:
            present.add(entry[1])
        memory = entry[2] if len(entry) > 2 else {}
        cancelled.update(memory.get("cancels", ()))
        for identifier in memory.get("replaces", ()):
            if entry[1] in by_pk:
                replaced_by[identifier] = by_pk[entry[1]]
    # NINA lists items in no particular order; the outcome must not depend on it.
    to_apply.sort(key=_apply_order)
    for item, message, geometry in to_apply:
        source = source_of(item)
        if not message.is_actual or source is None or not message.infos:
            # Exercise, Test, System and Draft are never shown to residents.
            result.ignored += 1
            new_seen[item.id] = _seen_entry(item, None)
            continue
        if message.msg_type == "cancel":
            references = set(message.referenced_identifiers)
            for target in alerts:
                if target.state != AlertState.WITHDRAWN and (
                    target.key in references or target.identifier in references
                ):
                    _withdraw(target, now, result)
            new_seen[item.id] = _seen_entry(item, None, message)
            continue
        if message.msg_type not in ("alert", "update"):
            result.ignored += 1
            new_seen[item.id] = _seen_entry(item, None)
            continue
        own = {item.id, message.identifier}
        references = set(message.referenced_identifiers)
        target = by_key.get(item.id)
        newer = None
        if target is None:
            newer = next((replaced_by[i] for i in own if i in replaced_by), None)
            target = newer
        if target is None and message.msg_type == "update":
            target = _find(alerts, references)
        if own & cancelled or (message.msg_type == "update" and references & cancelled):
            # Cancelled before it was listed: stored withdrawn, never pushed.
            if target is None:
                target = Alert(municipality=municipality, key=item.id)
                _fill(target, message, geometry, source, now)
                target.state, target.withdrawn_at = AlertState.WITHDRAWN, now
                target.save()
                alerts.append(target)
                by_key[target.key] = by_pk[target.pk] = target
                result.created.append(target.pk)
            elif target.state != AlertState.WITHDRAWN:
                _withdraw(target, now, result)
            present.add(target.pk)
            new_seen[item.id] = _seen_entry(item, target.pk, message)
            continue
        if newer is not None:
            # An Update of this message is already shown: keep that.
            present.add(newer.pk)
            new_seen[item.id] = _seen_entry(item, newer.pk, message)
            continue
        if target is not None and target.payload_hash == message.payload_hash:
            if target.state == AlertState.ENDED:
                target.state, target.ended_at = AlertState.ACTIVE, None
                target.save(update_fields=["state", "ended_at", "updated_at"])
            present.add(target.pk)
            new_seen[item.id] = _seen_entry(item, target.pk, message)
            continue
        alert = target or Alert(municipality=municipality, key=item.id)
        _fill(alert, message, geometry, source, now)
        alert.save()
        if target is None:
            alerts.append(alert)
            by_key[alert.key] = by_pk[alert.pk] = alert
            result.created.append(alert.pk)
        else:
            result.updated.append(alert.pk)
        present.add(alert.pk)
        new_seen[item.id] = _seen_entry(item, alert.pk, message)
    # Items whose detail failed keep their last good state.
    kept_sources = set(keep)
    for alert in alerts:
        if (
            alert.pk not in present
            and alert.state in (AlertState.ACTIVE, AlertState.ALL_CLEAR)
            and alert.source not in kept_sources
            and SourceStatus.NINA not in kept_sources
        ):
            alert.state, alert.ended_at = AlertState.ENDED, now
            alert.save(update_fields=["state", "ended_at", "updated_at"])
            result.closed.append(alert.pk)
    return new_seen


def _fill(alert, message, geometry, source, now):
    info = message.info()
    alert.source = source
    alert.identifier = message.identifier
    alert.payload_hash = message.payload_hash
    alert.sender = message.sender
    alert.sender_name = info.sender_name
    alert.sent = message.sent
    alert.msg_type = message.msg_type.capitalize()
    alert.severity = info.severity
    alert.urgency = info.urgency
    alert.certainty = info.certainty
    alert.event = info.event
    alert.onset = info.onset or info.effective
    alert.expires = info.expires
    alert.web = info.web[:500] if info.web.startswith(("http://", "https://")) else ""
    alert.source_language = info.language
    alert.texts = {
        block.language: {
            "headline": block.headline,
            "description": block.description,
            "instruction": block.instruction,
            "event": block.event,
            "sender_name": block.sender_name,
            "machine_translated": False,
        }
        for block in message.infos
    }
    alert.area_description = message.area_description()
    alert.area = geometry
    alert.geocodes = message.geocodes()
    if info.is_all_clear:
        alert.state = AlertState.ALL_CLEAR
        alert.all_clear_at = alert.all_clear_at or now
    else:
        alert.state = AlertState.ACTIVE
        alert.all_clear_at = None
    alert.withdrawn_at = alert.ended_at = None


def _record_sources(municipality, now, exclude):
    counts = {}
    for source in visible_alerts(municipality, now=now).values_list(
        "source", flat=True
    ):
        counts[source] = counts.get(source, 0) + 1
    for source in NINA_PROVIDERS.values():
        if source in exclude:
            continue
        status = _status(municipality, source)
        record_success(status, now, active_count=counts.get(source, 0), last_error="")


# A cycle ---------------------------------------------------------------


def make_client(**kwargs):
    return NinaClient(
        getattr(settings, "RATHAUS_NINA_BASE_URL", "") or DEFAULT_BASE_URL, **kwargs
    )


def poll_cycle(municipalities=None, *, client=None, relay=None, force=False):
    """Poll every municipality using the module; ``relay(alert_id)`` per change.

    Details are fetched once per cycle even when several municipalities share
    a district. Relays that waited for a push provider are retried.
    """
    client = client or make_client()
    if municipalities is None:
        municipalities = api.municipalities_where_enabled(MODULE)
    cache = DetailCache()
    results = []
    for municipality in municipalities:
        result = poll_municipality(municipality, client, cache=cache, force=force)
        results.append(result)
        if relay is not None:
            for alert_id in result.changed:
                relay(alert_id)
    if relay is not None:
        retry = set(pending_relays()) - {
            alert_id for result in results for alert_id in result.changed
        }
        for alert_id in sorted(retry):
            relay(alert_id)
    return results


def pending_relays():
    return list(
        Alert.objects.filter(
            state=AlertState.ACTIVE,
            relay_state__in=[RelayState.PENDING, RelayState.FAILED],
            municipality__in=api.municipalities_where_enabled(MODULE),
        ).values_list("pk", flat=True)
    )

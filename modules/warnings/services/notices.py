"""The municipality's own notices: issue, update and lift.

Issuing a notice (again) sends one CAP message and makes its warning visible
to residents; lifting it sends an all-clear. The warning row (``Alert``,
source ``local``) is what the API, the relay and the feed read.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.site.module_platform import api

from ..cap import payload_hash
from ..models import Alert, AlertState, LocalNotice, Source
from .capfeed import cap_time, message_identifier


def whole_municipality_area(municipality):
    if municipality.boundary:
        return municipality.boundary
    south, west, north, east = municipality.bounding_box
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


def _next_message(notice, now):
    notice.revision += 1
    identifier = message_identifier(notice, notice.revision)
    notice.messages = [*notice.messages, [identifier, cap_time(now)]]
    return identifier


def _sync_alert(notice, identifier, now):
    alert = notice.alert or Alert(
        municipality=notice.municipality, key=str(notice.uuid)
    )
    lifted = notice.state == LocalNotice.State.LIFTED
    alert.source = Source.LOCAL
    alert.identifier = identifier
    alert.sender = notice.municipality.site.hostname
    alert.sender_name = notice.sender_name
    alert.sent = now
    alert.msg_type = "Alert" if notice.revision == 1 else "Update"
    alert.severity = notice.severity
    alert.urgency = notice.urgency
    alert.certainty = notice.certainty
    alert.event = notice.event
    alert.onset = notice.issued_at
    alert.expires = notice.expires
    alert.web = notice.web
    alert.source_language = "de"
    alert.texts = {
        "de": {
            "headline": notice.headline,
            "description": (notice.lift_message if lifted else "")
            or notice.description,
            "instruction": "" if lifted else notice.instruction,
            "event": notice.event,
            "sender_name": notice.sender_name,
            "machine_translated": False,
        }
    }
    alert.area_description = notice.area_description or notice.municipality.name
    alert.area = (
        notice.area_polygon
        if notice.area_mode == LocalNotice.AreaMode.POLYGON
        else whole_municipality_area(notice.municipality)
    )
    alert.geocodes = [["ARS", notice.municipality.ars]]
    alert.payload_hash = payload_hash(
        {"identifier": identifier, "texts": alert.texts, "state": notice.state}
    )
    if lifted:
        alert.state, alert.all_clear_at = AlertState.ALL_CLEAR, now
    else:
        alert.state, alert.all_clear_at = AlertState.ACTIVE, None
    alert.save()
    notice.alert = alert
    return alert


def issue(notice, *, now=None):
    """Issue (or re-issue after an edit) the notice; returns its warning."""
    now = now or timezone.now()
    if notice.state == LocalNotice.State.LIFTED:
        raise ValidationError(_("A lifted notice cannot be issued again."))
    if notice.expires <= now:
        raise ValidationError({"expires": _("The expiry lies in the past.")})
    with transaction.atomic():
        identifier = _next_message(notice, now)
        notice.state = LocalNotice.State.ISSUED
        notice.issued_at = notice.issued_at or now
        alert = _sync_alert(notice, identifier, now)
        notice.save()
    api.content_changed(notice.municipality, module="warnings")
    return alert


def lift(notice, message="", *, now=None):
    """Lift an issued notice with an all-clear; returns its warning."""
    now = now or timezone.now()
    if notice.state != LocalNotice.State.ISSUED:
        raise ValidationError(_("Only an issued notice can be lifted."))
    with transaction.atomic():
        identifier = _next_message(notice, now)
        notice.state = LocalNotice.State.LIFTED
        notice.lifted_at = now
        notice.lift_message = message
        alert = _sync_alert(notice, identifier, now)
        notice.save()
    api.content_changed(notice.municipality, module="warnings")
    return alert

"""The municipality's own notices as CAP 1.2 messages and an Atom feed.

Each issue, update and lift of a notice is one CAP message; later ones are
``Update``s that reference all earlier ones, and a lift carries
``responseType AllClear``. The Atom feed embeds each notice's current message
(the OASIS CAP feed profile), so NINA's partners can harvest it.
"""

import zoneinfo
from xml.etree import ElementTree

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import LocalNotice

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
#: Lifted notices stay in the feed this long so harvesters see the all-clear.
LIFTED_IN_FEED_DAYS = 7

ElementTree.register_namespace("", ATOM_NAMESPACE)
ElementTree.register_namespace("cap", CAP_NAMESPACE)


def cap_time(value):
    """CAP's dateTime: seconds and an explicit offset, never 'Z'."""
    return value.astimezone(BERLIN).isoformat(timespec="seconds")


def sender_of(municipality):
    return f"warnungen@{municipality.site.hostname}"


def message_identifier(notice, revision):
    return f"rathaus.{notice.municipality.slug}.{notice.uuid}.{revision}"


def _add(parent, name, text):
    element = ElementTree.SubElement(parent, f"{{{CAP_NAMESPACE}}}{name}")
    element.text = text
    return element


def _ring(coordinates):
    return " ".join(f"{latitude},{longitude}" for longitude, latitude in coordinates)


def polygons_of(geometry):
    """Outer rings of a GeoJSON Polygon or MultiPolygon as CAP polygons."""
    if not geometry:
        return []
    if geometry.get("type") == "Polygon":
        return [_ring(geometry["coordinates"][0])]
    if geometry.get("type") == "MultiPolygon":
        return [_ring(polygon[0]) for polygon in geometry["coordinates"]]
    return []


def alert_element(notice):
    """The notice's current CAP message (an ``alert`` element)."""
    municipality = notice.municipality
    identifier, sent = notice.messages[-1]
    root = ElementTree.Element(f"{{{CAP_NAMESPACE}}}alert")
    _add(root, "identifier", identifier)
    _add(root, "sender", sender_of(municipality))
    _add(root, "sent", sent)
    _add(root, "status", "Actual")
    _add(root, "msgType", "Alert" if len(notice.messages) == 1 else "Update")
    _add(root, "scope", "Public")
    if len(notice.messages) > 1:
        _add(
            root,
            "references",
            " ".join(
                f"{sender_of(municipality)},{earlier},{earlier_sent}"
                for earlier, earlier_sent in notice.messages[:-1]
            ),
        )
    alert = notice.alert
    texts = alert.texts if alert else {}
    languages = ["de", *sorted(code for code in texts if code != "de")]
    for language in languages:
        text = texts.get(language) or {}
        info = ElementTree.SubElement(root, f"{{{CAP_NAMESPACE}}}info")
        _add(info, "language", "de-DE" if language == "de" else language)
        _add(info, "category", notice.category)
        _add(info, "event", text.get("event") or notice.event)
        if notice.state == LocalNotice.State.LIFTED:
            _add(info, "responseType", "AllClear")
        _add(info, "urgency", notice.urgency.capitalize())
        _add(info, "severity", notice.severity.capitalize())
        _add(info, "certainty", notice.certainty.capitalize())
        if notice.issued_at:
            _add(info, "onset", cap_time(notice.issued_at))
        _add(info, "expires", cap_time(notice.expires))
        _add(info, "senderName", notice.sender_name)
        _add(info, "headline", text.get("headline") or notice.headline)
        _add(info, "description", text.get("description") or notice.description)
        instruction = text.get("instruction", notice.instruction)
        if instruction:
            _add(info, "instruction", instruction)
        if notice.web:
            _add(info, "web", notice.web)
        if text.get("machine_translated"):
            parameter = _add(info, "parameter", None)
            _add(parameter, "valueName", "machineTranslated")
            _add(parameter, "value", "true")
        area = _add(info, "area", None)
        _add(
            area,
            "areaDesc",
            notice.area_description or municipality.name,
        )
        for polygon in polygons_of(alert.area if alert else None):
            _add(area, "polygon", polygon)
        geocode = _add(area, "geocode", None)
        _add(geocode, "valueName", "ARS")
        _add(geocode, "value", municipality.ars)
    return root


def cap_document(notice):
    return ElementTree.tostring(
        alert_element(notice), encoding="utf-8", xml_declaration=True
    )


def feed_notices(municipality, *, now=None):
    now = now or timezone.now()
    lifted_since = now - timezone.timedelta(days=LIFTED_IN_FEED_DAYS)
    notices = (
        LocalNotice.objects.filter(municipality=municipality)
        .exclude(state=LocalNotice.State.DRAFT)
        .exclude(state=LocalNotice.State.LIFTED, lifted_at__lt=lifted_since)
        .select_related("alert", "municipality__site")
        .order_by("-updated_at", "-pk")
    )
    return list(notices[:100])


def atom_feed(municipality, feed_url, entry_url, *, now=None):
    """The Atom document (bytes); ``entry_url(notice)`` links each CAP file."""
    now = now or timezone.now()
    notices = feed_notices(municipality, now=now)
    atom = f"{{{ATOM_NAMESPACE}}}"
    feed = ElementTree.Element(f"{atom}feed")
    ElementTree.SubElement(feed, f"{atom}id").text = feed_url
    ElementTree.SubElement(feed, f"{atom}title").text = _(
        "%(municipality)s: Warnings and notices"
    ) % {"municipality": municipality.name}
    updated = max((notice.updated_at for notice in notices), default=now)
    ElementTree.SubElement(feed, f"{atom}updated").text = cap_time(updated)
    author = ElementTree.SubElement(feed, f"{atom}author")
    ElementTree.SubElement(author, f"{atom}name").text = municipality.name
    ElementTree.SubElement(feed, f"{atom}link", {"rel": "self", "href": feed_url})
    for notice in notices:
        entry = ElementTree.SubElement(feed, f"{atom}entry")
        identifier = notice.messages[-1][0]
        ElementTree.SubElement(entry, f"{atom}id").text = f"urn:cap:{identifier}"
        ElementTree.SubElement(entry, f"{atom}title").text = notice.headline
        ElementTree.SubElement(entry, f"{atom}updated").text = cap_time(
            notice.updated_at
        )
        entry_author = ElementTree.SubElement(entry, f"{atom}author")
        ElementTree.SubElement(entry_author, f"{atom}name").text = notice.sender_name
        ElementTree.SubElement(
            entry,
            f"{atom}link",
            {
                "rel": "alternate",
                "type": "application/cap+xml",
                "href": entry_url(notice),
            },
        )
        content = ElementTree.SubElement(
            entry, f"{atom}content", {"type": "application/cap+xml"}
        )
        content.append(alert_element(notice))
    return ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True)

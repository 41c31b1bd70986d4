"""CAP 1.2 messages from NINA's JSON details and from CAP XML (DWD, others).

Both shapes become one ``CapMessage``. Values are normalised (enumerations
lower case, languages as their primary subtag, times timezone-aware), texts
are kept exactly as the sender wrote them.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime

from defusedxml import ElementTree

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"

STATUSES = {"actual", "exercise", "system", "test", "draft"}
MESSAGE_TYPES = {"alert", "update", "cancel", "ack", "error"}
SEVERITIES = {"extreme", "severe", "moderate", "minor", "unknown"}
URGENCIES = {"immediate", "expected", "future", "past", "unknown"}
CERTAINTIES = {"observed", "likely", "possible", "unlikely", "unknown"}


class CapError(ValueError):
    """The message is not a usable CAP 1.2 alert."""


@dataclass
class CapArea:
    description: str = ""
    #: Rings of (longitude, latitude) pairs, GeoJSON order.
    polygons: list = field(default_factory=list)
    #: (name, value) pairs, e.g. ("WARNCELLID", "805562004").
    geocodes: list = field(default_factory=list)


@dataclass
class CapInfo:
    language: str = "de"
    categories: list = field(default_factory=list)
    event: str = ""
    response_types: list = field(default_factory=list)
    urgency: str = "unknown"
    severity: str = "unknown"
    certainty: str = "unknown"
    event_codes: dict = field(default_factory=dict)
    effective: datetime | None = None
    onset: datetime | None = None
    expires: datetime | None = None
    sender_name: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    web: str = ""
    parameters: dict = field(default_factory=dict)
    areas: list = field(default_factory=list)

    @property
    def is_all_clear(self):
        return "allclear" in self.response_types


@dataclass
class CapMessage:
    identifier: str
    sender: str
    sent: datetime
    status: str
    msg_type: str
    scope: str = "Public"
    #: (sender, identifier, sent) triples of earlier messages.
    references: list = field(default_factory=list)
    infos: list = field(default_factory=list)
    payload_hash: str = ""

    @property
    def referenced_identifiers(self):
        return [identifier for _sender, identifier, _sent in self.references]

    @property
    def is_actual(self):
        return self.status == "actual"

    def info(self, language=None):
        """The info block in ``language``, else German, else the first."""
        by_language = {info.language: info for info in self.infos}
        for wanted in (language, "de"):
            if wanted and wanted in by_language:
                return by_language[wanted]
        return self.infos[0] if self.infos else None

    def geometry(self):
        """The polygons of every info's areas as one GeoJSON geometry, or None."""
        info = self.info()
        polygons = [
            [ring] for area in (info.areas if info else []) for ring in area.polygons
        ]
        if not polygons:
            return None
        if len(polygons) == 1:
            return {"type": "Polygon", "coordinates": polygons[0]}
        return {"type": "MultiPolygon", "coordinates": polygons}

    def geocodes(self):
        info = self.info()
        return [
            [name, value]
            for area in (info.areas if info else [])
            for name, value in area.geocodes
        ]

    def area_description(self):
        info = self.info()
        return "; ".join(
            area.description
            for area in (info.areas if info else [])
            if area.description
        )


# Values ------------------------------------------------------------------------


def parse_time(value, name="time"):
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError as error:
        raise CapError(f"{name} is not a date and time: {value!r}") from error
    if parsed.tzinfo is None:
        raise CapError(f"{name} has no UTC offset: {value!r}")
    return parsed


def _enum(value, allowed, name, default=None):
    normalised = str(value or "").strip().lower()
    if normalised in allowed:
        return normalised
    if default is not None:
        return default
    raise CapError(f"{name} {value!r} is not one of {sorted(allowed)}.")


def normalise_language(value):
    return (str(value or "de").strip().split("-")[0] or "de").lower()


def parse_polygon(text):
    """CAP's "lat,lon lat,lon ..." as a closed GeoJSON ring of (lon, lat)."""
    ring = []
    for pair in str(text).split():
        try:
            latitude, longitude = (float(part) for part in pair.split(","))
        except ValueError as error:
            raise CapError(f"Bad polygon point {pair!r}.") from error
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise CapError(f"Polygon point {pair!r} is outside WGS84.")
        ring.append([longitude, latitude])
    if len(ring) < 4 or ring[0] != ring[-1]:
        raise CapError("A CAP polygon needs at least four points, closed.")
    return ring


def parse_references(text):
    references = []
    for item in str(text or "").split():
        parts = item.split(",")
        if len(parts) != 3:
            raise CapError(f"Bad reference {item!r}: want sender,identifier,sent.")
        references.append(tuple(parts))
    return references


def payload_hash(payload):
    if isinstance(payload, bytes):
        data = payload
    else:
        data = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(data).hexdigest()


# NINA's JSON ------------------------------------------------------------------


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _pairs(items):
    return [
        (str(item.get("valueName", "")), str(item.get("value", "")))
        for item in _as_list(items)
        if isinstance(item, dict)
    ]


def _info_from_json(data):
    if not isinstance(data, dict):
        raise CapError("An info block is not an object.")
    areas = []
    for area in _as_list(data.get("area")):
        areas.append(
            CapArea(
                description=str(area.get("areaDesc", "")),
                polygons=[
                    parse_polygon(text) for text in _as_list(area.get("polygon"))
                ],
                geocodes=_pairs(area.get("geocode")),
            )
        )
    return CapInfo(
        language=normalise_language(data.get("language")),
        categories=[str(value) for value in _as_list(data.get("category"))],
        event=str(data.get("event", "")),
        response_types=[
            str(value).lower() for value in _as_list(data.get("responseType"))
        ],
        urgency=_enum(data.get("urgency"), URGENCIES, "urgency", "unknown"),
        severity=_enum(data.get("severity"), SEVERITIES, "severity", "unknown"),
        certainty=_enum(data.get("certainty"), CERTAINTIES, "certainty", "unknown"),
        event_codes=dict(_pairs(data.get("eventCode"))),
        effective=parse_time(data.get("effective"), "effective"),
        onset=parse_time(data.get("onset"), "onset"),
        expires=parse_time(data.get("expires"), "expires"),
        sender_name=str(data.get("senderName", "")),
        headline=str(data.get("headline", "")),
        description=str(data.get("description", "")),
        instruction=str(data.get("instruction", "")),
        web=str(data.get("web", "")),
        parameters=dict(_pairs(data.get("parameter"))),
        areas=areas,
    )


def parse_json(data):
    """A NINA warning detail (``/warnings/{id}.json``) as a CapMessage."""
    if not isinstance(data, dict):
        raise CapError("The warning detail is not an object.")
    for name in ("identifier", "sender", "sent", "status", "msgType"):
        if not data.get(name):
            raise CapError(f"The warning detail has no {name}.")
    return CapMessage(
        identifier=str(data["identifier"]),
        sender=str(data["sender"]),
        sent=parse_time(data["sent"], "sent"),
        status=_enum(data["status"], STATUSES, "status"),
        msg_type=_enum(data["msgType"], MESSAGE_TYPES, "msgType"),
        scope=str(data.get("scope", "Public")),
        references=parse_references(data.get("references")),
        infos=[_info_from_json(info) for info in _as_list(data.get("info"))],
        payload_hash=payload_hash(data),
    )


# CAP XML ------------------------------------------------------------------------


def _tag(name):
    return f"{{{CAP_NAMESPACE}}}{name}"


def _text(element, name):
    child = element.find(_tag(name))
    return (child.text or "").strip() if child is not None else ""


def _texts(element, name):
    return [(child.text or "").strip() for child in element.findall(_tag(name))]


def _xml_pairs(element, name):
    return [
        (_text(child, "valueName"), _text(child, "value"))
        for child in element.findall(_tag(name))
    ]


def _info_from_xml(element):
    return _info_from_json(
        {
            "language": _text(element, "language") or "en-US",
            "category": _texts(element, "category"),
            "event": _text(element, "event"),
            "responseType": _texts(element, "responseType"),
            "urgency": _text(element, "urgency"),
            "severity": _text(element, "severity"),
            "certainty": _text(element, "certainty"),
            "eventCode": [
                {"valueName": name, "value": value}
                for name, value in _xml_pairs(element, "eventCode")
            ],
            "effective": _text(element, "effective"),
            "onset": _text(element, "onset"),
            "expires": _text(element, "expires"),
            "senderName": _text(element, "senderName"),
            "headline": _text(element, "headline"),
            "description": _text(element, "description"),
            "instruction": _text(element, "instruction"),
            "web": _text(element, "web"),
            "parameter": [
                {"valueName": name, "value": value}
                for name, value in _xml_pairs(element, "parameter")
            ],
            "area": [
                {
                    "areaDesc": _text(area, "areaDesc"),
                    "polygon": _texts(area, "polygon"),
                    "geocode": [
                        {"valueName": name, "value": value}
                        for name, value in _xml_pairs(area, "geocode")
                    ],
                }
                for area in element.findall(_tag("area"))
            ],
        }
    )


def parse_xml(content):
    """A CAP 1.2 XML document (bytes) as a CapMessage; entities are refused."""
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several kinds
        raise CapError(f"Not well-formed XML: {error}") from error
    if root.tag != _tag("alert"):
        raise CapError("The document is not a CAP 1.2 alert.")
    values = {
        name: _text(root, name)
        for name in ("identifier", "sender", "sent", "status", "msgType", "scope")
    }
    for name in ("identifier", "sender", "sent", "status", "msgType"):
        if not values[name]:
            raise CapError(f"The alert has no {name}.")
    return CapMessage(
        identifier=values["identifier"],
        sender=values["sender"],
        sent=parse_time(values["sent"], "sent"),
        status=_enum(values["status"], STATUSES, "status"),
        msg_type=_enum(values["msgType"], MESSAGE_TYPES, "msgType"),
        scope=values["scope"] or "Public",
        references=parse_references(_text(root, "references")),
        infos=[_info_from_xml(info) for info in root.findall(_tag("info"))],
        payload_hash=payload_hash(content),
    )

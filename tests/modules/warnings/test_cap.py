from datetime import timedelta

import pytest

from rathaus.modules.warnings import cap

from .conftest import MOWAS_ID, RECORDINGS, recording


def test_nina_detail_with_two_languages_and_dst_offsets():
    message = cap.parse_json(recording(f"warning_{MOWAS_ID}.json"))
    assert message.identifier == MOWAS_ID
    assert (message.status, message.msg_type) == ("actual", "alert")
    assert [info.language for info in message.infos] == ["de", "en"]
    german = message.info("de")
    assert german.severity == "severe" and german.urgency == "immediate"
    # 01:30 CET and 03:30 CEST on the night clocks go forward: one hour apart.
    assert german.expires - german.onset == timedelta(hours=1)
    assert german.onset.utcoffset() == timedelta(hours=1)
    assert german.expires.utcoffset() == timedelta(hours=2)
    assert "<br/>" in german.description  # kept as the sender wrote it
    assert german.event_codes == {"profile:DE-BBK-EVENTCODE": "BBK-EVC-040"}
    assert german.parameters["instructionCode"] == "BBK-ISC-082"
    assert ["ARS", "055620004004"] in message.geocodes()
    assert message.info("en").headline.startswith("Major fire")
    assert message.info("fr") is german


def test_dwd_cap_xml():
    message = cap.parse_xml((RECORDINGS / "dwd_cap_805562004.xml").read_bytes())
    assert message.sender == "CAP@dwd.de"
    info = message.info("de")
    assert info.severity == "minor" and info.event == "FROST"
    assert ["WARNCELLID", "805562004"] in message.geocodes()
    geometry = message.geometry()
    assert geometry["type"] == "Polygon"
    assert geometry["coordinates"][0][0] == [7.25, 51.55]  # lon, lat
    assert message.info("en").headline == "Official WARNING of FROST"


def test_references_of_an_update():
    message = cap.parse_json(
        recording("warning_kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000003.json")
    )
    assert message.msg_type == "cancel"
    assert message.referenced_identifiers == [
        "kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000001",
        "kat.C7A1B6F1-AAAA-4E2B-9F1A-000000000002",
    ]


@pytest.mark.parametrize(
    "change, message",
    [
        ({"status": "Rumour"}, "status"),
        ({"sent": "2099-10-01T08:00:00"}, "UTC offset"),
        ({"sent": "gestern"}, "not a date"),
        ({"identifier": ""}, "identifier"),
        ({"references": "only-one-part"}, "reference"),
    ],
)
def test_bad_details_are_refused(change, message):
    data = {**recording(f"warning_{MOWAS_ID}.json"), **change}
    with pytest.raises(cap.CapError, match=message):
        cap.parse_json(data)


def test_xml_entities_are_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]>'
        b'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">&x;</alert>'
    )
    with pytest.raises(cap.CapError):
        cap.parse_xml(bomb)


def test_payload_hash_ignores_key_order():
    assert cap.payload_hash({"a": 1, "b": 2}) == cap.payload_hash({"b": 2, "a": 1})

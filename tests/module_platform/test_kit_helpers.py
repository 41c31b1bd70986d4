"""The kit's helpers for module authors, tested on their own (the modules
that use them test them in context: Open311, jobs' imports, nearby reports)."""

import json
from io import BytesIO
from xml.etree import ElementTree

import pytest
from django.utils import translation

from rathaus.site.module_platform import api


def test_json_or_xml_answers_the_same_data_in_both_formats():
    data = [{"id": 7, "open": True, "note": None, "tags": ["a", "b"]}]

    as_json = api.json_or_xml("json", data, "items")
    as_xml = api.json_or_xml("xml", data, "items", item_names={"items": "item"})

    assert as_json["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(as_json.content) == data
    assert as_xml["Content-Type"] == "text/xml; charset=utf-8"
    root = ElementTree.fromstring(as_xml.content)
    assert root.tag == "items"
    (item,) = root
    assert item.tag == "item"
    assert item.findtext("id") == "7"
    assert item.findtext("open") == "true"
    assert item.findtext("note") == ""
    assert [tag.text for tag in item.find("tags")] == ["a", "b"]


def test_json_or_xml_keeps_umlauts_and_the_status():
    answer = api.json_or_xml("json", {"name": "Straße"}, "x", status=400)

    assert answer.status_code == 400
    assert "Straße".encode() in answer.content


def test_a_stored_message_is_read_in_each_readers_language():
    error = api.FeedError(
        "Unknown feed format %(format)s.", format=api.Message("%(x)s", x="'yaml'")
    )
    stored = error.stored()

    assert stored["error"] == "Unknown feed format 'yaml'."
    with translation.override("de"):
        assert api.message_text(stored["error"]) == ("Unknown feed format 'yaml'.")
        assert api.message_text(stored["error"], stored["error_detail"]) == (
            "Unbekanntes Feed-Format 'yaml'."
        )
    with translation.override("en"):
        assert api.message_text(stored["error"], stored["error_detail"]) == (
            "Unknown feed format 'yaml'."
        )


def test_a_broken_stored_detail_falls_back_to_the_stored_text():
    assert api.message_text(
        "Old text", {"message": "%(gone)s", "params": {"other": 1}}
    ) == ("Old text")


def test_read_feed_streams_every_format_by_one_mapping():
    mapping = {"title": "t", "place": "where"}
    csv = b"t;where\nB\xc3\xa4cker;Bayreuth\n"
    jsonl = b'{"t": "A", "where": "X"}\n{"t": "B"}\n'

    assert list(api.read_feed(BytesIO(csv), "csv", mapping, delimiter=";")) == [
        {"title": "Bäcker", "place": "Bayreuth"}
    ]
    assert [
        row.get("title")
        for row in api.read_feed(BytesIO(jsonl), "jsonl", {"title": "t"})
    ] == ["A", "B"]
    with pytest.raises(api.FeedError):
        list(api.read_feed(BytesIO(b""), "yaml", mapping))


def test_xml_feeds_refuse_entities():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]>'
        b"<r><o><t>&a;</t></o></r>"
    )

    with pytest.raises(api.FeedError) as refused:
        list(api.read_feed(BytesIO(bomb), "xml", {"title": "t"}, items_path="o"))

    assert refused.value.message == "The XML declares a DTD or entities; refused."


def test_nearest_prefilters_by_a_box_and_orders_by_distance():
    class Row:
        def __init__(self, pk, latitude, longitude):
            self.pk, self.latitude, self.longitude = pk, latitude, longitude

    class Rows(list):
        def filter(self, latitude__gte, latitude__lte, longitude__gte, longitude__lte):
            return Rows(
                row
                for row in self
                if latitude__gte <= row.latitude <= latitude__lte
                and longitude__gte <= row.longitude <= longitude__lte
            )

    here = (51.5553, 7.3114)
    rows = Rows(
        [
            Row(1, 51.5560, 7.3114),  # ~78 m north
            Row(2, 51.5554, 7.3114),  # ~11 m north
            Row(3, 51.5178, 7.4590),  # Dortmund, ~11 km
            Row(4, 51.5554, 7.3114),  # the same place as 2
        ]
    )

    found = api.nearest(rows, *here, radius=100)

    assert [row.pk for row, _metres in found] == [2, 4, 1]
    assert 70 < found[-1][1] < 85


def test_bbox_argument_checks_the_box_and_returns_what_in_bbox_takes():
    from types import SimpleNamespace

    assert api.bbox_argument(None) is None
    box = SimpleNamespace(south=51.0, west=7.0, north=51.5, east=7.5)
    assert api.bbox_argument(box) == (51.0, 7.0, 51.5, 7.5)
    for wrong in (
        {"south": 51.5, "north": 51.0},  # south above north
        {"west": 7.5, "east": 7.0},  # west east of east
        {"north": 91.0},  # beyond the pole
        {"west": -181.0},
    ):
        values = {"south": 51.0, "west": 7.0, "north": 51.5, "east": 7.5, **wrong}
        with pytest.raises(api.ValidationFailed) as refused:
            api.bbox_argument(SimpleNamespace(**values))
        assert refused.value.extensions["fields"] == {
            "bbox": ["Send south <= north and west <= east in WGS84."]
        }


@pytest.mark.django_db
def test_public_municipality_answers_404_where_the_module_is_off(
    municipality_a, municipality_b
):
    from django.http import Http404

    api.enable_module(municipality_a, "defects")
    found = api.public_municipality(municipality_a.slug, "defects", "site")
    assert found == municipality_a
    for slug in (municipality_b.slug, "no-such-place"):
        with pytest.raises(Http404):
            api.public_municipality(slug, "defects")


def test_map_helpers_read_the_first_tile_layer_and_the_default_view(settings):
    settings.LEAFLET_CONFIG = {
        "TILES": [
            ("OSM", "https://tiles.example/{z}/{x}/{y}.png", {"maxZoom": 18}),
            ("Other", "https://other.example/{z}/{x}/{y}.png", {}),
        ],
        "DEFAULT_CENTER": (51.58, 7.31),
        "DEFAULT_ZOOM": 12,
    }
    assert api.tile_layer() == {
        "tileUrl": "https://tiles.example/{z}/{x}/{y}.png",
        "tileOptions": {"maxZoom": 18},
    }
    assert api.default_view() == {"center": [51.58, 7.31], "zoom": 12}
    settings.LEAFLET_CONFIG = {}
    assert api.tile_layer() == {"tileUrl": "", "tileOptions": {}}
    assert api.default_view() == {"center": [51.1657, 10.4515], "zoom": 6}

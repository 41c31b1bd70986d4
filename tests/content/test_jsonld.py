"""JSON-LD of events and locations, expanded with pyld and checked against
the schema.org vocabulary (release 12.0, vendored in ``schemaorg/``, no
network): every type is a schema.org class, every property is a schema.org
property used on a type it is defined for, nested values fit its range, and
enumeration values are members of the range. The same documents, embedded in
a page as a frontend does, are found again by extruct (the extractor under
Scrapy-based crawlers)."""

import gzip
import html
import json
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import extruct
import pytest
from django.utils import timezone
from pyld import jsonld

from rathaus.site.content.models import EventIndexPage, EventPage
from tests.graphql.content_builders import build_content, live

pytestmark = pytest.mark.django_db
SCHEMA = "https://schema.org/"
VOCABULARY = Path(__file__).parent / "schemaorg" / "schemaorg-current-https.jsonld.gz"
# The context documents say "https://schema.org"; offline we give pyld one
# that maps every term into the schema.org vocabulary.
CONTEXT = {"@context": {"@vocab": SCHEMA}}
DATA_TYPES = {"Text", "URL", "Number", "Integer", "Float", "Boolean", "Date"}
DATA_TYPES |= {"DateTime", "Time", "Duration"}


@cache
def vocabulary():
    graph = json.loads(gzip.decompress(VOCABULARY.read_bytes()))["@graph"]

    def ids(value):
        values = value if isinstance(value, list) else [value] if value else []
        return {item["@id"].replace("schema:", SCHEMA) for item in values}

    classes, properties, members = {}, {}, {}
    for node in graph:
        node_id = node["@id"].replace("schema:", SCHEMA)
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        if "rdfs:Class" in types:
            classes[node_id] = ids(node.get("rdfs:subClassOf"))
        elif "rdf:Property" in types:
            properties[node_id] = (
                ids(node.get("schema:domainIncludes")),
                ids(node.get("schema:rangeIncludes")),
            )
        else:
            members[node_id] = {t.replace("schema:", SCHEMA) for t in types}
    return classes, properties, members


def ancestors(type_iri):
    classes = vocabulary()[0]
    seen, todo = set(), [type_iri]
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo.extend(classes.get(current, ()))
    return seen


def loader(url, options=None):
    assert url.rstrip("/") in ("https://schema.org", "http://schema.org"), url
    return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}


def check_node(node, problems, where="$"):
    classes, properties, members = vocabulary()
    types = node.get("@type", [])
    assert types, f"{where}: a node without @type"
    lineage = set()
    for type_iri in types:
        if type_iri not in classes:
            problems.append(f"{where}: {type_iri} is not a schema.org type")
        lineage |= ancestors(type_iri)
    for key, values in node.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            problems.append(f"{where}: {key} is not a schema.org property")
            continue
        domain, range_ = properties[key]
        if not domain & lineage:
            problems.append(f"{where}: {key} is not used on {sorted(types)}")
        for value in values:
            if "@type" in value and "@value" not in value:
                if not any(range_ & ancestors(t) for t in value["@type"]):
                    problems.append(f"{where}.{key}: {value['@type']} not in range")
                check_node(value, problems, f"{where}.{key}")
                continue
            literal = value.get("@value", value.get("@id"))
            if isinstance(literal, str) and literal.startswith(SCHEMA):
                kinds = members.get(literal)
                if kinds is None:
                    problems.append(f"{where}.{key}: {literal} is no schema.org value")
                elif not any(range_ & ancestors(kind) for kind in kinds):
                    problems.append(f"{where}.{key}: {literal} not in range")
            elif not range_ & {SCHEMA + name for name in DATA_TYPES} and not (
                range_ & {SCHEMA + "DayOfWeek"} and isinstance(literal, str)
            ):
                problems.append(f"{where}.{key}: a literal where {range_} is due")


def assert_valid_schema_org(document, expected_type):
    assert isinstance(document, dict)  # JSON, not a string holding JSON
    expanded = jsonld.expand(document, {"documentLoader": loader})
    (node,) = expanded
    assert SCHEMA + expected_type in node["@type"]
    problems = []
    check_node(node, problems)
    assert problems == []
    return node


ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
LOCATIONS = """query($m: String!) { locations(municipality: $m, locale: "de") {
  title jsonLd } }"""
EVENTS = """query($m: String!, $expand: Boolean) {
  events(municipality: $m, locale: "de", expandRecurrences: $expand) {
    title isOccurrence jsonLd } }"""


def post(client, query, variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


@pytest.fixture
def built(municipality_a):
    built = build_content(municipality_a, pages=1)
    built.category.schema_type = "GovernmentOffice"
    built.category.save()
    return built


def test_locations_are_government_offices_with_opening_hours(client, built):
    places = post(client, LOCATIONS, {"m": "stadt-a"})["locations"]
    node = assert_valid_schema_org(places[1]["jsonLd"], "GovernmentOffice")
    document = places[1]["jsonLd"]
    assert document["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "08:00",
            "closes": "12:00",
        }
    ]
    assert document["geo"]["latitude"] == pytest.approx(49.95)
    assert document["address"]["postalCode"] == "95444"
    assert document["amenityFeature"][0]["value"] is True
    assert SCHEMA + "openingHoursSpecification" in node


def add_weekly_event(built, title, *, days, hour, count, excluded_weeks=(), **fields):
    """A live one-hour event ``days`` from today at ``hour`` (Berlin), weekly
    ``count`` times (without the weeks ``excluded_weeks`` after the first), at
    the first location. Returns the start."""
    start = timezone.now().astimezone(ZoneInfo("Europe/Berlin")) + timedelta(days=days)
    start = datetime(start.year, start.month, start.day, hour, tzinfo=start.tzinfo)
    weekday = ICAL_WEEKDAYS[start.weekday()]
    live(
        EventIndexPage.objects.child_of(built.home).first(),
        EventPage(
            title=title,
            slug="sprechstunde",
            start=start,
            end=start + timedelta(hours=1),
            recurrence=f"FREQ=WEEKLY;BYDAY={weekday};COUNT={count}",
            excluded_dates="\n".join(
                (start + timedelta(weeks=week)).date().isoformat()
                for week in excluded_weeks
            ),
            location=built.locations[0],
            **fields,
        ),
    )
    return start


def test_events_and_their_schedule_are_schema_org(client, built):
    start = add_weekly_event(
        built,
        "Bürgersprechstunde",
        days=2,
        hour=16,
        count=5,
        excluded_weeks=[1],
        online_meeting_url="https://meet.example.org/sprechstunde",
    )
    series = post(client, EVENTS, {"m": "stadt-a", "expand": False})["events"]
    for event in series:
        assert_valid_schema_org(event["jsonLd"], "Event")
    hour = next(e for e in series if e["title"] == "Bürgersprechstunde")["jsonLd"]
    assert hour["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert hour["eventSchedule"]["scheduleTimezone"] == "Europe/Berlin"
    assert hour["eventSchedule"]["repeatFrequency"] == "P1W"
    assert hour["eventSchedule"]["repeatCount"] == 5
    assert hour["eventSchedule"]["exceptDate"] == [
        (start + timedelta(days=7)).date().isoformat()
    ]
    assert hour["location"][0]["address"]["streetAddress"] == "Marktplatz 0"
    assert hour["startDate"] == start.isoformat()
    occurrences = post(client, EVENTS, {"m": "stadt-a", "expand": True})["events"]
    for event in occurrences:
        node = assert_valid_schema_org(event["jsonLd"], "Event")
        assert SCHEMA + "eventSchedule" not in node


def frontend_page(title, documents):
    """An HTML page as a frontend renders it: each ``jsonLd`` in its own
    ``<script type="application/ld+json">``, ``</`` escaped so no string in
    the data can end the script element."""
    scripts = "\n".join(
        '<script type="application/ld+json">'
        + json.dumps(document, ensure_ascii=False).replace("</", "<\\/")
        + "</script>"
        for document in documents
    )
    return (
        f'<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>{scripts}</head>"
        f"<body><h1>{html.escape(title)}</h1></body></html>"
    )


def test_extruct_finds_the_embedded_json_ld(client, built):
    add_weekly_event(built, "Sprechstunde </script><b>", days=3, hour=10, count=3)
    places = post(client, LOCATIONS, {"m": "stadt-a"})["locations"]
    events = post(client, EVENTS, {"m": "stadt-a", "expand": False})["events"]
    documents = [item["jsonLd"] for item in [*places, *events]]
    page = frontend_page("Rathaus Stadt A", documents)

    extracted = extruct.extract(
        page, base_url="https://stadt-a.example/", syntaxes=["json-ld"]
    )["json-ld"]

    assert extracted == documents
    types = [document["@type"] for document in extracted]
    assert "GovernmentOffice" in types and "Event" in types
    for document in extracted:
        assert_valid_schema_org(document, document["@type"])
    office = extracted[types.index("GovernmentOffice")]
    assert office["openingHoursSpecification"][0]["opens"] == "08:00"
    hour = next(d for d in extracted if d.get("name", "").startswith("Sprechstunde"))
    assert hour["name"] == "Sprechstunde </script><b>"
    assert hour["eventSchedule"]["repeatCount"] == 3


def test_the_checker_finds_mistakes():
    problems = []
    bad = {
        "@context": "https://schema.org",
        "@type": "Event",
        "openingHoursSpecification": [],
        "eventStatus": "https://schema.org/Monday",
        "startDat": "2027-01-01",
        "location": {"@type": "Flat", "name": "x"},
    }
    (node,) = jsonld.expand(bad, {"documentLoader": loader})
    check_node(node, problems)
    for mistake in ("startDat", "Monday", "openingHoursSpecification", "Flat"):
        assert any(mistake in problem for problem in problems), (mistake, problems)

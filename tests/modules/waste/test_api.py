"""GraphQL reads: fractions, street search, a house's collections."""

import datetime

import pytest

from rathaus.graphql import contract
from rathaus.modules.waste.models import HolidayShift, Street, StreetAssignment
from rathaus.site.module_platform.services import disable_module

from .builders import make_street, translate_fraction
from .conftest import MONDAY, codes, post

pytestmark = pytest.mark.django_db


def operation(name):
    return contract.read_operation(contract.operations_dir() / f"{name}.graphql")


FRACTIONS = operation("WasteFractions")
STREETS = operation("WasteStreets")
COLLECTIONS = operation("WasteCollections")
JAN = {"from": "2026-01-01", "to": "2026-01-31"}


def collections(client, municipality="stadt-a", **variables):
    return post(client, COLLECTIONS, {"municipality": municipality, **variables})


def test_fractions_in_the_asked_language_fall_back_to_the_default(client, calendar_a):
    translate_fraction(calendar_a["paper"], "en", "Paper")
    data = post(client, FRACTIONS, {"municipality": "stadt-a", "locale": "en"})["data"]
    got = [(f["key"], f["name"], f["locale"]) for f in data["wasteFractions"]]
    assert got == [
        ("residual", "Restmüll", "de"),
        ("paper", "Paper", "en"),
        ("glass", "Glas", "de"),
        ("hazardous", "Schadstoffmobil", "de"),
    ]
    kinds = {f["key"]: (f["kind"], f["hasDates"]) for f in data["wasteFractions"]}
    assert kinds["glass"] == ("CONTAINERS", False)
    assert kinds["hazardous"] == ("MOBILE", True)


@pytest.mark.parametrize(
    "search", ["Mühlen", "muhlen", "MUEHLEN", "Mühlenweg", "  mühlen"]
)
def test_street_search_ignores_case_and_diacritics(client, calendar_a, search):
    data = post(client, STREETS, {"municipality": "stadt-a", "search": search})
    assert [s["name"] for s in data["data"]["wasteStreets"]] == ["Mühlenweg"]


def test_street_search_is_a_prefix_search_with_abbreviations(client, calendar_a):
    make_street(calendar_a["main"].municipality, "Am Hauptbahnhof")
    names = lambda search: [  # noqa: E731
        s["name"]
        for s in post(client, STREETS, {"municipality": "stadt-a", "search": search})[
            "data"
        ]["wasteStreets"]
    ]
    assert names("Haupt") == ["Hauptstraße"]  # not "Am Hauptbahnhof"
    assert names("Hauptstr.") == ["Hauptstraße"]
    assert names("Am H") == ["Am Hauptbahnhof"]
    assert names("weg") == []
    assert names("") == ["Am Hauptbahnhof", "Hauptstraße", "Mühlenweg"]


def test_streets_show_their_house_number_ranges(client, calendar_a):
    data = post(client, STREETS, {"municipality": "stadt-a", "search": "Haupt"})
    street = data["data"]["wasteStreets"][0]
    assert street["splitByHouseNumber"] is True
    assert {r["parity"] for r in street["houseNumberRanges"]} == {"ALL", "ODD", "EVEN"}
    mill = post(client, STREETS, {"municipality": "stadt-a", "search": "Mühl"})
    assert mill["data"]["wasteStreets"][0]["splitByHouseNumber"] is False


@pytest.mark.parametrize("first", [0, 51, -1])
def test_street_page_size_is_bounded(client, calendar_a, first):
    payload = post(client, STREETS, {"municipality": "stadt-a", "first": first})
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert "first" in payload["errors"][0]["extensions"]["fields"]


def test_odd_and_even_houses_get_their_own_district(client, calendar_a):
    street = str(calendar_a["main"].pk)
    odd = collections(
        client, street=street, houseNumber="7a", fractions=["residual"], **JAN
    )
    even = collections(
        client, street=street, houseNumber="8", fractions=["residual"], **JAN
    )
    odd_dates = [c["date"] for c in odd["data"]["wasteCollections"]["collections"]]
    even_dates = [c["date"] for c in even["data"]["wasteCollections"]["collections"]]
    assert odd_dates == ["2026-01-05", "2026-01-19"]
    assert even_dates == ["2026-01-06", "2026-01-20"]
    districts = odd["data"]["wasteCollections"]["districts"]
    north = calendar_a["north"]
    assert districts == [
        {
            "pushTopic": f"waste:{north.pk}:residual",
            "fraction": {"key": "residual", "name": "Restmüll"},
            "district": {"id": str(north.pk), "name": "Nord"},
        }
    ]


def test_all_fractions_with_times_stops_and_containers(client, calendar_a):
    payload = collections(
        client,
        street=str(calendar_a["main"].pk),
        houseNumber="3",
        **{"from": "2026-03-01", "to": "2026-03-31"},
    )
    calendar = payload["data"]["wasteCollections"]
    got = [(c["date"], c["fraction"]["key"]) for c in calendar["collections"]]
    assert got == [
        ("2026-03-02", "residual"),
        ("2026-03-05", "paper"),
        ("2026-03-14", "hazardous"),
        ("2026-03-16", "residual"),
        ("2026-03-30", "residual"),
    ]
    mobile = calendar["collections"][2]
    assert (mobile["startTime"], mobile["endTime"]) == ("09:00:00", "10:30:00")
    assert mobile["district"]["location"] == "Marktplatz 1"
    topics = {d["fraction"]["key"]: d["pushTopic"] for d in calendar["districts"]}
    assert topics["glass"] is None  # containers: no dates, no reminders
    assert topics["hazardous"] == f"waste:{calendar_a['stop'].pk}:hazardous"


def test_holiday_shifts_move_dates_and_say_so(client, calendar_a):
    HolidayShift.objects.create(
        municipality=calendar_a["main"].municipality,
        original_date=MONDAY,
        shifted_date=MONDAY + datetime.timedelta(days=1),
        reason="Test",
    )
    payload = collections(
        client, street=str(calendar_a["mill"].pk), fractions=["residual"], **JAN
    )
    first = payload["data"]["wasteCollections"]["collections"][0]
    assert first["date"] == "2026-01-06"
    assert first["originalDate"] == "2026-01-05"
    assert first["shifted"] is True
    assert first["shiftReason"] == "Test"


def test_feed_links_carry_ids_and_a_range_never_the_address(client, calendar_a):
    payload = collections(
        client,
        street=str(calendar_a["main"].pk),
        houseNumber="17",
        fractions=["residual", "paper"],
        locale="en",
    )
    calendar = payload["data"]["wasteCollections"]
    main = calendar_a["main"].pk
    assert calendar["icalUrl"] == (
        f"http://testserver/ical/stadt-a/waste/{main}.ics"
        "?fractions=paper%2Cresidual&house=1&lang=en"
    )
    assert calendar["webcalUrl"] == calendar["icalUrl"].replace("http://", "webcal://")
    assert "Haupt" not in calendar["icalUrl"] and "17" not in calendar["icalUrl"]


@pytest.mark.parametrize(
    ("variables", "field", "reason"),
    [
        ({}, "houseNumber", "house_number_required"),
        ({"houseNumber": "abc"}, "houseNumber", None),
        ({"houseNumber": "1", "fractions": ["nope"]}, "fractions", None),
        ({"houseNumber": "1", "from": "2026-02-01", "to": "2026-01-01"}, "to", None),
        ({"houseNumber": "1", "from": "2026-01-01", "to": "2027-06-01"}, "to", None),
    ],
)
def test_bad_input_gets_field_errors(client, calendar_a, variables, field, reason):
    payload = collections(client, street=str(calendar_a["main"].pk), **variables)
    assert codes(payload) == ["VALIDATION_ERROR"]
    extensions = payload["errors"][0]["extensions"]
    assert field in extensions["fields"]
    assert extensions.get("reason") == reason


def test_unknown_street_is_not_found(client, calendar_a):
    assert codes(collections(client, street="999999")) == ["NOT_FOUND"]
    assert codes(collections(client, street="abc")) == ["NOT_FOUND"]


def test_module_disabled_and_unknown_municipality(client, calendar_a):
    disable_module(calendar_a["main"].municipality, "waste")
    for query, variables in (
        (FRACTIONS, {"municipality": "stadt-a"}),
        (STREETS, {"municipality": "stadt-a"}),
        (
            COLLECTIONS,
            {"municipality": "stadt-a", "street": str(calendar_a["mill"].pk)},
        ),
    ):
        payload = post(client, query, variables)
        assert codes(payload) == ["MODULE_DISABLED"]
        assert payload["errors"][0]["extensions"]["module"] == "waste"
    assert codes(post(client, STREETS, {"municipality": "nowhere"})) == ["NOT_FOUND"]


def test_municipalities_are_isolated(client, calendar_a, waste_b):
    make_street(waste_b, "Mühlenweg")
    streets_b = post(client, STREETS, {"municipality": "stadt-b"})["data"][
        "wasteStreets"
    ]
    assert [s["name"] for s in streets_b] == ["Mühlenweg"]
    assert streets_b[0]["id"] != str(calendar_a["mill"].pk)
    # A's street through B's slug is not found; B's fractions are B's.
    payload = collections(client, "stadt-b", street=str(calendar_a["mill"].pk))
    assert codes(payload) == ["NOT_FOUND"]
    assert post(client, FRACTIONS, {"municipality": "stadt-b"})["data"] == {
        "wasteFractions": []
    }


def _many_streets(calendar, count):
    municipality = calendar["main"].municipality
    streets = Street.objects.bulk_create(
        Street(
            municipality=municipality,
            name=f"Weg {n:05d}",
            search_key=f"weg{n:05d}",
        )
        for n in range(count)
    )
    StreetAssignment.objects.bulk_create(
        StreetAssignment(municipality=municipality, street=street, district=district)
        for street in streets
        for district in (calendar["north"], calendar["paper_all"])
    )


# municipality, module enabled, streets, their assignments
STREETS_QUERIES = 4
# municipality, module enabled, street, assignments (+districts, fractions),
# fractions in the language, dates, holiday shifts
COLLECTIONS_QUERIES = 7


@pytest.mark.parametrize("size", [10, 3000])
def test_query_counts_are_constant(client, calendar_a, size, django_assert_num_queries):
    _many_streets(calendar_a, size)
    with django_assert_num_queries(STREETS_QUERIES):
        data = post(
            client, STREETS, {"municipality": "stadt-a", "search": "weg", "first": 50}
        )
    assert len(data["data"]["wasteStreets"]) == min(size, 50)
    with django_assert_num_queries(COLLECTIONS_QUERIES):
        data = collections(client, street=str(calendar_a["main"].pk), houseNumber="4")
    assert "errors" not in data
    with django_assert_num_queries(3):
        data = post(client, FRACTIONS, {"municipality": "stadt-a"})
    assert len(data["data"]["wasteFractions"]) == 4

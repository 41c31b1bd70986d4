"""An editor places a new location on the map of their own municipality,
finding it by its address, in a real browser (German admin).

The live server runs in this process, so ``responses`` answers the
geocoder's requests with a recorded Nominatim answer; the browser itself is
kept off the network (map tiles are refused)."""

import json
from pathlib import Path

import pytest
import responses
from responses import matchers

from rathaus.site.content.models import LocationIndexPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

RECORDED = Path(__file__).parent.parent / "core" / "recorded"
NOMINATIM = "https://nominatim.test"


@pytest.fixture
def locations(municipality_a):
    return municipality_a.home_page.specific.add_child(
        instance=LocationIndexPage(title="Orte")
    )


@pytest.fixture
def new_location(page, login, live_server, editor_a, locations):
    """The German admin's form for a new location, tiles refused."""

    def open_form():
        login("editor-a")
        page.goto(
            f"{live_server.url}/admin/pages/add/content/locationpage/{locations.pk}/"
        )
        page.locator("[data-rathaus-map-position].leaflet-container").wait_for()
        return page

    return open_form


@pytest.fixture
def geocoder(settings):
    settings.RATHAUS_GEOCODER = {
        "provider": "nominatim",
        "url": NOMINATIM,
        "user_agent": "Rathaus browser tests",
    }
    with responses.RequestsMock() as recorded:
        yield recorded


def click_map_centre(page):
    map_element = page.locator("[data-rathaus-map-position]")
    map_element.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the panel's size recalculation
    box = map_element.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_a_new_location_opens_on_the_municipality(new_location, municipality_a):
    page = new_location()

    assert page.input_value("#id_latitude") == ""
    click_map_centre(page)

    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert latitude == pytest.approx(municipality_a.centre_latitude, abs=0.001)
    assert longitude == pytest.approx(municipality_a.centre_longitude, abs=0.001)


def test_the_address_typed_is_found_and_sets_the_position(new_location, geocoder):
    geocoder.get(
        f"{NOMINATIM}/search",
        json=json.loads(
            (RECORDED / "nominatim_maximilianstrasse_1_bayreuth.json").read_text()
        ),
        match=[
            matchers.query_param_matcher(
                {
                    "q": "Maximilianstraße 1, 95444 Bayreuth",
                    "viewbox": "11.5,50.0,11.7,49.9",
                },
                strict_match=False,
            )
        ],
    )
    page = new_location()

    page.fill("#id_street", "Maximilianstraße 1")
    page.fill("#id_postal_code", "95444")
    page.fill("#id_city", "Bayreuth")
    search = page.get_by_label("Adresse suchen")
    assert search.input_value() == "Maximilianstraße 1, 95444 Bayreuth"
    page.get_by_role("button", name="Suchen", exact=True).click()
    page.get_by_role(
        "button",
        name="1, Maximilianstraße, Altstadt, Bayreuth, Bayern, 95444, Deutschland",
    ).click()

    assert page.input_value("#id_latitude") == "49.943154"
    assert page.input_value("#id_longitude") == "11.574695"
    assert page.locator("[data-rathaus-map-position] .leaflet-marker-icon").count()


def test_an_unreachable_geocoder_leaves_the_map_usable(new_location, geocoder):
    geocoder.get(f"{NOMINATIM}/search", status=503, body="Service Unavailable")
    page = new_location()

    search = page.get_by_label("Adresse suchen")
    search.fill("Maximilianstraße 1")
    search.press("Enter")  # searches; does not submit the page

    status = page.locator("[data-rathaus-map-search-status]")
    status.filter(has_text="Adresssuche gerade nicht erreichbar").wait_for()
    assert "/add/" in page.url
    click_map_centre(page)
    assert page.input_value("#id_latitude") != ""

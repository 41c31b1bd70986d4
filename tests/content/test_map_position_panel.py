"""The location's map panel opens over the municipality the page belongs to,
and offers address search when a geocoder is configured."""

import html
import json
import re

import pytest
from django.urls import reverse

from rathaus.site.content.models import LocationIndexPage, LocationPage
from rathaus.site.content.panels import MUNICIPALITY_ZOOM, municipality_of
from tests.factories import make_municipality, make_user

GEOCODER = {
    "provider": "nominatim",
    "url": "https://nominatim.test",
    "user_agent": "Rathaus tests",
}


@pytest.fixture
def bayreuth(db):
    return make_municipality(
        slug="bayreuth",
        name="Bayreuth",
        hostname="bayreuth.localhost",
        centre=(49.9456, 11.5713),
        bbox=(49.90, 11.50, 50.00, 11.70),
    )


@pytest.fixture
def locations(bayreuth):
    home = bayreuth.home_page.specific
    return home.add_child(instance=LocationIndexPage(title="Orte"))


@pytest.fixture
def editor(bayreuth, client):
    user = make_user("editor-bayreuth", municipality=bayreuth)
    client.force_login(user)
    return user


def map_config(response):
    assert response.status_code == 200
    found = re.search(r'data-rathaus-map-position="([^"]*)"', response.content.decode())
    return json.loads(html.unescape(found[1]))


def add_url(parent):
    return reverse(
        "wagtailadmin_pages:add", args=["content", "locationpage", parent.pk]
    )


def test_a_new_location_opens_over_its_municipality(client, editor, locations):
    config = map_config(client.get(add_url(locations)))

    assert config["center"] == [49.9456, 11.5713]
    assert config["zoom"] == MUNICIPALITY_ZOOM
    assert config["latitudeInput"] == "id_latitude"
    assert config["addressInputs"] == ["id_street", "id_postal_code", "id_city"]


def test_without_a_geocoder_there_is_no_search_box_but_a_note(
    client, editor, locations, settings
):
    settings.RATHAUS_GEOCODER = {"provider": None}
    response = client.get(add_url(locations))

    config = map_config(response)
    assert config["geocodeUrl"] == ""
    body = response.content.decode()
    assert "data-rathaus-map-search-input" not in body
    assert "Die Adresssuche ist nicht eingerichtet." in body


def test_with_a_geocoder_the_panel_searches_in_its_municipality(
    client, editor, locations, bayreuth, settings
):
    settings.RATHAUS_GEOCODER = GEOCODER
    location = locations.add_child(
        instance=LocationPage(title="Bürgerbüro", latitude=49.94, longitude=11.57)
    )

    response = client.get(reverse("wagtailadmin_pages:edit", args=[location.pk]))

    config = map_config(response)
    assert config["geocodeUrl"] == reverse("rathaus_geocode")
    assert config["municipality"] == bayreuth.pk
    body = response.content.decode()
    assert "Adresse suchen" in body
    assert 'data-unavailable="Adresssuche gerade nicht erreichbar"' in body


def test_a_page_and_a_new_page_below_it_belong_to_its_municipality(bayreuth, locations):
    assert municipality_of(locations) == bayreuth
    assert municipality_of(LocationPage(title="neu"), parent_page=locations) == (
        bayreuth
    )


@pytest.mark.django_db
def test_a_page_outside_every_tree_has_no_municipality(django_assert_num_queries):
    page = LocationPage(title="neu")  # Page() looks up its content type (cached)
    with django_assert_num_queries(0):
        assert municipality_of(page) is None

"""An editor works in the admin of their own municipality, in a real browser."""

import pytest
from wagtail.models import Page

from rathaus.site.content.models import LocationIndexPage, LocationPage

from ..factories import add_information_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_editor_edits_and_publishes_a_page(
    page, login, live_server, municipality_a, editor_a
):
    info = add_information_page(municipality_a.home_page, "Anmeldung")
    login("editor-a")

    page.goto(f"{live_server.url}/admin/pages/{info.pk}/edit/")
    page.fill("#id_title", "Anmeldung des Wohnsitzes")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{municipality_a.home_page.pk}/")

    info.refresh_from_db()
    assert info.title == "Anmeldung des Wohnsitzes"
    assert info.live and not info.has_unpublished_changes


def test_location_position_is_picked_on_the_map(
    page, login, live_server, municipality_a, editor_a
):
    home = municipality_a.home_page.specific
    index = home.add_child(instance=LocationIndexPage(title="Orte"))
    location = index.add_child(
        instance=LocationPage(title="Bürgerbüro", latitude=49.9456, longitude=11.5713)
    )
    login("editor-a")
    page.goto(f"{live_server.url}/admin/pages/{location.pk}/edit/")

    map_element = page.locator("[data-rathaus-map-position]")
    map_element.scroll_into_view_if_needed()
    page.wait_for_selector("[data-rathaus-map-position] .leaflet-marker-icon")
    box = map_element.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.25)

    latitude = float(page.input_value("#id_latitude"))
    longitude = float(page.input_value("#id_longitude"))
    assert latitude > 49.9456 and longitude < 11.5713  # north-west of the old marker
    assert (latitude, longitude) != (49.9456, 11.5713)


def test_editor_sees_no_other_municipality_in_the_explorer(
    page, login, live_server, municipality_a, municipality_b, editor_a
):
    add_information_page(municipality_b.home_page, "Geheimseite Stadt B")
    login("editor-a")
    page.goto(f"{live_server.url}/admin/pages/")
    body = page.content()
    assert "Stadt A" in body
    assert "Geheimseite" not in body
    b_root = Page.objects.get(pk=municipality_b.home_page.pk)
    response = page.goto(f"{live_server.url}/admin/pages/{b_root.pk}/edit/")
    assert response.status == 404

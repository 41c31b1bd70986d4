"""The kit's submission form and fields (site/core/forms.py): errors under the
API's names, in the reader's language, the position check."""

import pytest
from django.utils import translation

from rathaus.site.module_platform import api


class PlaceForm(api.SubmissionForm):
    camel_case_errors = True
    title = api.text_field(20, min_length=3)
    note = api.text_field(10)
    contact_email = api.email_field(required=False)
    latitude = api.coordinate_field("latitude", 90)
    longitude = api.coordinate_field("longitude", 180, required=False)


def errors(data, language="en"):
    with translation.override(language):
        form = PlaceForm(data)
        form.is_valid()
        return form.message_dict()


def test_length_and_e_mail_errors_name_the_limit():
    assert errors(
        {"title": "ab", "note": "x" * 11, "contact_email": "x" * 250 + "@example.org"}
    ) == {
        "title": ["At least 3 characters."],
        "note": ["At most 10 characters are allowed."],
        "contactEmail": ["Enter a valid e-mail address."],
        "latitude": ["Send a WGS84 latitude between -90 and 90."],
    }
    assert errors({"title": "Park", "latitude": "50"}) == {}


def test_coordinate_errors_are_in_the_language_of_each_request():
    data = {"title": "Park", "latitude": "91", "longitude": "x"}
    assert errors(data)["latitude"] == ["Send a WGS84 latitude between -90 and 90."]
    assert errors(data, "de") == {
        "latitude": ["Senden Sie einen WGS84-Wert für latitude zwischen -90 und 90."],
        "longitude": [
            "Senden Sie einen WGS84-Wert für longitude zwischen -180 und 180."
        ],
    }


@pytest.mark.django_db
def test_a_position_outside_the_municipality_is_an_error_on_position(
    municipality_a,
):
    south, west, north, east = municipality_a.bounding_box
    inside = {"latitude": (south + north) / 2, "longitude": (west + east) / 2}
    outside = {"latitude": north + 1, "longitude": east + 1}
    form = PlaceForm()
    assert form.check_position(inside, municipality_a)
    assert form.check_position({"latitude": None, "longitude": 1.0}, municipality_a)
    assert form.message_dict() == {}
    with translation.override("en"):
        assert not form.check_position(outside, municipality_a)
    assert form.message_dict() == {
        "position": [f"This position lies outside {municipality_a.name}."]
    }

"""The settings schema and the demo listings."""

import math

import pytest
from django.core.exceptions import ValidationError

from rathaus.modules.housing.demo import load_demo_housing
from rathaus.modules.housing.forms import approximate_position
from rathaus.modules.housing.models import HousingListing
from rathaus.site.module_platform.services import configure_module, get_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"allowed_durations": [5]}, "allowed_durations"),
        ({"allowed_durations": []}, "allowed_durations"),
        ({"moderation": "sometimes"}, "moderation"),
        ({"benefit_rent_limits": {"0": 400}}, "benefit_rent_limits"),
        ({"benefit_rent_limits": {"two": 400}}, "benefit_rent_limits"),
        ({"benefit_rent_limits": {"2": -1}}, "benefit_rent_limits"),
        ({"benefit_rent_limits": {"2": "viel"}}, "benefit_rent_limits"),
        ({"benefit_rent_limits": [400]}, "benefit_rent_limits"),
        ({"link_url": "https://app.example.org/x"}, "link_url"),
        ({"districts": ["x" * 101]}, "districts"),
        ({"purge_after_days": -1}, "purge_after_days"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_bad_settings(housing_a, settings, field):
    with pytest.raises(ValidationError) as error:
        configure_module(housing_a, "housing", settings)
    assert field in error.value.message_dict


def test_settings_round_trip(housing_a):
    configure_module(
        housing_a,
        "housing",
        {
            "allowed_durations": ["7", "30"],
            "districts": "Nord\n\n Süd \nNord",
            "benefit_rent_limits": '{"2": 600, "1": "450.5"}',
        },
    )
    settings = get_settings(housing_a, "housing")
    assert settings["allowed_durations"] == [7, 30]
    assert settings["districts"] == ["Nord", "Süd"]
    assert settings["benefit_rent_limits"] == {"1": 450.5, "2": 600.0}
    configure_module(housing_a, "housing", {"moderation": "all"})  # re-validates


def haversine(lat1, lng1, lat2, lng2):
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lng2 - lng1) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(a))


def test_approximate_position_is_within_300_metres_and_stable():
    for latitude, longitude in ((49.95, 11.58), (53.55, 9.99), (47.4, 11.1)):
        snapped = approximate_position(latitude, longitude)
        assert 0 < haversine(latitude, longitude, *snapped) <= 215
        nearby = approximate_position(latitude + 0.00001, longitude + 0.00001)
        assert nearby == snapped or haversine(*snapped, *nearby) >= 290


def test_demo(municipality_a):
    assert load_demo_housing(municipality_a) == 5
    assert load_demo_housing(municipality_a) == 0
    statuses = sorted(HousingListing.objects.values_list("status", flat=True))
    assert statuses == [
        "in_moderation",
        "published",
        "published",
        "published",
        "unconfirmed",
    ]
    assert get_settings(municipality_a, "housing")["districts"]

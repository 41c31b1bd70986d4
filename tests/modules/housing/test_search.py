"""housingListings / housingListing / housingOptions: filters, pagination,
translations, benefit limits, JSON-LD, isolation, query counts."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from rathaus.modules.housing import services
from rathaus.modules.housing.models import HousingListing, HousingListingTranslation
from rathaus.site.module_platform.services import disable_module

from .conftest import LISTING, LISTINGS, codes, expire, make_listing

pytestmark = pytest.mark.django_db


def search(gql, **variables):
    payload = gql(LISTINGS, {"municipality": "stadt-a", **variables})
    assert "errors" not in payload, payload
    return payload["data"]["housingListings"]


def ids(result):
    return [int(item["id"]) for item in result["items"]]


@pytest.fixture
def three(housing_a):
    today = timezone.localdate()
    cheap = make_listing(
        housing_a,
        rooms=1,
        size=30,
        cold_rent=300,
        deposit=900,
        running_costs=50,
        heating_costs=40,
        district="Nord",
        latitude=49.91,
        longitude=11.51,
    )
    accessible = make_listing(
        housing_a,
        rooms=3,
        size=80,
        barrier_free=True,
        wheelchair_accessible=True,
        available_from=today + timedelta(days=60),
    )
    big = make_listing(housing_a, rooms=5, size=130, cold_rent=1200, deposit=0)
    return cheap, accessible, big


def test_filters(gql, three):
    cheap, accessible, big = three
    assert search(gql)["totalCount"] == 3
    assert ids(search(gql)) == [big.pk, accessible.pk, cheap.pk]  # newest first
    assert ids(search(gql, maxWarmRent=550)) == [accessible.pk, cheap.pk]
    assert ids(search(gql, minRooms=3)) == [big.pk, accessible.pk]
    assert ids(search(gql, minSize=100)) == [big.pk]
    assert ids(search(gql, accessible=True)) == [accessible.pk]
    today = timezone.localdate().isoformat()
    assert accessible.pk not in ids(search(gql, availableFrom=today))
    assert ids(search(gql, district="Nord")) == [cheap.pk]
    box = {"south": 49.90, "west": 11.50, "north": 49.92, "east": 11.52}
    assert ids(search(gql, bbox=box)) == [cheap.pk]
    # Benefit limits: 390 € fits 1 person (500 €); 550 € fits 2 (600 €).
    assert ids(search(gql, withinBenefitLimitFor=1)) == [cheap.pk]
    assert ids(search(gql, withinBenefitLimitFor=2)) == [accessible.pk, cheap.pk]
    assert ids(search(gql, withinBenefitLimitFor=9)) == []
    flags = {int(i["id"]): i["withinBenefitLimit"] for i in search(gql)["items"]}
    assert flags == {cheap.pk: True, accessible.pk: True, big.pk: False}


def test_pagination_and_bad_arguments(gql, three):
    page = search(gql, first=2, offset=2)
    assert page["totalCount"] == 3 and len(page["items"]) == 1
    assert search(gql, offset=10)["items"] == []
    for variables, field in (
        ({"first": 0}, "first"),
        ({"first": 101}, "first"),
        ({"offset": -1}, "offset"),
        ({"maxWarmRent": -1}, "maxWarmRent"),
        ({"bbox": {"south": 50, "west": 11, "north": 49, "east": 12}}, "bbox"),
    ):
        payload = gql(LISTINGS, {"municipality": "stadt-a", **variables})
        assert codes(payload) == ["VALIDATION_ERROR"]
        assert field in payload["errors"][0]["extensions"]["fields"]


def test_only_published_current_listings(housing_a, gql):
    published = make_listing(housing_a)
    make_listing(housing_a, publish=False)  # unconfirmed
    waiting = make_listing(housing_a, publish=False, landlord_email="neu@example.org")
    services.confirm_listing(housing_a, services.make_token(waiting, "confirm"))
    gone = make_listing(housing_a)
    expire(gone, days_ago=0)
    rejected = make_listing(housing_a)
    services.reject_listing(rejected, reason="Doppelt")
    assert ids(search(gql)) == [published.pk]
    for listing in (waiting, gone, rejected):
        payload = gql(LISTING, {"municipality": "stadt-a", "id": str(listing.pk)})
        assert payload["data"]["housingListing"] is None


def test_isolation(housing_a, housing_b, gql):
    listing_a = make_listing(housing_a)
    listing_b = make_listing(housing_b)
    assert ids(search(gql)) == [listing_a.pk]
    payload = gql(LISTINGS, {"municipality": "stadt-b"})
    assert ids(payload["data"]["housingListings"]) == [listing_b.pk]
    payload = gql(LISTING, {"municipality": "stadt-b", "id": str(listing_a.pk)})
    assert payload["data"]["housingListing"] is None


def test_module_disabled(housing_a, gql):
    make_listing(housing_a)
    disable_module(housing_a, "housing")
    payload = gql(LISTINGS, {"municipality": "stadt-a"})
    assert codes(payload) == ["MODULE_DISABLED"]
    payload = gql(LISTING, {"municipality": "stadt-a", "id": "1"})
    assert codes(payload) == ["MODULE_DISABLED"]


def test_translation_and_fallback(housing_a, gql):
    listing = make_listing(housing_a)
    HousingListingTranslation.objects.create(
        listing=listing,
        language="en",
        title="Bright flat",
        description="A bright flat.",
        source_hash=services.source_hash(listing),
    )
    variables = {"municipality": "stadt-a", "id": str(listing.pk)}
    english = gql(LISTING, {**variables, "locale": "en"})["data"]["housingListing"]
    assert english["title"] == "Bright flat" and english["machineTranslated"]
    assert english["language"] == "en" and english["originalLanguage"] == "de"
    # No Arabic translation: the original, and it says so.
    arabic = gql(LISTING, {**variables, "locale": "ar"})["data"]["housingListing"]
    assert arabic["language"] == "de" and not arabic["machineTranslated"]
    # After an edit the stale translation is not shown.
    HousingListing.objects.filter(pk=listing.pk).update(title="Neuer Titel hier")
    english = gql(LISTING, {**variables, "locale": "en"})["data"]["housingListing"]
    assert english["title"] == "Neuer Titel hier"


def test_json_ld_has_a_coarse_address_only(housing_a, gql):
    listing = make_listing(
        housing_a, available_until=timezone.localdate() + timedelta(days=90)
    )
    item = search(gql)["items"][0]
    data = item["jsonLd"]
    offer = data["offers"]
    flat = offer["itemOffered"]
    assert data["@type"] == "RealEstateListing" and offer["@type"] == "Offer"
    assert flat["@type"] == "Apartment"
    assert flat["floorSize"] == {
        "@type": "QuantitativeValue",
        "value": 60,
        "unitCode": "MTK",
    }
    assert flat["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Stadt A",
        "addressRegion": "Altstadt",
        "addressCountry": "DE",
    }
    assert flat["geo"]["latitude"] == listing.latitude
    assert offer["priceCurrency"] == "EUR" and offer["price"] == 550
    assert offer["priceSpecification"][0]["unitCode"] == "MON"
    assert data["leaseLength"] == {
        "@type": "QuantitativeValue",
        "value": 90,
        "unitCode": "DAY",
    }
    assert "streetAddress" not in json.dumps(data)
    assert listing.landlord_email not in json.dumps(data)


def test_options(housing_a, gql):
    payload = gql(
        """query($municipality: String!) { housingOptions(municipality: $municipality) {
             districts allowedDurations maxPhotos
             benefitLimits { householdSize maxWarmRent } } }""",
        {"municipality": "stadt-a"},
    )
    options = payload["data"]["housingOptions"]
    assert options["districts"] == ["Altstadt", "Nord", "Süd"]
    assert options["allowedDurations"] == [3, 7, 14, 30]
    assert options["benefitLimits"][0] == {"householdSize": 1, "maxWarmRent": 500.0}


@pytest.mark.parametrize("size", [10, 300])
def test_query_count_is_constant(
    housing_a, gql, size, django_assert_num_queries, settings
):
    listings = [
        make_listing(housing_a, publish=False, landlord_email=f"l{n}@example.org")
        for n in range(size)
    ]
    now = timezone.now()
    HousingListing.objects.filter(pk__in=[item.pk for item in listings]).update(
        status="published", published_at=now, expires_at=now + timedelta(days=3)
    )
    with django_assert_num_queries(7):
        result = search(gql, first=100, locale="en", maxWarmRent=1000)
    assert result["totalCount"] == size
    assert len(result["items"]) == min(size, 100)
    with django_assert_num_queries(6):
        payload = gql(LISTING, {"municipality": "stadt-a", "id": str(listings[0].pk)})
    assert payload["data"]["housingListing"]["id"] == str(listings[0].pk)

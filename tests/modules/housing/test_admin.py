"""The admin: the moderation queue and actions for the municipality's module
admins only; another municipality's rows 404; a disabled module 404s."""

import pytest
from django.core import mail
from django.urls import reverse

from rathaus.modules.housing import services
from rathaus.modules.housing.models import HousingBan, HousingListing, HousingReport
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.module_platform.services import disable_module
from rathaus.site.municipalities.models import MunicipalityRole

from ...factories import make_user
from .conftest import REPORT, codes, committing, make_listing, service_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_a(housing_a):
    return make_user(
        "moderator-a", municipality=housing_a, role=MunicipalityRole.Role.MODULE_ADMINS
    )


def waiting(municipality, **overrides):
    listing = make_listing(municipality, publish=False, **overrides)
    with committing():
        return services.confirm_listing(
            municipality, services.make_token(listing, "confirm")
        )


def test_queue_reject_and_ban(client, moderator_a, housing_a, gql):
    listing = waiting(housing_a)
    published = make_listing(housing_a, landlord_email="gut@example.org")
    payload = gql(
        REPORT,
        {
            "municipality": "stadt-a",
            "listing": str(published.pk),
            "reason": "SCAM",
            "message": "Will Kaution vorab per Western Union.",
        },
    )
    assert payload["data"]["reportHousingListing"]["received"] is True
    client.force_login(moderator_a)
    assert client.get(reverse("housing_index")).url == reverse(
        "housing_queue", args=["stadt-a"]
    )
    html = client.get(reverse("housing_queue", args=["stadt-a"])).content.decode()
    assert f'data-listing="{listing.pk}"' in html
    html = client.get(
        reverse("housing_queue", args=["stadt-a"]), {"queue": "reported"}
    ).content.decode()
    assert f'data-listing="{published.pk}"' in html
    detail = reverse("housing_listing", args=["stadt-a", published.pk])
    html = client.get(detail).content.decode()
    assert "Western Union" in html and "Verdacht auf Betrug" in html
    # Reject without a reason: refused, nothing changes.
    assert client.post(detail, {"action": "reject", "reason": ""}).status_code == 200
    assert HousingListing.objects.get(pk=published.pk).status == "published"
    with committing():
        response = client.post(detail, {"action": "ban", "reason": "Betrug"})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == "rejected" and published.moderation_note == "Betrug"
    assert HousingReport.objects.get().resolved_at is not None
    assert "Betrug" in mail.outbox[-1].body
    assert set(HousingBan.objects.values_list("kind", flat=True)) == {
        "email",
        "ip",
        "device",
    }
    # The banned landlord cannot submit again.
    with pytest.raises(services.SubmissionRefused):
        services.submit_listing(
            housing_a,
            service_input(landlord_email="gut@example.org"),
            identity=ClientIdentity(ip_hash="other"),
            idempotency_key="key-after-ban",
        )
    # Reject the waiting listing with a reason.
    with committing():
        response = client.post(
            reverse("housing_listing", args=["stadt-a", listing.pk]),
            {"action": "reject", "reason": "Unvollständig"},
        )
    assert response.status_code == 302
    assert HousingListing.objects.get(pk=listing.pk).status == "rejected"


def test_report_is_rate_limited(housing_a, gql):
    from rathaus.site.module_platform.services import configure_module

    configure_module(housing_a, "housing", {"reports_per_hour": 1})
    listing = make_listing(housing_a)
    variables = {
        "municipality": "stadt-a",
        "listing": str(listing.pk),
        "reason": "WRONG",
    }
    assert "errors" not in gql(REPORT, variables)
    assert codes(gql(REPORT, variables)) == ["RATE_LIMITED"]
    assert codes(gql(REPORT, {**variables, "municipality": "stadt-b"})) == ["NOT_FOUND"]


def test_isolation(client, moderator_a, housing_a, housing_b, superuser):
    listing_b = waiting(housing_b)
    client.force_login(moderator_a)
    for url in (
        reverse("housing_queue", args=["stadt-b"]),
        reverse("housing_listing", args=["stadt-b", listing_b.pk]),
        reverse("housing_listing", args=["stadt-a", listing_b.pk]),
        reverse("wagtailsnippets_housing_housinglisting:edit", args=[listing_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            reverse("housing_listing", args=["stadt-b", listing_b.pk]),
            {"action": "approve"},
        ).status_code
        == 404
    )
    assert HousingListing.objects.get(pk=listing_b.pk).status == "in_moderation"
    listing_a = waiting(housing_a)
    index = client.get(reverse("wagtailsnippets_housing_housinglisting:list"))
    assert index.status_code == 200
    assert listing_a.title.encode() in index.content
    assert str(listing_b.pk) not in [
        str(pk) for pk in index.context["object_list"].values_list("pk", flat=True)
    ]
    # An editor (not a module admin) of A cannot moderate.
    editor = make_user("editor-a2", municipality=housing_a)
    client.force_login(editor)
    assert client.get(reverse("housing_queue", args=["stadt-a"])).status_code == 404


def test_disabled_module_hides_the_admin(client, moderator_a, housing_a):
    listing = waiting(housing_a)
    client.force_login(moderator_a)
    assert client.get(reverse("housing_queue", args=["stadt-a"])).status_code == 200
    disable_module(housing_a, "housing")
    for url in (
        reverse("housing_index"),
        reverse("housing_queue", args=["stadt-a"]),
        reverse("housing_listing", args=["stadt-a", listing.pk]),
        reverse("wagtailsnippets_housing_housinglisting:list"),
    ):
        assert client.get(url).status_code == 404, url


def test_staff_create_publishes(client, moderator_a, housing_a):
    client.force_login(moderator_a)
    url = reverse("wagtailsnippets_housing_housinglisting:add")
    assert client.get(url).status_code == 200
    data = {
        "municipality": housing_a.pk,
        "kind": "flat",
        "language": "de",
        "title": "Wohnung vom Amt",
        "description": "Von der Stadt eingestellt.",
        "district": "Süd",
        "latitude": "49.95",
        "longitude": "11.58",
        "rooms": "2",
        "size": "50",
        "cold_rent": "400",
        "running_costs": "0",
        "running_costs_include": '["water"]',
        "heating_costs": "0",
        "deposit": "1300",
        "available_from": "2030-01-01",
        "pets": "allowed",
        "energy_exemption": "small_building",
        "status": "published",
        "duration_days": "30",
        "landlord_email": "amt@example.org",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # deposit above 3 cold rents
    assert not HousingListing.objects.exists()
    data["deposit"] = "1200"
    with committing():
        response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    listing = HousingListing.objects.get()
    assert listing.is_public and listing.created_by == moderator_a
    assert (listing.latitude, listing.longitude) != (49.95, 11.58)  # snapped

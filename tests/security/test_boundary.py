"""The admin boundary refuses B's objects and keeps A's own reachable."""

import json

import pytest
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from rathaus.site.content.snippets import Contact, LocationCategory
from rathaus.site.municipalities.models import Municipality, MunicipalityRole

from ..factories import add_information_page, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_and_foreign(municipality_a, municipality_b):
    def image(municipality, title):
        return get_image_model().objects.create(
            title=title, file=get_test_image_file(), collection=municipality.collection
        )

    def contact(municipality, name):
        return Contact.objects.create(
            municipality=municipality, locale=municipality.default_locale, name=name
        )

    return {
        "page_a": add_information_page(municipality_a.home_page, "Seite A"),
        "page_b": add_information_page(municipality_b.home_page, "Seite B"),
        "image_a": image(municipality_a, "Bild A"),
        "image_b": image(municipality_b, "Bild B"),
        "contact_a": contact(municipality_a, "Kontakt A"),
        "contact_b": contact(municipality_b, "Kontakt B"),
    }


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


def test_admin_api_lists_and_shows_only_own_images(client_a, own_and_foreign):
    listing = client_a.get("/admin/api/main/images/")
    assert listing.status_code == 200
    titles = [item["title"] for item in json.loads(listing.content)["items"]]
    assert titles == ["Bild A"]
    image_b = own_and_foreign["image_b"]
    assert client_a.get(f"/admin/api/main/images/{image_b.pk}/").status_code == 404
    image_a = own_and_foreign["image_a"]
    assert client_a.get(f"/admin/api/main/images/{image_a.pk}/").status_code == 200


def test_bulk_confirmation_names_no_foreign_page(client_a, own_and_foreign):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
    page_a, page_b = own_and_foreign["page_a"], own_and_foreign["page_b"]
    assert client_a.get(url, {"id": [page_b.pk]}).status_code == 404
    assert client_a.get(url, {"id": [page_a.pk, page_b.pk]}).status_code == 404
    response = client_a.get(url, {"id": [page_a.pk]})
    assert response.status_code == 200
    assert "Seite A" in response.content.decode()


def test_select_all_in_a_bulk_action_keeps_own_rows(client_a, own_and_foreign):
    url = reverse("wagtail_bulk_action", args=["content", "contact", "delete"])
    response = client_a.get(url, {"id": "all"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kontakt A" in body and "Kontakt B" not in body


def test_localize_snippet_api_lists_only_own_contacts(client_a, own_and_foreign):
    url = reverse("wagtail_localize:snippets_api_listing", args=["content", "contact"])
    response = client_a.get(url)
    assert response.status_code == 200
    names = [item["title"] for item in json.loads(response.content)]
    assert names == ["Kontakt A"]


def test_module_views_under_own_slug_stay_reachable(client, municipality_a):
    from rathaus.site.module_platform.services import enable_module

    enable_module(municipality_a, "defects")
    admin = make_user(
        "module-admin-a",
        municipality=municipality_a,
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )
    client.force_login(admin)
    assert client.get(reverse("defects_queue", args=["stadt-a"])).status_code == 200
    assert client.get(reverse("defects_queue", args=["stadt-b"])).status_code == 404


def test_unknown_url_arguments_are_closed_to_staff(rf, editor_a, superuser):
    """A URL argument the boundary cannot place 404s for all but platform admins."""
    from django.http import Http404
    from django.urls import ResolverMatch

    from rathaus.site.municipalities.middleware import AdminBoundaryMiddleware

    middleware = AdminBoundaryMiddleware(lambda request: None)
    for user, refused in ((editor_a, True), (superuser, False)):
        request = rf.get("/admin/new-wagtail-view/7/")
        request.user = user
        request.resolver_match = ResolverMatch(
            lambda request: None, (), {"gadget_id": 7}, url_name="new", route="x"
        )
        if refused:
            with pytest.raises(Http404):
                middleware.process_view(request, None, (), {"gadget_id": 7})
        else:
            assert middleware.process_view(request, None, (), {"gadget_id": 7}) is None


def test_every_municipality_is_placed(editor_a, municipality_a, municipality_b):
    from rathaus.site.municipalities.boundary import all_in_scope

    assert all_in_scope(Municipality, [municipality_a.pk], editor_a)
    assert not all_in_scope(Municipality, [municipality_b.pk], editor_a)


def test_editors_choose_platform_wide_location_categories(client_a, municipality_a):
    """Location categories belong to no municipality: every editor chooses
    from them (the boundary once refused the chosen step), none edits them."""
    category = LocationCategory.objects.create(
        name="Schule", slug="schule", locale=municipality_a.default_locale
    )
    chooser = "wagtailsnippetchoosers_content_locationcategory"
    chosen = client_a.get(reverse(f"{chooser}:chosen", args=[category.pk]))
    assert chosen.status_code == 200
    assert "Schule" in chosen.content.decode()
    edit = reverse("wagtailsnippets_content_locationcategory:edit", args=[category.pk])
    assert client_a.get(edit).status_code in (302, 403)

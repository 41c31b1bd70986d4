"""Tenancy is security: an editor of municipality A gets nothing of B's."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from ..factories import add_information_page, make_user

pytestmark = pytest.mark.django_db

DENIED = {403, 404}

PAGE_VIEWS = [
    "wagtailadmin_pages:edit",
    "wagtailadmin_explore",
    "wagtailadmin_pages:add_subpage",
    "wagtailadmin_pages:delete",
    "wagtailadmin_pages:unpublish",
    "wagtailadmin_pages:copy",
    "wagtailadmin_pages:move",
    "wagtailadmin_pages:history",
    "wagtailadmin_pages:revisions_index",
    "wagtailadmin_pages:lock",
    "wagtailadmin_pages:unlock",
    "wagtailadmin_pages:preview_on_edit",
    "wagtailadmin_pages:workflow_history",
    "wagtailadmin_pages:usage",
    "wagtail_localize:submit_page_translation",
    "wagtail_localize:update_translations",
]


@pytest.fixture
def pages(municipality_a, municipality_b):
    return {
        "a": add_information_page(municipality_a.home_page, "Bürgerbüro Stadt A"),
        "b": add_information_page(municipality_b.home_page, "Geheimseite Stadt B"),
    }


@pytest.fixture
def media(municipality_a, municipality_b):
    Image, Document = get_image_model(), get_document_model()
    return {
        "image_a": Image.objects.create(
            title="Rathaus A",
            file=get_test_image_file(),
            collection=municipality_a.collection,
        ),
        "image_b": Image.objects.create(
            title="Geheimbild B",
            file=get_test_image_file(),
            collection=municipality_b.collection,
        ),
        "doc_b": Document.objects.create(
            title="Geheimdokument B",
            file=ContentFile(b"secret", name="b.txt"),
            collection=municipality_b.collection,
        ),
    }


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


def page_ids(municipality):
    return list(municipality.pages().values_list("pk", flat=True))


def mentions_any_page(content, ids):
    text = content.decode()
    return [pk for pk in ids if f"/admin/pages/{pk}/" in text]


@pytest.mark.parametrize("view_name", PAGE_VIEWS)
def test_every_page_view_of_another_municipality_is_denied(
    client_a, pages, municipality_b, view_name
):
    for page in [pages["b"], municipality_b.home_page]:
        url = reverse(view_name, args=[page.pk])
        assert client_a.get(url).status_code in DENIED, url
        assert client_a.post(url).status_code in DENIED, url
    page = pages["b"]
    page.refresh_from_db()
    assert page.live and not page.locked


def test_own_pages_stay_reachable(client_a, pages):
    assert (
        client_a.get(
            reverse("wagtailadmin_pages:edit", args=[pages["a"].pk])
        ).status_code
        == 200
    )
    assert (
        client_a.get(reverse("wagtailadmin_explore", args=[pages["a"].pk])).status_code
        == 200
    )


def test_locale_roots_of_another_municipality_are_denied(client_a, municipality_b):
    for root in municipality_b.locale_roots():
        url = reverse("wagtailadmin_pages:edit", args=[root.pk])
        assert client_a.get(url).status_code in DENIED


def test_explorer_lists_only_own_trees(client_a, pages, municipality_a, municipality_b):
    for url in [
        reverse("wagtailadmin_explore_root"),
        reverse("wagtailadmin_explore", args=[1]),
    ]:
        response = client_a.get(url)
        assert response.status_code == 200
        assert mentions_any_page(response.content, page_ids(municipality_b)) == []
        assert mentions_any_page(response.content, [municipality_a.home_page.pk])


def test_admin_search_finds_only_own_pages(client_a, pages):
    response = client_a.get(reverse("wagtailadmin_pages:search"), {"q": "Stadt"})
    assert response.status_code == 200
    assert mentions_any_page(response.content, [pages["b"].pk]) == []
    assert mentions_any_page(response.content, [pages["a"].pk])


def test_page_chooser_and_its_search_show_only_own_trees(
    client_a, pages, municipality_b
):
    b_ids = page_ids(municipality_b)
    for url, params in [
        (reverse("wagtailadmin_choose_page"), {}),
        (reverse("wagtailadmin_choose_page_child", args=[1]), {}),
        (reverse("wagtailadmin_choose_page_search"), {"q": "Geheimseite"}),
        (reverse("wagtailadmin_choose_page_search"), {"q": "Stadt"}),
    ]:
        response = client_a.get(url, params)
        assert response.status_code == 200
        assert "Geheimseite" not in response.content.decode().replace(
            'value="Geheimseite"', ""
        ), url
        assert not any(f'"id": {pk},' in response.content.decode() for pk in b_ids)
    response = client_a.get(
        reverse("wagtailadmin_choose_page_search"), {"q": "Bürgerbüro"}
    )
    assert "Bürgerbüro Stadt A" in response.content.decode()


def test_images_and_documents_of_another_municipality_are_denied(client_a, media):
    image_b, doc_b = media["image_b"], media["doc_b"]
    for url in [
        reverse("wagtailimages:edit", args=[image_b.pk]),
        reverse("wagtailimages:delete", args=[image_b.pk]),
        reverse("wagtaildocs:edit", args=[doc_b.pk]),
        reverse("wagtaildocs:delete", args=[doc_b.pk]),
        reverse("wagtailimages_chooser:chosen", args=[image_b.pk]),
        reverse("wagtaildocs_chooser:chosen", args=[doc_b.pk]),
    ]:
        response = client_a.get(url)
        assert response.status_code in DENIED or (
            response.status_code == 302
            and response["Location"] == reverse("wagtailadmin_home")
        ), url
        assert client_a.post(url).status_code != 200
    assert get_image_model().objects.filter(pk=image_b.pk).exists()
    assert get_document_model().objects.filter(pk=doc_b.pk).exists()


def test_image_and_document_listings_and_choosers_hide_another_municipality(
    client_a, media
):
    for url in [
        reverse("wagtailimages:index"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtailimages_chooser:choose_results") + "?q=Geheimbild",
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
    ]:
        response = client_a.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Geheimbild B" not in body and "Geheimdokument B" not in body, url
    assert "Rathaus A" in client_a.get(reverse("wagtailimages:index")).content.decode()


def test_uploads_land_only_in_own_collection(client_a, municipality_a, municipality_b):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.png", get_test_image_file().file.getvalue())
    response = client_a.post(
        reverse("wagtailimages:add"),
        {"title": "Fremd", "file": upload, "collection": municipality_b.collection.pk},
    )
    assert (
        not get_image_model()
        .objects.filter(title="Fremd", collection=municipality_b.collection)
        .exists()
    )
    assert response.status_code in {200, 302, 403}


def test_user_without_municipality_sees_no_pages(client, pages):
    user = make_user("nobody")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_choose_page"))
    assert "Geheimseite" not in response.content.decode()
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=[pages["b"].pk])).status_code
        in DENIED
    )

"""Tags and the site history name only the user's municipalities.

taggit's tags are global and Wagtail's site history reads every log entry:
A's editor must not see B's tag names (popular tags of the image and
document listings and the image chooser, tag autocomplete) nor B's users and
B's objects in the site history, and must still see A's.
"""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.log_actions import log

from rathaus.site.content.snippets import Contact
from rathaus.site.municipalities.tags import popular_tags_for_user

from ..factories import add_information_page, make_user

pytestmark = pytest.mark.django_db

TAG_A = "tag-alpha-eigen"
TAG_B = "tag-bravo-fremd"
SHARED_TAG = "tag-gemeinsam"


@pytest.fixture
def tagged(municipality_a, municipality_b):
    def image(municipality, *tags):
        image = get_image_model().objects.create(
            title="Bild", file=get_test_image_file(), collection=municipality.collection
        )
        image.tags.add(*tags)
        return image

    def document(municipality, *tags):
        document = get_document_model().objects.create(
            title="Dokument",
            file=ContentFile(b"text", name="text.txt"),
            collection=municipality.collection,
        )
        document.tags.add(*tags)
        return document

    image(municipality_a, TAG_A, SHARED_TAG)
    image(municipality_b, TAG_B, SHARED_TAG)
    image(municipality_b, SHARED_TAG)
    document(municipality_a, TAG_A)
    document(municipality_b, TAG_B)


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


@pytest.mark.parametrize(
    "url_name",
    [
        "wagtailimages:index",
        "wagtaildocs:index",
        "wagtailimages_chooser:choose",
    ],
)
def test_popular_tags_are_the_users_own(client_a, tagged, url_name):
    response = client_a.get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert TAG_A in body
    assert TAG_B not in body


def test_popular_tags_count_only_own_objects(editor_a, superuser, tagged):
    image_model = get_image_model()
    own = {
        tag.name: tag.item_count for tag in popular_tags_for_user(image_model, editor_a)
    }
    assert own == {TAG_A: 1, SHARED_TAG: 1}
    every = {
        tag.name: tag.item_count
        for tag in popular_tags_for_user(image_model, superuser)
    }
    assert every == {TAG_A: 1, TAG_B: 1, SHARED_TAG: 3}


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_tag_autocomplete"),
        reverse("wagtailadmin_tag_model_autocomplete", args=["taggit", "tag"]),
    ],
)
def test_tag_autocomplete_offers_only_own_tags(
    client, editor_a, superuser, tagged, url
):
    client.force_login(editor_a)
    response = client.get(url, {"term": "tag-"})
    assert response.status_code == 200
    assert json.loads(response.content) == [TAG_A, SHARED_TAG]
    assert json.loads(client.get(url, {"term": "tag-bravo"}).content) == []
    client.force_login(superuser)
    assert json.loads(client.get(url, {"term": "tag-"}).content) == [
        TAG_A,
        TAG_B,
        SHARED_TAG,
    ]


@pytest.fixture
def history(municipality_a, municipality_b, editor_a):
    """A's editor and B's editor each edit a page and create a contact."""
    editor_b = make_user("bearbeiter-bravo", municipality=municipality_b)
    for municipality, editor, side in (
        (municipality_a, editor_a, "Alpha"),
        (municipality_b, editor_b, "Bravo"),
    ):
        page = add_information_page(municipality.home_page, f"Seite {side}")
        page.title = f"Seite {side} neu"
        page.save_revision(user=editor, log_action=True)
        contact = Contact.objects.create(
            municipality=municipality,
            locale=municipality.default_locale,
            name=f"Kontakt {side}",
        )
        log(contact, "wagtail.create", user=editor)
    return editor_b


@pytest.mark.parametrize(
    "url_name",
    ["wagtailadmin_reports:site_history", "wagtailadmin_reports:site_history_results"],
)
def test_site_history_shows_only_own_users_and_objects(client_a, history, url_name):
    response = client_a.get(reverse(url_name))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Seite Alpha" in body and "Kontakt Alpha" in body
    assert "Seite Bravo" not in body and "Kontakt Bravo" not in body
    assert "bearbeiter-bravo" not in body


def test_site_history_user_filter_lists_own_users(client_a, editor_a, history):
    response = client_a.get(reverse("wagtailadmin_reports:site_history"))
    choices = response.context["filters"].form.fields["user"].queryset
    assert list(choices) == [editor_a]
    # Filtering by B's user finds nothing of B's.
    response = client_a.get(
        reverse("wagtailadmin_reports:site_history_results"), {"user": history.pk}
    )
    assert "Bravo" not in response.content.decode()


def test_platform_admins_see_every_municipalitys_history(client, superuser, history):
    client.force_login(superuser)
    body = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Seite Bravo" in body and "Kontakt Bravo" in body
    assert "bearbeiter-bravo" in body


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailimages:index"),
        reverse("wagtailadmin_tag_autocomplete") + "?term=tag-",
    ],
)
def test_scoped_views_still_require_admin_access(client, municipality_a, url):
    """The middleware's scoped views keep Wagtail's admin access check."""
    client.force_login(make_user("kein-admin"))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))

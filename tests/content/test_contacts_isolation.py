"""Contacts belong to one municipality; others never see or touch them."""

import pytest
from django.urls import reverse

from rathaus.site.content.snippets import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(municipality_a, municipality_b):
    return {
        "a": Contact.objects.create(
            municipality=municipality_a,
            name="Anna Amt",
            locale=municipality_a.default_locale,
        ),
        "b": Contact.objects.create(
            municipality=municipality_b,
            name="Bernd Geheim",
            locale=municipality_b.default_locale,
        ),
    }


@pytest.fixture
def client_a(client, editor_a):
    client.force_login(editor_a)
    return client


def url(name, *args):
    return reverse(f"wagtailsnippets_content_contact:{name}", args=args)


def test_listing_shows_only_own_contacts(client_a, contacts):
    body = client_a.get(url("list")).content.decode()
    assert "Anna Amt" in body
    assert "Bernd Geheim" not in body


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage"])
def test_another_municipality_contact_views_are_404(client_a, contacts, view):
    assert client_a.get(url(view, contacts["b"].pk)).status_code == 404
    assert client_a.post(url(view, contacts["b"].pk), {"name": "x"}).status_code == 404
    contacts["b"].refresh_from_db()
    assert contacts["b"].name == "Bernd Geheim"


def test_own_contact_can_be_edited(client_a, contacts, municipality_a):
    response = client_a.get(url("edit", contacts["a"].pk))
    assert response.status_code == 200


def test_create_form_offers_only_own_municipality(
    client_a, contacts, municipality_a, municipality_b
):
    response = client_a.get(url("add"))
    field = response.context["form"].fields["municipality"]
    assert list(field.queryset) == [municipality_a]
    response = client_a.post(
        url("add"),
        {
            "municipality": municipality_b.pk,
            "name": "Eindringling",
            "locale": municipality_a.default_locale.pk,
        },
    )
    assert not Contact.objects.filter(name="Eindringling").exists()


def test_chooser_shows_only_own_contacts(client_a, contacts):
    body = client_a.get(
        reverse("wagtailsnippetchoosers_content_contact:choose")
    ).content.decode()
    assert "Anna Amt" in body and "Bernd Geheim" not in body
    chosen = reverse(
        "wagtailsnippetchoosers_content_contact:chosen", args=[contacts["b"].pk]
    )
    assert client_a.get(chosen).status_code == 404


def test_superuser_sees_all(client, superuser, contacts):
    client.force_login(superuser)
    body = client.get(url("list")).content.decode()
    assert "Anna Amt" in body and "Bernd Geheim" in body


def test_search_finds_own_contacts_by_the_start_of_a_word(client_a, contacts):
    Contact.objects.create(
        municipality=contacts["b"].municipality,
        name="Anna Andere",
        locale=contacts["b"].locale,
    )
    for query in ("Ann", "Amt", "anna amt"):
        response = client_a.get(url("list"), {"q": query})
        assert response.status_code == 200, query
        body = response.content.decode()
        assert "Anna Amt" in body and "Anna Andere" not in body, query
    chooser = client_a.get(
        reverse("wagtailsnippetchoosers_content_contact:choose_results"),
        {"q": "Ann"},
    ).content.decode()
    assert "Anna Amt" in chooser and "Anna Andere" not in chooser
    assert "Anna Amt" not in client_a.get(url("list"), {"q": "Bernd"}).content.decode()

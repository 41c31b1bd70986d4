"""The admin UI for sharing a page with a partner municipality."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from rathaus.site.translation import services, sharing
from rathaus.site.translation.models import SharedPage
from rathaus.site.translation.wagtail_hooks import share_button

from ..factories import add_information_page, make_municipality, make_user
from .builders import go_live_reviewed
from .conftest import locale
from .test_sync import translate_everything

pytestmark = pytest.mark.django_db


def denied(response):
    """404 outside the user's municipalities; Wagtail's admin answers
    PermissionDenied with a redirect home (or 403)."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


@pytest.fixture
def county(municipality_a):
    return make_municipality(
        slug="landkreis",
        name="Landkreis",
        kind="county",
        hostname="lk.localhost",
        partners=[municipality_a.slug],
    )


@pytest.fixture
def county_editor(county):
    return make_user("editor-county", municipality=county)


@pytest.fixture
def editor_b(municipality_b):
    return make_user("editor-b", municipality=municipality_b)


@pytest.fixture
def translated_a(page_a, editor_a, django_capture_on_commit_callbacks):
    """page_a, published in Arabic too."""
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    translate_everything(translation, editor_a)
    go_live_reviewed(translation, editor_a)
    return page_a


def share_url(page):
    return reverse("rathaus_translation:share", args=[page.pk])


def stop_url(shared):
    return reverse(
        "rathaus_translation:stop_sharing", args=[shared.source_page_id, shared.pk]
    )


def aliases_of(page):
    return Page.objects.filter(alias_of__translation_key=page.translation_key)


def parent_choices(form):
    return {
        int(value)
        for _group, options in form.fields["partner_parent"].choices
        if isinstance(options, list)
        for value, _label in options
    }


def test_the_owners_editor_gets_the_form_with_partners_only(
    client, editor_a, page_a, county, municipality_b
):
    client.force_login(editor_a)
    response = client.get(share_url(page_a))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["partner"].queryset) == [county]
    choices = parent_choices(form)
    assert county.home_page.pk in choices
    county_source = county.pages().filter(locale=county.default_locale)
    assert choices <= set(county_source.values_list("pk", flat=True))
    assert not choices & set(municipality_b.pages().values_list("pk", flat=True))


def test_sharing_places_aliases_in_each_shared_locale(
    client, editor_a, translated_a, county, municipality_a
):
    client.force_login(editor_a)
    response = client.post(
        share_url(translated_a),
        {"partner": county.pk, "partner_parent": county.home_page.pk},
    )
    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailadmin_explore", args=[municipality_a.home_page.pk]
    )
    shared = SharedPage.objects.get()
    assert (shared.source_page_id, shared.partner, shared.owner) == (
        translated_a.pk,
        county,
        municipality_a,
    )
    aliases = {a.locale.language_code: a for a in aliases_of(translated_a)}
    assert set(aliases) == {"de", "ar"}
    county_pages = set(county.pages().values_list("pk", flat=True))
    assert {a.pk for a in aliases.values()} <= county_pages
    assert aliases["de"].get_parent().pk == county.home_page.pk

    # The page lists the share, and the partner is no longer offered.
    response = client.get(share_url(translated_a))
    assert response.context["form"] is None
    assert [row["shared"] for row in response.context["rows"]] == [shared]
    assert stop_url(shared) in response.content.decode()


@pytest.mark.parametrize("where", ["non_partner", "partner_translation"])
def test_an_invalid_parent_is_a_form_error(
    client, editor_a, page_a, county, municipality_b, where
):
    parent = {
        "non_partner": municipality_b.home_page,
        "partner_translation": county.locale_root(locale("ar")),
    }[where]
    client.force_login(editor_a)
    response = client.post(
        share_url(page_a), {"partner": county.pk, "partner_parent": parent.pk}
    )
    assert response.status_code == 200
    assert "partner_parent" in response.context["form"].errors
    assert not SharedPage.objects.exists()
    assert not aliases_of(page_a).exists()


def test_a_non_partner_cannot_be_chosen(client, editor_a, page_a, municipality_b):
    make_municipality(slug="landkreis", partners=["stadt-a"], hostname="lk.localhost")
    client.force_login(editor_a)
    response = client.post(
        share_url(page_a),
        {"partner": municipality_b.pk, "partner_parent": municipality_b.home_page.pk},
    )
    assert response.status_code == 200
    assert "partner" in response.context["form"].errors
    assert not SharedPage.objects.exists()


def test_the_services_field_errors_show_on_the_form(
    client, editor_a, page_a, county, municipality_a
):
    """With two partners, a parent of the other partner's tree passes the form."""
    other = make_municipality(
        slug="nachbar", hostname="n.localhost", partners=[municipality_a.slug]
    )
    client.force_login(editor_a)
    response = client.post(
        share_url(page_a), {"partner": county.pk, "partner_parent": other.home_page.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["partner_parent"] == [
        "Die übergeordnete Seite muss im Seitenbaum der Partnerkommune in deren "
        "Ausgangssprache liegen."
    ]
    assert not SharedPage.objects.exists()
    assert not aliases_of(page_a).exists()


@pytest.mark.parametrize("who", ["translator_ar", "editor_b", "county_editor"])
def test_others_cannot_share_or_stop_sharing(
    client, request, page_a, county, editor_a, who
):
    shared = sharing.share_page(page_a, county, county.home_page, user=editor_a)
    client.force_login(request.getfixturevalue(who))
    assert denied(client.get(share_url(page_a)))
    assert denied(
        client.post(
            share_url(page_a),
            {"partner": county.pk, "partner_parent": county.home_page.pk},
        )
    )
    assert denied(client.get(stop_url(shared)))
    assert denied(client.post(stop_url(shared)))
    assert SharedPage.objects.filter(pk=shared.pk).exists()
    assert aliases_of(page_a).count() == 1


def test_the_partner_cannot_share_the_alias_it_shows(
    client, page_a, county, county_editor, editor_a
):
    sharing.share_page(page_a, county, county.home_page, user=editor_a)
    alias = aliases_of(page_a).get()
    client.force_login(county_editor)
    assert client.get(share_url(alias)).status_code == 404
    assert list(share_button(alias, county_editor)) == []


def test_the_button_shows_only_to_editors_of_municipalities_with_partners(
    client, editor_a, editor_b, translator_ar, page_a, page_b, county, superuser
):
    assert len(list(share_button(page_a, editor_a))) == 1
    assert len(list(share_button(page_a, superuser))) == 1
    assert list(share_button(page_a, translator_ar)) == []
    assert list(share_button(page_b, editor_b)) == []  # B has no partners
    assert list(share_button(page_a.get_parent(), editor_a)) == []  # home page

    client.force_login(editor_a)
    home_a = page_a.get_parent()
    response = client.get(reverse("wagtailadmin_explore", args=[home_a.pk]))
    assert share_url(page_a) in response.content.decode()
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk]))
    assert share_url(page_a) in response.content.decode()

    client.force_login(editor_b)
    home_b = page_b.get_parent()
    response = client.get(reverse("wagtailadmin_explore", args=[home_b.pk]))
    assert response.status_code == 200
    assert share_url(page_b) not in response.content.decode()


def test_stop_sharing_removes_the_aliases_and_the_share(
    client, editor_a, translated_a, county
):
    shared = sharing.share_page(translated_a, county, county.home_page, user=editor_a)
    assert aliases_of(translated_a).count() == 2
    client.force_login(editor_a)
    response = client.get(stop_url(shared))
    assert response.status_code == 200
    response = client.post(stop_url(shared))
    assert response.status_code == 302
    assert not SharedPage.objects.exists()
    assert not aliases_of(translated_a).exists()
    assert Page.objects.filter(pk=translated_a.pk).exists()
    assert translated_a.get_translations().filter(locale=locale("ar")).exists()


def test_stop_sharing_keeps_the_partners_pages(client, editor_a, page_a, county):
    shared = sharing.share_page(page_a, county, county.home_page, user=editor_a)
    alias = aliases_of(page_a).get()
    add_information_page(alias, "Eigene Seite des Landkreises")
    client.force_login(editor_a)
    client.post(stop_url(shared))
    assert SharedPage.objects.filter(pk=shared.pk).exists()
    assert Page.objects.filter(pk=alias.pk).exists()
    assert alias.get_children().count() == 1


def test_a_share_is_stopped_only_through_its_own_page(
    client, editor_a, page_a, county, municipality_a
):
    other = add_information_page(municipality_a.home_page, "Wertstoffhof")
    shared = sharing.share_page(page_a, county, county.home_page, user=editor_a)
    client.force_login(editor_a)
    url = reverse("rathaus_translation:stop_sharing", args=[other.pk, shared.pk])
    assert client.post(url).status_code == 404
    assert SharedPage.objects.filter(pk=shared.pk).exists()


def test_shares_of_two_municipalities_stay_apart(
    client, editor_a, editor_b, page_a, page_b, county, municipality_b
):
    """A and B each share with the county: neither sees or stops the other's."""
    county.partners.add(municipality_b)
    shared_a = sharing.share_page(page_a, county, county.home_page, user=editor_a)
    shared_b = sharing.share_page(page_b, county, county.home_page, user=editor_b)

    client.force_login(editor_b)
    response = client.get(share_url(page_b))
    assert [row["shared"] for row in response.context["rows"]] == [shared_b]
    assert client.get(share_url(page_a)).status_code == 404
    assert client.post(stop_url(shared_a)).status_code == 404
    assert SharedPage.objects.filter(pk=shared_a.pk).exists()

    client.force_login(editor_a)
    assert client.post(stop_url(shared_a)).status_code == 302
    assert not aliases_of(page_a).exists()
    assert aliases_of(page_b).count() == 1


def test_the_partner_cannot_convert_a_shared_alias(
    client, page_a, county, county_editor, editor_a
):
    sharing.share_page(page_a, county, county.home_page, user=editor_a)
    alias = aliases_of(page_a).get()
    client.force_login(county_editor)
    response = client.post(reverse("wagtailadmin_pages:convert_alias", args=[alias.pk]))
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[alias.pk])
    assert Page.objects.get(pk=alias.pk).alias_of_id == page_a.pk

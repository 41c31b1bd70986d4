"""Platform admins add a language to a municipality in the admin, through the
same service as ``create_municipality``; Wagtail's own locale creation screens
lead there instead of creating a bare locale."""

import pytest
from django.urls import reverse
from wagtail.models import Locale, WorkflowPage

from rathaus.site.municipalities.models import MunicipalityRole

from ..factories import make_user

Role = MunicipalityRole.Role
pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}


def test_a_platform_admin_adds_ukrainian_in_german(client, superuser, municipality_a):
    client.force_login(superuser)
    url = reverse("rathaus_add_language")
    form = client.get(url, **GERMAN).content.decode()
    assert "Sprache hinzufügen" in form and "Ukrainisch" in form
    answer = client.post(
        url, {"municipality": municipality_a.pk, "language": "uk"}, **GERMAN
    )
    root = municipality_a.locale_roots().get(locale__language_code="uk")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("wagtailadmin_explore", args=[root.pk])
    assert municipality_a.locales.filter(language_code="uk").exists()
    assert municipality_a.roles.filter(
        role=Role.TRANSLATORS, locale__language_code="uk"
    ).exists()
    assert municipality_a.roles.filter(
        role=Role.REVIEWERS, locale__language_code="uk"
    ).exists()
    assert WorkflowPage.objects.filter(page=root).exists()
    shown = client.get(answer["Location"], **GERMAN).content.decode()
    assert "bietet jetzt Ukrainisch an" in shown


def test_a_language_offered_already_is_refused(client, superuser, municipality_a):
    client.force_login(superuser)
    roots = municipality_a.locale_roots().count()
    answer = client.post(
        reverse("rathaus_add_language"),
        {"municipality": municipality_a.pk, "language": "de"},
        **GERMAN,
    )
    assert answer.status_code == 200
    assert "Stadt A bietet diese Sprache bereits an." in answer.content.decode()
    assert municipality_a.locale_roots().count() == roots


def test_other_roles_get_404(client, municipality_a, editor_a):
    module_admin = make_user(
        "module-admin", municipality=municipality_a, role=Role.MODULE_ADMINS
    )
    for user in (editor_a, module_admin):
        client.force_login(user)
        url = reverse("rathaus_add_language")
        assert client.get(url).status_code == 404
        answer = client.post(url, {"municipality": municipality_a.pk, "language": "uk"})
        assert answer.status_code == 404
    assert not municipality_a.locales.filter(language_code="uk").exists()


def test_wagtails_locale_creation_leads_to_adding_a_language(
    client, superuser, municipality_a
):
    client.force_login(superuser)
    locales = Locale.objects.count()
    source = Locale.objects.get(language_code="de")
    for url in (
        reverse("wagtaillocales:add"),
        reverse("wagtaillocales:copy", args=[source.pk]),
    ):
        for method in (client.get, client.post):
            answer = method(url, {"language_code": "uk"}, **GERMAN)
            assert answer.status_code == 302
            assert answer["Location"] == reverse("rathaus_add_language")
    assert Locale.objects.count() == locales
    shown = client.get(reverse("rathaus_add_language"), **GERMAN).content.decode()
    assert "Sprachen werden einer Kommune hinzugefügt" in shown

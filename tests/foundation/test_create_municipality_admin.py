"""Platform admins create a municipality in the admin, through the same
service as the ``create_municipality`` command: the same validation (its
messages in German, on the form's fields) and the same one-transaction
result."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection, Page, Site, WorkflowPage

from rathaus.site.municipalities.models import Municipality, MunicipalityRole

from ..factories import make_user

Role = MunicipalityRole.Role
pytestmark = pytest.mark.django_db
GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
BOUNDARY = {
    "type": "Polygon",
    "coordinates": [
        [[11.5, 49.9], [11.7, 49.9], [11.7, 50.0], [11.5, 50.0], [11.5, 49.9]]
    ],
}


def form_data(**overrides):
    data = {
        "name": "Stadt Bayreuth",
        "slug": "",
        "kind": "city",
        "ags": "09462000",
        "ars": "094620000000",
        "locales": ["de", "ar", "uk"],
        "default_locale": "de",
        "centre_latitude": "49.9456",
        "centre_longitude": "11.5713",
        "bbox_south": "49.90",
        "bbox_west": "11.50",
        "bbox_north": "50.00",
        "bbox_east": "11.70",
        "postal_codes": "95444, 95445 95447",
        "hostname": "",
        "port": "80",
    }
    data.update(overrides)
    return data


def structure():
    """What a municipality brings: counted to show nothing is half-stored."""
    return (
        Municipality.objects.count(),
        Site.objects.count(),
        Page.objects.count(),
        Collection.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_a_platform_admin_creates_a_municipality_in_german(
    client, superuser, municipality_a
):
    client.force_login(superuser)
    url = reverse("rathaus_create_municipality")
    shown = client.get(url, **GERMAN).content.decode()
    for label in ("Kommune anlegen", "Amtlicher Gemeindeschlüssel", "Hauptsprache"):
        assert label in shown
    data = form_data(partners=[municipality_a.pk])
    data["boundary"] = SimpleUploadedFile(
        "bayreuth.geojson",
        json.dumps({"type": "Feature", "geometry": BOUNDARY}).encode(),
        content_type="application/geo+json",
    )
    answer = client.post(url, data, **GERMAN)

    municipality = Municipality.objects.get(slug="stadt-bayreuth")
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "wagtailadmin_explore", args=[municipality.site.root_page_id]
    )
    assert municipality.site.hostname == "stadt-bayreuth.localhost"
    assert municipality.postal_codes == ["95444", "95445", "95447"]
    assert municipality.boundary == BOUNDARY
    assert list(municipality.partners.all()) == [municipality_a]
    assert sorted(municipality.locales.values_list("language_code", flat=True)) == [
        "ar",
        "de",
        "uk",
    ]
    roots = municipality.locale_roots()
    assert roots.count() == 3
    # Translations are reviewed: a workflow and groups per translated language.
    translated = roots.exclude(locale__language_code="de")
    assert WorkflowPage.objects.filter(page__in=translated).count() == 2
    for role in (Role.EDITORS, Role.MODULE_ADMINS):
        assert municipality.roles.filter(role=role, locale__isnull=True).exists()
    for code in ("ar", "uk"):
        for role in (Role.TRANSLATORS, Role.REVIEWERS):
            assert municipality.roles.filter(
                role=role, locale__language_code=code
            ).exists()
    explorer = client.get(answer["Location"], **GERMAN).content.decode()
    assert "Stadt Bayreuth ist angelegt" in explorer


def test_the_services_checks_answer_on_the_fields_in_german(
    client, superuser, municipality_a
):
    client.force_login(superuser)
    before = structure()
    answer = client.post(
        reverse("rathaus_create_municipality"),
        form_data(
            slug="Stadt Bayreuth",
            ags=municipality_a.ags,
            ars="094620000001",
            locales=["ar"],
            centre_latitude="48.0",
        ),
        **GERMAN,
    )
    assert answer.status_code == 200
    form = answer.context["form"]
    assert set(form.errors) >= {"slug", "ags", "ars", "default_locale"}
    assert "Kleinbuchstaben" in form.errors["slug"][0]
    assert "Eine andere Kommune hat den AGS" in form.errors["ags"][0]
    assert "Hauptsprache" in form.errors["default_locale"][0] or (
        "Standardsprache" in form.errors["default_locale"][0]
    )
    assert "Kartenmitte" in form.errors["centre_latitude"][0]
    assert structure() == before


def test_an_existing_short_name_is_refused_not_updated(
    client, superuser, municipality_a
):
    client.force_login(superuser)
    before = structure()
    answer = client.post(
        reverse("rathaus_create_municipality"),
        form_data(name="Stadt A neu", slug=municipality_a.slug),
        **GERMAN,
    )
    assert answer.status_code == 200
    assert "existiert bereits" in answer.context["form"].errors["slug"][0]
    municipality_a.refresh_from_db()
    assert municipality_a.name == "Stadt A"
    assert structure() == before


@pytest.mark.parametrize(
    "boundary, message",
    [
        (b"{not json", "kein gültiges JSON"),
        (json.dumps({"type": "Point", "coordinates": [11, 49]}).encode(), "Polygon"),
    ],
)
def test_a_broken_boundary_file_is_refused(client, superuser, boundary, message):
    client.force_login(superuser)
    before = structure()
    data = form_data()
    data["boundary"] = SimpleUploadedFile("boundary.geojson", boundary)
    answer = client.post(reverse("rathaus_create_municipality"), data, **GERMAN)
    assert answer.status_code == 200
    assert message in " ".join(answer.context["form"].errors["boundary"])
    assert structure() == before


def test_other_roles_get_404_and_create_nothing(client, municipality_a, editor_a):
    module_admin = make_user(
        "module-admin", municipality=municipality_a, role=Role.MODULE_ADMINS
    )
    before = structure()
    for user in (editor_a, module_admin):
        client.force_login(user)
        url = reverse("rathaus_create_municipality")
        assert client.get(url).status_code == 404
        assert client.post(url, form_data()).status_code == 404
    assert structure() == before


def test_the_settings_menu_offers_it_to_platform_admins_only(
    client, superuser, editor_a
):
    url = reverse("rathaus_create_municipality")
    client.force_login(superuser)
    assert url in client.get(reverse("wagtailadmin_home"), **GERMAN).content.decode()
    client.force_login(editor_a)
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()

"""Creating municipalities: structures, idempotence and every bad input."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
    WorkflowPage,
)
from wagtail.models.sites import GroupSitePermission

from rathaus.site.municipalities.models import Municipality, MunicipalityRole
from rathaus.site.municipalities.services import add_locale, create_municipality

from ..factories import make_municipality, municipality_spec

Role = MunicipalityRole.Role
pytestmark = pytest.mark.django_db

BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[11.5, 49.9], [11.7, 50.0], [11.7, 49.9], [11.5, 50.0], [11.5, 49.9]]
    ],
}
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[11.5, 49.9], [11.7, 49.9], [11.7, 50.0], [11.5, 50.0], [11.5, 49.9]]
    ],
}


def codenames(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list(
            "permission__codename", flat=True
        )
    )


def snapshot():
    return {
        "municipalities": Municipality.objects.count(),
        "sites": Site.objects.count(),
        "pages": Page.objects.count(),
        "groups": Group.objects.count(),
        "collections": Collection.objects.count(),
        "page_permissions": GroupPagePermission.objects.count(),
        "workflow_pages": WorkflowPage.objects.count(),
    }


def test_creates_site_home_and_a_live_root_per_locale():
    municipality = make_municipality(locales=["de", "en", "ar"], hostname="x.localhost")

    assert municipality.site.hostname == "x.localhost"
    assert municipality.home_page.locale.language_code == "de"
    roots = municipality.locale_roots()
    assert sorted(roots.values_list("locale__language_code", flat=True)) == [
        "ar",
        "de",
        "en",
    ]
    assert all(root.live and root.depth == 2 for root in roots)
    assert sorted(municipality.locales.values_list("language_code", flat=True)) == [
        "ar",
        "de",
        "en",
    ]
    assert municipality.collection.get_parent() == Collection.get_first_root_node()


def test_groups_have_permissions_on_every_locale_root():
    municipality = make_municipality(locales=["de", "en", "ar"])
    roots = {r.locale.language_code: r for r in municipality.locale_roots()}
    editors = municipality.roles.get(role=Role.EDITORS).group

    for root in roots.values():
        assert codenames(editors, root) == {
            "add_page",
            "change_page",
            "publish_page",
            "bulk_delete_page",
            "lock_page",
            "unlock_page",
        }
    translators_ar = municipality.roles.get(
        role=Role.TRANSLATORS, locale__language_code="ar"
    ).group
    assert "change_page" in codenames(translators_ar, roots["ar"])
    assert "publish_page" not in codenames(translators_ar, roots["ar"])
    assert codenames(translators_ar, roots["de"]) == set()
    assert codenames(translators_ar, roots["en"]) == set()
    # No translators for the source language.
    assert not municipality.roles.filter(
        role=Role.TRANSLATORS, locale__language_code="de"
    ).exists()

    assert GroupCollectionPermission.objects.filter(
        group=editors,
        collection=municipality.collection,
        permission__codename="add_image",
    ).exists()
    assert GroupSitePermission.objects.filter(
        group=editors, site=municipality.site
    ).exists()
    assert editors.permissions.filter(codename="access_admin").exists()


def test_each_translated_root_has_its_review_workflow():
    municipality = make_municipality(locales=["de", "en", "ar"])
    for root in municipality.locale_roots():
        workflow = WorkflowPage.objects.filter(page=root).first()
        if root.locale.language_code == "de":
            assert workflow is None
            continue
        task = workflow.workflow.tasks.get().specific
        reviewers = municipality.roles.get(role=Role.REVIEWERS, locale=root.locale)
        assert list(task.groups.all()) == [reviewers.group]


def test_create_is_idempotent():
    spec = municipality_spec(locales=["de", "en", "ar"])
    create_municipality(spec)
    before = snapshot()

    municipality, created = create_municipality(spec)

    assert created is False
    assert snapshot() == before
    assert municipality.locale_roots().count() == 3


def test_adding_a_locale_later_grants_the_same_permissions_on_the_new_root():
    municipality = make_municipality(locales=["de", "en"])
    editors = municipality.roles.get(role=Role.EDITORS).group

    root = add_locale(municipality, "uk")

    assert root.locale.language_code == "uk"
    assert "publish_page" in codenames(editors, root)
    translators = municipality.roles.get(role=Role.TRANSLATORS, locale=root.locale)
    assert "change_page" in codenames(translators.group, root)
    assert WorkflowPage.objects.filter(page=root).exists()
    assert municipality.locales.filter(language_code="uk").exists()


def test_rerunning_with_more_locales_adds_them():
    spec = municipality_spec(locales=["de", "en"])
    create_municipality(spec)
    spec.locales = ["de", "en", "tr"]

    municipality, _ = create_municipality(spec)

    assert municipality.locale_roots().count() == 3


def test_partners_are_symmetrical():
    county = make_municipality(kind="county", ags="09472000", ars="094720000000")
    city = make_municipality(partners=[county.slug])
    assert list(county.partners.all()) == [city]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ags": "1234567"}, "ags"),
        ({"ags": "1234567a"}, "ags"),
        ({"ags": "99462000", "ars": "994620000000"}, "ags"),
        ({"ars": "12345"}, "ars"),
        ({"ags": "09462000", "ars": "094720000000"}, "ars"),
        ({"locales": ["de", "xx"]}, "locales"),
        ({"locales": []}, "locales"),
        ({"default_locale": "tr"}, "default_locale"),
        ({"boundary": BOWTIE}, "boundary"),
        ({"boundary": {"type": "Point", "coordinates": [11.5, 49.9]}}, "boundary"),
        ({"boundary": "{not json"}, "boundary"),
        ({"bbox": (50.0, 11.5, 49.9, 11.7)}, "bbox"),
        ({"centre": (48.0, 11.0)}, "centre"),
        ({"slug": "Not A Slug"}, "slug"),
        ({"kind": "village"}, "kind"),
        ({"postal_codes": ["9544"]}, "postal_codes"),
        ({"hostname": "bad host"}, "hostname"),
        ({"partners": ["nowhere"]}, "partners"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(overrides, field):
    before = snapshot()
    with pytest.raises(ValidationError) as raised:
        create_municipality(municipality_spec(**overrides))
    assert field in raised.value.message_dict
    assert snapshot() == before


def test_duplicate_slug_hostname_and_keys_are_refused():
    existing = make_municipality(hostname="taken.localhost")
    before = snapshot()

    cases = [
        ({"slug": existing.slug}, "slug"),
        ({"hostname": "taken.localhost"}, "hostname"),
        ({"ags": existing.ags, "ars": existing.ars}, "ags"),
    ]
    for overrides, field in cases:
        with pytest.raises(ValidationError) as raised:
            create_municipality(municipality_spec(**overrides))
        assert field in raised.value.message_dict, overrides
    assert snapshot() == before


def test_valid_boundary_decides_containment():
    municipality = make_municipality(boundary=SQUARE, bbox=(49.0, 11.0, 51.0, 12.0))
    assert municipality.contains(49.95, 11.6)
    assert not municipality.contains(49.5, 11.6)  # in the bbox, outside the polygon


def test_bounding_box_decides_without_boundary():
    municipality = make_municipality(bbox=(49.9, 11.5, 50.0, 11.7))
    assert municipality.contains(49.95, 11.6)
    assert not municipality.contains(50.5, 11.6)


def test_command_creates_and_reports(capsys):
    args = [
        "stadt-bayreuth",
        "--name=Stadt Bayreuth",
        "--kind=city",
        "--ags=09462000",
        "--ars=094620000000",
        "--locales=de,en,ar",
        "--centre=49.9456,11.5713",
        "--bbox=49.90,11.50,49.99,11.66",
        "--postal-codes=95444,95445",
    ]
    call_command("create_municipality", *args)
    call_command("create_municipality", *args)

    out = capsys.readouterr().out
    assert "Created Stadt Bayreuth" in out
    assert "Updated Stadt Bayreuth" in out
    assert Municipality.objects.get().postal_codes == ["95444", "95445"]


def test_command_explains_bad_input():
    before = snapshot()
    with pytest.raises(CommandError) as raised:
        call_command(
            "create_municipality",
            "x",
            "--name=X",
            "--kind=city",
            "--ags=0946200",
            "--ars=094620000000",
            "--locales=de,klingon",
            "--centre=49.9,11.5",
            "--bbox=49.8,11.4,50.0,11.7",
        )
    message = str(raised.value)
    assert "Nothing was created" in message
    assert "ags:" in message and "klingon" in message
    assert snapshot() == before


def test_command_reads_a_geojson_boundary_file(tmp_path):
    path = tmp_path / "boundary.geojson"
    path.write_text(
        '{"type": "FeatureCollection", "features": [{"type": "Feature", '
        '"properties": {}, "geometry": ' + str(SQUARE).replace("'", '"') + "}]}"
    )
    call_command(
        "create_municipality",
        "with-boundary",
        "--name=With Boundary",
        "--kind=municipality",
        "--ags=09473111",
        "--ars=094730000111",
        "--locales=de",
        "--centre=49.95,11.6",
        "--bbox=49.9,11.5,50.0,11.7",
        f"--boundary-file={path}",
    )
    assert Municipality.objects.get(slug="with-boundary").boundary == SQUARE

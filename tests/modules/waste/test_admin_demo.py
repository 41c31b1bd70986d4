"""Admin (scoped, gated, calendar, CSV upload) and the Castrop-Rauxel demo."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.modules.waste import demo
from rathaus.modules.waste.models import (
    BulkyWasteRequest,
    CollectionDate,
    Fraction,
    HolidayShift,
    ImportRun,
    Street,
)
from rathaus.site.module_platform.services import disable_module
from tests.factories import make_module_admin, make_municipality

from .builders import make_street
from .test_import_csv import CSV

pytestmark = pytest.mark.django_db
STREETS = "wagtailsnippets_waste_street"
DISTRICTS = "wagtailsnippets_waste_collectiondistrict"
REQUESTS = "wagtailsnippets_waste_bulkywasterequest"


def test_module_admin_sees_only_own_rows(client, calendar_a, waste_b):
    other = make_street(waste_b, "Straße in B")
    request_b = BulkyWasteRequest.objects.create(
        municipality=waste_b,
        street=other,
        house_number="1",
        name="B",
        email="b@example.org",
        language="de",
    )
    client.force_login(make_module_admin("waste-a", calendar_a["main"].municipality))
    content = client.get(reverse(f"{STREETS}:list")).content.decode()
    assert "Hauptstraße" in content and "Straße in B" not in content
    assert client.get(reverse(f"{STREETS}:edit", args=[other.pk])).status_code == 404
    assert (
        client.get(reverse(f"{REQUESTS}:inspect", args=[request_b.pk])).status_code
        == 404
    )
    assert client.get(reverse(f"{REQUESTS}:list")).status_code == 200


def test_district_calendar_shows_shifted_dates(client, calendar_a):
    municipality = calendar_a["main"].municipality
    HolidayShift.objects.create(
        municipality=municipality,
        original_date=datetime.date(2026, 1, 5),
        shifted_date=datetime.date(2026, 1, 6),
        reason="Test-Feiertag",
    )
    client.force_login(make_module_admin("waste-a", municipality))
    north = calendar_a["north"]
    url = reverse(
        "waste_district_calendar", kwargs={"municipality": "stadt-a", "pk": north.pk}
    )
    response = client.get(url, {"year": 2026})
    assert response.status_code == 200
    content = response.content.decode()
    assert "26 Abfuhrtermine" in content and "Test-Feiertag" in content
    other = reverse(
        "waste_district_calendar", kwargs={"municipality": "stadt-b", "pk": north.pk}
    )
    assert client.get(other).status_code == 404


def test_csv_upload_runs_the_import_as_a_task(client, waste_a):
    Fraction.objects.create(
        municipality=waste_a, locale=waste_a.default_locale, key="residual", name="R"
    )
    Fraction.objects.create(
        municipality=waste_a,
        locale=waste_a.default_locale,
        key="hazardous",
        name="S",
        kind="mobile",
    )
    client.force_login(make_module_admin("waste-a", waste_a))
    response = client.post(
        reverse("waste_csv_upload"),
        {
            "municipality": waste_a.pk,
            "file": SimpleUploadedFile("plan.csv", CSV.encode(), "text/csv"),
        },
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.SUCCEEDED and run.trigger == "admin"
    assert Street.objects.filter(municipality=waste_a).count() == 3


def test_disabled_module_hides_the_admin(client, calendar_a):
    municipality = calendar_a["main"].municipality
    client.force_login(make_module_admin("waste-a", municipality))
    disable_module(municipality, "waste")
    assert client.get(reverse(f"{STREETS}:list")).status_code == 404
    assert client.get(reverse("waste_csv_upload")).status_code == 404


def test_demo_loads_castrop_rauxel_and_is_idempotent():
    castrop = make_municipality(
        slug="castrop-rauxel",
        name="Castrop-Rauxel",
        ags="05562004",
        ars="055620004004",
        locales=["de", "en"],
    )
    run = demo.load_demo(castrop)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    assert Street.objects.filter(municipality=castrop).count() == 36
    assert Fraction.objects.filter(municipality=castrop).count() == 8  # de + en
    # 12 districts, every 2 or 4 weeks for a year
    assert CollectionDate.objects.filter(municipality=castrop).count() > 250
    assert HolidayShift.objects.filter(municipality=castrop).exists()
    again = demo.load_demo(castrop)
    assert (again.created, again.deleted, again.updated) == (0, 0, 0)
    assert demo.load_demo(make_municipality()) is None

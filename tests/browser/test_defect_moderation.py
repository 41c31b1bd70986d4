"""A module admin moderates a defect report in the admin, in a real browser."""

import io

import pytest
import requests
from django.core import mail

from rathaus.modules.defects.models import DefectReport, Status
from rathaus.site.core.uploads import create_upload
from rathaus.site.municipalities.models import MunicipalityRole

from ..factories import make_user
from ..modules.defects.conftest import IDENTITY, submit
from ..photo_builders import photo_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

QUERY = """query ($municipality: String!) {
  defectReports(municipality: $municipality) {
    id status statusNotes description photos { url }
  }
}"""


@pytest.fixture
def report(municipality_a):
    from rathaus.site.module_platform.services import enable_module

    from ..modules.defects.conftest import make_category

    enable_module(municipality_a, "defects")
    make_category(municipality_a)
    photos = [
        create_upload(
            municipality_a, "defects", IDENTITY.binding_hash, io.BytesIO(photo_bytes())
        ).token
        for _ in range(2)
    ]
    return submit(
        municipality_a,
        description="Tiefes Schlagloch vor Hausnr 12",
        photos=photos,
        email="buerger@example.org",
    )


def public_reports(live_server):
    response = requests.post(
        f"{live_server.url}/graphql/",
        json={"query": QUERY, "variables": {"municipality": "stadt-a"}},
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["defectReports"]


def test_module_admin_edits_hides_a_photo_and_publishes(
    page, login, live_server, municipality_a, report
):
    make_user(
        "defects-admin",
        municipality=municipality_a,
        role=MunicipalityRole.Role.MODULE_ADMINS,
    )
    assert public_reports(live_server) == []  # submitted reports are not public

    login("defects-admin")
    page.goto(f"{live_server.url}/admin/defects/stadt-a/")
    # The queue's map shows the report as a circle marker, with a legend.
    page.wait_for_selector("[data-defects-map] path.leaflet-interactive")
    legend = page.locator(".defects-legend")
    assert "Legende der Karte" in legend.inner_text()
    assert "Eingereicht" in legend.inner_text()
    page.get_by_role("link", name=f"#{report.pk}").first.click()
    page.wait_for_url(f"**/admin/defects/stadt-a/{report.pk}/")

    # Fix the text before publishing (the original is kept in the history).
    page.fill("textarea[name=description]", "Tiefes Schlagloch vor Hausnummer 12")
    page.locator("form:has(input[value=edit]) button[type=submit]").click()
    page.wait_for_load_state()

    # Hide the second photo.
    page.locator("button[value=hide_photo]").nth(1).click()
    page.wait_for_load_state()

    # Publish with a public answer and an internal note, each by its label.
    page.select_option("select[name=to_status]", Status.PUBLISHED.value)
    transition = page.locator("form.defects-transition-form")
    transition.get_by_label("Öffentlicher Hinweis").fill("Danke, wir kümmern uns.")
    transition.get_by_label("Interne Notiz").fill("Bauhof informiert")
    page.locator("form.defects-transition-form button[type=submit]").click()
    page.wait_for_load_state()

    report.refresh_from_db()
    assert report.status == Status.PUBLISHED
    [public] = public_reports(live_server)
    assert public["description"] == "Tiefes Schlagloch vor Hausnummer 12"
    assert public["statusNotes"] == "Danke, wir kümmern uns."
    assert "Bauhof" not in str(public)
    assert "Bauhof informiert" in page.locator(".defects-history").inner_text()
    assert len(public["photos"]) == 1
    assert all("original" not in photo["url"] for photo in public["photos"])
    # The reporter is told about the new status; the address is never public.
    assert any("buerger@example.org" in message.to for message in mail.outbox)
    assert "buerger@example.org" not in str(public)
    assert DefectReport.objects.filter(pk=report.pk).count() == 1

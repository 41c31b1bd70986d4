"""Each role's main job in the German admin, as a person who reads only German
would do it: the buttons and messages they look for are German, no screen
on the way shows an English text that has (or needs) a German version, and
every screen is kept as a screenshot (``german.SCREENSHOT_DIR``).
"""

import json

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page

from rathaus.modules.defects.models import DefectReport
from rathaus.modules.waste.models import ImportRun, ImportSource
from rathaus.site.module_platform.services import enable_module
from rathaus.site.municipalities.models import Municipality, MunicipalityRole
from rathaus.site.municipalities.services import add_locale
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import add_information_page, make_user
from ..modules.defects.conftest import make_category, submit
from ..modules.jobs.conftest import make_feed_connector
from .german import english_leaks, screenshot, visit_in_german
from .localize_editor import start_translation, translate_segments

Role = MunicipalityRole.Role
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
BODY = json.dumps(
    [{"type": "paragraph", "value": "<p>Das Bürgerbüro hat montags geöffnet.</p>"}]
)
WORDS = {
    "Bürgerbüro": "Бюро громадян",
    "Dienste der Stadt": "Послуги міста",
    "Das Bürgerbüro hat montags geöffnet.": "Бюро громадян працює по понеділках.",
}
SLUG = {"burgerburo": "biuro-hromadian"}


def test_platform_admin_creates_a_municipality(page, login, live_server, superuser):
    login("platform-admin")
    leaks = visit_in_german(page, f"{live_server.url}/admin/", "platform-1-dashboard")
    page.get_by_role("link", name="Kommune anlegen").first.click()
    page.wait_for_load_state()
    leaks += english_leaks(page)
    page.fill("#id_name", "Markt Weidenberg")
    page.select_option("#id_kind", "municipality")
    page.fill("#id_ags", "09472199")
    page.fill("#id_ars", "094720000199")
    page.check("input[name=locales][value=uk]")
    for field, value in {
        "centre_latitude": "49.94",
        "centre_longitude": "11.72",
        "bbox_south": "49.90",
        "bbox_west": "11.65",
        "bbox_north": "49.99",
        "bbox_east": "11.80",
        "postal_codes": "95466",
    }.items():
        page.fill(f"#id_{field}", value)
    screenshot(page, "platform-2-create-form")
    page.get_by_role("button", name="Kommune anlegen").click()
    page.wait_for_load_state()

    expect(page.get_by_text("Markt Weidenberg ist angelegt")).to_be_visible()
    screenshot(page, "platform-3-created")
    leaks += english_leaks(page)
    municipality = Municipality.objects.get(slug="markt-weidenberg")
    assert set(municipality.locales.values_list("language_code", flat=True)) == {
        "de",
        "uk",
    }
    for name, url in {
        "platform-4-add-language": reverse("rathaus_add_language"),
        "platform-5-modules": reverse("rathaus_modules:index"),
        "platform-6-translation-overview": reverse("rathaus_translation:overview"),
    }.items():
        leaks += visit_in_german(page, f"{live_server.url}{url}", name)
    assert sorted(set(leaks)) == []


def test_editor_writes_and_publishes_a_page(
    page, login, live_server, municipality_a, editor_a
):
    login("editor-a")
    home = municipality_a.home_page
    leaks = visit_in_german(page, f"{live_server.url}/admin/", "editor-1-dashboard")
    expect(page.get_by_text("Seiten Ihrer Kommune").first).to_be_visible()
    leaks += visit_in_german(
        page,
        f"{live_server.url}/admin/pages/add/content/informationpage/{home.pk}/",
        "editor-2-new-page",
    )
    page.fill("#id_title", "Wohnsitz anmelden")
    page.get_by_role("tab", name="Veröffentlichung").click()
    page.fill("#id_slug", "wohnsitz-anmelden")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url(f"{live_server.url}/admin/pages/{home.pk}/")
    expect(page.get_by_text("Wohnsitz anmelden").first).to_be_visible()
    screenshot(page, "editor-3-published")
    leaks += english_leaks(page)
    assert Page.objects.get(title="Wohnsitz anmelden").live
    assert sorted(set(leaks)) == []


def test_translator_translates_and_reviewer_approves(
    page, login, live_server, municipality_a, editor_a
):
    source = add_information_page(
        municipality_a.home_page, "Bürgerbüro", excerpt="Dienste der Stadt", body=BODY
    )
    add_locale(municipality_a, "uk")
    make_user(
        "translator-uk", municipality=municipality_a, role=Role.TRANSLATORS, locale="uk"
    )
    make_user(
        "reviewer-uk", municipality=municipality_a, role=Role.REVIEWERS, locale="uk"
    )
    ukrainian = start_translation(editor_a, source, "uk")

    login("translator-uk")
    leaks = visit_in_german(page, f"{live_server.url}/admin/", "translator-1-dashboard")
    work = page.locator("section", has_text="Ihre Übersetzungen")
    expect(work.get_by_text("Ukrainisch").first).to_be_visible()
    leaks += visit_in_german(
        page,
        f"{live_server.url}/admin/pages/{ukrainian.pk}/edit/",
        "translator-2-editor",
    )
    translate_segments(page, WORDS, translate="Übersetzen", save="Speichern")
    page.get_by_role("tab", name="Veröffentlichung").click()
    translate_segments(page, SLUG, translate="Übersetzen", save="Speichern")
    screenshot(page, "translator-3-translated")
    page.locator("[data-rathaus-submit-for-review]").first.click()
    page.wait_for_load_state()
    status = TranslationStatus.objects.get(
        translation_key=source.translation_key, locale__language_code="uk"
    )
    assert status.status == Status.IN_REVIEW

    page.context.clear_cookies()
    login("reviewer-uk")
    leaks += visit_in_german(page, f"{live_server.url}/admin/", "reviewer-1-dashboard")
    review_panel = page.locator("section", has_text="Ihre Überprüfung steht aus")
    row = review_panel.locator("tr", has_text="Бюро громадян")
    row.locator("[data-w-dropdown-target=toggle]").click()
    row.get_by_text("Freigeben", exact=False).first.click()
    page.wait_for_timeout(500)
    modal = page.locator(".modal.show, dialog[open]")
    if modal.count():
        screenshot(page, "reviewer-2-approve")
        modal.get_by_role("button", name="Freigeben", exact=False).last.click()
    page.wait_for_load_state()
    page.wait_for_timeout(1000)
    screenshot(page, "reviewer-3-approved")
    ukrainian.refresh_from_db()
    assert ukrainian.live
    status.refresh_from_db()
    assert status.status == Status.UP_TO_DATE
    assert sorted(set(leaks)) == []


def test_module_admin_answers_a_defect_and_looks_after_the_job_feeds(
    page, login, live_server, municipality_a
):
    enable_module(municipality_a, "defects")
    enable_module(municipality_a, "jobs")
    make_category(municipality_a)
    report = submit(municipality_a, description="Laterne defekt am Marktplatz")
    make_feed_connector(municipality_a, name="Stellen der IHK")
    make_user("module-admin", municipality=municipality_a, role=Role.MODULE_ADMINS)

    login("module-admin")
    leaks = visit_in_german(page, f"{live_server.url}/admin/", "module-1-dashboard")
    leaks += visit_in_german(
        page,
        f"{live_server.url}/admin/defects/{municipality_a.slug}/",
        "module-2-defect-queue",
    )
    expect(page.get_by_text("Legende").first).to_be_visible()
    page.get_by_role("link", name=f"#{report.pk}").first.click()
    page.wait_for_load_state()
    expect(page.get_by_text("Laterne defekt am Marktplatz").first).to_be_visible()
    leaks += english_leaks(page)
    screenshot(page, "module-3-defect-report")
    page.get_by_label("Neuer Status").select_option("published")
    page.get_by_label("Öffentlicher Hinweis").fill("Danke, die Laterne wird repariert.")
    page.get_by_label("Interne Notiz").first.fill("Auftrag an die Stadtwerke")
    page.get_by_role("button", name="Status ändern").click()
    page.wait_for_load_state()
    screenshot(page, "module-4-defect-answered")
    leaks += english_leaks(page)
    report = DefectReport.objects.get(pk=report.pk)
    assert report.status == "published"
    assert report.status_notes == "Danke, die Laterne wird repariert."
    expect(page.get_by_text("Auftrag an die Stadtwerke").first).to_be_visible()
    leaks += visit_in_german(
        page,
        f"{live_server.url}{reverse('wagtailsnippets_jobs_connector:list')}",
        "module-5-job-feeds",
    )
    expect(page.get_by_text("Stellen der IHK").first).to_be_visible()
    expect(page.get_by_role("heading", name="Stellenquellen").first).to_be_visible()
    expect(page.get_by_text("Noch nie importiert").first).to_be_visible()
    assert sorted(set(leaks)) == []


def test_module_admin_imports_a_waste_calendar_source(
    page, login, live_server, municipality_a
):
    enable_module(municipality_a, "waste")
    source = ImportSource.objects.create(
        municipality=municipality_a,
        name="Abfuhrkalender der Stadtwerke",
        kind=ImportSource.Kind.ICS,
        ics_url_template="https://stadtwerke.example.org/{street}.ics",
    )
    make_user("module-admin", municipality=municipality_a, role=Role.MODULE_ADMINS)

    login("module-admin")
    edit = reverse("wagtailsnippets_waste_importsource:edit", args=[source.pk])
    leaks = visit_in_german(page, live_server.url + edit, "module-6-waste-source")
    # No street yet: the import is refused and the calendar stays as it was.
    page.get_by_role("button", name="Jetzt importieren").click()
    page.wait_for_url("**/import-status/**")
    page.wait_for_load_state()
    message = (
        "Import von „Abfuhrkalender der Stadtwerke“ abgelehnt: Die Quelle ist leer."
    )
    expect(page.get_by_text(message).first).to_be_visible()
    expect(page.get_by_text("Der Kalender bleibt, wie er war.").first).to_be_visible()
    expect(page.get_by_text("Abgelehnt, nichts geändert").first).to_be_visible()
    screenshot(page, "module-7-waste-import-status")
    leaks += english_leaks(page)
    assert sorted(set(leaks)) == []
    assert ImportRun.objects.get().status == ImportRun.Status.REFUSED

"""Translators translate and submit, reviewers approve, the API serves it."""

import json

import pytest
import requests
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation

from rathaus.site.municipalities.models import MunicipalityRole
from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import add_information_page, make_user
from .localize_editor import start_translation, translate_segments

Role = MunicipalityRole.Role
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

BODY = json.dumps(
    [{"type": "paragraph", "value": "<p>Das Bürgerbüro hat montags geöffnet.</p>"}]
)


def english_admin(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


ARABIC = {
    "Bürgerbüro": "مكتب المواطنين",
    "Dienste der Stadt": "خدمات المدينة",
    "Das Bürgerbüro hat montags geöffnet.": "مكتب المواطنين مفتوح يوم الاثنين.",
}


def status_of(page, code):
    row = TranslationStatus.objects.filter(
        translation_key=page.translation_key, locale__language_code=code
    ).first()
    return row.status if row else Status.MISSING


def test_translator_submits_reviewer_approves_api_serves_rtl(
    page, login, live_server, municipality_a, editor_a
):
    source = add_information_page(
        municipality_a.home_page, "Bürgerbüro", excerpt="Dienste der Stadt", body=BODY
    )
    english_admin(
        make_user(
            "translator-ar",
            municipality=municipality_a,
            role=Role.TRANSLATORS,
            locale="ar",
        )
    )
    english_admin(
        make_user(
            "reviewer-ar", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
        )
    )
    arabic = start_translation(editor_a, source, "ar")
    assert not arabic.live

    # The translator fills the segments in the localize editor and submits.
    login("translator-ar")
    page.goto(f"{live_server.url}/admin/pages/{arabic.pk}/edit/")
    translate_segments(page, ARABIC)
    # The slug is a segment too, on the Promote tab; submitting with it
    # untranslated is refused (1 word left).
    page.get_by_role("tab", name="Promote").click()
    translate_segments(page, {"burgerburo": "maktab-almuwatinin"})
    page.locator("[data-rathaus-submit-for-review]").first.click()
    page.wait_for_load_state()
    assert status_of(source, "ar") == Status.IN_REVIEW
    arabic.refresh_from_db()
    assert not arabic.live

    # The reviewer approves in Wagtail's workflow UI.
    page.context.clear_cookies()
    login("reviewer-ar")
    page.goto(f"{live_server.url}/admin/")
    review_panel = page.locator("section", has_text="Awaiting your review")
    row = review_panel.locator("tr", has_text="مكتب المواطنين")
    row.locator("[data-w-dropdown-target=toggle]").click()
    row.get_by_text("Approve", exact=False).first.click()
    page.wait_for_timeout(500)
    modal = page.locator(".modal.show, dialog[open]")
    if modal.count():
        modal.get_by_role("button", name="Approve", exact=False).last.click()
    page.wait_for_load_state()
    page.wait_for_timeout(1000)

    arabic.refresh_from_db()
    assert arabic.live
    assert arabic.title == "مكتب المواطنين"
    assert status_of(source, "ar") == Status.UP_TO_DATE

    # The API serves the page in Arabic, right to left.
    query = """query ($municipality: String!) {
      municipality(slug: $municipality) { locales { code direction } }
      pageTree(municipality: $municipality, locale: "ar") { title isFallback }
    }"""
    # Like an app: anonymous, no cookies.
    response = requests.post(
        f"{live_server.url}/graphql/",
        json={"query": query, "variables": {"municipality": "stadt-a"}},
        timeout=30,
    )
    body = response.json()
    assert "errors" not in body, body
    data = body["data"]
    assert {"code": "ar", "direction": "RTL"} in data["municipality"]["locales"]
    titles = {item["title"]: item["isFallback"] for item in data["pageTree"]}
    assert titles.get("مكتب المواطنين") is False


def test_non_minor_source_edit_turns_translations_outdated(
    page, login, live_server, municipality_a, editor_a
):
    source = add_information_page(municipality_a.home_page, "Bürgerbüro", body=BODY)
    arabic = start_translation(editor_a, source, "ar")
    translation = services.translation_for_page(arabic)
    for segment in translation.source.stringsegment_set.select_related("string"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            data="AR " + segment.string.data,
        )
    # As a reviewer's approval publishes it (the review flow is tested above).
    services.publish_seeded_translation(arabic, translation, None)
    assert status_of(source, "ar") == Status.UP_TO_DATE

    login("editor-a")
    page.goto(f"{live_server.url}/admin/pages/{source.pk}/edit/")
    page.fill("#id_title", "Bürgerbüro und Standesamt")
    page.locator("[data-w-dropdown-target=toggle]").last.click()
    page.get_by_role("button", name="Veröffentlichen", exact=True).click()
    page.wait_for_load_state()
    assert status_of(source, "ar") == Status.OUTDATED

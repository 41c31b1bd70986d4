"""Publishing a source re-syncs its translations only when translatable text changed."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_localize.models import StringSegment

from rathaus.site.content.models import EventPage, LocationContact, LocationPage
from rathaus.site.content.snippets import Contact
from rathaus.site.translation import services, status
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import make_user
from .builders import (
    reviewed_translation,
    set_paragraphs,
    status_of,
    target,
    translate,
)
from .conftest import Role, locale

pytestmark = pytest.mark.django_db

ORIGINAL = "Das Bürgerbüro hat montags geöffnet."


def translate_everything(translation, user=None, prefix="AR "):
    """Every segment translated by ``user`` (used by other test modules)."""
    translate(translation, user, prefix=prefix)


def add_paragraph(page, text):
    """A new revision with one more paragraph (block ids kept)."""
    page = page.specific
    body = [dict(block) for block in page.body.raw_data]
    body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    page.body = json.dumps(body)
    return page.save_revision()


@pytest.fixture
def reviewer_2(municipality_a):
    return make_user(
        "reviewer-a-ar-2", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )


def test_a_real_change_resyncs_and_marks_outdated(
    page_a, editor_a, translator_ar, reviewer_ar
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    assert status_of(page_a) == Status.UP_TO_DATE
    live_before = target(page_a).body.raw_data[1]["value"]

    set_paragraphs(page_a, ORIGINAL, "Neu: Terminvergabe online.").publish(
        user=editor_a
    )

    assert status_of(page_a) == Status.OUTDATED
    segments = StringSegment.objects.filter(source=translation.source)
    translated = segments.annotate_translation(locale("ar"))
    assert {s.string.data for s in translated if s.translation is None} == {
        "Neu: Terminvergabe online."
    }
    arabic = target(page_a)
    assert arabic.live and arabic.body.raw_data[1]["value"] == live_before
    draft = arabic.get_latest_revision_as_object()
    assert "Neu: Terminvergabe online." in draft.body.raw_data[2]["value"]
    row = TranslationStatus.objects.get(
        translation_key=page_a.translation_key, locale=locale("ar")
    )
    assert row.words_left == 3


def test_a_publish_without_text_changes_outdates_nothing(
    page_a, editor_a, translator_ar, reviewer_ar
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    page_a.specific.save_revision().publish(user=editor_a)
    assert status_of(page_a) == Status.UP_TO_DATE
    assert not target(page_a).has_unpublished_changes


def test_reverting_to_the_translated_text_is_up_to_date_again(
    page_a, editor_a, translator_ar, reviewer_ar
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    set_paragraphs(page_a, "Geändert.").publish(user=editor_a)
    assert status_of(page_a) == Status.OUTDATED
    set_paragraphs(page_a, ORIGINAL).publish(user=editor_a)
    assert status_of(page_a) == Status.UP_TO_DATE
    assert status.check() == []


def test_a_minor_edit_keeps_the_segments_to_translate(
    page_a, editor_a, translator_ar, reviewer_ar
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    updated_at = translation.source.last_updated_at
    with services.minor_edit():
        set_paragraphs(page_a, "Das Bürgerbüro hat montags geöffnet!").publish(
            user=editor_a
        )
    assert status_of(page_a) == Status.UP_TO_DATE
    translation.source.refresh_from_db()
    assert translation.source.last_updated_at == updated_at


def test_the_minor_edit_button_in_the_page_editor(
    client, page_a, editor_a, translator_ar, reviewer_ar
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    assert b'name="action-publish" value="minor"' in client.get(url).content

    def post(action_value, title):
        data = nested_form_data(
            {
                "title": title,
                "slug": page_a.slug,
                "excerpt": "Dienste der Stadt",
                "body": streamfield(
                    [
                        ("heading", {"text": "Öffnungszeiten", "level": "h2"}),
                        ("paragraph", rich_text(f"<p>{ORIGINAL}</p>")),
                    ]
                ),
                "comments": inline_formset([]),
            }
        )
        data["action-publish"] = action_value
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    post("minor", "Bürgerbüro (korrigiert)")
    assert status_of(page_a) == Status.UP_TO_DATE
    post("action-publish", "Bürgerbüro Stadt A")
    assert status_of(page_a) == Status.OUTDATED


def test_a_review_under_way_is_cancelled_by_a_real_change(
    page_a, editor_a, translator_ar
):
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    translate(translation, translator_ar)
    services.submit_for_review(translation, translator_ar)
    assert status_of(page_a) == Status.IN_REVIEW
    set_paragraphs(page_a, ORIGINAL, "Neuer Absatz").publish(user=editor_a)
    assert status_of(page_a) == Status.IN_TRANSLATION
    assert services.active_workflow_state(target(page_a)) is None


def test_sync_translated_pages_button_uses_the_rathaus_sync(
    client, page_a, editor_a, translator_ar, reviewer_ar, municipality_b
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    with services.minor_edit():
        set_paragraphs(page_a, ORIGINAL, "Nachgetragen").publish(user=editor_a)
    assert status_of(page_a) == Status.UP_TO_DATE
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    client.force_login(editor_a)
    assert client.post(url, {}).status_code == 302
    assert status_of(page_a) == Status.OUTDATED
    assert target(page_a).has_unpublished_changes
    client.force_login(make_user("editor-b", municipality=municipality_b))
    assert client.post(url, {}).status_code == 404


def test_non_translatable_fields_follow_at_once_without_changing_status(
    municipality_a, editor_a, translator_ar, reviewer_ar
):

    start = datetime.datetime(2027, 5, 1, 10, tzinfo=datetime.UTC)
    event = EventPage(title="Stadtfest", slug="stadtfest", start=start)
    municipality_a.home_page.add_child(instance=event)
    event.save_revision().publish(user=editor_a)
    reviewed_translation(event, translator_ar, reviewer_ar)
    assert status_of(event) == Status.UP_TO_DATE

    for minor in (False, True):
        start += datetime.timedelta(days=1)
        event = EventPage.objects.get(pk=event.pk)
        event.start = start
        with services.minor_edit(minor):
            event.save_revision().publish(user=editor_a)
        arabic = target(event)
        assert arabic.start == start
        assert arabic.get_latest_revision_as_object().start == start
        assert status_of(event) == Status.UP_TO_DATE


def test_the_check_command_finds_and_repairs_a_tampered_row(
    page_a, translator_ar, reviewer_ar, capsys
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    call_command("translation_status", "--check")
    TranslationStatus.objects.filter(translation_key=page_a.translation_key).update(
        status=Status.MISSING
    )
    with pytest.raises(Exception, match="differ"):
        call_command("translation_status", "--check")
    assert "stored ('missing'" in capsys.readouterr().out
    call_command("translation_status", "--repair")
    call_command("translation_status", "--check")
    assert status_of(page_a) == Status.UP_TO_DATE


def opening_day(weekday, opens, closes, note=""):
    return {
        "type": "day",
        "id": f"day-{weekday}",
        "value": {
            "weekday": weekday,
            "closed": False,
            "appointment_only": False,
            "slots": [{"opens": opens, "closes": closes}],
            "note": note,
        },
    }


def days_of(page):
    return {block.value["weekday"]: block.value for block in page.opening_hours}


def test_opening_hours_and_contacts_follow_at_once_keeping_translated_notes(
    municipality_a, editor_a, translator_ar, reviewer_ar
):
    office_de = Contact.objects.create(
        municipality=municipality_a, name="Bürgerbüro", locale=locale("de")
    )
    immigration = Contact.objects.create(
        municipality=municipality_a, name="Ausländerbehörde", locale=locale("de")
    )
    immigration_ar = immigration.copy_for_translation(locale("ar"))
    immigration_ar.name = "AR Ausländerbehörde"
    immigration_ar.save()
    office = LocationPage(
        title="Bürgerbüro",
        slug="buergerbuero",
        latitude=51.55,
        longitude=7.31,
        opening_hours=json.dumps(
            [
                opening_day("mo", "08:00", "12:00", note="Nur mit Termin"),
                opening_day("tu", "08:00", "12:00"),
            ]
        ),
    )
    office.location_contacts = [LocationContact(contact=office_de, sort_order=0)]
    municipality_a.home_page.add_child(instance=office)
    office.save_revision().publish(user=editor_a)
    reviewed_translation(office, translator_ar, reviewer_ar)
    assert days_of(target(office))["mo"]["note"] == "AR Nur mit Termin"

    for minor, opens in ((False, "09:00"), (True, "09:30")):
        office = LocationPage.objects.get(pk=office.pk)
        office.opening_hours = json.dumps(
            [
                opening_day("mo", opens, "12:00", note="Nur mit Termin"),
                opening_day("we", "14:00", "18:00"),
            ]
        )
        office.location_contacts = [LocationContact(contact=immigration, sort_order=0)]
        with services.minor_edit(minor):
            office.save_revision().publish(user=editor_a)
        arabic = target(office)
        for version in (arabic, arabic.get_latest_revision_as_object()):
            days = days_of(version)
            assert set(days) == {"mo", "we"}
            assert days["mo"]["slots"][0]["opens"] == datetime.time.fromisoformat(opens)
            assert days["mo"]["note"] == "AR Nur mit Termin"
            assert [link.contact_id for link in version.location_contacts.all()] == [
                immigration_ar.pk
            ]
        assert status_of(office) == Status.UP_TO_DATE
        call_command("translation_status", "--check")

    # A new day with a note to translate waits for the next translation round:
    # no German goes live on the Arabic page.
    office = LocationPage.objects.get(pk=office.pk)
    office.opening_hours = json.dumps(
        [
            opening_day("mo", "09:30", "12:00", note="Nur mit Termin"),
            opening_day("we", "14:00", "18:00"),
            opening_day("fr", "08:00", "10:00", note="Nur für Notfälle"),
        ]
    )
    office.save_revision().publish(user=editor_a)
    arabic = LocationPage.objects.get(pk=target(office).pk)
    assert set(days_of(arabic)) == {"mo", "we"}
    assert status_of(office) == Status.OUTDATED

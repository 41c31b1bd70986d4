"""Publishing a source page re-syncs its translations; a minor edit does not."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)
from wagtail_localize.models import StringSegment, StringTranslation

from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from .conftest import locale

pytestmark = pytest.mark.django_db


def status_of(page, code="ar"):
    return TranslationStatus.objects.get(
        translation_key=page.translation_key, locale=locale(code)
    ).status


def translate_everything(translation, user=None, prefix="AR "):
    for segment in StringSegment.objects.filter(source=translation.source):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={"data": prefix + segment.string.data, "last_translated_by": user},
        )


def published_translation(page, editor, django_capture_on_commit_callbacks):
    translation = services.start_translation(page, locale("ar"), user=editor)
    translate_everything(translation, editor)
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(user=editor, publish=True)
    assert status_of(page) == Status.UP_TO_DATE
    return translation


def add_paragraph(page, text):
    page = page.specific
    body = [dict(block) for block in page.body.raw_data]
    body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    page.body = json.dumps(body)
    return page.save_revision()


def arabic(page):
    return Page.objects.get(translation_key=page.translation_key, locale=locale("ar"))


def test_a_real_change_resyncs_and_marks_outdated(
    page_a, editor_a, django_capture_on_commit_callbacks
):
    translation = published_translation(
        page_a, editor_a, django_capture_on_commit_callbacks
    )
    live_before = arabic(page_a).specific.body.raw_data[1]["value"]
    segments_before = set(
        StringSegment.objects.filter(source=translation.source).values_list(
            "string__data", flat=True
        )
    )

    add_paragraph(page_a, "Neu: Terminvergabe online.").publish(user=editor_a)

    assert status_of(page_a) == Status.OUTDATED
    translation.source.refresh_from_db()
    segments = StringSegment.objects.filter(source=translation.source)
    texts = set(segments.values_list("string__data", flat=True))
    assert "Neu: Terminvergabe online." in texts
    assert segments_before < texts
    # Unchanged segments keep their translations; the new one has none yet.
    translated = segments.annotate_translation(locale("ar"))
    assert {s.string.data for s in translated if s.translation is None} == {
        "Neu: Terminvergabe online."
    }
    # The live translation stays as approved; the draft has the new segment.
    target = arabic(page_a).specific
    assert target.live
    assert target.body.raw_data[1]["value"] == live_before
    assert len(target.body.raw_data) == 2
    draft = target.get_latest_revision_as_object()
    assert len(draft.body.raw_data) == 3
    assert "Neu: Terminvergabe online." in draft.body.raw_data[2]["value"]
    row = TranslationStatus.objects.get(
        translation_key=page_a.translation_key, locale=locale("ar")
    )
    assert row.words_left == 3
    assert row.source_changed_at is not None


def test_a_minor_edit_changes_nothing(
    page_a, editor_a, django_capture_on_commit_callbacks
):
    translation = published_translation(
        page_a, editor_a, django_capture_on_commit_callbacks
    )
    updated_at = translation.source.last_updated_at

    with services.minor_edit():
        add_paragraph(page_a, "Tippfehler korrigiert").publish(user=editor_a)

    assert status_of(page_a) == Status.UP_TO_DATE
    translation.source.refresh_from_db()
    assert translation.source.last_updated_at == updated_at
    assert not arabic(page_a).has_unpublished_changes


def test_the_minor_edit_button_in_the_page_editor(
    client, page_a, editor_a, django_capture_on_commit_callbacks
):
    published_translation(page_a, editor_a, django_capture_on_commit_callbacks)
    client.force_login(editor_a)
    url = reverse("wagtailadmin_pages:edit", args=[page_a.pk])
    response = client.get(url)
    assert b'name="action-publish" value="minor"' in response.content

    def post(action_value, title):
        data = nested_form_data(
            {
                "title": title,
                "slug": page_a.slug,
                "excerpt": "Dienste der Stadt",
                "body": streamfield(
                    [
                        ("heading", {"text": "Öffnungszeiten", "level": "h2"}),
                        (
                            "paragraph",
                            rich_text("<p>Das Bürgerbüro hat montags geöffnet.</p>"),
                        ),
                    ]
                ),
                "comments": inline_formset([]),
            }
        )
        data["action-publish"] = action_value
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    post("minor", "Bürgerbüro (korrigiert)")
    assert Page.objects.get(pk=page_a.pk).title == "Bürgerbüro (korrigiert)"
    assert status_of(page_a) == Status.UP_TO_DATE

    post("action-publish", "Bürgerbüro Stadt A")
    assert status_of(page_a) == Status.OUTDATED


def test_a_review_under_way_is_cancelled_by_a_real_change(
    page_a, editor_a, translator_ar
):
    translation = services.start_translation(page_a, locale("ar"), user=editor_a)
    translate_everything(translation, translator_ar)
    services.submit_for_review(translation, translator_ar)
    assert status_of(page_a) == Status.IN_REVIEW

    add_paragraph(page_a, "Neuer Absatz").publish(user=editor_a)

    assert status_of(page_a) == Status.OUTDATED
    assert services.active_workflow_state(arabic(page_a)) is None


def test_sync_translated_pages_button_uses_the_rathaus_sync(
    client, page_a, editor_a, municipality_b, django_capture_on_commit_callbacks
):
    translation = published_translation(
        page_a, editor_a, django_capture_on_commit_callbacks
    )
    with services.minor_edit():
        add_paragraph(page_a, "Nachgetragen").publish(user=editor_a)
    assert status_of(page_a) == Status.UP_TO_DATE
    url = reverse("wagtail_localize:update_translations", args=[translation.source.pk])
    client.force_login(editor_a)

    assert client.post(url, {}).status_code == 302

    assert status_of(page_a) == Status.OUTDATED
    assert arabic(page_a).has_unpublished_changes
    # Another municipality's editor cannot sync A's page.
    from ..factories import make_user

    client.force_login(make_user("editor-b", municipality=municipality_b))
    assert client.post(url, {}).status_code == 404

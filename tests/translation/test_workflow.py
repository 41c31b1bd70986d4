"""Translators translate in wagtail-localize's editor and submit to review;
reviewers approve (which publishes) or request changes."""

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from .conftest import locale

pytestmark = pytest.mark.django_db


def start(client, editor, page, code="ar"):
    client.force_login(editor)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale(code).pk]},
    )
    assert response.status_code == 302, response.content[:500]
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=locale(code)
    )


def status_of(page, code):
    row = TranslationStatus.objects.filter(
        translation_key=page.translation_key, locale=locale(code)
    ).first()
    return row.status if row else Status.MISSING


def translate_all(client, translation, prefix="AR "):
    """Fill every segment through the localize editor's API."""
    for segment in StringSegment.objects.filter(source=translation.source):
        response = put_string(
            client, translation, segment, prefix + segment.string.data
        )
        assert response.status_code in (200, 201), response.content
    return translation


def put_string(client, translation, segment, value):
    from urllib.parse import urlencode

    return client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        urlencode({"value": value}),
        content_type="application/x-www-form-urlencoded",
    )


def refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect home (or 403)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def target(page, code="ar"):
    return Page.objects.get(translation_key=page.translation_key, locale=locale(code))


def approve(client, reviewer, page, comment=None):
    client.force_login(reviewer)
    state = services.active_workflow_state(page)
    action = "approve"
    data = {"comment": comment} if comment else {}
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, action, state.current_task_state_id],
        ),
        data,
    )
    assert response.status_code in (200, 302), response.content[:300]


def reject(client, reviewer, page, comment):
    client.force_login(reviewer)
    state = services.active_workflow_state(page)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "reject", state.current_task_state_id],
        ),
        {"comment": comment},
    )
    assert response.status_code in (200, 302), response.content[:300]


def test_editor_starts_translator_submits_reviewer_approves(
    client, editor_a, translator_ar, reviewer_ar, page_a
):
    translation = start(client, editor_a, page_a)
    arabic = target(page_a)
    assert not arabic.live
    assert status_of(page_a, "ar") == Status.IN_TRANSLATION

    client.force_login(translator_ar)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    assert response.status_code == 200
    assert b"js-translation-editor" in response.content
    assert b"data-rathaus-submit-for-review" in response.content

    segment = StringSegment.objects.filter(source=translation.source).first()
    assert put_string(client, translation, segment, "مكتب المواطنين").status_code in (
        200,
        201,
    )
    assert status_of(page_a, "ar") == Status.IN_TRANSLATION

    # Translators cannot publish from the localize editor.
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[arabic.pk]), {"action": "publish"}
    )
    assert refused(response)
    assert not target(page_a).live

    response = client.post(
        reverse("rathaus_translation:submit_for_review", args=[translation.pk])
    )
    assert response.status_code == 302
    assert status_of(page_a, "ar") == Status.IN_REVIEW
    assert services.active_workflow_state(arabic).status == "in_progress"
    # In review the translation is locked for the translator.
    assert put_string(client, translation, segment, "changed").status_code == 403
    assert not target(page_a).live

    # The reviewer sees it on the dashboard ("Awaiting your review").
    client.force_login(reviewer_ar)
    dashboard = client.get(reverse("wagtailadmin_home"))
    panel = dashboard.content.decode().split('id="awaiting-review', 1)[1]
    assert f"/admin/pages/{arabic.pk}/edit/" in panel

    approve(client, reviewer_ar, arabic)

    arabic = target(page_a)
    assert arabic.live
    assert status_of(page_a, "ar") == Status.UP_TO_DATE
    assert WorkflowState.objects.get(object_id=str(arabic.pk)).status == "approved"
    translated = StringTranslation.objects.get(
        translation_of=segment.string, locale=locale("ar"), context=segment.context
    )
    assert translated.data == "مكتب المواطنين"
    if segment.context.path == "title":
        assert arabic.title == "مكتب المواطنين"


def test_reject_with_comment_returns_to_translator_and_resubmit(
    client, editor_a, translator_ar, reviewer_ar, page_a
):
    translation = start(client, editor_a, page_a)
    arabic = target(page_a)
    client.force_login(translator_ar)
    translate_all(client, translation)
    client.post(reverse("rathaus_translation:submit_for_review", args=[translation.pk]))
    assert status_of(page_a, "ar") == Status.IN_REVIEW

    reject(client, reviewer_ar, arabic, "Bitte die Überschrift prüfen")

    assert status_of(page_a, "ar") == Status.IN_TRANSLATION
    assert not target(page_a).live
    client.force_login(translator_ar)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    assert "Bitte die Überschrift prüfen" in response.content.decode()
    assert b"Resubmit for review" in response.content
    segment = StringSegment.objects.filter(source=translation.source).first()
    assert put_string(client, translation, segment, "better").status_code == 200

    client.post(reverse("rathaus_translation:submit_for_review", args=[translation.pk]))
    assert status_of(page_a, "ar") == Status.IN_REVIEW
    approve(client, reviewer_ar, arabic)
    assert target(page_a).live
    assert status_of(page_a, "ar") == Status.UP_TO_DATE


def test_submitting_twice_is_refused_with_a_message(
    client, editor_a, translator_ar, page_a
):
    translation = start(client, editor_a, page_a)
    client.force_login(translator_ar)
    url = reverse("rathaus_translation:submit_for_review", args=[translation.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "already in review" in response.content.decode()
    assert WorkflowState.objects.count() == 1

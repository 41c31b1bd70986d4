"""Translators translate in wagtail-localize's editor and submit to review;
reviewers approve (which publishes) or request changes."""

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, WorkflowState
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from rathaus.site.translation import services
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import make_user
from .conftest import Role, locale

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
    """Wagtail's admin answers PermissionDenied with a redirect home (or 403);
    Rathaus refuses a publish of a translation with a redirect back to its
    editor (and a message)."""
    return response.status_code == 403 or (
        response.status_code == 302
        and (
            response.url == reverse("wagtailadmin_home")
            or re.fullmatch(r"/admin/pages/\d+/edit/", response.url)
        )
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

    # Submitting with untranslated segments is refused, saying how much is left.
    submit_url = reverse("rathaus_translation:submit_for_review", args=[translation.pk])
    response = client.post(submit_url, follow=True)
    assert "Wörter sind noch nicht übersetzt" in response.content.decode()
    assert status_of(page_a, "ar") == Status.IN_TRANSLATION
    for other in StringSegment.objects.filter(source=translation.source).exclude(
        pk=segment.pk
    ):
        put_string(client, translation, other, "AR " + other.string.data)

    response = client.post(submit_url)
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
    assert "Erneut zur Prüfung einreichen" in response.content.decode()
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
    translate_all(client, translation)
    url = reverse("rathaus_translation:submit_for_review", args=[translation.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "Diese Übersetzung ist bereits in Prüfung." in response.content.decode()
    assert WorkflowState.objects.count() == 1


def editor_props(response):
    """The props wagtail-localize's editor renders its buttons from."""
    match = re.search(
        rb'class="js-translation-editor" data-props="([^"]*)"', response.content
    )
    assert match, response.content[:500]
    return json.loads(html.unescape(match.group(1).decode()))


def publish_attempts(client, page):
    """Every way the admin's editors publish a page, refused or ignored."""
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    # The localize editor's "Publish" button, and Wagtail's page editor's.
    yield client.post(url, {"action": "publish"})
    yield client.post(url, {"action-publish": "action-publish"})


def submitted(client, editor, translator, page):
    translation = start(client, editor, page)
    client.force_login(translator)
    translate_all(client, translation)
    response = client.post(
        reverse("rathaus_translation:submit_for_review", args=[translation.pk])
    )
    assert response.status_code == 302
    return translation


def test_reviewer_cannot_publish_directly(
    client, editor_a, translator_ar, reviewer_ar, page_a
):
    translation = start(client, editor_a, page_a)
    client.force_login(translator_ar)
    translate_all(client, translation)
    arabic = target(page_a)
    # Editors see the "Publish" button; reviewers do not.
    client.force_login(editor_a)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
    assert editor_props(response)["perms"]["canPublish"] is True

    # Neither before the review nor while it is under way.
    for submit in (False, True):
        if submit:
            client.force_login(translator_ar)
            client.post(
                reverse("rathaus_translation:submit_for_review", args=[translation.pk])
            )
            assert status_of(page_a, "ar") == Status.IN_REVIEW
        client.force_login(reviewer_ar)
        assert not arabic.permissions_for_user(reviewer_ar).can_publish()
        response = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk]))
        assert response.status_code == 200
        assert editor_props(response)["perms"]["canPublish"] is False

        first, second = publish_attempts(client, arabic)
        assert refused(first)
        assert second.status_code in (200, 302)
        assert not target(page_a).live
        assert not PageLogEntry.objects.filter(
            page=arabic, action="wagtail.publish"
        ).exists()

    assert status_of(page_a, "ar") == Status.IN_REVIEW
    assert services.active_workflow_state(arabic).status == "in_progress"


def test_approving_publishes_and_records_the_reviewer_as_publisher(
    client, editor_a, translator_ar, reviewer_ar, page_a
):
    submitted(client, editor_a, translator_ar, page_a)
    arabic = target(page_a)
    submitted_revision = arabic.get_latest_revision()

    approve(client, reviewer_ar, arabic)

    arabic = target(page_a)
    assert arabic.live
    assert arabic.live_revision == submitted_revision
    assert not arabic.has_unpublished_changes
    assert arabic.title == "AR Bürgerbüro"
    assert status_of(page_a, "ar") == Status.UP_TO_DATE
    assert WorkflowState.objects.get(object_id=str(arabic.pk)).status == "approved"
    published = PageLogEntry.objects.get(page=arabic, action="wagtail.publish")
    assert published.user == reviewer_ar
    assert published.revision == submitted_revision
    # The reviewer still holds no publish permission of their own.
    assert not arabic.permissions_for_user(reviewer_ar).can_publish()


def test_only_the_locales_reviewers_of_the_municipality_approve(
    client, editor_a, translator_ar, municipality_a, municipality_b, page_a
):
    submitted(client, editor_a, translator_ar, page_a)
    arabic = target(page_a)
    state = services.active_workflow_state(arabic)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[arabic.pk, "approve", state.current_task_state_id],
    )
    outsiders = [
        make_user(
            "reviewer-a-en",
            municipality=municipality_a,
            role=Role.REVIEWERS,
            locale="en",
        ),
        make_user(
            "reviewer-b-ar",
            municipality=municipality_b,
            role=Role.REVIEWERS,
            locale="ar",
        ),
        translator_ar,
    ]
    for user in outsiders:
        client.force_login(user)
        response = client.post(url)
        # Municipality B's reviewer does not see A's page at all.
        assert response.status_code == 404 or refused(response), (
            user,
            response.status_code,
        )
        assert not target(page_a).live, user
    assert services.active_workflow_state(arabic).status == "in_progress"

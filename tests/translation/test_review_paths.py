"""Review on every path: one regression test per bypass found in issue 12.

Every path that would put text live on a translation either goes through a
reviewer's approval or is refused; whatever a view lets through, the guard
on page saves (``review.guard_page_save``) refuses.
"""

import re

import pytest
from django.urls import URLResolver, get_resolver, reverse
from wagtail.models import Page
from wagtail_localize.models import LocaleSynchronization, StringTranslation

from rathaus.site.translation import review, services, status
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from ..factories import make_user
from .builders import (
    approve,
    reject,
    reviewed_translation,
    set_paragraphs,
    status_of,
    target,
    translate,
)
from .conftest import Role, locale

pytestmark = pytest.mark.django_db

ORIGINAL = "Das Bürgerbüro hat montags geöffnet."


@pytest.fixture
def reviewer_2(municipality_a):
    return make_user(
        "reviewer-a-ar-2", municipality=municipality_a, role=Role.REVIEWERS, locale="ar"
    )


@pytest.fixture
def in_review(page_a, translator_ar):
    translation = services.start_translation(page_a, locale("ar"))
    translate(translation, translator_ar)
    services.submit_for_review(translation, translator_ar)
    return translation


def live_title(page):
    return Page.objects.get(pk=target(page).pk).title


def test_translator_cannot_convert_a_translation_to_an_alias(
    client, page_a, translator_ar, reviewer_ar, editor_a
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    arabic = target(page_a)
    for user in (translator_ar, editor_a):
        client.force_login(user)
        client.post(
            reverse("wagtail_localize:convert_to_alias", args=[arabic.pk]),
            follow=True,
        )
        arabic.refresh_from_db()
        assert arabic.alias_of_id is None
        assert arabic.title == "AR Bürgerbüro"
    # Even code that bypasses the view cannot show the source text live.
    from wagtail_localize.views.convert import sync_alias

    with pytest.raises(review.ReviewRequired):
        sync_alias(page_a, Page.objects.get(pk=arabic.pk).specific)


def test_a_reviewer_who_edited_segments_cannot_approve_that_round(
    page_a, in_review, reviewer_ar, reviewer_2
):
    segment = in_review.source.stringsegment_set.first()
    StringTranslation.objects.filter(
        locale=locale("ar"), context=segment.context
    ).update(data="vom Prüfer", last_translated_by=reviewer_ar)
    StringTranslation.objects.get(locale=locale("ar"), context=segment.context).save()
    with pytest.raises(review.ReviewRefused):
        approve(target(page_a), reviewer_ar)
    assert not target(page_a).live
    assert status_of(page_a) == Status.IN_REVIEW

    approve(target(page_a), reviewer_2)  # four eyes: another reviewer
    assert target(page_a).live
    assert status_of(page_a) == Status.UP_TO_DATE


def test_the_submitter_cannot_approve_their_own_submission(
    page_a, reviewer_ar, reviewer_2
):
    translation = services.start_translation(page_a, locale("ar"))
    translate(translation, reviewer_2)
    services.submit_for_review(translation, reviewer_ar)
    with pytest.raises(review.ReviewRefused):
        approve(target(page_a), reviewer_ar)
    with pytest.raises(review.ReviewRefused):  # reviewer_2 wrote it
        approve(target(page_a), reviewer_2)
    assert not target(page_a).live


def test_stop_translation_is_refused_for_translators_and_status_stays_derived(
    client, page_a, translator_ar, reviewer_ar, editor_a
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    url = reverse("wagtail_localize:stop_translation", args=[translation.pk])
    for user in (translator_ar, reviewer_ar):
        client.force_login(user)
        response = client.post(url)
        assert response.status_code in (302, 403)
        translation.refresh_from_db()
        assert translation.enabled
    client.force_login(editor_a)
    client.post(url)
    translation.refresh_from_db()
    assert not translation.enabled
    # The status is not frozen: a source change still outdates it.
    set_paragraphs(page_a, "Geänderte Zeiten.").publish(user=editor_a)
    assert status_of(page_a) == Status.OUTDATED


def test_the_localize_editors_publish_is_refused_even_for_editors(
    client, page_a, in_review, editor_a
):
    client.force_login(editor_a)
    arabic = target(page_a)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[arabic.pk]),
        {"action": "publish"},
        follow=True,
    )
    assert "Prüfer ihrer Sprache sie freigibt" in response.content.decode()
    assert not target(page_a).live
    # And directly, as the admin API and scheduled publishing would.
    with pytest.raises(review.ReviewRequired):
        arabic.get_latest_revision().publish(user=editor_a)
    assert not target(page_a).live


def test_update_translations_with_publish_immediately_does_not_publish(
    client,
    page_a,
    translator_ar,
    reviewer_ar,
    editor_a,
    django_capture_on_commit_callbacks,
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    with services.minor_edit():
        set_paragraphs(page_a, ORIGINAL, "Neu").publish(user=editor_a)
    client.force_login(editor_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse(
                "wagtail_localize:update_translations",
                args=[translation.source.pk],
            ),
            {"publish_translations": "on"},
        )
    assert "Neu" not in str(target(page_a).body)
    assert status_of(page_a) == Status.OUTDATED


def test_bulk_publish_of_a_translation_is_refused(client, page_a, in_review, editor_a):
    arabic = target(page_a)
    client.force_login(editor_a)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    client.post(f"{url}?id={arabic.pk}", {"include_descendants": ""})
    assert not target(page_a).live


def test_a_revision_revert_cannot_publish_a_translation(
    client, page_a, translator_ar, reviewer_ar, editor_a
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    arabic = target(page_a)
    first = arabic.live_revision
    translation = services.translation_for_page(arabic)
    translate(translation, translator_ar, prefix="NEU ")
    services.save_draft(translation, translator_ar)
    client.force_login(editor_a)
    client.post(
        reverse("wagtailadmin_pages:edit", args=[arabic.pk]),
        {"action-publish": "action-publish", "revision": first.pk},
    )
    assert not target(page_a).title.startswith("NEU")
    assert status_of(page_a) == Status.UP_TO_DATE


def test_approval_after_the_source_changed_is_not_up_to_date(
    page_a, in_review, editor_a, reviewer_ar
):
    set_paragraphs(page_a, ORIGINAL, "Neuer Satz.").publish(user=editor_a)
    # The review was cancelled; nothing is live, nothing up to date.
    assert services.active_workflow_state(target(page_a)) is None
    assert status_of(page_a) == Status.IN_TRANSLATION


def test_untranslated_segments_cannot_be_submitted_or_approved(page_a, translator_ar):
    translation = services.start_translation(page_a, locale("ar"))
    translate(translation, translator_ar, only={ORIGINAL})
    with pytest.raises(services.ReviewError, match="Wörter sind noch nicht übersetzt"):
        services.submit_for_review(translation, translator_ar)
    assert status_of(page_a) == Status.IN_TRANSLATION


def test_requested_changes_leave_a_stale_live_page_outdated(
    page_a, translator_ar, reviewer_ar, editor_a
):
    translation = reviewed_translation(page_a, translator_ar, reviewer_ar)
    set_paragraphs(page_a, ORIGINAL, "Neuer Satz.").publish(user=editor_a)
    translate(
        translation,
        translator_ar,
        prefix="MT ",
        kind=StringTranslation.TRANSLATION_TYPE_MACHINE,
        only={"Neuer Satz."},
    )
    services.submit_for_review(translation, translator_ar)
    reject(target(page_a), reviewer_ar)
    assert status_of(page_a) == Status.OUTDATED


def test_locale_synchronisation_is_switched_off(superuser):
    with pytest.raises(Exception, match="Synchronisierung der Sprachen"):
        LocaleSynchronization.objects.create(
            locale=locale("tr"), sync_from=locale("de")
        )


def test_pages_are_not_created_in_a_language_the_municipality_lacks(page_a):
    with pytest.raises(Exception, match="bietet diese Sprache nicht an"):
        page_a.copy_for_translation(locale("fr"), copy_parents=True)


# Tree operations -----------------------------------------------------------------


def test_unpublishing_a_source_unpublishes_its_translations(
    page_a, translator_ar, reviewer_ar, editor_a
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    page_a.specific.unpublish(user=editor_a)
    assert not target(page_a).live
    assert status_of(page_a) == Status.MISSING  # no row: nothing to translate
    assert status.check() == []


def test_deleting_a_source_in_the_admin_deletes_its_translations_and_rows(
    client, superuser, page_a, translator_ar, reviewer_ar
):
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    translated_pk = target(page_a).pk
    client.force_login(superuser)
    response = client.post(reverse("wagtailadmin_pages:delete", args=[page_a.pk]))
    assert response.status_code == 302
    assert not Page.objects.filter(pk__in=[page_a.pk, translated_pk]).exists()
    assert not TranslationStatus.objects.filter(
        translation_key=page_a.translation_key
    ).exists()
    assert status.check() == []


def test_deleting_a_source_elsewhere_takes_its_translations_offline(
    page_a, translator_ar, reviewer_ar
):
    """Bulk delete and ``page.delete()`` do not cascade to translations;
    Wagtail unpublishes a live page before deleting it, and unpublishing a
    source unpublishes its translations, so none stays live without one."""
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    Page.objects.get(pk=page_a.pk).delete()
    assert not target(page_a).live
    assert not TranslationStatus.objects.filter(
        translation_key=page_a.translation_key
    ).exists()
    assert status.check() == []


def test_copying_a_source_copies_its_translations_as_drafts_for_review(
    client, editor_a, page_a, translator_ar, reviewer_ar
):
    from wagtail_localize.models import Translation

    reviewed_translation(page_a, translator_ar, reviewer_ar)
    client.force_login(editor_a)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[page_a.pk]),
        {
            "new_title": "Kopie",
            "new_slug": "kopie",
            "new_parent_page": page_a.get_parent().pk,
            "publish_copies": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    notes = [str(message) for message in response.context["messages"]]
    assert any(message.startswith("1 ") for message in notes), notes
    copy = Page.objects.get(slug="kopie", locale=locale("de"))
    assert copy.live and copy.translation_key != page_a.translation_key
    arabic = target(copy)
    assert not arabic.live  # a copy goes live only after review
    draft = arabic.get_latest_revision_as_object()
    assert "AR " in str(draft.body)
    assert status_of(copy) == Status.IN_TRANSLATION
    assert status.check() == []

    translation = Translation.objects.get(
        source__object_id=copy.translation_key, target_locale=locale("ar")
    )
    # The body came from translation memory; the new title and slug are left.
    assert review.untranslated_words(translation) == 2
    translate(translation, translator_ar, only={"Kopie", "kopie"})
    services.submit_for_review(translation, translator_ar)
    approve(target(copy), reviewer_ar)
    assert target(copy).live
    assert status_of(copy) == Status.UP_TO_DATE
    assert status_of(page_a) == Status.UP_TO_DATE
    assert status.check() == []


def test_deleting_a_translation_lists_the_page_as_missing_again(
    page_a, translator_ar, reviewer_ar
):
    from wagtail.actions.delete_page import DeletePageAction

    reviewed_translation(page_a, translator_ar, reviewer_ar)
    assert status_of(page_a) == Status.UP_TO_DATE
    DeletePageAction(target(page_a)).execute(skip_permission_checks=True)
    row = TranslationStatus.objects.get(
        translation_key=page_a.translation_key, locale=locale("ar")
    )
    assert row.status == Status.MISSING
    assert row.words_left == row.words_total > 0
    assert status.check() == []


def test_moving_a_source_moves_its_translations(
    municipality_a, page_a, translator_ar, reviewer_ar
):
    from ..factories import add_information_page

    parent = add_information_page(municipality_a.home_page, "Dienste")
    reviewed_translation(parent, translator_ar, reviewer_ar)
    reviewed_translation(page_a, translator_ar, reviewer_ar)
    from wagtail.actions.move_page import MovePageAction

    MovePageAction(Page.objects.get(pk=page_a.pk), parent, pos="last-child").execute(
        skip_permission_checks=True
    )
    assert target(page_a).get_parent().pk == target(parent).pk
    assert status.check() == []


def test_adding_a_language_lists_every_page_as_missing(municipality_a, page_a):
    from rathaus.site.municipalities.services import add_locale

    add_locale(municipality_a, "fa") if "fa" in _codes() else None
    code = "fa" if "fa" in _codes() else None
    if code is None:
        pytest.skip("no further content language configured")
    assert status_of(page_a, code) == Status.MISSING
    from rathaus.site.translation.models import TranslationStatus

    assert TranslationStatus.objects.filter(
        translation_key=page_a.translation_key, locale=locale(code)
    ).exists()
    assert status.check() == []


def _codes():
    from django.conf import settings

    return {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}


def test_a_shared_page_shows_the_owners_status(
    page_a, translator_ar, reviewer_ar, municipality_a, municipality_b
):
    from rathaus.site.translation import sharing

    reviewed_translation(page_a, translator_ar, reviewer_ar)
    municipality_a.partners.add(municipality_b)  # symmetrical
    shared = sharing.share_page(page_a, municipality_b, municipality_b.home_page)
    aliases = sharing.aliases_of_share(shared)
    keys = [alias.translation_key for alias in aliases]
    statuses = status.statuses_for(keys, "ar")
    assert set(statuses.values()) <= {Status.UP_TO_DATE}


# Every admin URL that could publish is classified -----------------------------------

# route -> how review is kept: "review" (goes through the workflow), "refused"
# (refused for translations by a view or hook), "guarded" (ends in a page save
# the guard checks), "draft" (writes translation memory or drafts only),
# "read" (reads only) or "no pages" (does not touch page content).
CLASSIFIED = {
    "admin/api/main/^pages/<int:pk>/action/<str:action_name>/": "guarded",
    "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/": "refused",
    "admin/locales/copy/<int:pk>/": "refused",
    "admin/locales/edit/<int:pk>/": "refused",
    "admin/locales/new/": "refused",
    "admin/localize/page/<int:page_id>/convert_to_alias/": "refused",
    "admin/localize/submit/page/<int:page_id>/": "draft",
    "admin/localize/submit/snippet/<slug:app_label>/<slug:model_name>/<str:pk>/": (
        "no pages"
    ),
    "admin/localize/translate/<int:translation_id>/disable/": "refused",
    "admin/localize/translate/<int:translation_id>/machine_translate/": "draft",
    "admin/localize/translate/<int:translation_id>/overrides/"
    "<int:overridable_segment_id>/edit/": "draft",
    "admin/localize/translate/<int:translation_id>/pofile/upload/": "draft",
    "admin/localize/translate/<int:translation_id>/strings/"
    "<int:string_segment_id>/edit/": "draft",
    "admin/localize/update/<int:translation_source_id>/": "refused",
    "admin/pages/<int:page_id>/convert_alias/": "guarded",
    "admin/pages/<int:page_id>/copy/": "guarded",
    "admin/pages/<int:page_id>/delete/": "no pages",
    "admin/pages/<int:page_id>/edit/": "refused",
    "admin/pages/<int:page_id>/lock/": "no pages",
    "admin/pages/<int:page_id>/unlock/": "no pages",
    "admin/pages/<int:page_id>/privacy/": "no pages",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/revert/": "refused",
    "admin/pages/<int:page_id>/revisions/<int:revision_id>/unschedule/": "no pages",
    "admin/pages/<int:page_id>/unpublish/": "no pages",
    "admin/pages/<int:page_to_move_id>/move/<int:destination_id>/confirm/": ("guarded"),
    "admin/pages/<int:page_to_move_id>/set_position/": "no pages",
    "admin/pages/<int:page_to_move_id>/move/": "read",
    "admin/locales/delete/<int:pk>/": "no pages",
    "admin/localize/translate/<int:translation_id>/pofile/download/": "read",
    "admin/pages/<int:parent_page_id>/add_subpage/": "read",
    "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/"
    "<int:parent_page_id>/": "guarded",
    "admin/pages/create/<slug:app_label>/<slug:model_name>": "guarded",
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/"
    "<int:task_state_id>/": "review",
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/"
    "<int:task_state_id>/": "read",
    "admin/pages/workflow/confirm_cancellation/<int:page_id>/": "read",
    "admin/translation-status/translate/<int:translation_id>/submit/": "review",
    "admin/translation-status/translate/<int:translation_id>/machine-reviewed/": (
        "draft"
    ),
    "admin/translation-status/xliff/<int:page_id>/<str:locale_code>/import/": "draft",
    "admin/translation-status/subtree/<int:page_id>/": "draft",
    "admin/translation-status/share/<int:page_id>/": "guarded",
    "admin/translation-status/share/<int:page_id>/<int:shared_id>/stop/": "no pages",
    "admin/workflows/add/": "guarded",
    "admin/workflows/disable/<int:pk>/": "guarded",
    "admin/workflows/edit/<int:pk>/": "guarded",
    "admin/workflows/remove/<int:page_pk>/": "guarded",
    "admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/": "guarded",
}
WRITES = re.compile(
    r"action|bulk|alias|copy|delete|edit|lock|privacy|revert|unschedule|unpublish|"
    r"move|set_position|add|create|submit|disable|translate|upload|update|"
    r"import|subtree|share|workflows/(add|disable|edit|remove)|locales/(new|copy)"
)


def admin_routes():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return {
        route
        for route in walk(get_resolver().url_patterns)
        if route.startswith("admin/")
    }


def test_every_admin_url_that_could_publish_a_page_is_classified():
    relevant = {
        route
        for route in admin_routes()
        if re.search(r"pages|localize|bulk|workflow|locales/|translation-status", route)
        and WRITES.search(route)
        and "preview" not in route
        and "results" not in route
        and "chooser" not in route
        and "/tasks/" not in route
        # Snippet views write snippet rows, never page content (a module's
        # "bulky waste" snippets only match "bulk" by name).
        and not route.startswith("admin/snippets/")
    }
    unclassified = sorted(relevant - set(CLASSIFIED))
    assert not unclassified, (
        "New admin URLs that may write pages: classify them in CLASSIFIED "
        f"(review, refused, guarded, draft, read, no pages): {unclassified}"
    )


# Where reviewers work -----------------------------------------------------------------


def test_the_reviewer_approves_inside_the_right_to_left_translation_editor(
    client, page_a, in_review, reviewer_ar
):
    arabic = target(page_a)
    client.force_login(reviewer_ar)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[arabic.pk])).content
    html = html.decode()
    assert "data-rathaus-approve" in html
    assert "data-rathaus-request-changes" in html
    assert "data-rathaus-rtl" in html
    state = services.active_workflow_state(arabic)
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[arabic.pk, "approve", state.current_task_state_id],
        )
    )
    assert target(page_a).live
    assert status_of(page_a) == Status.UP_TO_DATE


def test_a_refused_approval_says_why_and_keeps_nothing(
    client, page_a, in_review, reviewer_ar
):
    arabic = target(page_a)
    segment = in_review.source.stringsegment_set.first()
    translation = StringTranslation.objects.get(
        locale=locale("ar"), context=segment.context
    )
    translation.data, translation.last_translated_by = "vom Prüfer", reviewer_ar
    translation.save()
    client.force_login(reviewer_ar)
    url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    assert "data-rathaus-approve-refused" in client.get(url).content.decode()
    state = services.active_workflow_state(arabic)
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[arabic.pk, "approve", state.current_task_state_id],
        ),
        follow=True,
    )
    assert "Sie haben an dieser Übersetzung mitgeschrieben" in response.content.decode()
    assert not target(page_a).live
    assert services.active_workflow_state(arabic).status == "in_progress"


def test_a_refused_approval_from_the_page_editors_action_menu_says_why(
    client, page_a, in_review, reviewer_ar
):
    arabic = target(page_a)
    segment = in_review.source.stringsegment_set.first()
    translation = StringTranslation.objects.get(
        locale=locale("ar"), context=segment.context
    )
    translation.data, translation.last_translated_by = "vom Prüfer", reviewer_ar
    translation.save()
    client.force_login(reviewer_ar)
    url = reverse("wagtailadmin_pages:edit", args=[arabic.pk])
    response = client.post(
        url,
        {"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert response.status_code == 302 and response.url == url
    page = client.get(url).content.decode()
    assert "Sie haben an dieser Übersetzung mitgeschrieben" in page
    assert not target(page_a).live
    assert services.active_workflow_state(arabic).status == "in_progress"

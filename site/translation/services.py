"""The translation workflow: sync on publish, drafts, review, subtrees.

wagtail-localize does the segment work; this module adds what it lacks and
what Rathaus needs:

- ``sync_source``: publishing a source page re-extracts its segments; when
  translatable text changed, every translation is re-saved as a *draft*
  revision (the live translation stays as approved) and reviews under way are
  cancelled. A minor edit (``minor_edit()`` or the editor's "Publish (minor
  edit)") keeps the segments to translate as they were.
- ``follow_source``: non-translatable fields (dates, positions, hours, page
  references mapped to the translation's locale) follow the source at once on
  every publish, minor edits included, without changing any status.
- ``save_draft``: a translation's current strings as a new draft revision,
  without touching the live row (localize's ``save_target`` writes the page
  row, which would serve unreviewed text).
- ``submit_for_review``: the step localize lacks: starts (or resumes) the
  locale root's review workflow for a translated page, refused while words
  are untranslated.
- ``publish_approved_translation``: the only way a translation goes live
  (the review workflow's finish action, after the four-eyes check).
- tree operations: unpublishing or moving a source page does the same to its
  translations.
"""

import contextlib
import contextvars
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, WorkflowState

from . import review, status
from .models import LiveTranslation

logger = logging.getLogger(__name__)

_minor_edit = contextvars.ContextVar("rathaus_minor_edit", default=False)


class ReviewError(Exception):
    """A translation cannot be submitted for review (the message says why)."""


# Minor edits ----------------------------------------------------------------


@contextlib.contextmanager
def minor_edit(minor=True):
    """Publishing inside the block is a minor edit: translations stay as they are."""
    token = _minor_edit.set(bool(minor))
    try:
        yield
    finally:
        _minor_edit.reset(token)


def set_minor_edit_for_request(minor):
    """The editor's "Publish (minor edit)": valid until the request finishes."""
    _minor_edit.set(bool(minor))


def reset_minor_edit(**kwargs):
    _minor_edit.set(False)


def is_minor_edit():
    return _minor_edit.get()


# Looking things up ----------------------------------------------------------


def translation_for_page(page, enabled_only=True):
    """The wagtail-localize Translation whose target is ``page``."""
    from wagtail_localize.models import Translation

    translations = Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    ).exclude(source__locale_id=page.locale_id)
    if enabled_only:
        translations = translations.filter(enabled=True)
    return (
        translations.select_related("source", "target_locale", "source__locale")
        .order_by("-enabled")
        .first()
    )


def is_translation_target(page):
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id
        )
        .exclude(source__locale_id=page.locale_id)
        .exists()
    )


def source_of(page):
    """The TranslationSource of ``page`` if it is a source of translations."""
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()


def active_workflow_state(page):
    return (
        WorkflowState.objects.active()
        .filter(
            base_content_type_id=page.get_base_content_type().pk,
            object_id=str(page.pk),
        )
        .first()
    )


# Drafts and sync --------------------------------------------------------------


def save_draft(translation, user=None):
    """Save the translation's current strings as a draft revision of the target.

    A target that does not exist yet is created (as a draft). An existing one
    gets a new revision only, so its live content stays what was approved.
    Returns the target page.
    """
    from wagtail_localize.fields import copy_synchronised_fields
    from wagtail_localize.segments.ingest import ingest_segments

    source = translation.source
    # The source may have been synced since ``translation`` was loaded (a
    # publish runs ``sync_source`` on its own instance): build the draft from
    # the content the segments were extracted from, not from a cached copy.
    source.refresh_from_db()
    locale = translation.target_locale
    try:
        target = source.get_translated_instance(locale)
    except ObjectDoesNotExist:
        translation.save_target(user=user, publish=False)
        return source.get_translated_instance(locale)
    if not isinstance(target, Page):
        translation.save_target(user=user, publish=False)
        return target

    original = source.as_instance()
    draft = target.get_latest_revision_as_object()
    copy_synchronised_fields(original, draft)
    segments = source._get_segments_for_translation(locale, fallback=True)
    with transaction.atomic():
        ingest_segments(original, draft, source.locale, locale, segments)
        # As localize does; a slug in a non-Latin script slugifies to nothing.
        draft.slug = find_available_slug(
            target.get_parent(),
            slugify(draft.slug) or original.slug,
            ignore_page_id=target.pk,
        )
        draft.save_revision(user=user, clean=False)
    target.refresh_from_db()
    return target


def segment_keys(source):
    return set(source.stringsegment_set.values_list("context_id", "string_id"))


def sync_source(page, user=None):
    """Re-extract a published source page; re-save its translations if text changed.

    New and changed segments appear untranslated in the editor; unchanged
    ones keep their translations (localize's translation memory is keyed by
    string and context). When no translatable text changed (or it changed
    back to text that was translated), nothing else happens. Otherwise each
    translation gets a new draft and reviews under way are cancelled: they
    review text the source no longer has. Returns the number of translations
    synced.
    """
    source = source_of(page)
    if source is None:
        return 0
    before = segment_keys(source)
    source.update_from_db()
    if segment_keys(source) == before:
        return 0
    synced = 0
    for translation in source.translations.filter(enabled=True).select_related(
        "target_locale", "source"
    ):
        try:
            target = save_draft(translation, user=user)
        except Exception:
            # One broken translation must not stop the source from publishing.
            logger.exception(
                "Could not sync %s into %s", page, translation.target_locale
            )
            continue
        state = active_workflow_state(target)
        if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            state.cancel(user=user)
        synced += 1
    status.refresh(page)
    return synced


def translated_pages(page):
    """The non-alias translations of a source page (other locales)."""
    return (
        Page.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(locale_id=page.locale_id)
        .specific()
    )


def follow_source(page):
    """Non-translatable fields of every translation follow the published source.

    Dates, positions, flags, opening-hours times and page references (mapped
    to the same page in the translation's locale where one exists) are
    copied to the live row and to the latest draft, without a new revision
    and without touching translatable text, so statuses and reviews under way
    stay as they are. Returns the number of translations changed.
    """
    from . import synced_fields

    source = page.specific
    changed = 0
    with review.following_source():
        for target in translated_pages(page):
            if synced_fields.follow(source, target):
                changed += 1
    return changed


def unpublish_translations(page, user=None):
    """A source page went offline: its translations go offline too."""
    for target in translated_pages(page).filter(live=True):
        target.unpublish(user=user, log_action=True)


def move_translations(page):
    """A source page moved: each translation moves under the parent's translation."""
    from wagtail.actions.move_page import MovePageAction

    parent = page.get_parent()
    for target in translated_pages(page):
        new_parent = (
            Page.objects.filter(
                translation_key=parent.translation_key, locale_id=target.locale_id
            )
            .exclude(alias_of__isnull=False)
            .first()
        )
        if new_parent is None or target.get_parent().pk == new_parent.pk:
            continue
        MovePageAction(target, new_parent, pos="last-child").execute(
            skip_permission_checks=True
        )


# Review ---------------------------------------------------------------------


def review_workflow_for(page):
    return page.get_workflow()


@transaction.atomic
def submit_for_review(translation, user):
    """Save the translation as a draft and send it to its locale's reviewers.

    Starts the review workflow of the locale root, or resumes it after
    reviewers requested changes. Raises ReviewError with a clear message.
    """
    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise ReviewError(_("Only page translations go through review."))
    page = page.specific
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied
    workflow = review_workflow_for(page)
    if workflow is None or not workflow.active:
        raise ReviewError(_("No review workflow applies to this page."))
    state = active_workflow_state(page)
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ReviewError(_("This translation is already in review."))
    left = review.untranslated_words(translation)
    if left:
        raise ReviewError(
            ngettext(
                "%(words)s word is still untranslated; translate it before "
                "submitting for review.",
                "%(words)s words are still untranslated; translate them before "
                "submitting for review.",
                left,
            )
            % {"words": left}
        )
    page = save_draft(translation, user=user)
    if state is not None:  # needs changes: resume with the new revision
        state.resume(user=user)
    else:
        workflow.start(page, user)
    return page


def mark_machine_translations_reviewed(translation, user):
    """A person has checked every machine-translated segment of a translation."""
    from wagtail_localize.models import StringTranslation

    contexts = translation.source.stringsegment_set.values("context_id")
    updated = StringTranslation.objects.filter(
        locale=translation.target_locale,
        context_id__in=contexts,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    ).update(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        last_translated_by=user,
    )
    status.refresh(translation.source.object_id)
    return updated


def publish_seeded_translation(page, translation, reviewer):
    """Seed data (the demo): what an approval by ``reviewer`` does, without a workflow.

    Only code calls this; no admin view or API reaches it.
    """
    page = page.specific
    revision = page.get_latest_revision()
    review.record_live(page, translation, revision, reviewer)
    with review.approved_publish(page.pk):
        revision.publish(user=reviewer, skip_permission_checks=True)
    status.refresh(page)
    return page


def publish_approved_translation(page, translation, workflow_state, user):
    """An approved translation goes live with its translations as they are now.

    Refused (``review.ReviewRefused``) when ``user`` wrote part of it or
    segments are untranslated. Records the reviewed segments before the
    page goes live, so the status derived on publish is already right.
    """
    revision = workflow_state.current_task_state.revision or page.get_latest_revision()
    if not translation.enabled:
        # Translation stopped: the page is edited as a page of its own; the
        # submitted revision goes live, but no segment counts as reviewed.
        review.check_not_requester(workflow_state, user)
        with review.approved_publish(page.pk):
            revision.publish(user=user, skip_permission_checks=True)
        LiveTranslation.objects.filter(page_id=page.pk).delete()
        status.refresh(page)
        return page
    review.check_can_approve(translation, page, workflow_state, user)
    if review.segments_changed_since(translation, revision):
        # Segments were edited during the review: publish them as they are.
        page = save_draft(translation, user=user).specific
        revision = page.get_latest_revision()
    review.record_live(page, translation, revision, user)
    with review.approved_publish(page.pk):
        revision.publish(user=user, skip_permission_checks=True)
    status.refresh(page)
    return page


# Starting translations --------------------------------------------------------


def translate_ancestors(page, locale, user=None):
    """Start translations of ``page``'s untranslated ancestors (drafts).

    Otherwise wagtail-localize copies them as live aliases of the source,
    which would show untranslated text in the translated tree.
    """
    for ancestor in page.get_ancestors().filter(depth__gt=2).order_by("depth"):
        if not ancestor.get_translations().filter(locale=locale).exists():
            start_translation(ancestor.specific, locale, user=user)


def start_translation(page, locale, user=None):
    """Translate ``page`` into ``locale`` (idempotent): Translation and draft."""
    from wagtail_localize.models import Translation, TranslationSource

    translate_ancestors(page, locale, user=user)
    source, _created = TranslationSource.get_or_create_from_instance(page.specific)
    translation, created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        translation.enabled = True
        translation.save(update_fields=["enabled"])
    if created or not page.get_translations().filter(locale=locale).exists():
        translation.save_target(user=user, publish=False)
    return translation


def copy_translations(original, copy, user=None):
    """A copied source page brings its translations along, as drafts for review.

    Wagtail gives the copy (and its copied subpages) new translation keys, so
    nothing links it to the original's translations. For every locale a page
    of the original was translated into, and whose translation of the copy's
    parent exists, this starts the copy's translation with the original's
    translation memory: every segment translated before is translated again,
    machine output still marked as such. The drafts then go through review
    like any translation. Returns the number of drafts started.
    """
    from wagtail_localize.models import Translation as LocalizeTranslation
    from wagtail_localize.models import (
        TranslationContext,
        TranslationSource,
    )

    started = 0
    pairs = zip(subtree_pages(original), subtree_pages(copy), strict=False)
    for index, (page, new) in enumerate(pairs):
        # Subpages are copied in order with their slugs; the root may be renamed.
        if page.content_type_id != new.content_type_id or (
            index and page.slug != new.slug
        ):
            break
        parent = new.get_parent()
        parent_locales = set(
            Page.objects.filter(translation_key=parent.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        locales = [
            translation.target_locale
            for translation in LocalizeTranslation.objects.filter(
                source__object_id=page.translation_key,
                source__locale_id=page.locale_id,
                enabled=True,
            ).select_related("target_locale")
            if translation.target_locale_id in parent_locales
        ]
        if not locales:
            continue
        TranslationSource.get_or_create_from_instance(new)
        contexts = dict(
            TranslationContext.objects.filter(
                object_id=new.translation_key
            ).values_list("path", "pk")
        )
        for locale in locales:
            copy_translation_memory(page.translation_key, contexts, locale)
            start_translation(new, locale, user=user)
            started += 1
    status.refresh(copy)
    return started


def copy_translation_memory(translation_key, contexts, locale):
    """The translations in ``locale`` of one object's segments, for another
    object's contexts of the same path (``{path: context id}``)."""
    from wagtail_localize.models import StringTranslation

    memory = StringTranslation.objects.filter(
        locale=locale, context__object_id=translation_key
    ).select_related("context")
    for row in memory:
        if row.context.path not in contexts:
            continue
        StringTranslation.objects.get_or_create(
            translation_of_id=row.translation_of_id,
            locale=locale,
            context_id=contexts[row.context.path],
            defaults={
                "data": row.data,
                "translation_type": row.translation_type,
                "tool_name": row.tool_name,
                "last_translated_by": row.last_translated_by,
            },
        )


def subtree_pages(root):
    """The root and its descendants (no aliases), parents before children."""
    return list(
        root.get_descendants(inclusive=True)
        .filter(alias_of__isnull=True)
        .order_by("path")
        .specific()
    )


def translate_subtree(
    root, locale, *, user=None, machine_translate=False, progress=None
):
    """Start translations of a whole subtree into ``locale``; optionally machine-fill.

    Idempotent and safe to retry: existing translations and translated
    segments are kept. ``progress(done, total)`` is called after each page.
    Returns the number of pages handled; machine translation errors (a spent
    budget) propagate after the pages before them are done.
    """
    from . import machine

    municipality = status.municipality_for_page(root)
    pages = subtree_pages(root)
    if progress:
        progress(0, len(pages))
    for number, page in enumerate(pages, start=1):
        with transaction.atomic():
            translation = start_translation(page, locale, user=user)
        if machine_translate:
            machine.machine_translate(translation, user, municipality)
        if progress:
            progress(number, len(pages))
    return len(pages)


def run_subtree_job(job):
    """Run a SubtreeTranslationJob, recording progress on the row."""
    from .models import SubtreeTranslationJob

    State = SubtreeTranslationJob.State

    def progress(done, total):
        job.done, job.total = done, total
        job.save(update_fields=["done", "total", "updated_at"])

    job.state, job.message, job.done = State.RUNNING, "", 0
    job.save(update_fields=["state", "message", "done", "updated_at"])
    try:
        translate_subtree(
            job.root_page,
            job.locale,
            user=job.requested_by,
            machine_translate=job.machine_translate,
            progress=progress,
        )
    except Exception as error:
        from .machine import MachineTranslationError

        job.state = State.FAILED
        job.message = (
            str(error)
            if isinstance(error, MachineTranslationError)
            else _("The job failed: %(error)s") % {"error": error}
        )
        job.save(update_fields=["state", "message", "updated_at"])
        if not isinstance(error, MachineTranslationError):
            logger.exception("Subtree translation job %s failed", job.pk)
        return job
    job.state = State.DONE
    job.save(update_fields=["state", "updated_at"])
    return job

"""The translation workflow: sync on publish, drafts, review, subtrees.

wagtail-localize does the segment work; this module adds what it lacks and
what Rathaus needs:

- ``sync_source``: publishing a source page with a non-minor change re-extracts
  its segments and re-saves every translation as a *draft* revision (the live
  translation stays as approved), marking the translations outdated. A minor
  edit (``minor_edit()`` or the editor's "Publish (minor edit)") does not.
- ``save_draft``: a translation's current strings as a new draft revision,
  without touching the live row (localize's ``save_target`` writes the page
  row, which would serve unreviewed text).
- ``submit_for_review``: the step localize lacks: starts (or resumes) the
  locale root's review workflow for a translated page.
"""

import contextlib
import contextvars
import logging

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, WorkflowState

from . import status
from .state import Event

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


def translation_for_page(page):
    """The enabled wagtail-localize Translation whose target is ``page``."""
    from wagtail_localize.models import Translation

    return (
        Translation.objects.filter(
            source__object_id=page.translation_key,
            target_locale_id=page.locale_id,
            enabled=True,
        )
        .select_related("source", "target_locale", "source__locale")
        .first()
    )


def is_translation_target(page):
    from wagtail_localize.models import Translation

    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    ).exists()


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


def sync_source(page, user=None):
    """Re-extract a published source page and re-save its translations as drafts.

    New and changed segments appear untranslated in the editor; unchanged
    ones keep their translations (localize's translation memory is keyed by
    string and context). Reviews under way are cancelled: they review text
    the source no longer has. Returns the number of translations synced.
    """
    source = source_of(page)
    if source is None:
        return 0
    source.update_from_db()
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
        # Outdated first: cancelling the review then changes nothing more.
        status.record_event(
            page.translation_key, translation.target_locale, Event.SOURCE_CHANGED
        )
        state = active_workflow_state(target)
        if state is not None:
            state.cancel(user=user)
        synced += 1
    return synced


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
    status.record_event(
        translation.source.object_id, translation.target_locale, Event.SEGMENT_SAVED
    )
    return updated


# Starting translations --------------------------------------------------------


def start_translation(page, locale, user=None):
    """Translate ``page`` into ``locale`` (idempotent): Translation and draft."""
    from wagtail_localize.models import Translation, TranslationSource

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

"""Keep the status cache and the translations in step with what happens.

Every handler ends in ``status.refresh``, which recomputes the statuses of the
page's translations from the facts; no handler decides a status itself.

- a source page is published: its translations are re-synced (unless it was
  a minor edit or no translatable text changed) and their non-translatable
  fields follow it (``services.follow_source``)
- a source page is unpublished, deleted or moved: its translations follow
  (``services``: tree operations)
- a municipality offers a new language: every page is listed as missing
- pages are published, unpublished, deleted; translations created;
  segments translated; reviews submitted, approved, rejected or cancelled:
  refresh
"""

from django.core.signals import request_finished
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    task_submitted,
    workflow_approved,
    workflow_cancelled,
    workflow_rejected,
)

from rathaus.site.municipalities.models import Municipality

from . import machine, review, services, sharing, status


def on_translation_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return  # a fixture or the prepared demo: derived once, after loading
    status.refresh(instance.source.object_id)


def on_string_translation_changed(sender, instance, raw=False, **kwargs):
    from wagtail_localize.models import TranslationContext

    if raw:
        return

    key = (
        TranslationContext.objects.filter(pk=instance.context_id)
        .values_list("object_id", flat=True)
        .first()
    )
    if key is None:
        return
    # Translation memory is shared; only pages with a translation change.
    if Page.objects.filter(translation_key=key, locale_id=instance.locale_id).exists():
        status.refresh(key)


def on_page_published(sender, instance, revision=None, **kwargs):
    page = instance
    municipality = status.municipality_for_page(page)
    if municipality is None:
        return
    if (
        page.alias_of_id is None
        and page.locale_id == municipality.default_locale_id
        and not services.is_translation_target(page)
    ):
        user = getattr(revision, "user", None)
        with status.batched():
            if not services.is_minor_edit():
                services.sync_source(page, user=user)
            services.follow_source(page)
            status.refresh(page)
        return
    if services.is_translation_target(page):
        sharing.refresh_shares_of(page)
    status.refresh(page)


def on_page_unpublished(sender, instance, **kwargs):
    municipality = status.municipality_for_page(instance)
    if municipality is None:
        return
    if (
        instance.locale_id == municipality.default_locale_id
        and not instance.alias_of_id
    ):
        services.unpublish_translations(instance)
    status.refresh(instance)


def on_page_moved(sender, instance, **kwargs):
    municipality = status.municipality_for_page(instance)
    if (
        municipality is not None
        and instance.locale_id == municipality.default_locale_id
    ):
        services.move_translations(instance)
    status.refresh_subtree(instance)


def on_workflow_changed(sender, instance, **kwargs):
    state = getattr(instance, "workflow_state", instance)
    page = state.content_object
    if isinstance(page, Page):
        status.refresh(page)


def on_page_created(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw and isinstance(instance, Page) and instance.depth > 2:
        status.refresh(instance.translation_key)


def on_page_deleted(sender, instance, **kwargs):
    """Refresh after the ``wagtailcore_page`` row is gone.

    Django deletes a specific page's own row first and sends its
    ``post_delete`` while the base row still exists; refreshing then would
    find a "source page" without its specific row. The base model's signal
    comes last, when the page is gone from every table.
    """
    if instance.depth and instance.depth >= 2:
        status.refresh(instance.translation_key)


def on_locales_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and isinstance(
        instance, Municipality
    ):
        status.refresh_municipality(instance)


def connect():
    from wagtail_localize.models import StringTranslation, Translation

    pre_save.connect(review.guard_page_save, dispatch_uid="rathaus_review_guard")
    post_save.connect(on_translation_saved, sender=Translation)
    post_save.connect(on_string_translation_changed, sender=StringTranslation)
    post_delete.connect(on_string_translation_changed, sender=StringTranslation)
    page_published.connect(on_page_published)
    page_unpublished.connect(on_page_unpublished)
    post_page_move.connect(on_page_moved)
    task_submitted.connect(on_workflow_changed)
    workflow_approved.connect(on_workflow_changed)
    workflow_rejected.connect(on_workflow_changed)
    workflow_cancelled.connect(on_workflow_changed)
    post_delete.connect(on_page_deleted, sender=Page)
    post_save.connect(on_page_created, dispatch_uid="rathaus_status_page_created")
    m2m_changed.connect(on_locales_changed, sender=Municipality.locales.through)
    request_finished.connect(services.reset_minor_edit)
    request_finished.connect(machine.reset_municipality)

"""Feed the status machine from Wagtail's and wagtail-localize's signals.

- a Translation is created or re-enabled (post_save): STARTED
- a person saves or clears a segment (post_save/post_delete of
  StringTranslation): SEGMENT_SAVED; a machine fills one: MACHINE_TRANSLATED
- a translation enters a review task (task_submitted): SUBMITTED
- reviewers request changes, or the review is cancelled: REJECTED
- a translated page is published (the approval publishes): APPROVED
- a source page is published: SOURCE_CHANGED, or SOURCE_CHANGED_MINOR for a
  minor edit (see ``services.minor_edit``)
- a translated page is deleted: REMOVED
"""

from django.core.signals import request_finished
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    task_submitted,
    workflow_cancelled,
    workflow_rejected,
)

from . import machine, services, sharing, status
from .state import Event


def on_translation_saved(sender, instance, created, **kwargs):
    if not instance.enabled:
        return
    source_page = instance.source.get_source_instance()
    if not isinstance(source_page, Page):
        return
    municipality = status.municipality_for_page(source_page)
    if municipality is None:
        return
    status.record_event(
        instance.source.object_id,
        instance.target_locale_id,
        Event.STARTED,
        municipality=municipality,
        source_page=source_page,
    )


def on_string_translation_saved(sender, instance, **kwargs):
    from wagtail_localize.models import StringTranslation

    deleted = "created" not in kwargs
    machine = (
        not deleted
        and instance.translation_type == StringTranslation.TRANSLATION_TYPE_MACHINE
    )
    translation_key = instance.context.object_id
    # Only rows of started translations: the memory is also used elsewhere.
    if not status.TranslationStatus.objects.filter(
        translation_key=translation_key, locale_id=instance.locale_id
    ).exists():
        return
    status.record_event(
        translation_key,
        instance.locale_id,
        Event.MACHINE_TRANSLATED if machine else Event.SEGMENT_SAVED,
    )


def on_page_published(sender, instance, revision=None, **kwargs):
    page = instance
    municipality = status.municipality_for_page(page)
    if municipality is None:
        return
    if services.is_translation_target(page):
        status.record_event(
            page.translation_key,
            page.locale_id,
            Event.APPROVED,
            municipality=municipality,
        )
        sharing.refresh_shares_of(page)
        return
    if page.alias_of_id or page.locale_id != municipality.default_locale_id:
        return
    user = getattr(revision, "user", None)
    if services.is_minor_edit():
        for row in status.TranslationStatus.objects.filter(
            translation_key=page.translation_key
        ).values_list("locale_id", flat=True):
            status.record_event(page.translation_key, row, Event.SOURCE_CHANGED_MINOR)
    else:
        services.sync_source(page, user=user)
    status.ensure_rows(municipality, page)


def _workflow_page(workflow_state):
    page = workflow_state.content_object
    if isinstance(page, Page) and services.is_translation_target(page):
        return page
    return None


def on_task_submitted(sender, instance, **kwargs):
    page = _workflow_page(instance.workflow_state)
    if page is not None:
        status.record_event(page.translation_key, page.locale_id, Event.SUBMITTED)


def on_workflow_rejected(sender, instance, **kwargs):
    page = _workflow_page(instance)
    if page is not None:
        status.record_event(page.translation_key, page.locale_id, Event.REJECTED)


def on_page_deleted(sender, instance, **kwargs):
    if not isinstance(instance, Page) or instance.depth < 2:
        return
    rows = status.TranslationStatus.objects.filter(
        translation_key=instance.translation_key
    )
    if rows.filter(locale_id=instance.locale_id).exists():
        status.record_event(instance.translation_key, instance.locale_id, Event.REMOVED)
    else:
        # The source page is gone (its source_page was set to NULL).
        rows.filter(source_page__isnull=True).delete()


def connect():
    from wagtail_localize.models import StringTranslation, Translation

    post_save.connect(on_translation_saved, sender=Translation)
    post_save.connect(on_string_translation_saved, sender=StringTranslation)
    post_delete.connect(on_string_translation_saved, sender=StringTranslation)
    page_published.connect(on_page_published)
    task_submitted.connect(on_task_submitted)
    workflow_rejected.connect(on_workflow_rejected)
    workflow_cancelled.connect(on_workflow_rejected)
    post_delete.connect(on_page_deleted)
    request_finished.connect(services.reset_minor_edit)
    request_finished.connect(machine.reset_municipality)

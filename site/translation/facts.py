"""Gather the facts a translation's status is derived from (``state.derive``).

The facts of a source page's translation into a locale, read from Wagtail's
and wagtail-localize's tables and the reviewed-live record:

- the translatable segments of the source as last synced from its live
  revision (wagtail-localize's ``StringSegment`` rows of its
  ``TranslationSource``; a page never translated is extracted directly), with
  word counts;
- whether the translated page exists and is live, and whether its review
  workflow is in progress;
- per segment, whether translation memory holds a translation, and whether
  it is machine output no person has reviewed (``StringTranslation``);
- which segments a reviewer approved that are live now (``LiveTranslation``,
  written when an approval publishes the page).
"""

import re

from django.contrib.contenttypes.models import ContentType
from django.utils.html import strip_tags
from wagtail.models import Page, WorkflowState

from .models import LiveTranslation
from .state import MACHINE, MANUAL, Facts

WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text):
    return len(WORD.findall(strip_tags(text or "")))


def source_segments(source_page):
    """``{segment key: words}`` of the source's translatable segments."""
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.filter(
        object_id=source_page.translation_key, locale_id=source_page.locale_id
    ).first()
    if source is not None:
        return source, {
            (context_id, string_id): count_words(data)
            for context_id, string_id, data in source.stringsegment_set.values_list(
                "context_id", "string_id", "string__data"
            )
        }
    return None, extracted_segments(source_page)


def extracted_segments(page):
    """Segments of a page that has no TranslationSource yet, keyed by path."""
    from wagtail_localize.segments.extract import extract_segments
    from wagtail_localize.segments.types import StringSegmentValue

    return {
        (segment.path, segment.string.data): count_words(segment.string.data)
        for segment in extract_segments(page.specific)
        if isinstance(segment, StringSegmentValue)
    }


def active_reviews(page_ids):
    """Ids (as strings) of the pages among ``page_ids`` with a review under way."""
    if not page_ids:
        return set()
    return set(
        WorkflowState.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            object_id__in=[str(pk) for pk in page_ids],
            status=WorkflowState.STATUS_IN_PROGRESS,
        ).values_list("object_id", flat=True)
    )


def gather(source_page, locale_ids):
    """``{locale_id: Facts}`` for ``source_page``'s translations, in few queries."""
    from wagtail_localize.models import StringTranslation

    locale_ids = list(locale_ids)
    source, segments = source_segments(source_page)
    targets = {
        page.locale_id: page
        for page in Page.objects.filter(
            translation_key=source_page.translation_key,
            locale_id__in=locale_ids,
            alias_of__isnull=True,
        ).only("pk", "locale_id", "live")
    }
    drafted = {locale_id: {} for locale_id in locale_ids}
    if source is not None and segments:
        rows = StringTranslation.objects.filter(
            locale_id__in=locale_ids,
            context_id__in={context_id for context_id, _s in segments},
            has_error=False,
        ).values_list(
            "locale_id", "context_id", "translation_of_id", "translation_type"
        )
        for locale_id, context_id, string_id, kind in rows:
            key = (context_id, string_id)
            if key in segments:
                drafted[locale_id][key] = (
                    MACHINE
                    if kind == StringTranslation.TRANSLATION_TYPE_MACHINE
                    else MANUAL
                )
    live_pages = [page.pk for page in targets.values() if page.live]
    reviewed = {
        page_id: frozenset(tuple(key) for key in keys)
        for page_id, keys in LiveTranslation.objects.filter(
            page_id__in=live_pages
        ).values_list("page_id", "segments")
    }
    reviewing = active_reviews([page.pk for page in targets.values()])
    facts = {}
    for locale_id in locale_ids:
        target = targets.get(locale_id)
        facts[locale_id] = Facts(
            segments=segments,
            target_exists=target is not None,
            target_live=bool(target and target.live),
            in_review=bool(target and str(target.pk) in reviewing),
            drafted=drafted[locale_id],
            reviewed_live=reviewed.get(target.pk, frozenset())
            if target
            else frozenset(),
        )
    return facts

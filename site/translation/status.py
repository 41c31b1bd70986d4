"""Persistent translation status per (page translation_key, locale).

``record_event`` is the only writer: it applies ``state.transition`` to the
row and refreshes its counters (words left, unreviewed machine segments) from
wagtail-localize's tables. Readers: ``bulk_statuses`` (one query, for
GraphQL), ``statuses_for`` and ``matrix`` (the admin overview).
"""

import contextlib
import contextvars
import re
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Locale, Page

from rathaus.site.municipalities.models import Municipality

from .models import TranslationStatus
from .state import Event, State, Status, transition

WORD = re.compile(r"\w+", re.UNICODE)

# While a batch is open, segment events are collected and applied once at the
# end (machine-translating a page saves dozens of segments).
_batch = contextvars.ContextVar("rathaus_translation_status_batch", default=None)


def count_words(text):
    return len(WORD.findall(strip_tags(text or "")))


def municipality_for_page(page):
    """The municipality whose locale trees hold ``page`` (None outside them)."""
    if page.depth < 2:
        return None
    root_path = page.path[: Page.steplen * 2]
    return (
        Municipality.objects.filter(
            site__root_page__translation_key__in=Page.objects.filter(
                path=root_path
            ).values("translation_key")
        )
        .select_related("default_locale")
        .first()
    )


def segment_counts(source, locale):
    """Words in total, words without translation, machine-translated segments."""
    from wagtail_localize.models import StringTranslation

    segments = list(
        source.stringsegment_set.values_list("string_id", "context_id", "string__data")
    )
    translated = {
        (string_id, context_id): kind
        for string_id, context_id, kind in StringTranslation.objects.filter(
            locale=locale,
            context_id__in={context_id for _s, context_id, _d in segments},
            has_error=False,
        ).values_list("translation_of_id", "context_id", "translation_type")
    }
    words_total = words_left = machine = 0
    for string_id, context_id, data in segments:
        words = count_words(data)
        words_total += words
        kind = translated.get((string_id, context_id))
        if kind is None:
            words_left += words
        elif kind == StringTranslation.TRANSLATION_TYPE_MACHINE:
            machine += 1
    return words_total, words_left, machine


def source_words(page):
    """Words to translate in a page that has no TranslationSource yet."""
    from wagtail_localize.segments.extract import extract_segments
    from wagtail_localize.segments.types import StringSegmentValue

    return sum(
        count_words(segment.string.data)
        for segment in extract_segments(page.specific)
        if isinstance(segment, StringSegmentValue)
    )


def source_for(translation_key, locale):
    """The TranslationSource whose translations target ``locale``, if any."""
    from wagtail_localize.models import Translation

    translation = (
        Translation.objects.filter(
            source__object_id=translation_key, target_locale=locale
        )
        .select_related("source")
        .first()
    )
    return translation.source if translation else None


def record_event(
    translation_key,
    locale,
    event,
    *,
    municipality=None,
    source_page=None,
    machine_unreviewed=None,
):
    """Apply ``event`` to the (translation_key, locale) status row.

    Creates the row if needed (then ``municipality`` is required). Counters
    are refreshed from the translation source when there is one, and
    ``machine_unreviewed`` is then derived from them.
    """
    locale_id = locale.pk if isinstance(locale, Locale) else locale
    batch = _batch.get()
    if batch is not None:
        batch.setdefault((str(translation_key), locale_id), []).append(
            (Event(event), municipality, source_page, machine_unreviewed)
        )
        return None
    return _apply(
        translation_key,
        locale_id,
        [(Event(event), municipality, source_page, machine_unreviewed)],
    )


@transaction.atomic
def _apply(translation_key, locale_id, events):
    row = (
        TranslationStatus.objects.select_for_update()
        .filter(translation_key=translation_key, locale_id=locale_id)
        .first()
    )
    if row is None:
        municipality = next((m for _e, m, _p, _u in events if m is not None), None)
        if municipality is None:
            return None
        row = TranslationStatus(
            municipality=municipality,
            translation_key=translation_key,
            locale_id=locale_id,
        )
    for _event, _municipality, source_page, _unreviewed in events:
        if source_page is not None:
            row.source_page = source_page

    source = source_for(translation_key, locale_id)
    counted_machine = None
    if source is not None:
        row.words_total, row.words_left, row.machine_segments = segment_counts(
            source, locale_id
        )
        counted_machine = row.machine_segments > 0
    elif row.source_page_id and not row.words_total:
        row.words_total = row.words_left = source_words(row.source_page)

    state = State(Status(row.status), row.machine_unreviewed)
    for event, _municipality, _page, machine_unreviewed in events:
        if machine_unreviewed is None and event != Event.MACHINE_TRANSLATED:
            machine_unreviewed = counted_machine
        state = transition(state, event, machine_unreviewed)
        row.last_event = event
        if event == Event.SOURCE_CHANGED:
            row.source_changed_at = timezone.now()
    row.status = state.status
    row.machine_unreviewed = state.machine_unreviewed
    if row.status == Status.MISSING and row.source_page_id and source is None:
        row.words_left = row.words_total
    row.save()
    return row


@contextlib.contextmanager
def batched():
    """Collect events inside the block and apply each row's events once."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set({})
    try:
        yield
        pending = _batch.get()
    finally:
        _batch.reset(token)
    for (translation_key, locale_id), events in pending.items():
        _apply(translation_key, locale_id, _collapse(events))


def _collapse(events):
    """Consecutive repeats of one event count once."""
    collapsed = []
    for item in events:
        if collapsed and collapsed[-1][0] == item[0]:
            collapsed[-1] = (
                item[0],
                item[1] or collapsed[-1][1],
                item[2] or collapsed[-1][2],
                item[3],
            )
        else:
            collapsed.append(item)
    return collapsed


def ensure_rows(municipality, source_page):
    """A MISSING row for every locale the municipality offers but lacks."""
    existing = set(
        TranslationStatus.objects.filter(
            translation_key=source_page.translation_key
        ).values_list("locale_id", flat=True)
    )
    wanted = [
        locale_id
        for locale_id in municipality.locales.values_list("pk", flat=True)
        if locale_id != source_page.locale_id and locale_id not in existing
    ]
    if not wanted:
        return
    words = source_words(source_page)
    TranslationStatus.objects.bulk_create(
        [
            TranslationStatus(
                municipality=municipality,
                translation_key=source_page.translation_key,
                locale_id=locale_id,
                source_page=source_page,
                status=Status.MISSING,
                words_total=words,
                words_left=words,
            )
            for locale_id in wanted
        ],
        ignore_conflicts=True,
    )


# Readers ------------------------------------------------------------------


def bulk_statuses(translation_keys, locale_codes):
    """``{(translation_key, locale_code): Status}`` in one query.

    Pairs without a row are MISSING. For GraphQL: resolve the statuses of a
    whole page list at once.
    """
    keys = {str(key) for key in translation_keys}
    codes = set(locale_codes)
    result = {(key, code): Status.MISSING for key in keys for code in codes}
    rows = TranslationStatus.objects.filter(
        translation_key__in=keys, locale__language_code__in=codes
    ).values_list("translation_key", "locale__language_code", "status")
    for key, code, value in rows:
        result[(str(key), code)] = Status(value)
    return result


def statuses_for(pages_or_translation_keys, locale):
    """``{translation_key: Status}`` for pages (or keys) in one locale."""
    keys = [
        str(getattr(item, "translation_key", item))
        for item in pages_or_translation_keys
    ]
    code = locale.language_code if isinstance(locale, Locale) else locale
    statuses = bulk_statuses(keys, [code])
    return {key: statuses[(key, code)] for key in keys}


def matrix(municipalities):
    """Counts per (municipality, locale, status) and words left, for the admin.

    Returns ``{municipality_id: {locale_id: {"counts": {status: n},
    "words_left": n, "total": n}}}``, with every offered locale present.
    """
    municipalities = list(municipalities)
    cells = defaultdict(dict)
    for municipality in municipalities:
        for locale in municipality.locales.all():
            if locale.pk == municipality.default_locale_id:
                continue
            cells[municipality.pk][locale.pk] = {
                "locale": locale,
                "counts": dict.fromkeys(Status.values, 0),
                "words_left": 0,
                "total": 0,
            }
    rows = (
        TranslationStatus.objects.filter(municipality__in=municipalities)
        .values("municipality_id", "locale_id", "status")
        .annotate(pages=Count("pk"), words=Sum("words_left"))
    )
    for row in rows:
        cell = cells[row["municipality_id"]].get(row["locale_id"])
        if cell is None:
            continue
        cell["counts"][row["status"]] += row["pages"]
        cell["total"] += row["pages"]
        if row["status"] != Status.UP_TO_DATE:
            cell["words_left"] += row["words"] or 0
    return cells


def rows_for(municipality, locale, status):
    """The drill-down: one municipality, locale and status."""
    return (
        TranslationStatus.objects.filter(
            municipality=municipality, locale=locale, status=status
        )
        .select_related("source_page", "locale")
        .order_by("source_page__path")
    )

"""The stored translation status matrix: a cache of ``state.derive``.

``refresh`` is the only writer: it gathers the facts of a source page's
translations (``facts.gather``), derives each status (``state.derive``) and
stores the result. Signal handlers and services only ever call ``refresh``;
``check`` compares the stored matrix with a fresh derivation and ``repair``
rewrites it (``manage.py translation_status --check/--repair``).

A row exists for every live, non-alias page of a municipality's
default-locale tree and every other language the municipality offers, and
for nothing else. Readers: ``bulk_statuses``/``statuses_for`` (GraphQL, one
query), ``matrix`` and ``rows_for`` (the admin overview).
"""

import contextlib
import contextvars
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Sum
from wagtail.models import Locale, Page

from rathaus.site.core.generation import bump_generation
from rathaus.site.municipalities.models import Municipality

from . import facts
from .facts import count_words  # noqa: F401 (re-exported for callers)
from .models import TranslationStatus
from .state import Status, derive

# While a batch is open, refreshes are collected and run once at the end
# (machine-translating a page saves dozens of segments).
_batch = contextvars.ContextVar("rathaus_translation_status_batch", default=None)

FIELDS = ("status", "words_total", "words_left", "machine_segments")


def municipality_for_page(page):
    """The municipality whose locale trees hold ``page`` (None outside them)."""
    return (
        Municipality.objects.holding_page(page).select_related("default_locale").first()
    )


def source_page_for(translation_key):
    """The source page of a translation key and its municipality, or Nones.

    The source is the non-alias page with that key in its municipality's
    default locale.
    """
    candidates = Page.objects.filter(
        translation_key=translation_key, alias_of__isnull=True
    ).order_by("depth", "pk")
    for page in candidates:
        municipality = municipality_for_page(page)
        if (
            municipality is not None
            and page.locale_id == municipality.default_locale_id
        ):
            return page, municipality
    return None, None


def target_locale_ids(municipality):
    return [
        pk
        for pk in municipality.locales.values_list("pk", flat=True)
        if pk != municipality.default_locale_id
    ]


@dataclass(frozen=True)
class Difference:
    translation_key: str
    locale_id: int
    stored: tuple | None
    derived: tuple | None

    def __str__(self):
        return (
            f"{self.translation_key} [{self.locale_id}]: "
            f"stored {self.stored}, derived {self.derived}"
        )


def derived_rows(translation_key):
    """``{locale_id: (municipality, source_page, Derived)}`` from the facts now."""
    page, municipality = source_page_for(translation_key)
    if page is None or not page.live:
        return {}
    locale_ids = target_locale_ids(municipality)
    gathered = facts.gather(page, locale_ids)
    return {
        locale_id: (municipality, page, derive(gathered[locale_id]))
        for locale_id in locale_ids
    }


def refresh(translation_key_or_page):
    """Recompute and store the statuses of one source page's translations.

    Accepts a page (source or translation) or a translation key. Rows of
    pages that are no longer live sources are deleted.
    """
    key = str(
        getattr(translation_key_or_page, "translation_key", translation_key_or_page)
    )
    batch = _batch.get()
    if batch is not None:
        batch.add(key)
        return
    _refresh(key)


def _refresh(key):
    _bump({municipality_id: {key} for municipality_id in _store(key)})


def _bump(changed):
    """The API serves the stored rows (``translationStatus``): changed rows
    end their municipalities' cached answers, once per refresh or batch.
    ``changed``: municipality id -> translation keys whose rows changed.

    A partner's alias of a shared page shows the owner's status
    (:func:`bulk_statuses`), so the partners holding aliases of those pages
    are bumped too, naming the aliases."""
    keys = set()
    for municipality_id in sorted(changed):
        bump_generation(municipality_id, pages=changed[municipality_id])
        keys |= changed[municipality_id]
    partners = {}
    for municipality_id, alias_key in _aliases_by_municipality(keys):
        if municipality_id not in changed:
            partners.setdefault(municipality_id, set()).add(alias_key)
    for municipality_id in sorted(partners):
        bump_generation(municipality_id, pages=partners[municipality_id])


def _aliases_by_municipality(keys):
    """``(municipality id, alias translation key)`` of the aliases of pages
    with ``keys``, in three queries however many aliases there are (the
    municipality holds the alias's locale root, as ``holding_page`` says)."""
    steplen = Page.steplen
    aliases = Page.objects.filter(alias_of__translation_key__in=keys).values_list(
        "path", "translation_key"
    )
    by_root = defaultdict(set)
    for path, alias_key in aliases:
        by_root[path[: steplen * 2]].add(alias_key)
    if not by_root:
        return []
    root_keys = dict(
        Page.objects.filter(path__in=by_root).values_list("path", "translation_key")
    )
    municipalities = dict(
        Municipality.objects.filter(
            site__root_page__translation_key__in=root_keys.values()
        ).values_list("site__root_page__translation_key", "pk")
    )
    return [
        (municipalities[root_keys[root]], alias_key)
        for root, alias_keys in by_root.items()
        if root_keys.get(root) in municipalities
        for alias_key in alias_keys
    ]


@transaction.atomic
def _store(key):
    """Write the derived rows of ``key``; return the municipalities whose rows
    changed."""
    changed = set()
    wanted = derived_rows(key)
    existing = {
        row.locale_id: row
        for row in TranslationStatus.objects.select_for_update().filter(
            translation_key=key
        )
    }
    stale = [row for locale_id, row in existing.items() if locale_id not in wanted]
    if stale:
        TranslationStatus.objects.filter(pk__in=[row.pk for row in stale]).delete()
        changed |= {row.municipality_id for row in stale}
    for locale_id, (municipality, page, derived) in wanted.items():
        row = existing.get(locale_id)
        values = _values(derived)
        if row is None:
            TranslationStatus.objects.create(
                municipality=municipality,
                translation_key=key,
                locale_id=locale_id,
                source_page=page,
                **values,
            )
            changed.add(municipality.pk)
            continue
        if (
            row.municipality_id != municipality.pk
            or row.source_page_id != page.pk
            or any(getattr(row, name) != value for name, value in values.items())
        ):
            changed |= {row.municipality_id, municipality.pk}
            row.municipality = municipality
            row.source_page = page
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
    return changed


def _values(derived):
    return {
        "status": derived.status,
        "words_total": derived.words_total,
        "words_left": derived.words_left,
        "machine_segments": derived.machine_segments,
        "machine_unreviewed": derived.machine_unreviewed,
    }


@contextlib.contextmanager
def batched():
    """Collect refreshes inside the block and run each page's once at the end."""
    if _batch.get() is not None:
        yield
        return
    token = _batch.set(set())
    try:
        yield
        pending = _batch.get()
    finally:
        _batch.reset(token)
    changed = {}
    try:
        for key in sorted(pending):
            for municipality_id in _store(key):
                changed.setdefault(municipality_id, set()).add(key)
    finally:
        _bump(changed)  # what was stored, even if a later page failed


def refresh_subtree(page):
    """Refresh every page of ``page``'s subtree (a move, a new language...)."""
    keys = Page.objects.descendant_of(page, inclusive=True).values_list(
        "translation_key", flat=True
    )
    with batched():
        for key in keys:
            refresh(key)


def refresh_municipality(municipality):
    """Refresh the whole matrix of one municipality (e.g. a language was added)."""
    root = municipality.locale_root(municipality.default_locale)
    keys = set(
        TranslationStatus.objects.filter(municipality=municipality).values_list(
            "translation_key", flat=True
        )
    )
    if root is not None:
        keys |= set(
            Page.objects.descendant_of(root, inclusive=True).values_list(
                "translation_key", flat=True
            )
        )
    with batched():
        for key in keys:
            refresh(key)


def _keys_of(municipality):
    root = municipality.locale_root(municipality.default_locale)
    keys = {
        str(key)
        for key in TranslationStatus.objects.filter(
            municipality=municipality
        ).values_list("translation_key", flat=True)
    }
    if root is not None:
        keys |= {
            str(key)
            for key in Page.objects.descendant_of(root, inclusive=True)
            .filter(alias_of__isnull=True)
            .values_list("translation_key", flat=True)
        }
    return keys


def check(municipalities=None):
    """Differences between the stored matrix and the one derived from the facts."""
    municipalities = (
        Municipality.objects.select_related("default_locale")
        if municipalities is None
        else municipalities
    )
    differences = []
    for municipality in municipalities:
        for key in sorted(_keys_of(municipality)):
            wanted = {
                locale_id: tuple(_values(derived)[name] for name in FIELDS)
                for locale_id, (_m, _p, derived) in derived_rows(key).items()
            }
            stored = {
                locale_id: tuple(values)
                for locale_id, *values in TranslationStatus.objects.filter(
                    translation_key=key
                ).values_list("locale_id", *FIELDS)
            }
            for locale_id in sorted(set(wanted) | set(stored)):
                if wanted.get(locale_id) != stored.get(locale_id):
                    differences.append(
                        Difference(
                            key, locale_id, stored.get(locale_id), wanted.get(locale_id)
                        )
                    )
    return differences


def repair(municipalities=None):
    """Rewrite every row that differs from the facts; returns the differences."""
    differences = check(municipalities)
    with batched():
        for difference in differences:
            refresh(difference.translation_key)
    return differences


# Readers ------------------------------------------------------------------


def bulk_statuses(translation_keys, locale_codes):
    """``{(translation_key, locale_code): Status}`` in one or two queries.

    Pairs without a row are MISSING. A page shared from a partner (a Wagtail
    alias in the partner's tree) has the status of the owner's page. For
    GraphQL: resolve the statuses of a whole page list at once.
    """
    keys = {str(key) for key in translation_keys}
    codes = set(locale_codes)
    result = {(key, code): Status.MISSING for key in keys for code in codes}
    rows = TranslationStatus.objects.filter(
        translation_key__in=keys, locale__language_code__in=codes
    ).values_list("translation_key", "locale__language_code", "status")
    found = set()
    for key, code, value in rows:
        result[(str(key), code)] = Status(value)
        found.add(str(key))
    missing = keys - found
    if missing:
        owners = dict(
            Page.objects.filter(
                translation_key__in=missing, alias_of__isnull=False
            ).values_list("translation_key", "alias_of__translation_key")
        )
        if owners:
            owned = TranslationStatus.objects.filter(
                translation_key__in=set(owners.values()),
                locale__language_code__in=codes,
            ).values_list("translation_key", "locale__language_code", "status")
            by_owner = {(str(k), c): Status(v) for k, c, v in owned}
            for key, owner in owners.items():
                for code in codes:
                    if (str(owner), code) in by_owner:
                        result[(str(key), code)] = by_owner[(str(owner), code)]
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

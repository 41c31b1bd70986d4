"""No text goes live on a translated page without a reviewer's approval.

One guard at the bottom of every path: ``guard_page_save`` (a ``pre_save``
receiver for all pages) refuses any write that would change what a
translated page shows live, unless it happens inside ``approved_publish``
(the finish action of a review workflow, after the four-eyes check) or
``following_source`` (non-translatable fields and tree operations that copy
what the source already shows). Wagtail's and wagtail-localize's buttons,
bulk actions, the admin API, revision reverts, "Convert to alias", "Update
translations" with publish, copies and scheduled publishing all end in a
page save, so none of them can bypass review. Admin views refuse the same
actions earlier with a message (``views``/``wagtail_hooks``).

A *translated page* is a page with a counterpart in another locale under
the same translation key (a wagtail-localize ``TranslationSource`` or a
page); a page written directly in a translated tree is not one.
"""

import contextlib
import contextvars

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from . import facts
from .models import LiveTranslation

_allowed = contextvars.ContextVar("rathaus_translation_live_write", default=None)

# Page fields that do not change what a page shows (tree position, workflow
# and revision bookkeeping, locks, schedule, ownership).
METADATA_FIELDS = {
    "id",
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "content_type",
    "page_ptr",
    "live",
    "live_revision",
    "alias_of",
    "translation_key",
    "locale",
}


REVIEW_REQUIRED = gettext_lazy(
    "A translation goes live only when a reviewer of its language approves "
    "it. Submit it for review instead."
)


class ReviewRequired(PermissionDenied):
    """Text would go live on a translation without a reviewer's approval."""


class ReviewRefused(PermissionDenied):
    """An approval or submission is refused (the message says why)."""


@contextlib.contextmanager
def approved_publish(page_id):
    """Inside the block the approved translated page ``page_id`` may go live."""
    token = _allowed.set(("approved", page_id))
    try:
        yield
    finally:
        _allowed.reset(token)


@contextlib.contextmanager
def following_source():
    """Inside the block translated pages follow their source (no new text)."""
    token = _allowed.set(("source", None))
    try:
        yield
    finally:
        _allowed.reset(token)


def _is_allowed(page):
    allowed = _allowed.get()
    if allowed is None:
        return False
    kind, page_id = allowed
    return kind == "source" or page_id == page.pk


# Which pages are translations ---------------------------------------------------


def municipality_of(page):
    from .status import municipality_for_page

    return municipality_for_page(page) if page.path else None


def is_translated_page(page):
    """A translation of a page in another locale (a localize target or a copy).

    A source page, and a page written directly in a translated tree (no
    counterpart in the default locale), are not translations.
    """
    from wagtail_localize.models import TranslationSource

    sources = set(
        TranslationSource.objects.filter(object_id=page.translation_key).values_list(
            "locale_id", flat=True
        )
    )
    if sources:
        return page.locale_id not in sources
    municipality = municipality_of(page)
    if municipality is None or page.locale_id == municipality.default_locale_id:
        return False
    return Page.objects.filter(
        translation_key=page.translation_key,
        locale_id=municipality.default_locale_id,
        alias_of__isnull=True,
    ).exists()


# The guard -----------------------------------------------------------------------


def guard_page_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or instance.depth is None:
        return
    if update_fields is not None and set(update_fields) <= METADATA_FIELDS:
        return
    if _is_allowed(instance):
        return
    if instance.pk is None:
        _guard_new_page(instance)
        return
    if not instance.live:
        return  # Unpublishing or saving a draft row never shows new text.
    stored = type(instance).objects.filter(pk=instance.pk).first()
    if stored is None:
        return
    if stored.alias_of_id and stored.alias_of_id == instance.alias_of_id:
        return  # An existing alias follows its original (Wagtail keeps it in step).
    changes_live = (
        not stored.live
        or stored.live_revision_id != instance.live_revision_id
        or stored.alias_of_id != instance.alias_of_id
        or _content_changed(stored, instance)
    )
    if not changes_live or not is_translated_page(instance):
        return
    if instance.depth == 2 and not stored.live and not stored.live_revision_id:
        return  # A new locale root goes live once, when the language is added.
    raise ReviewRequired(str(REVIEW_REQUIRED))


def _guard_new_page(instance):
    municipality = municipality_of(instance)
    if municipality is None:
        return
    offered = set(municipality.locales.values_list("pk", flat=True))
    if offered and instance.locale_id not in offered:
        raise PermissionDenied(
            _("%(municipality)s does not offer this language.")
            % {"municipality": municipality}
        )
    if (
        instance.live
        and instance.locale_id != municipality.default_locale_id
        and is_translated_page(instance)
    ):
        alias_of = instance.alias_of
        if alias_of is not None and alias_of.locale_id == instance.locale_id:
            return  # A shared page: an alias of a page in the same language.
        if instance.depth == 2:
            return  # A new locale root.
        raise ReviewRequired(
            _(
                "A translation goes live only when a reviewer of its language "
                "approves it. It was created as a draft."
            )
        )


def _content_changed(stored, instance):
    for field in instance._meta.concrete_fields:
        if field.name in METADATA_FIELDS or field.primary_key:
            continue
        if getattr(stored, field.attname) != getattr(instance, field.attname):
            return True
    return False


# Review rules ---------------------------------------------------------------------


def untranslated_words(translation):
    """Words of the source's segments without a translation in the target locale."""
    from wagtail_localize.models import StringTranslation

    segments = list(
        translation.source.stringsegment_set.values_list(
            "context_id", "string_id", "string__data"
        )
    )
    translated = set(
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context_id__in={context_id for context_id, _s, _d in segments},
            has_error=False,
        ).values_list("context_id", "translation_of_id")
    )
    return sum(
        facts.count_words(data) or 1
        for context_id, string_id, data in segments
        if (context_id, string_id) not in translated
    )


def authors_this_round(translation, workflow_state):
    """Users who wrote segment translations since the review round started."""
    from wagtail_localize.models import StringTranslation

    started = workflow_state.current_task_state.started_at
    return set(
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context__in=translation.source.stringsegment_set.values("context_id"),
            updated_at__gte=started,
        )
        .exclude(last_translated_by__isnull=True)
        .values_list("last_translated_by_id", flat=True)
    )


def authors_of_unreviewed(translation, page):
    """Users who wrote the translations about to go live that no reviewer saw."""
    from wagtail_localize.models import StringTranslation

    current = set(
        translation.source.stringsegment_set.values_list("context_id", "string_id")
    )
    live = set()
    record = LiveTranslation.objects.filter(page=page).first()
    if record is not None and page.live:
        live = {tuple(key) for key in record.segments}
    authors = set()
    for context_id, string_id, author in StringTranslation.objects.filter(
        locale_id=translation.target_locale_id,
        context_id__in={context_id for context_id, _s in current},
        has_error=False,
    ).values_list("context_id", "translation_of_id", "last_translated_by_id"):
        key = (context_id, string_id)
        if author and key in current and key not in live:
            authors.add(author)
    return authors


def check_not_requester(workflow_state, user):
    if user is None:
        raise ReviewRefused(_("An approval needs a reviewer."))
    if workflow_state.requested_by_id == user.pk:
        raise ReviewRefused(
            _("You submitted this translation; another reviewer must approve it.")
        )


def check_can_approve(translation, page, workflow_state, user):
    """Raise ReviewRefused unless ``user`` may approve this round (four eyes)."""
    check_not_requester(workflow_state, user)
    if user.pk in authors_this_round(
        translation, workflow_state
    ) or user.pk in authors_of_unreviewed(translation, page):
        raise ReviewRefused(
            _(
                "You wrote part of this translation; another reviewer of the "
                "language must approve it."
            )
        )
    left = untranslated_words(translation)
    if left:
        raise ReviewRefused(
            _(
                "%(words)s words of the source have no translation (the source "
                "changed?); request changes instead."
            )
            % {"words": left}
        )


def segments_changed_since(translation, revision):
    """Whether segment translations changed after ``revision`` was saved."""
    from wagtail_localize.models import StringTranslation

    return StringTranslation.objects.filter(
        locale_id=translation.target_locale_id,
        context__in=translation.source.stringsegment_set.values("context_id"),
        updated_at__gt=revision.created_at,
    ).exists()


def record_live(page, translation, revision, user):
    """Record which source segments the approved live text translates."""
    from wagtail_localize.models import StringTranslation

    segments = list(
        translation.source.stringsegment_set.values_list("context_id", "string_id")
    )
    translated = set(
        StringTranslation.objects.filter(
            locale_id=translation.target_locale_id,
            context_id__in={context_id for context_id, _s in segments},
            has_error=False,
        ).values_list("context_id", "translation_of_id")
    )
    LiveTranslation.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "revision": revision,
            "approved_by": user,
            "approved_at": timezone.now(),
            "segments": sorted([list(key) for key in segments if key in translated]),
        },
    )


# wagtail-localize's locale synchronisation ------------------------------------------


def disable_locale_synchronisation():
    """Remove "Synchronise content from another locale" and refuse its rows.

    It is global: it would create pages of the language in every
    municipality, including those that do not offer it. Languages are added
    per municipality (``create_municipality --locales``).
    """
    from django.db.models.signals import pre_save
    from wagtail_localize.locales.components import LOCALE_COMPONENTS
    from wagtail_localize.models import LocaleSynchronization

    LOCALE_COMPONENTS[:] = [
        component
        for component in LOCALE_COMPONENTS
        if component["model"] is not LocaleSynchronization
    ]
    pre_save.connect(
        refuse_locale_synchronisation,
        sender=LocaleSynchronization,
        dispatch_uid="rathaus_no_locale_sync",
    )


def refuse_locale_synchronisation(sender, instance, raw=False, **kwargs):
    if not raw:
        raise PermissionDenied(
            _(
                "Locale synchronisation is global and is switched off; add a "
                "language to a municipality instead."
            )
        )

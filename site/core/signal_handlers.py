"""Bump content generations when published content changes.

Connected in ``CoreConfig.ready()``. Anything that changes what the public API
answers must end in :func:`~rathaus.site.core.generation.bump_generation`;
module code calls :func:`bump_for_module_data`.
"""

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Collection, Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from rathaus.site.municipalities.models import Municipality

from .generation import bump_generation, children_of, of_locale, of_type

logger = logging.getLogger(__name__)

# A municipality's locale roots (its home page and the home page's
# translations) are depth-2 pages: children of Wagtail's tree root.
LOCALE_ROOT_DEPTH = 2


def municipality_slug_for_path(path):
    """The slug of the municipality whose tree holds a page with this path."""
    prefix = path[: Page.steplen * LOCALE_ROOT_DEPTH]
    if len(prefix) < Page.steplen * LOCALE_ROOT_DEPTH:
        return None  # the tree root itself belongs to no municipality
    locale_root = Page.objects.filter(path=prefix).values("translation_key")
    return (
        Municipality.objects.filter(site__root_page__translation_key__in=locale_root)
        .values_list("slug", flat=True)
        .first()
    )


def bump_for_page(page, only_itself=False):
    """Bump the generation of the page's municipality (the platform's when the
    page lies outside every municipality).

    ``only_itself``: the change touches this page's own answer (its content,
    whether it is live) and, through the tree, its siblings' (their order):
    the note names the page, its type (lists of news, events, locations), its
    locale (search results) and the children of its parent
    (:func:`~rathaus.site.core.generation.children_of`). Otherwise any page
    may have changed.
    """
    slug = municipality_slug_for_path(page.path) if page.path else None
    if not only_itself:
        bump_generation(slug)
        return
    changed = [
        page.translation_key,
        of_type(page.content_type_id),
        of_locale(page.locale_id),
    ]
    parent_key = (
        Page.objects.filter(path=page.path[: -Page.steplen])
        .values_list("translation_key", flat=True)
        .first()
        if len(page.path) > Page.steplen
        else None
    )
    if parent_key is not None:  # None: deleted with its parent, which says so
        changed.append(children_of(parent_key))
    bump_generation(slug, pages=changed)


def bump_for_module_data(municipality, module=None):
    """Call after module data of a municipality change (a defect report is
    published, a job feed is imported).

    ``municipality`` is a Municipality, a slug, or ``None`` for data shared by
    every municipality. ``module``: the identifier of the module whose data
    changed, so that only its answers end (none: every module's). Module data
    is never part of a page's answer.
    """
    bump_generation(municipality, pages=(), module=module)


@receiver(page_published)
@receiver(page_unpublished)
def on_page_published_or_unpublished(sender, instance, **kwargs):
    bump_for_page(instance, only_itself=True)


@receiver(page_slug_changed)
def on_page_slug_changed(sender, instance, **kwargs):
    # The URL paths of its subtree change, which its translations list.
    bump_for_page(instance)


@receiver(post_delete, sender=Page)
def on_page_deleted(sender, instance, **kwargs):
    # Subclass deletions delete the Page row too, so sender=Page sees them all;
    # a subtree's pages are deleted (and bump) one by one.
    bump_for_page(instance, only_itself=True)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def on_view_restriction_changed(sender, instance, raw=False, **kwargs):
    # A restricted page (and its subtree) leaves the public API; a lifted
    # restriction brings it back.
    if raw:
        return
    page = Page.objects.filter(pk=instance.page_id).only("path").first()
    if page is not None:  # a deleted page bumps on its own
        bump_for_page(page)


def on_contact_changed(sender, instance, raw=False, **kwargs):
    # Locations list their contacts. Raw saves (fixtures, the prepared demo)
    # skip it, as Wagtail's handlers do: their rows may not all exist yet.
    if not raw:
        bump_generation(instance.municipality_id)


def on_shared_row_changed(sender, instance, raw=False, **kwargs):
    # Location categories are shared by every municipality.
    if not raw:
        bump_generation(None)


def on_image_changed(sender, instance, raw=False, **kwargs):
    # Title, alt text, focal point and file show in thumbnails and bodies.
    # An image of a municipality's collection changes its answers; one of a
    # shared collection may appear anywhere.
    if raw:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    slug = None
    if collection is not None:
        slug = (
            Municipality.objects.filter(
                collection__in=collection.get_ancestors(inclusive=True)
            )
            .values_list("slug", flat=True)
            .first()
        )
    bump_generation(slug)


def connect_content_models():
    """Rows besides pages that the content API serves."""
    from wagtail.images import get_image_model

    from rathaus.site.content.snippets import Contact, LocationCategory

    for model, handler in (
        (Contact, on_contact_changed),
        (LocationCategory, on_shared_row_changed),
        (get_image_model(), on_image_changed),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                handler, sender=model, dispatch_uid=f"rathaus.core.bump.{model._meta}"
            )


@receiver(pre_page_move)
def on_page_moving(sender, instance, **kwargs):
    # Where the page was: the tree it leaves changes.
    bump_for_page(instance)


@receiver(post_page_move)
def on_page_moved(sender, instance, parent_page_after=None, **kwargs):
    # Where the page is now: the tree it joins changes.
    bump_for_page(parent_page_after if parent_page_after is not None else instance)


@receiver(post_save, sender=Municipality)
@receiver(post_delete, sender=Municipality)
def on_municipality_changed(sender, instance, **kwargs):
    # Name, kind, centre, bounding box... are served by the API. The
    # municipality list names no municipality, so it uses the "all" counter,
    # which every bump changes.
    bump_generation(instance.slug)


@receiver(m2m_changed, sender=Municipality.locales.through)
def on_municipality_locales_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        if isinstance(instance, Municipality):
            bump_generation(instance.slug)
        else:  # reverse side: a Locale's municipalities changed
            bump_generation(None)


def on_module_activation_changed(sender, municipality=None, **kwargs):
    bump_generation(municipality)


def connect_module_platform():
    """Connect to the module platform's activation signal, if it exists yet.

    ``rathaus.site.module_platform.signals.module_activation_changed`` is sent
    with ``sender=<ModuleConfig class>, municipality=<Municipality>`` when a
    module is enabled or disabled, or its settings change. The module platform
    is built alongside this code; until its ``signals`` module exists there is
    nothing to connect, and the import is skipped quietly.
    """
    try:
        from rathaus.site.module_platform.signals import module_activation_changed
    except ModuleNotFoundError as error:
        if error.name != "rathaus.site.module_platform.signals":
            raise  # a missing dependency inside the module is a real error
        logger.debug("module_platform.signals not available; not connected")
        return False
    module_activation_changed.connect(
        on_module_activation_changed,
        dispatch_uid="rathaus.core.bump_on_module_activation_changed",
    )
    return True


connect_module_platform()

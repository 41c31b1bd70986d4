"""Cooperation: a partner municipality shows another's page without a copy.

``share_page`` places Wagtail *aliases* of the source page under a parent in
the partner's tree: one alias per language both municipalities offer and
the source is translated into. Wagtail keeps aliases in step whenever the
original is published and refuses to edit them, so the partner sees the page
read-only and the owner's translators translate once for both. The aliases
of one shared page share a translation key, so they are translations of each
other in the partner's trees (and the API's locale fallback works for them).
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.create_alias import CreatePageAliasAction
from wagtail.actions.delete_page import DeletePageAction
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from .models import SharedPage
from .status import municipality_for_page


def owner_for_sharing(page):
    """The municipality that may share ``page``, or None.

    Shareable are the pages below the home page of a municipality's source
    (default-locale) tree that are not aliases themselves (such as pages a
    partner shares with it).
    """
    if page.depth <= 2 or page.alias_of_id is not None:
        return None
    owner = municipality_for_page(page)
    if owner is None or page.locale_id != owner.default_locale_id:
        return None
    return owner


def can_share(page, user):
    """Editors of the owning municipality (and superusers) share its pages."""
    owner = owner_for_sharing(page)
    return (
        owner is not None
        and owner.partners.exists()
        and page.permissions_for_user(user).can_edit()
    )


def parent_page_types(page):
    """Content types of the pages ``page`` may be placed under."""
    page_class = page.specific_class
    return ContentType.objects.get_for_models(
        *(
            model
            for model in page_class.allowed_parent_page_models()
            if page_class in model.allowed_subpage_models()
        )
    ).values()


@transaction.atomic
def share_page(source_page, partner, partner_parent, user=None):
    """Share ``source_page`` with ``partner`` under ``partner_parent`` (idempotent).

    Who may share is the caller's check (see ``can_share``): the aliases are
    created in the partner's tree without the user's page permissions there.
    """
    owner = owner_for_sharing(source_page)
    errors = {}
    if owner is None:
        errors["source_page"] = _("Share a page of a municipality's source tree.")
    elif not owner.partners.filter(pk=partner.pk).exists():
        errors["partner"] = _("%(partner)s is not a partner of %(owner)s.") % {
            "partner": partner,
            "owner": owner,
        }
    if (
        municipality_for_page(partner_parent) != partner
        or partner_parent.locale_id != partner.default_locale_id
    ):
        errors["partner_parent"] = _(
            "The parent must be a page of the partner's source tree."
        )
    elif partner_parent.content_type_id not in {
        content_type.pk for content_type in parent_page_types(source_page)
    }:
        errors["partner_parent"] = _("This page cannot be placed under that parent.")
    if errors:
        raise ValidationError(errors)
    shared, _created = SharedPage.objects.get_or_create(
        source_page=source_page,
        partner=partner,
        defaults={"owner": owner, "partner_parent": partner_parent},
    )
    ensure_aliases(shared, user=user)
    return shared


def _alias_under(original, parent, user):
    existing = Page.objects.filter(alias_of=original).child_of(parent).first()
    if existing is not None:
        return existing
    # The partner's tree is outside the user's page permissions: skip them.
    return CreatePageAliasAction(
        original,
        parent=parent,
        update_slug=find_available_slug(parent, original.slug),
        user=user,
    ).execute(skip_permission_checks=True)


def ensure_aliases(shared, user=None):
    """Create the missing aliases of a shared page (e.g. after a new translation)."""
    source = shared.source_page.specific
    main = _alias_under(source, shared.partner_parent, user)
    partner_locales = set(shared.partner.locales.values_list("pk", flat=True))
    parents = {
        page.locale_id: page
        for page in shared.partner_parent.get_translations(inclusive=False)
    }
    created = [main]
    for translated in source.get_translations(inclusive=False).filter(
        live=True, locale_id__in=partner_locales
    ):
        parent = parents.get(translated.locale_id)
        if parent is None:
            continue
        alias = _alias_under(translated.specific, parent, user)
        if alias.translation_key != main.translation_key:
            Page.objects.filter(pk=alias.pk).update(
                translation_key=main.translation_key
            )
        created.append(alias)
    return created


def refresh_shares_of(page):
    """Called when a translation is published: give partners its alias."""
    source = Page.objects.filter(
        translation_key=page.translation_key, alias_of__isnull=True
    ).exclude(pk=page.pk)
    for shared in SharedPage.objects.filter(source_page__in=source).select_related(
        "source_page", "partner", "partner_parent"
    ):
        ensure_aliases(shared)


def share_of_alias(page):
    """The share that placed the alias ``page`` in a partner's tree, or None."""
    if page.alias_of_id is None:
        return None
    original = Page.objects.get(pk=page.alias_of_id)
    return (
        SharedPage.objects.filter(
            source_page__translation_key=original.translation_key,
            partner=municipality_for_page(page),
        )
        .select_related("owner")
        .first()
    )


def aliases_of_share(shared):
    """The aliases ``ensure_aliases`` made for ``shared``, wherever they are now."""
    originals = Page.objects.filter(
        translation_key=shared.source_page.translation_key, alias_of__isnull=True
    )
    return Page.objects.filter(
        alias_of__in=originals, pk__in=shared.partner.pages().values("pk")
    )


@transaction.atomic
def unshare_page(shared, user=None):
    """Stop sharing: delete the aliases in the partner's trees and the share.

    Refused while the partner has placed pages under an alias: they are the
    partner's content and would go with it.
    """
    aliases = list(aliases_of_share(shared).order_by("-depth", "path"))
    if any(alias.get_children().exists() for alias in aliases):
        raise ValidationError(
            _(
                "%(partner)s has added pages below the shared page. They must "
                "move or delete them first."
            )
            % {"partner": shared.partner}
        )
    for alias in aliases:
        DeletePageAction(alias, user=user).execute(skip_permission_checks=True)
    shared.delete()

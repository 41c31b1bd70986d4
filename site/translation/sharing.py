"""Cooperation: a partner municipality shows another's page without a copy.

``share_page`` places Wagtail *aliases* of the source page under a parent in
the partner's tree: one alias per language both municipalities offer and
the source is translated into. Wagtail keeps aliases in step whenever the
original is published and refuses to edit them, so the partner sees the page
read-only and the owner's translators translate once for both. The aliases
of one shared page share a translation key, so they are translations of each
other in the partner's trees (and the API's locale fallback works for them).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page

from .models import SharedPage
from .status import municipality_for_page


@transaction.atomic
def share_page(source_page, partner, partner_parent, user=None):
    """Share ``source_page`` with ``partner`` under ``partner_parent`` (idempotent)."""
    owner = municipality_for_page(source_page)
    errors = {}
    if owner is None or source_page.locale_id != owner.default_locale_id:
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
    return original.create_alias(
        parent=parent,
        update_slug=find_available_slug(parent, original.slug),
        user=user,
    )


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

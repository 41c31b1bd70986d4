"""Admin views for sharing a page with a partner municipality (see sharing.py).

Only the owning municipality's editors reach them: the page id in the URL is
checked by the admin boundary middleware and again here (404 outside the
user's municipalities), and the user must be able to edit the page (403).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from rathaus.site.municipalities.access import page_scope_for_user
from rathaus.site.municipalities.models import Municipality

from . import sharing
from .models import SharedPage


class ShareForm(forms.Form):
    partner = forms.ModelChoiceField(
        queryset=Municipality.objects.none(), label=gettext_lazy("Partner")
    )
    partner_parent = forms.TypedChoiceField(
        coerce=int,
        label=gettext_lazy("Parent page in the partner's tree"),
        help_text=gettext_lazy(
            "The page appears below it, read-only, in every language both "
            "municipalities offer and it is translated into."
        ),
    )

    def __init__(self, page, partners, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        if len(partners) == 1:
            self.fields["partner"].initial = partners[0].pk
        self.parent_pages = _parent_candidates(page, partners)
        self.fields["partner_parent"].choices = [("", "---------")] + [
            (partner.name, [(page.pk, label) for page, label in pages])
            for partner, pages in self.parent_pages
        ]

    def clean_partner_parent(self):
        pk = self.cleaned_data["partner_parent"]
        for _partner, pages in self.parent_pages:
            for page, _label in pages:
                if page.pk == pk:
                    return page
        raise ValidationError(_("Select a valid choice."))


def _parent_candidates(page, partners):
    """Per partner, the pages of its source tree the page may be placed under.

    Aliases are left out: they are pages the partner shows, not its own.
    """
    types = list(sharing.parent_page_types(page))
    candidates = []
    for partner in partners:
        root = partner.locale_root(partner.default_locale)
        if root is None:
            continue
        pages = list(
            Page.objects.filter(
                path__startswith=root.path,
                locale_id=partner.default_locale_id,
                alias_of__isnull=True,
                content_type__in=types,
            ).order_by("path")
        )
        labelled = [
            (p, "— " * (p.depth - root.depth) + p.get_admin_display_title())
            for p in pages
        ]
        candidates.append((partner, labelled))
    return candidates


def _source_page(request, page_id):
    page = get_object_or_404(
        Page.objects.filter(page_scope_for_user(request.user)), pk=page_id
    ).specific
    owner = sharing.owner_for_sharing(page)
    if owner is None:
        raise Http404
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page, owner


def _share_rows(request, page, shares):
    # The owner's editors see the aliases on the partner's site, not its admin.
    visible = page_scope_for_user(request.user)
    rows = []
    for shared in shares:
        aliases = sharing.aliases_of_share(shared).select_related("locale")
        in_scope = set(aliases.filter(visible).values_list("pk", flat=True))
        rows.append(
            {
                "shared": shared,
                "aliases": [
                    {
                        "page": alias,
                        "url": (
                            reverse("wagtailadmin_explore", args=[alias.pk])
                            if alias.pk in in_scope
                            else alias.get_full_url(request)
                        ),
                    }
                    for alias in aliases.order_by("locale__language_code")
                ],
                "stop_url": reverse(
                    "rathaus_translation:stop_sharing", args=[page.pk, shared.pk]
                ),
            }
        )
    return rows


def share(request, page_id):
    page, owner = _source_page(request, page_id)
    shares = SharedPage.objects.filter(source_page=page).select_related(
        "partner", "partner_parent"
    )
    # A page is shared once per partner: to move it, stop sharing first.
    available = owner.partners.exclude(pk__in=shares.values("partner"))
    form = None
    if available.exists():
        data = request.POST if request.method == "POST" else None
        form = ShareForm(page, available, data)
    if request.method == "POST" and form is not None and form.is_valid():
        partner = form.cleaned_data["partner"]
        try:
            sharing.share_page(
                page, partner, form.cleaned_data["partner_parent"], user=request.user
            )
        except ValidationError as error:
            for field, field_errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            messages.success(
                request,
                _("'%(page)s' is now shown in the tree of %(partner)s.")
                % {"page": page.get_admin_display_title(), "partner": partner},
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return render(
        request,
        "translation/share_form.html",
        {
            "page": page,
            "owner": owner,
            "form": form,
            "has_partners": owner.partners.exists(),
            "rows": _share_rows(request, page, shares),
        },
    )


def stop_sharing(request, page_id, shared_id):
    page, _owner = _source_page(request, page_id)
    shared = get_object_or_404(
        SharedPage.objects.select_related("partner", "partner_parent"),
        pk=shared_id,
        source_page=page,
    )
    if request.method == "POST":
        try:
            sharing.unshare_page(shared, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("'%(page)s' is no longer shown in the tree of %(partner)s.")
                % {"page": page.get_admin_display_title(), "partner": shared.partner},
            )
        return redirect("rathaus_translation:share", page.pk)
    return render(
        request,
        "translation/share_stop.html",
        {
            "page": page,
            "shared": shared,
            "aliases": sharing.aliases_of_share(shared).select_related("locale"),
        },
    )

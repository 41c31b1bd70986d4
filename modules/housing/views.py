"""Admin moderation views, on the platform's moderation viewset (the public
token pages are in ``public/``). Thin: every change goes through
``services``."""

from django import forms
from django.db.models import Count, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.site.module_platform import api

from . import services
from .models import HousingListing, HousingPhoto, Status

MODULE = services.MODULE


QUEUES = {
    "waiting": (gettext_lazy("Waiting for moderation"), Q(status=Status.IN_MODERATION)),
    "reported": (
        gettext_lazy("Reported"),
        Q(reports__resolved_at__isnull=True, reports__isnull=False),
    ),
    "flagged": (gettext_lazy("Flagged wording"), ~Q(flagged_terms=[])),
    "published": (gettext_lazy("Published"), Q(status=Status.PUBLISHED)),
    "unconfirmed": (gettext_lazy("Unconfirmed"), Q(status=Status.UNCONFIRMED)),
    "rejected": (gettext_lazy("Rejected"), Q(status=Status.REJECTED)),
}


class Queue(api.ModerationIndexView):
    """Listings waiting for moderation, reported or flagged (tabs)."""

    template_name = "housing/queue.html"

    @cached_property
    def current(self):
        current = self.request.GET.get("queue") or "waiting"
        return current if current in QUEUES else "waiting"

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .filter(QUEUES[self.current][1])
            .annotate(
                open_reports=Count(
                    "reports", filter=Q(reports__resolved_at__isnull=True)
                )
            )
            .distinct()
        )

    def get_page_title(self):
        return _("Housing: %(municipality)s") % {"municipality": self.municipality.name}

    def get_header_title(self):
        return _("Housing moderation: %(municipality)s") % {
            "municipality": self.municipality.name
        }

    def get_context_data(self, **kwargs):
        listings = HousingListing.objects.filter(municipality=self.municipality)
        counts = {
            key: listings.filter(condition).distinct().count()
            for key, (_label, condition) in QUEUES.items()
            if key in ("waiting", "reported", "flagged")
        }
        return super().get_context_data(
            queues=[
                (key, label, counts.get(key)) for key, (label, _q) in QUEUES.items()
            ],
            current=self.current,
            **kwargs,
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("The landlord receives this reason by e-mail."),
    )


class BanForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class ListingPage(api.ModerationDetailView):
    template_name = "housing/listing.html"

    def get_base_object_queryset(self):
        queryset = super().get_base_object_queryset()
        return queryset.select_related("municipality", "moderated_by")

    def get_page_title(self):
        return _("Listing #%(number)s") % {"number": self.object.pk}

    def get_header_title(self):
        return _("Listing #%(number)s: %(title)s") % {
            "number": self.object.pk,
            "title": self.object.title,
        }

    def get_context_data(self, **kwargs):
        listing = self.object
        kwargs.setdefault("reject_form", RejectForm())
        kwargs.setdefault("ban_form", BanForm())
        return super().get_context_data(
            listing=listing,
            photos=listing.photos.all(),
            reports=listing.reports.select_related("resolved_by"),
            translations=listing.translations.all(),
            contacts_count=listing.contacts.count(),
            **kwargs,
        )


class ListingAction(api.ModerationAction):
    def error_label(self, field):
        return field  # the services' field names, as the admin always showed


class Approve(ListingAction):
    name = "approve"
    success_message = gettext_lazy("The listing is published.")

    def perform(self, data):
        services.approve_listing(
            self.object,
            user=self.request.user,
            base_url=self.request.build_absolute_uri("/"),
        )


class Reject(ListingAction):
    name = "reject"
    form_class = RejectForm
    context_name = "reject_form"
    service = services.reject_listing
    success_message = gettext_lazy("The listing was rejected.")


class BanLandlord(ListingAction):
    name = "ban"
    form_class = BanForm
    context_name = "ban_form"
    service = services.ban_landlord
    success_message = gettext_lazy("The landlord is banned.")


class ResolveReports(ListingAction):
    name = "resolve_reports"
    service = services.resolve_reports
    success_message = gettext_lazy("The reports are marked as handled.")


class ListingModeration(api.ModerationViewSet):
    """The moderation admin: 404 unless the user administers this
    municipality's modules and it is on."""

    name = "housing"
    module = MODULE
    model = HousingListing
    detail_url_name = "listing"
    index_view_class = Queue
    detail_view_class = ListingPage
    actions = [Approve, Reject, BanLandlord, ResolveReports]
    photo_model = HousingPhoto
    photo_parent = "listing"
    menu_label = gettext_lazy("Moderation queue")
    menu_name = "housing-moderation"
    icon = "tasks"
    menu_order = 0

"""Admin moderation views and the public token pages. Thin: every change goes
through ``services``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from rathaus.site.module_platform import api

from . import services
from .forms import MAX_MESSAGE
from .models import HousingListing, HousingPhoto, Status

MODULE = services.MODULE


# 404 unless the user administers this municipality's modules and it is on.
moderator_view = api.module_admin_view(MODULE)


def index(request):
    """The menu's target: the queue of the user's first municipality."""
    for municipality in api.municipalities_with_module(request.user, MODULE).order_by(
        "name"
    ):
        if api.is_module_admin(request.user, municipality):
            return redirect("housing_queue", municipality.slug)
    raise Http404


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


@moderator_view
def queue(request, municipality):
    """Listings waiting for moderation, reported or flagged (tabs)."""
    current = request.GET.get("queue") or "waiting"
    if current not in QUEUES:
        current = "waiting"
    listings = (
        HousingListing.objects.filter(municipality=municipality)
        .filter(QUEUES[current][1])
        .annotate(
            open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True))
        )
        .distinct()
        .order_by("-created_at", "-pk")
    )
    page = Paginator(listings, 50).get_page(request.GET.get("p"))
    counts = {
        key: HousingListing.objects.filter(municipality=municipality)
        .filter(condition)
        .distinct()
        .count()
        for key, (_label, condition) in QUEUES.items()
        if key in ("waiting", "reported", "flagged")
    }
    return TemplateResponse(
        request,
        "housing/queue.html",
        {
            "page_title": _("Housing: %(municipality)s")
            % {"municipality": municipality.name},
            "header_title": _("Housing moderation: %(municipality)s")
            % {"municipality": municipality.name},
            "municipality": municipality,
            "queues": [
                (key, label, counts.get(key)) for key, (label, _q) in QUEUES.items()
            ],
            "current": current,
            "page": page,
        },
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


@moderator_view
def listing_detail(request, municipality, pk):
    listing = get_object_or_404(
        HousingListing.objects.select_related("municipality", "moderated_by"),
        municipality=municipality,
        pk=pk,
    )
    reject_form = RejectForm()
    ban_form = BanForm()
    if request.method == "POST":
        action = request.POST.get("action")
        base_url = request.build_absolute_uri("/")
        try:
            if action == "approve":
                services.approve_listing(listing, user=request.user, base_url=base_url)
                messages.success(request, _("The listing is published."))
                return redirect("housing_listing", municipality.slug, listing.pk)
            if action == "reject":
                reject_form = RejectForm(request.POST)
                if reject_form.is_valid():
                    services.reject_listing(
                        listing,
                        reason=reject_form.cleaned_data["reason"],
                        user=request.user,
                    )
                    messages.success(request, _("The listing was rejected."))
                    return redirect("housing_listing", municipality.slug, listing.pk)
            elif action == "ban":
                ban_form = BanForm(request.POST)
                if ban_form.is_valid():
                    services.ban_landlord(
                        listing,
                        reason=ban_form.cleaned_data["reason"],
                        user=request.user,
                    )
                    messages.success(request, _("The landlord is banned."))
                    return redirect("housing_listing", municipality.slug, listing.pk)
            elif action == "resolve_reports":
                from django.utils import timezone

                listing.reports.filter(resolved_at__isnull=True).update(
                    resolved_at=timezone.now(), resolved_by=request.user
                )
                messages.success(request, _("The reports are marked as handled."))
                return redirect("housing_listing", municipality.slug, listing.pk)
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    messages.error(request, f"{field}: {message}")
    return TemplateResponse(
        request,
        "housing/listing.html",
        {
            "page_title": _("Listing #%(number)s") % {"number": listing.pk},
            "header_title": _("Listing #%(number)s: %(title)s")
            % {"number": listing.pk, "title": listing.title},
            "municipality": municipality,
            "listing": listing,
            "photos": listing.photos.all(),
            "reports": listing.reports.select_related("resolved_by"),
            "translations": listing.translations.all(),
            "contacts_count": listing.contacts.count(),
            "reject_form": reject_form,
            "ban_form": ban_form,
        },
    )


@moderator_view
def photo_file(request, municipality, pk, photo_pk, kind):
    photos = HousingPhoto.objects.filter(
        listing__pk=pk, listing__municipality=municipality
    )
    return api.private_photo_response(photos, photo_pk, kind)


# Public token pages -----------------------------------------------------------------


class ExtendForm(forms.Form):
    duration_days = forms.TypedChoiceField(coerce=int, label="Days / Tage")

    def __init__(self, *args, durations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_days"].choices = [(days, days) for days in durations]


class ReplyForm(forms.Form):
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_MESSAGE,
        label="Ihre Antwort / your answer",
    )


TOKEN_ACTIONS = ("confirm", "extend", "delete", "reply")


@never_cache
@csrf_protect
def token_page(request, municipality, action):
    """The page an e-mailed link opens. GET only shows a button: mail
    scanners that prefetch links must not use up single-use tokens."""
    municipality = api.Municipality.objects.filter(slug=municipality).first()
    if (
        municipality is None
        or action not in TOKEN_ACTIONS
        or not api.is_enabled(municipality, MODULE)
    ):
        raise Http404
    token = request.POST.get("token") or request.GET.get("token") or ""
    settings = services.settings_for(municipality)
    durations = sorted(int(days) for days in settings["allowed_durations"])
    form = None
    if action == "extend":
        form = ExtendForm(request.POST or None, durations=durations)
    elif action == "reply":
        form = ReplyForm(request.POST or None)
    done = error = None
    if request.method == "POST" and (form is None or form.is_valid()):
        base_url = request.build_absolute_uri("/")
        try:
            if action == "confirm":
                listing = services.confirm_listing(
                    municipality, token, base_url=base_url
                )
                done = (
                    "Ihr Angebot ist veröffentlicht. Your listing is published."
                    if listing.status == Status.PUBLISHED
                    else "Danke! Ihr Angebot wird geprüft. Thank you: a moderator "
                    "will check your listing."
                )
            elif action == "extend":
                services.extend_listing(
                    municipality,
                    token,
                    form.cleaned_data["duration_days"],
                    base_url=base_url,
                )
                done = "Ihr Angebot wurde verlängert. Your listing was extended."
            elif action == "delete":
                services.delete_listing(municipality, token)
                done = "Ihr Angebot wurde gelöscht. Your listing was deleted."
            else:
                services.reply_to_contact(
                    municipality, token, form.cleaned_data["message"]
                )
                done = (
                    "Ihre Antwort wurde gesendet. Your answer was sent; you now "
                    "have each other's e-mail address."
                )
        except services.InvalidToken as invalid:
            error = invalid.message
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
    response = TemplateResponse(
        request,
        "housing/token.html",
        {
            "municipality": municipality,
            "action": action,
            "token": token,
            "form": form,
            "done": done,
            "error": error,
        },
        status=400 if error else 200,
    )
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response["X-Robots-Tag"] = "noindex"
    return response

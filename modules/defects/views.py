"""The moderation queue and report pages in the Wagtail admin. Thin: every
change goes through ``services``."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from rathaus.site.module_platform import api

from . import services
from .models import (
    DefectCategory,
    DefectPhoto,
    DefectReport,
    ExternalRecipient,
    Forwarding,
    Status,
)

MODULE = services.MODULE
MAP_MARKERS = 1000
# Marker colours on the maps, shown in the legend with the German label;
# closed reports share grey.
STATUS_COLOURS = {
    Status.SUBMITTED: "#b45309",
    Status.PUBLISHED: "#1d4ed8",
    Status.IN_PROGRESS: "#7c3aed",
    Status.FORWARDED: "#0f766e",
    Status.RESOLVED: "#15803d",
    Status.REJECTED: "#6b7280",
    Status.DUPLICATE: "#6b7280",
}


def _legend():
    return [(status.label, STATUS_COLOURS[status]) for status in Status]


def _marker(report, url=""):
    return {
        "id": report.pk,
        "lat": report.latitude,
        "lng": report.longitude,
        "status": report.status,
        "statusLabel": str(report.get_status_display()),
        "label": f"#{report.pk} {report.category.name}" if url else f"#{report.pk}",
        "url": url,
    }


# 404 unless the user administers this municipality's modules and it is on.
moderator_view = api.module_admin_view(MODULE)


def index(request):
    """The menu's target: the queue of the user's first municipality."""
    for municipality in api.municipalities_with_module(request.user, MODULE).order_by(
        "name"
    ):
        if api.is_module_admin(request.user, municipality):
            return redirect("defects_queue", municipality.slug)
    raise Http404


class QueueFilter(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All states")), *Status.choices],
        required=False,
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.code, category.name)
            for category in services.categories_for(municipality, active_only=False)
        ]

    def apply(self, reports):
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data.get("status"):
            reports = reports.filter(status=data["status"])
        if data.get("category"):
            reports = reports.filter(category__code=data["category"])
        if data.get("date_from"):
            reports = reports.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            reports = reports.filter(created_at__date__lte=data["date_to"])
        return reports


def _map_config():
    config = getattr(settings, "LEAFLET_CONFIG", {})
    tiles = config.get("TILES") or []
    return {
        "tileUrl": tiles[0][1] if tiles else "",
        "tileOptions": tiles[0][2] if tiles else {},
        "maxZoom": config.get("MAX_ZOOM", 19),
        "colours": {str(status): colour for status, colour in STATUS_COLOURS.items()},
    }


@moderator_view
def queue(request, municipality):
    """Reports with filters, a map and a paginated list (newest first)."""
    filters = QueueFilter(request.GET or None, municipality=municipality)
    reports = filters.apply(
        DefectReport.objects.filter(municipality=municipality).select_related(
            "category"
        )
    ).order_by("-created_at", "-pk")
    page = Paginator(reports, 50).get_page(request.GET.get("p"))
    markers = [
        _marker(report, reverse("defects_report", args=[municipality.slug, report.pk]))
        for report in reports[:MAP_MARKERS]
    ]
    map_data = {
        **_map_config(),
        "bbox": list(municipality.bounding_box),
        "markers": markers,
    }
    title = _("Defect reports: %(municipality)s") % {"municipality": municipality.name}
    return TemplateResponse(
        request,
        "defects/queue.html",
        {
            "page_title": title,
            "header_title": title,
            "municipality": municipality,
            "filters": filters,
            "page": page,
            "map_data": map_data,
            "counts": _counts(municipality),
            "legend": _legend(),
        },
    )


def _counts(municipality):
    """(status label, count) of the municipality's reports, in state order."""
    counts = dict(
        DefectReport.objects.filter(municipality=municipality)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [(status.label, counts[status]) for status in Status if status in counts]


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=gettext_lazy("New status"), choices=Status.choices
    )
    note = forms.CharField(
        label=gettext_lazy("Public note"),
        help_text=gettext_lazy("Shown to the reporter, in the app and over Open311."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    internal_note = forms.CharField(
        label=gettext_lazy("Internal note"),
        help_text=gettext_lazy("Only staff see it, in the history below."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=services.moderation.MAX_INTERNAL_NOTE,
    )
    duplicate_of = forms.IntegerField(
        label=gettext_lazy("Duplicate of"), required=False
    )
    recipient = forms.ModelChoiceField(
        label=gettext_lazy("Recipient"),
        queryset=ExternalRecipient.objects.none(),
        required=False,
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status.value, status.label)
            for status in services.allowed_transitions(report.status)
        ]
        self.fields["recipient"].queryset = ExternalRecipient.objects.filter(
            municipality=report.municipality, active=True
        )


class EditForm(forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea(attrs={"rows": 5})
    )
    address = forms.CharField(
        label=gettext_lazy("Address"), required=False, max_length=300
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=DefectCategory.objects.none()
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = DefectCategory.objects.filter(
            municipality=report.municipality,
            locale_id=report.category.locale_id,
        )


class BanForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)


class NoteForm(forms.Form):
    internal_note = TransitionForm.base_fields["internal_note"]


def _report(municipality, pk):
    return get_object_or_404(
        DefectReport.objects.select_related("category", "municipality", "duplicate_of"),
        municipality=municipality,
        pk=pk,
    )


@moderator_view
def report_detail(request, municipality, pk):
    report = _report(municipality, pk)
    transition_form = TransitionForm(report=report)
    edit_form = EditForm(
        report=report,
        initial={
            "description": report.description,
            "address": report.address,
            "category": report.category_id,
        },
    )
    note_form = NoteForm()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "note":
                note_form = NoteForm(request.POST)
                if note_form.is_valid():
                    services.add_internal_note(
                        report,
                        note_form.cleaned_data["internal_note"],
                        user=request.user,
                    )
                    messages.success(request, _("The note was added."))
                    return redirect("defects_report", municipality.slug, report.pk)
            elif action == "transition":
                transition_form = TransitionForm(request.POST, report=report)
                if transition_form.is_valid():
                    data = transition_form.cleaned_data
                    services.transition(
                        report,
                        data["to_status"],
                        user=request.user,
                        note=data["note"],
                        internal_note=data["internal_note"],
                        duplicate_of=data["duplicate_of"],
                        recipient=data["recipient"],
                    )
                    messages.success(request, _("The status was changed."))
                    return redirect("defects_report", municipality.slug, report.pk)
            elif action == "edit":
                edit_form = EditForm(request.POST, report=report)
                if edit_form.is_valid():
                    data = edit_form.cleaned_data
                    services.edit_report(
                        report,
                        user=request.user,
                        description=data["description"],
                        address=data["address"],
                        category=data["category"],
                    )
                    messages.success(request, _("The report was saved."))
                    return redirect("defects_report", municipality.slug, report.pk)
            elif action in ("hide_photo", "show_photo"):
                photo = get_object_or_404(
                    DefectPhoto, report=report, pk=request.POST.get("photo")
                )
                services.set_photo_hidden(
                    photo, action == "hide_photo", user=request.user
                )
                return redirect("defects_report", municipality.slug, report.pk)
            elif action == "retry":
                forwarding = get_object_or_404(
                    Forwarding, report=report, pk=request.POST.get("forwarding")
                )
                services.retry_forwarding(forwarding, user=request.user)
                messages.success(request, _("The forwarding is sent again."))
                return redirect("defects_report", municipality.slug, report.pk)
            elif action == "ban":
                ban_form = BanForm(request.POST)
                if ban_form.is_valid():
                    services.ban_reporter(
                        report,
                        reason=ban_form.cleaned_data["reason"],
                        user=request.user,
                    )
                    messages.success(request, _("The reporter is banned."))
                    return redirect("defects_report", municipality.slug, report.pk)
                messages.error(request, _("Give a reason for the ban."))
            else:
                messages.error(request, _("Unknown action."))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form_field = TransitionForm.base_fields.get(field)
                label = form_field.label if form_field else ""
                for message in errors:
                    messages.error(request, f"{label}: {message}" if label else message)
    nearby = services.nearby_reports(
        municipality,
        report.latitude,
        report.longitude,
        radius=100,
        queryset=DefectReport.objects.filter(municipality=municipality)
        .exclude(pk=report.pk)
        .exclude(status__in=[Status.REJECTED, Status.DUPLICATE])
        .select_related("category"),
    )
    return TemplateResponse(
        request,
        "defects/report.html",
        {
            "page_title": _("Report #%(number)s") % {"number": report.pk},
            "header_title": _("Report #%(number)s: %(category)s")
            % {"number": report.pk, "category": report.category.name},
            "municipality": municipality,
            "report": report,
            "photos": report.photos.all(),
            "events": report.events.select_related("actor"),
            "forwardings": report.forwardings.select_related("recipient"),
            "transition_form": transition_form,
            "edit_form": edit_form,
            "note_form": note_form,
            "legend": _legend(),
            "nearby": nearby[:10],
            "map_data": {
                **_map_config(),
                "bbox": list(municipality.bounding_box),
                "markers": [_marker(report)],
                "zoom": 17,
            },
        },
    )


@moderator_view
def photo_file(request, municipality, pk, photo_pk, kind):
    photos = DefectPhoto.objects.filter(
        report__pk=pk, report__municipality=municipality
    )
    return api.private_photo_response(photos, photo_pk, kind)

"""The moderation queue and report pages in the Wagtail admin, on the
platform's moderation viewset. Thin: every change goes through ``services``."""

import django_filters
from django import forms
from django.db.models import Count
from django.shortcuts import get_object_or_404
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


def _map_data(municipality, markers, **extra):
    """What the map script takes: the tiles, the colours, the municipality's
    box and the markers."""
    return {
        **api.tile_layer(),
        "maxZoom": api.leaflet_config().get("MAX_ZOOM", 19),
        "colours": {str(status): colour for status, colour in STATUS_COLOURS.items()},
        "bbox": list(municipality.bounding_box),
        "markers": markers,
        **extra,
    }


class QueueFilter(api.ModerationFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=Status.choices,
        empty_label=gettext_lazy("All states"),
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("Category"),
        field_name="category__code",
        empty_label=gettext_lazy("All categories"),
    )
    date_from = django_filters.DateFilter(
        label=pgettext_lazy("date range", "From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=pgettext_lazy("date range", "To"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["category"].extra["choices"] = [
            (category.code, category.name)
            for category in services.categories_for(
                self.municipality, active_only=False
            )
        ]


class Queue(api.ModerationIndexView):
    """Reports with filters, a map and a paginated list (newest first)."""

    template_name = "defects/queue.html"
    filterset_class = QueueFilter

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("category")

    def get_page_title(self):
        return _("Defect reports: %(municipality)s") % {
            "municipality": self.municipality.name
        }

    def get_context_data(self, **kwargs):
        municipality = self.municipality
        markers = [
            _marker(
                report, reverse("defects_report", args=[municipality.slug, report.pk])
            )
            for report in self.object_list[:MAP_MARKERS]
        ]
        return super().get_context_data(
            map_data=_map_data(municipality, markers),
            counts=self._counts(),
            legend=_legend(),
            **kwargs,
        )

    def _counts(self):
        """(status label, count) of the municipality's reports, in state order."""
        counts = dict(
            DefectReport.objects.filter(municipality=self.municipality)
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


class ReportPage(api.ModerationDetailView):
    template_name = "defects/report.html"

    def get_base_object_queryset(self):
        return (
            super()
            .get_base_object_queryset()
            .select_related("category", "municipality", "duplicate_of")
        )

    def get_page_title(self):
        return _("Report #%(number)s") % {"number": self.object.pk}

    def get_header_title(self):
        return _("Report #%(number)s: %(category)s") % {
            "number": self.object.pk,
            "category": self.object.category.name,
        }

    def get_context_data(self, **kwargs):
        report, municipality = self.object, self.municipality
        kwargs.setdefault("transition_form", TransitionForm(report=report))
        kwargs.setdefault(
            "edit_form",
            EditForm(
                report=report,
                initial={
                    "description": report.description,
                    "address": report.address,
                    "category": report.category_id,
                },
            ),
        )
        kwargs.setdefault("note_form", NoteForm())
        nearby = api.nearest(
            DefectReport.objects.filter(municipality=municipality)
            .exclude(pk=report.pk)
            .exclude(status__in=[Status.REJECTED, Status.DUPLICATE])
            .select_related("category"),
            report.latitude,
            report.longitude,
            radius=100,
        )
        return super().get_context_data(
            report=report,
            photos=report.photos.all(),
            events=report.events.select_related("actor"),
            forwardings=report.forwardings.select_related("recipient"),
            legend=_legend(),
            nearby=nearby[:10],
            map_data=_map_data(municipality, [_marker(report)], zoom=17),
            **kwargs,
        )


class ReportAction(api.ModerationAction):
    def error_label(self, field):
        """Services name the transition form's fields; their labels lead."""
        form_field = TransitionForm.base_fields.get(field)
        return form_field.label if form_field else ""


class ReportFormAction(ReportAction):
    """Its form offers the report's own choices."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "report": self.object}


class AddNote(ReportAction):
    name = "note"
    form_class = NoteForm
    context_name = "note_form"
    success_message = gettext_lazy("The note was added.")

    def perform(self, data):
        services.add_internal_note(
            self.object, data["internal_note"], user=self.request.user
        )


class Transition(ReportFormAction):
    name = "transition"
    form_class = TransitionForm
    context_name = "transition_form"
    service = services.transition
    success_message = gettext_lazy("The status was changed.")


class Edit(ReportFormAction):
    name = "edit"
    form_class = EditForm
    context_name = "edit_form"
    service = services.edit_report
    success_message = gettext_lazy("The report was saved.")


class HidePhoto(ReportAction):
    name = "hide_photo"
    hidden = True

    def perform(self, data):
        photo = get_object_or_404(
            DefectPhoto, report=self.object, pk=self.request.POST.get("photo")
        )
        services.set_photo_hidden(photo, self.hidden, user=self.request.user)


class ShowPhoto(HidePhoto):
    name = "show_photo"
    hidden = False


class Retry(ReportAction):
    name = "retry"
    success_message = gettext_lazy("The forwarding is sent again.")

    def perform(self, data):
        forwarding = get_object_or_404(
            Forwarding, report=self.object, pk=self.request.POST.get("forwarding")
        )
        services.retry_forwarding(forwarding, user=self.request.user)


class Ban(ReportAction):
    name = "ban"
    form_class = BanForm
    service = services.ban_reporter
    success_message = gettext_lazy("The reporter is banned.")
    invalid_message = gettext_lazy("Give a reason for the ban.")


class ReportModeration(api.ModerationViewSet):
    """The moderation admin: 404 unless the user administers this
    municipality's modules and it is on."""

    name = "defects"
    module = services.MODULE
    model = DefectReport
    detail_url_name = "report"
    index_view_class = Queue
    detail_view_class = ReportPage
    actions = [AddNote, Transition, Edit, HidePhoto, ShowPhoto, Retry, Ban]
    photo_model = DefectPhoto
    photo_parent = "report"
    menu_label = gettext_lazy("Defect reports")
    menu_name = "defect-reports"
    icon = "warning"
    menu_order = 310

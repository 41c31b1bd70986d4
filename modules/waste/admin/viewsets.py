"""Wagtail viewsets of the waste calendar, scoped to the user's municipalities
where the module is enabled (other rows answer 404)."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from rathaus.site.module_platform import api

from .. import tasks
from ..models import (
    BulkyItem,
    BulkyWasteBan,
    BulkyWasteRecipient,
    BulkyWasteRequest,
    CollectionDate,
    CollectionDistrict,
    Fraction,
    HolidayShift,
    ImportRun,
    ImportSource,
    Street,
    StreetAssignment,
)

MODULE = "waste"


class WasteViewSet(api.ModuleSnippetViewSet):
    module = MODULE

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class ModuleScopedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get("municipality")
                if field is not None and self.for_user is not None:
                    field.queryset = api.municipalities_with_module(
                        self.for_user, MODULE
                    )
                # Choosers of related rows offer the same municipalities only.
                for name in ("street", "district", "fraction", "recipient"):
                    related = self.fields.get(name)
                    if related is not None and self.for_user is not None:
                        related.queryset = related.queryset.filter(
                            municipality__in=api.municipalities_with_module(
                                self.for_user, MODULE
                            )
                        )

        ModuleScopedForm.__name__ = form_class.__name__
        return ModuleScopedForm


def _calendar_link(district):
    url = reverse(
        "waste_district_calendar",
        kwargs={"municipality": district.municipality.slug, "pk": district.pk},
    )
    return format_html('<a href="{}">{}</a>', url, _("Calendar"))


class FractionViewSet(WasteViewSet):
    model = Fraction
    icon = "bin"
    menu_label = _("Fractions")
    list_display = ["name", "key", "kind", "locale", "active", "sort_order"]
    list_filter = ["kind", "active", "locale"]
    search_fields = ["name", "key"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("kind")]),
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("color"), FieldPanel("icon")]),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("active")]),
    ]


class DistrictViewSet(WasteViewSet):
    model = CollectionDistrict
    icon = "site"
    menu_label = _("Districts")
    list_display = [
        "name",
        "fraction",
        "location",
        "external_id",
        Column("calendar", label=_("Calendar"), accessor=_calendar_link),
    ]
    list_filter = ["fraction"]
    search_fields = ["name", "external_id", "location"]
    panels = [
        FieldPanel("municipality"),
        FieldPanel("fraction"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("external_id")]),
        MultiFieldPanel(
            [
                FieldPanel("location"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Stop (mobile collections)"),
        ),
    ]


class StreetViewSet(WasteViewSet):
    model = Street
    icon = "pick"
    menu_label = _("Streets")
    list_display = ["name", "locality", "postal_code", "external_id"]
    search_fields = ["name", "locality", "postal_code"]
    list_per_page = 50
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("locality")]),
        FieldRowPanel([FieldPanel("postal_code"), FieldPanel("external_id")]),
    ]


class AssignmentViewSet(WasteViewSet):
    model = StreetAssignment
    icon = "list-ul"
    menu_label = _("Street assignments")
    list_display = ["street", "district", "number_from", "number_to", "parity"]
    list_filter = ["parity", "district__fraction"]
    search_fields = ["street__name"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("street"), FieldPanel("district")]),
        FieldRowPanel(
            [FieldPanel("number_from"), FieldPanel("number_to"), FieldPanel("parity")]
        ),
    ]


class DateViewSet(WasteViewSet):
    model = CollectionDate
    icon = "date"
    menu_label = _("Collection dates")
    list_display = ["date", "district", "start_time", "end_time", "note"]
    list_filter = ["district__fraction", "date"]
    search_fields = ["district__name", "note"]
    ordering = ["-date"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("district"), FieldPanel("date")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("note"),
    ]


class ShiftViewSet(WasteViewSet):
    model = HolidayShift
    icon = "calendar-alt"
    menu_label = _("Holiday shifts")
    list_display = ["original_date", "shifted_date", "reason", "source"]
    list_filter = ["source"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("original_date"), FieldPanel("shifted_date")]),
        FieldPanel("reason"),
    ]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class ManualShiftForm(form_class):
            def save(self, commit=True):
                self.instance.source = HolidayShift.Source.MANUAL
                return super().save(commit)

        ManualShiftForm.__name__ = form_class.__name__
        return ManualShiftForm


class BulkyItemViewSet(WasteViewSet):
    model = BulkyItem
    icon = "tasks"
    menu_label = _("Bulky-waste items")
    list_display = ["name", "key", "max_quantity", "locale", "active"]
    list_filter = ["active", "locale"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("key"), FieldPanel("name")]),
        FieldRowPanel(
            [FieldPanel("max_quantity"), FieldPanel("sort_order"), FieldPanel("active")]
        ),
    ]


class RecipientViewSet(WasteViewSet):
    model = BulkyWasteRecipient
    icon = "mail"
    menu_label = _("Bulky-waste operators")
    list_display = ["name", "channel", "active"]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("channel")]),
        FieldPanel("email"),
        FieldPanel("url"),
        FieldPanel("secret"),
        FieldRowPanel(
            [
                FieldPanel("open311_jurisdiction_id"),
                FieldPanel("open311_service_code"),
            ]
        ),
        FieldPanel("active"),
    ]


class BulkyRequestViewSet(WasteViewSet):
    model = BulkyWasteRequest
    icon = "clipboard-list"
    menu_label = _("Bulky-waste requests")
    inspect_view_enabled = True
    list_display = [
        Column("number", label=_("No."), accessor="pk"),
        "street",
        "house_number",
        "created_at",
        "forwarding_state",
        "forwarding_attempts",
        "external_id",
    ]
    list_filter = ["forwarding_state"]
    search_fields = ["house_number", "street__name", "external_id"]
    inspect_view_fields = [
        "street",
        "house_number",
        "items",
        "preferred_dates",
        "name",
        "email",
        "phone",
        "note",
        "language",
        "forwarding_state",
        "recipient",
        "forwarding_attempts",
        "forwarding_error",
        "next_attempt_at",
        "external_id",
        "forwarded_at",
        "confirmation_sent_at",
        "created_at",
    ]
    panels = [FieldPanel("note")]


class SourceViewSet(api.ImportNowViewSetMixin, WasteViewSet):
    model = ImportSource
    import_run_model = ImportRun
    import_task = tasks.run_import_source
    import_failure_note = _("The calendar stays as it was.")
    icon = "download"
    menu_label = _("Import sources")
    list_display = ["name", "kind", "enabled", api.latest_import_column()]

    def can_import(self, source):
        return source.enabled

    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("enabled")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("service"), FieldPanel("place")])],
            heading=_("AbfallNavi"),
        ),
        FieldPanel("ics_url_template"),
        FieldPanel("fraction_mapping"),
    ]


class ImportRunViewSet(WasteViewSet):
    model = ImportRun
    icon = "history"
    menu_label = _("Import history")
    inspect_view_enabled = True
    list_display = [
        "started_at",
        "kind",
        "description",
        "status",
        "created",
        "updated",
        "deleted",
        "unchanged",
        "refused",
    ]
    list_filter = ["status", "kind"]
    inspect_view_fields = [
        "kind",
        "description",
        "trigger",
        "requested_by",
        "status",
        "started_at",
        "finished_at",
        "created",
        "updated",
        "deleted",
        "unchanged",
        "refused",
        "error",
        "report",
    ]
    panels = [FieldPanel("description")]


class BulkyBanViewSet(WasteViewSet):
    model = BulkyWasteBan
    icon = "lock"
    menu_label = _("Bulky-waste bans")
    list_display = ["kind", "reason", "created_at", "expires_at"]
    list_filter = ["kind"]
    panels = [
        FieldPanel("municipality"),
        FieldPanel("kind"),
        FieldPanel(
            "value_hash",
            help_text=_("For e-mail bans, type the address: it is stored as a hash."),
        ),
        FieldPanel("reason"),
        FieldPanel("expires_at"),
    ]


class WasteViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Waste calendar")
    menu_icon = "bin"
    menu_name = "waste"
    items = (
        FractionViewSet,
        StreetViewSet,
        AssignmentViewSet,
        DistrictViewSet,
        DateViewSet,
        ShiftViewSet,
        BulkyItemViewSet,
        BulkyRequestViewSet,
        BulkyBanViewSet,
        RecipientViewSet,
        SourceViewSet,
        ImportRunViewSet,
    )

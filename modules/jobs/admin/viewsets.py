"""The jobs module's admin: offers and connectors, in one menu group.

Both are the platform's module viewsets: scoped to the user's municipalities
where the module is enabled (another municipality's rows answer 404).
Connectors have an "Import now" action (in each row's menu and the edit
view's header) and a status page of their latest import
(``api.ImportNowViewSetMixin``).
"""

from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from rathaus.site.module_platform import api

from .. import tasks
from ..forms import ConnectorForm
from ..models import Connector, ImportRun, JobOffer
from ..services import MODULE


class JobsViewSetMixin(api.ModuleSnippetViewSet):
    module = MODULE


class JobOfferViewSet(JobsViewSetMixin):
    model = JobOffer
    icon = "user"
    menu_label = _("Job offers")
    list_display = ["title", "employer", "kind", "place", "source", "expires_at"]
    list_filter = ["kind", "source", "suitable_for_refugees"]
    search_fields = ["title", "employer", "place", "external_reference"]
    ordering = ["-published_at", "-pk"]
    panels = [
        FieldPanel("municipality"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("employer"), FieldPanel("occupation")]),
        FieldRowPanel(
            [FieldPanel("kind"), FieldPanel("working_time"), FieldPanel("start_date")]
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("street"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("place")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        FieldPanel(
            "language_requirements",
            help_text=_('E.g. [{"language": "de", "level": "B1"}]'),
        ),
        FieldPanel("suitable_for_refugees"),
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("expires_at")]),
        FieldRowPanel([FieldPanel("external_reference"), FieldPanel("external_url")]),
    ]


def _last_error(connector):
    text = connector.get_last_error_display()
    if not text:
        return ""
    return format_html('<span title="{}">{}</span>', text, Truncator(text).chars(80))


class ConnectorViewSet(api.ImportNowViewSetMixin, JobsViewSetMixin):
    model = Connector
    import_run_model = ImportRun
    import_task = tasks.import_connector
    import_failure_note = _("The offers stay as they were.")
    icon = "download"
    menu_label = _("Job connectors")
    inspect_view_enabled = True
    list_display = [
        "name",
        "kind",
        "enabled",
        Column("status", label=_("Status"), accessor="status"),
        api.latest_import_column(),
        "last_run_at",
        "last_success_at",
        Column("last_error", label=_("Last error"), accessor=_last_error),
        "offer_count",
    ]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "source"]
    # The inspect view shows every other field (never the API key).
    inspect_view_fields_exclude = [
        "id",
        "api_key",
        "fetch_details",
        "max_pages",
        "csv_delimiter",
        "last_error_detail",
    ]
    edit_handler = ObjectList(
        base_form_class=ConnectorForm,
        children=[
            FieldPanel("municipality"),
            FieldRowPanel(
                [FieldPanel("name"), FieldPanel("kind"), FieldPanel("source")]
            ),
            FieldPanel("enabled"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("base_url"), FieldPanel("version_path")]),
                    FieldPanel("api_key"),
                    FieldRowPanel(
                        [
                            FieldPanel("postal_code"),
                            FieldPanel("radius_km"),
                            FieldPanel("max_pages"),
                        ]
                    ),
                    FieldPanel("fetch_details"),
                ],
                heading=_("Job-search API"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("feed_url"),
                    FieldRowPanel(
                        [
                            FieldPanel("feed_format"),
                            FieldPanel("items_path"),
                            FieldPanel("csv_delimiter"),
                        ]
                    ),
                    FieldPanel("field_mapping"),
                ],
                heading=_("Feed"),
            ),
            FieldPanel("offer_kinds"),
        ],
    )

    def can_import(self, connector):
        return connector.kind != Connector.Kind.MANUAL


class JobsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Jobs")
    menu_icon = "user"
    menu_name = "jobs"
    items = (JobOfferViewSet, ConnectorViewSet)

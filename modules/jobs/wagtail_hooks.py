"""Admin (offers, connectors) and GraphQL contributions of the jobs module.

Both viewsets are scoped twice: to the user's municipalities (the platform's
scoped snippet viewset and permission policy; another municipality's rows
answer 404) and to the municipalities where the module is enabled.
"""

import functools

from django import forms
from django.http import Http404
from django.utils.html import format_html
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from rathaus.site.module_platform.gating import (
    ModuleViewSetMixin,
    municipalities_with_module,
)
from rathaus.site.module_platform.hooks import GRAPHQL_QUERY
from rathaus.site.municipalities.scoping import (
    MunicipalityScopedPermissionPolicy,
    MunicipalityScopedSnippetViewSet,
)

from .models import Connector, JobOffer
from .schema import JobsQuery

MODULE = "jobs"


@hooks.register(GRAPHQL_QUERY)
def jobs_query():
    return JobsQuery


class ModuleScopedPermissionPolicy(MunicipalityScopedPermissionPolicy):
    """Instances only of the user's municipalities that use the module."""

    def _scope(self, user):
        return {
            f"{self.municipality_field}__in": municipalities_with_module(user, MODULE)
        }

    def _in_scope(self, user, instance):
        return (
            self.model._default_manager.filter(pk=instance.pk)
            .filter(**self._scope(user))
            .exists()
        )

    def instances_user_has_permission_for(self, user, action):
        return (
            super()
            .instances_user_has_permission_for(user, action)
            .filter(**self._scope(user))
        )

    def instances_user_has_any_permission_for(self, user, actions):
        return (
            super()
            .instances_user_has_any_permission_for(user, actions)
            .filter(**self._scope(user))
        )


register_permission_policy(JobOffer, ModuleScopedPermissionPolicy(JobOffer))
register_permission_policy(Connector, ModuleScopedPermissionPolicy(Connector))


def _object_in_module_scope(model):
    """404 for a URL naming a row of a municipality without the module."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            pk = kwargs.get("pk")
            if pk is not None and not (
                model._default_manager.filter(
                    pk=pk,
                    municipality__in=municipalities_with_module(request.user, MODULE),
                ).exists()
            ):
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


class JobsViewSetMixin(ModuleViewSetMixin, MunicipalityScopedSnippetViewSet):
    module = MODULE

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(municipality__in=municipalities_with_module(request.user, MODULE))
        )

    def get_urlpatterns(self):
        from wagtail.utils.urlpatterns import decorate_urlpatterns

        return decorate_urlpatterns(
            super().get_urlpatterns(), _object_in_module_scope(self.model)
        )

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class ModuleScopedForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                field = self.fields.get("municipality")
                if field is not None and self.for_user is not None:
                    field.queryset = municipalities_with_module(self.for_user, MODULE)
                    if field.queryset.count() == 1 and not self.instance.pk:
                        field.initial = field.queryset.get().pk

        ModuleScopedForm.__name__ = form_class.__name__
        return ModuleScopedForm


class JobOfferViewSet(JobsViewSetMixin):
    model = JobOffer
    icon = "user"
    menu_label = "Job offers"
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
            heading="Location",
        ),
        FieldPanel(
            "language_requirements",
            help_text='E.g. [{"language": "de", "level": "B1"}]',
        ),
        FieldPanel("suitable_for_refugees"),
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("expires_at")]),
        FieldRowPanel([FieldPanel("external_reference"), FieldPanel("external_url")]),
    ]


class ConnectorForm(forms.ModelForm):
    """The API key is write-only: never rendered, kept when left blank."""

    api_key = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Sent as X-API-Key. Leave blank to keep the stored key.",
    )

    def clean_api_key(self):
        value = self.cleaned_data.get("api_key")
        if not value and self.instance.pk:
            return self.instance.api_key
        return value


def _last_error(connector):
    if not connector.last_error:
        return ""
    return format_html(
        '<span title="{}">{}</span>',
        connector.last_error,
        Truncator(connector.last_error).chars(80),
    )


class ConnectorViewSet(JobsViewSetMixin):
    model = Connector
    icon = "download"
    menu_label = "Job connectors"
    inspect_view_enabled = True
    list_display = [
        "name",
        "kind",
        "enabled",
        Column("status", label="Status", accessor="status"),
        "last_run_at",
        "last_success_at",
        Column("last_error", label="Last error", accessor=_last_error),
        "offer_count",
    ]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "source"]
    inspect_view_fields = [
        "municipality",
        "name",
        "kind",
        "source",
        "enabled",
        "base_url",
        "version_path",
        "postal_code",
        "radius_km",
        "offer_kinds",
        "feed_url",
        "feed_format",
        "field_mapping",
        "items_path",
        "last_run_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "offer_count",
    ]
    panels = [
        FieldPanel("municipality"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("kind"), FieldPanel("source")]),
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
            heading="Job-search API",
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
            heading="Feed",
        ),
        FieldPanel("offer_kinds"),
    ]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(
            form_class.__name__,
            (form_class,),
            {
                "api_key": ConnectorForm.base_fields["api_key"],
                "clean_api_key": ConnectorForm.clean_api_key,
            },
        )


class JobsViewSetGroup(SnippetViewSetGroup):
    menu_label = "Jobs"
    menu_icon = "user"
    menu_name = "jobs"
    items = (JobOfferViewSet, ConnectorViewSet)


register_snippet(JobsViewSetGroup)


@hooks.register("after_delete_snippet")
def refresh_api_after_delete(request, instances):
    from rathaus.site.core.signal_handlers import bump_for_module_data

    for instance in instances:
        if isinstance(instance, JobOffer):
            bump_for_module_data(instance.municipality)

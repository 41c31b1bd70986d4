"""Registers the waste module's GraphQL fields, admin viewsets and views."""

from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rathaus.site.module_platform import api

from .admin import views
from .admin.viewsets import WasteViewSetGroup
from .schema.mutations import WasteMutation
from .schema.queries import WasteQuery

MODULE = "waste"


@hooks.register(api.GRAPHQL_QUERY)
def waste_query():
    return WasteQuery


@hooks.register(api.GRAPHQL_MUTATION)
def waste_mutation():
    return WasteMutation


register_snippet(WasteViewSetGroup)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return api.gate_urlpatterns(
        MODULE,
        [
            path(
                "waste/<slug:municipality>/districts/<int:pk>/calendar/",
                views.district_calendar,
                name="waste_district_calendar",
            ),
            path("waste/import/csv/", views.csv_upload, name="waste_csv_upload"),
        ],
    )


@hooks.register("register_admin_menu_item")
def register_csv_menu_item():
    return api.ModuleMenuItem(
        _("Import waste calendar"),
        reverse_lazy("waste_csv_upload"),
        module=MODULE,
        icon_name="download",
        order=900,
    )

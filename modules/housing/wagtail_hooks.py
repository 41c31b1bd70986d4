"""Admin (moderation queue, listings, reports, ban list) and GraphQL
contributions of the housing exchange.

The viewsets are scoped twice: to the user's municipalities (the platform's
scoped snippet viewset; another municipality's rows answer 404) and to the
municipalities where the module is enabled. The moderation views 404 unless
the user is a module admin of that municipality and the module is on there.
"""

import functools

from django.http import Http404
from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSetGroup,
)
from wagtail.utils.urlpatterns import decorate_urlpatterns

from rathaus.site.module_platform.gating import (
    ModuleMenuItem,
    ModuleViewSetMixin,
    gate_urlpatterns,
    municipalities_with_module,
)
from rathaus.site.module_platform.hooks import GRAPHQL_MUTATION, GRAPHQL_QUERY
from rathaus.site.municipalities.scoping import MunicipalityScopedSnippetViewSet

from . import services, views
from .models import HousingBan, HousingListing, HousingReport
from .schema import HousingMutation, HousingQuery

MODULE = services.MODULE


@hooks.register(GRAPHQL_QUERY)
def housing_query():
    return HousingQuery


@hooks.register(GRAPHQL_MUTATION)
def housing_mutation():
    return HousingMutation


@hooks.register("register_admin_urls")
def register_admin_urls():
    return gate_urlpatterns(
        MODULE,
        [
            path("housing/", views.index, name="housing_index"),
            path("housing/<slug:municipality>/", views.queue, name="housing_queue"),
            path(
                "housing/<slug:municipality>/<int:pk>/",
                views.listing_detail,
                name="housing_listing",
            ),
            path(
                "housing/<slug:municipality>/<int:pk>/photos/<int:photo_pk>/"
                "<str:kind>/",
                views.photo_file,
                name="housing_photo_file",
            ),
        ],
    )


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


class StaffSavedMixin:
    """Listings staff create or edit get their dates, public photos and
    translations through ``services.staff_saved``."""

    def save_instance(self):
        instance = super().save_instance()
        return services.staff_saved(instance, user=self.request.user)


class ListingCreateView(StaffSavedMixin, CreateView):
    pass


class ListingEditView(StaffSavedMixin, EditView):
    pass


class HousingViewSet(ModuleViewSetMixin, MunicipalityScopedSnippetViewSet):
    module = MODULE

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(municipality__in=municipalities_with_module(request.user, MODULE))
        )

    def get_urlpatterns(self):
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


class HousingListingViewSet(HousingViewSet):
    model = HousingListing
    icon = "home"
    menu_label = "Listings"
    add_view_class = ListingCreateView
    edit_view_class = ListingEditView
    list_display = ["title", "district", "status", "warm_rent", "expires_at"]
    list_filter = ["status", "kind", "barrier_free"]
    search_fields = ["title", "district", "description"]
    ordering = ["-created_at", "-pk"]


class HousingReportViewSet(HousingViewSet):
    model = HousingReport
    icon = "warning"
    menu_label = "Reports"
    list_display = ["listing", "reason", "created_at", "resolved_at"]
    list_filter = ["reason"]


class HousingBanViewSet(HousingViewSet):
    model = HousingBan
    icon = "lock"
    menu_label = "Ban list"
    list_display = ["kind", "reason", "created_at", "expires_at"]
    list_filter = ["kind"]


class QueueMenuItem(ModuleMenuItem):
    pass


class HousingViewSetGroup(SnippetViewSetGroup):
    menu_label = "Housing"
    menu_icon = "home"
    menu_name = "housing"
    menu_order = 320
    items = (HousingListingViewSet, HousingReportViewSet, HousingBanViewSet)

    def get_submenu_items(self):
        return [
            QueueMenuItem(
                "Moderation queue",
                reverse_lazy("housing_index"),
                module=MODULE,
                name="housing-moderation",
                icon_name="tasks",
                order=0,
            ),
            *super().get_submenu_items(),
        ]


register_snippet(HousingViewSetGroup)

"""Admin (moderation queue, listings, reports, ban list) and GraphQL
contributions of the housing exchange.

The viewsets are the platform's module viewsets: scoped to the user's
municipalities where the module is enabled (another municipality's rows
answer 404). The moderation views 404 unless
the user is a module admin of that municipality and the module is on there.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSetGroup,
)

from rathaus.site.module_platform import api

from . import dashboard, services, views
from .forms import StaffListingRules
from .models import HousingBan, HousingListing, HousingReport
from .schema import HousingMutation, HousingQuery

MODULE = services.MODULE


@hooks.register(api.GRAPHQL_QUERY)
def housing_query():
    return HousingQuery


@hooks.register(api.GRAPHQL_MUTATION)
def housing_mutation():
    return HousingMutation


moderation = views.ListingModeration()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return moderation.get_urlpatterns()


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


class HousingViewSet(api.ModuleSnippetViewSet):
    module = MODULE


class HousingListingViewSet(HousingViewSet):
    model = HousingListing
    icon = "home"
    menu_label = _("Listings")
    add_view_class = ListingCreateView
    edit_view_class = ListingEditView
    list_display = ["title", "district", "status", "warm_rent", "expires_at"]
    list_filter = ["status", "kind", "barrier_free"]
    search_fields = ["title", "district", "description"]
    ordering = ["-created_at", "-pk"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (StaffListingRules, form_class), {})


class HousingReportViewSet(HousingViewSet):
    model = HousingReport
    icon = "warning"
    menu_label = pgettext_lazy("housing reports", "Reports")
    list_display = ["listing", "reason", "created_at", "resolved_at"]
    list_filter = ["reason"]


class HousingBanViewSet(HousingViewSet):
    model = HousingBan
    icon = "lock"
    menu_label = _("Ban list")
    list_display = ["kind", "reason", "created_at", "expires_at"]
    list_filter = ["kind"]


class HousingViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Housing")
    menu_icon = "home"
    menu_name = "housing"
    menu_order = 320
    items = (HousingListingViewSet, HousingReportViewSet, HousingBanViewSet)

    def get_submenu_items(self):
        return [
            moderation.get_menu_item(),
            *super().get_submenu_items(),
        ]


register_snippet(HousingViewSetGroup)


@hooks.register(api.DASHBOARD_PANELS)
def dashboard_panels(request, municipalities):
    return dashboard.panels(request, municipalities)

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from rathaus.site.module_platform import api

from . import dashboard, views
from .models import BannedClient, DefectCategory, ExternalRecipient
from .schema import DefectMutation, DefectQuery


@hooks.register(api.GRAPHQL_QUERY)
def defects_query():
    return DefectQuery


@hooks.register(api.GRAPHQL_MUTATION)
def defects_mutation():
    return DefectMutation


moderation = views.ReportModeration()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return moderation.get_urlpatterns()


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return moderation.get_menu_item()


class DefectSnippetViewSet(api.ModuleSnippetViewSet):
    module = "defects"
    add_to_admin_menu = False


class DefectCategoryViewSet(DefectSnippetViewSet):
    model = DefectCategory
    icon = "tag"
    list_display = ["name", "code", "department", "active"]
    list_filter = ["active"]


class ExternalRecipientViewSet(DefectSnippetViewSet):
    model = ExternalRecipient
    icon = "mail"
    list_display = ["name", "channel", "active"]


class BannedClientViewSet(DefectSnippetViewSet):
    model = BannedClient
    icon = "lock"
    list_display = ["kind", "reason", "created_at", "expires_at"]


register_snippet(DefectCategoryViewSet)
register_snippet(ExternalRecipientViewSet)
register_snippet(BannedClientViewSet)


@hooks.register(api.DASHBOARD_PANELS)
def dashboard_panels(request, municipalities):
    return dashboard.panels(request, municipalities)

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from rathaus.site.municipalities.scoping import (
    MunicipalityScopedPermissionPolicy,
    MunicipalityScopedSnippetViewSet,
)

from .snippets import Contact, LocationCategory
from .widgets import describe_view

register_permission_policy(Contact, MunicipalityScopedPermissionPolicy(Contact))


class ContactViewSet(MunicipalityScopedSnippetViewSet):
    model = Contact
    icon = "user"
    menu_label = _("Contacts")
    list_display = ["name", "organisation", "email", "phone", "locale"]
    list_filter = ["locale"]
    # The model's index decides the fields: naming them here makes the
    # SQLite backend look for FTS columns of those names.


class LocationCategoryViewSet(SnippetViewSet):
    """Platform-wide; platform admins (superusers) manage them."""

    model = LocationCategory
    icon = "tag"
    menu_label = _("Location categories")
    list_display = ["name", "slug", "icon", "locale"]


register_snippet(ContactViewSet)
register_snippet(LocationCategoryViewSet)


@hooks.register("register_admin_urls")
def register_recurrence_preview_url():
    """The recurrence picker's preview (admin login required, as every admin URL)."""
    return [
        path(
            "content/recurrence/describe/",
            describe_view,
            name="content_recurrence_describe",
        )
    ]

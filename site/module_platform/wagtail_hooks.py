from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls, served, services


class ModulesMenuItem(MenuItem):
    """Platform admins and the module admins of any municipality."""

    def is_shown(self, request):
        return services.managed_municipalities(request.user).exists()


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("modules/", include(admin_urls, namespace="rathaus_modules"))]


@hooks.register("register_admin_menu_item")
def register_modules_menu_item():
    return ModulesMenuItem(
        _("Modules"),
        reverse_lazy("rathaus_modules:index"),
        name="rathaus-modules",
        icon_name="cogs",
        order=9000,
    )


# Deletes in the admin (single and bulk) of rows a module serves.
hooks.register("after_delete_snippet", served.after_admin_delete)

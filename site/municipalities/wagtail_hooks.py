from django.templatetags.static import static
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.site_summary import PagesSummaryItem

from . import dashboard, platform_admin
from .access import page_scope_for_user
from .middleware import PLATFORM_ONLY_VIEWS
from .scoped_views import ADMIN_API_ENDPOINTS


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_municipalities(pages, request):
    """Wagtail's page chooser lists every page; keep users inside their trees.

    The explorer and the admin search already follow page permissions.
    """
    return pages.filter(page_scope_for_user(request.user))


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_own_municipalities(parent_page, pages, request):
    return pages.filter(page_scope_for_user(request.user))


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """Wagtail's admin API lists every municipality's images and documents;
    its endpoints are replaced by scoped ones (after Wagtail adds its own)."""
    for name, endpoint in ADMIN_API_ENDPOINTS.items():
        router.register_endpoint(name, endpoint)


@hooks.register("insert_global_admin_js")
def start_widgets_without_inline_scripts():
    """Date and time pickers, started without inline scripts (CSP)."""
    return format_html(
        '<script src="{}"></script>', static("rathaus_admin/choosers.js")
    )


@hooks.register("construct_homepage_panels")
def add_role_dashboards(request, panels):
    """Each role's work, scoped to the user's municipalities (``dashboard``).

    Wagtail's "Awaiting your review" stays: its tasks are the per-locale
    review groups, so reviewers see their own municipality's only.
    """
    panels.extend(dashboard.user_panels(request))


@hooks.register("construct_homepage_summary_items", order=100)
def scope_site_summary(request, items):
    """Wagtail counts the pages under the common ancestor of the user's trees,
    which for a municipality's sibling locale roots is the whole tree: every
    municipality's pages. Non-superusers get their municipalities' count."""
    if request.user.is_superuser:
        return
    items[:] = [item for item in items if not isinstance(item, PagesSummaryItem)]
    items.append(dashboard.ScopedPagesSummaryItem(request))


@hooks.register("construct_reports_menu")
def hide_platform_only_reports(request, menu_items):
    """Reports about every municipality at once answer 404 to everyone but
    platform admins (``PLATFORM_ONLY_VIEWS``): their menu items go too."""
    if request.user.is_superuser:
        return
    hidden = {reverse(name) for name in PLATFORM_ONLY_VIEWS if "results" not in name}
    menu_items[:] = [
        item for item in menu_items if getattr(item, "url", None) not in hidden
    ]


@hooks.register("register_admin_urls")
def register_platform_admin_urls():
    return [
        path(
            "municipalities/add/",
            platform_admin.create_municipality,
            name="rathaus_create_municipality",
        ),
        path(
            "municipalities/add-language/",
            platform_admin.add_language,
            name="rathaus_add_language",
        ),
    ]


class PlatformAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_create_municipality_menu_item():
    return PlatformAdminMenuItem(
        _("Add a municipality"),
        reverse_lazy("rathaus_create_municipality"),
        icon_name="site",
        order=589,
    )


@hooks.register("register_settings_menu_item")
def register_add_language_menu_item():
    return PlatformAdminMenuItem(
        _("Add a language"),
        reverse_lazy("rathaus_add_language"),
        icon_name="globe",
        order=590,
    )

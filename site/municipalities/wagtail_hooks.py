from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .access import page_scope_for_user
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

from wagtail import hooks

from .access import page_scope_for_user


@hooks.register("construct_page_chooser_queryset")
def limit_page_chooser_to_own_municipalities(pages, request):
    """Wagtail's page chooser lists every page; keep users inside their trees.

    The explorer and the admin search already follow page permissions.
    """
    return pages.filter(page_scope_for_user(request.user))


@hooks.register("construct_explorer_page_queryset")
def limit_explorer_to_own_municipalities(parent_page, pages, request):
    return pages.filter(page_scope_for_user(request.user))

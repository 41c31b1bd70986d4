"""Which pages a user may see in the admin, by municipality."""

from django.db.models import Q
from wagtail.models import Page

from .models import Municipality


def page_scope_for_user(user):
    """A Q over Page matching every locale tree of the user's municipalities.

    Superusers (platform admins) see everything; everyone else only the trees
    of the municipalities whose groups they belong to.
    """
    if user.is_superuser:
        return Q()
    municipalities = Municipality.objects.for_user(user).select_related("site")
    keys = [m.site.root_page.translation_key for m in municipalities]
    if not keys:
        return Q(pk__in=[])
    scope = Q()
    for path in Page.objects.filter(translation_key__in=keys).values_list(
        "path", flat=True
    ):
        scope |= Q(path__startswith=path)
    return scope or Q(pk__in=[])

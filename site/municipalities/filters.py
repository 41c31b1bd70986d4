"""Filter choices in admin listings and reports, limited to the user's
municipalities.

Wagtail's listings and reports build their filters with django-filter from
whole tables: the page listing offers every site, the workflow reports every
workflow, the site history every user, each by name. Every model choice a
filter offers passes through ``QuerySetRequestMixin.get_queryset(request)``;
wrapping it once scopes all of them with ``boundary.scoped``. Written for
django-filter 26 (as Wagtail 8 installs it); the admin sweep fails if the
method moves and B's names show again.
"""

from django.db.models import QuerySet
from django_filters.filters import QuerySetRequestMixin

from .boundary import scope_q, scoped

_original_get_queryset = QuerySetRequestMixin.get_queryset


def scoped_get_queryset(self, request):
    queryset = _original_get_queryset(self, request)
    user = getattr(request, "user", None)
    if (
        isinstance(queryset, QuerySet)
        and user is not None
        and user.is_authenticated
        and not user.is_superuser
        and scope_q(queryset.model, user) is not None
    ):
        return scoped(queryset, user)
    return queryset


def install():
    if QuerySetRequestMixin.get_queryset is not scoped_get_queryset:
        QuerySetRequestMixin.get_queryset = scoped_get_queryset

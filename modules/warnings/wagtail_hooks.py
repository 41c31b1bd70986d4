"""GraphQL and admin contributions of the warnings module."""

from wagtail import hooks

from rathaus.site.module_platform import api

from .admin import viewsets  # noqa: F401  (registers the admin)
from .schema import WarningsQuery


@hooks.register(api.GRAPHQL_QUERY)
def warnings_query():
    return WarningsQuery

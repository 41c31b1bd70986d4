"""Registers the waste module's GraphQL fields and admin (see ``admin/``)."""

from wagtail import hooks

from rathaus.site.module_platform import api

from .schema.queries import WasteQuery


@hooks.register(api.GRAPHQL_QUERY)
def waste_query():
    return WasteQuery

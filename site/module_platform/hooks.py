"""Names of the hooks modules register with ``wagtail.hooks``.

Modules register in their ``wagtail_hooks.py``, like any Wagtail hook::

    from wagtail import hooks
    from rathaus.site.module_platform.hooks import GRAPHQL_QUERY

    @hooks.register(GRAPHQL_QUERY)
    def example_query():
        return ExampleQuery

Admin contributions use Wagtail's own hooks (``register_admin_urls``,
``register_admin_menu_item``, ``register_admin_viewset``, permissions via
``register_permissions``), gated with the helpers in ``gating.py``.
"""

#: Returns a ``graphene.ObjectType`` subclass whose fields join ``Query``.
GRAPHQL_QUERY = "rathaus_graphql_query"
#: Returns a ``graphene.ObjectType`` subclass whose fields join ``Mutation``.
GRAPHQL_MUTATION = "rathaus_graphql_mutation"
#: Returns a list of extra graphene types for the schema (``types=``), such as
#: implementations of interfaces that no field names directly.
GRAPHQL_TYPES = "rathaus_graphql_types"

#: Called with ``(request, municipalities)`` (the user's municipalities) on the
#: admin home; returns a list of home panels (``api.DashboardPanel`` or any
#: Wagtail ``Component``). Show only municipalities where the module is
#: enabled, e.g. ``api.module_admin_municipalities(request.user, identifier)``.
DASHBOARD_PANELS = "rathaus_dashboard_panels"

ALL = (GRAPHQL_QUERY, GRAPHQL_MUTATION, GRAPHQL_TYPES, DASHBOARD_PANELS)

"""The one static GraphQL schema: the core plus every installed module.

Two instances are built: ``schema``, served at ``/graphql/`` (core, bundled
modules and any installed third-party module), and ``contract_schema`` (core
and the modules bundled with Rathaus), which is the committed frontend
contract in ``frontend_contract/schema.graphql`` and ``GRAPHENE["SCHEMA"]``.

Modules contribute through Wagtail hooks (``rathaus_graphql_query``,
``rathaus_graphql_mutation``, ``rathaus_graphql_types``), collected by
``rathaus.site.module_platform.graphql``. Whether a module is *enabled* for a
municipality is checked at run time by its resolvers (``MODULE_DISABLED``), so
the SDL never depends on configuration.
"""

import hashlib

import graphene
from graphql import print_schema

from .core.query import CoreQuery


def module_contributions(bundled_only=False):
    """(query mixins, mutation mixins, extra types) from installed modules."""
    from rathaus.site.module_platform import graphql as module_graphql

    return (
        list(module_graphql.graphql_query_mixins(bundled_only)),
        list(module_graphql.graphql_mutation_mixins(bundled_only)),
        list(module_graphql.graphql_types(bundled_only)),
    )


def build_schema(bundled_only=False):
    query_mixins, mutation_mixins, types = module_contributions(bundled_only)
    query = type("Query", (*query_mixins, CoreQuery), {})
    mutation = (
        type("Mutation", (*mutation_mixins, graphene.ObjectType), {})
        if mutation_mixins
        else None
    )
    return graphene.Schema(query=query, mutation=mutation, types=types or None)


def schema_sdl(graphene_schema=None):
    """The SDL, exactly as ``manage.py graphql_schema`` writes it."""
    return print_schema((graphene_schema or schema).graphql_schema)


_versions = {}


def schema_version(graphene_schema=None):
    """A short hash of a schema's SDL (default: the schema), computed once.

    Part of every response cache key and of the parsed-document cache key.
    """
    graphene_schema = graphene_schema or schema
    key = id(graphene_schema)
    cached = _versions.get(key)
    if cached is None or cached[0] is not graphene_schema:
        digest = hashlib.sha256(schema_sdl(graphene_schema).encode()).hexdigest()
        cached = _versions[key] = (graphene_schema, digest[:16])
    return cached[1]


schema = build_schema()
contract_schema = build_schema(bundled_only=True)

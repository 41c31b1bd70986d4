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

import functools
import hashlib

import graphene
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from graphene.utils.str_converters import to_camel_case
from graphql import print_schema

from .content.types import SyncedModuleList, content_changes_type
from .core.query import CoreQuery


def module_contributions(bundled_only=False):
    """(query mixins, mutation mixins, extra types) from installed modules."""
    from rathaus.site.module_platform import graphql as module_graphql

    return (
        list(module_graphql.graphql_query_mixins(bundled_only)),
        list(module_graphql.graphql_mutation_mixins(bundled_only)),
        list(module_graphql.graphql_types(bundled_only)),
    )


def _item_type(field):
    """The object type of a list field (``[T!]!`` and the like)."""
    field_type = field.type
    while hasattr(field_type, "of_type"):
        field_type = field_type.of_type
    return field_type


def synced_module_lists(query_mixins, bundled_only=False):
    """The modules' ``synced_lists`` whose fields are in this schema, checked:
    a list of objects with the key, no required argument but the
    municipality."""
    from rathaus.site.module_platform.graphql import is_bundled
    from rathaus.site.module_platform.registry import all_modules

    fields = {}
    for mixin in query_mixins:
        fields.update(mixin._meta.fields)
    lists = []
    for module in all_modules():
        if bundled_only and not is_bundled(module):
            continue
        for entry in module.synced_lists:
            field = fields.get(entry.field)
            where = f"{module!r}.synced_lists: {entry.field!r}"
            field_type = getattr(field, "type", None)
            if isinstance(field_type, graphene.NonNull):
                field_type = field_type.of_type
            if not isinstance(field_type, graphene.List):
                raise ImproperlyConfigured(f"{where} is no list field of its query.")
            required = {
                name
                for name, argument in field.args.items()
                if isinstance(argument.type, graphene.NonNull)
            }
            if required - {"municipality"} or "municipality" not in field.args:
                raise ImproperlyConfigured(
                    f"{where} must take a municipality and no other required argument."
                )
            item_type = _item_type(field)
            if entry.key not in getattr(
                getattr(item_type, "_meta", None), "fields", {}
            ):
                raise ImproperlyConfigured(
                    f"{where}: {item_type.__name__} has no field {entry.key!r}."
                )
            lists.append(
                SyncedModuleList(
                    module=module.identifier,
                    attribute=entry.field,
                    kind=to_camel_case(entry.field),
                    key=to_camel_case(entry.key),
                    item_type=item_type,
                )
            )
    return lists


def build_schema(bundled_only=False):
    query_mixins, mutation_mixins, types = module_contributions(bundled_only)
    changes = CoreQuery._meta.fields["changes"]
    changes_type = content_changes_type(synced_module_lists(query_mixins, bundled_only))
    query = type(
        "Query",
        (*query_mixins, CoreQuery),
        {
            "changes": graphene.Field(
                changes_type,
                required=True,
                args=changes.args,
                description=changes.description,
            )
        },
    )
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


@functools.lru_cache(maxsize=4)
def _root_field_modules(graphene_schema):
    """``{root field: module identifier}`` of the modules whose answers show
    only their own data (``ModuleConfig.shows_other_modules`` false)."""
    from rathaus.site.module_platform.config import ModuleConfig

    mapping = {}
    for mixin in graphene_schema.query.__mro__[1:]:
        meta = getattr(mixin, "_meta", None)
        owner = apps.get_containing_app_config(mixin.__module__)
        if (
            meta is None
            or not isinstance(owner, ModuleConfig)
            or owner.shows_other_modules
        ):
            continue
        for name in meta.fields:
            mapping.setdefault(to_camel_case(name), owner.identifier)
    return mapping


def module_of_fields(root_fields, graphene_schema=None):
    """The module whose answers alone ``root_fields`` (response names) ask
    for, or None (core fields, several modules, a module that shows others'
    data)."""
    mapping = _root_field_modules(graphene_schema or schema)
    owners = {mapping.get(name) for name in root_fields - {"__typename"}}
    return owners.pop() if len(owners) == 1 else None


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

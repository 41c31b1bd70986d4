"""GraphQL contributions of modules and the run-time module guard.

The schema is static: every installed module's fields are always in it (see
DESIGN.md, "One static schema"). The schema assembly builds::

    class Query(*graphql_query_mixins(), CoreQuery, graphene.ObjectType): ...
    class Mutation(*graphql_mutation_mixins(), graphene.ObjectType): ...
    schema = graphene.Schema(query=Query, mutation=Mutation, types=graphql_types())

and whether a module is enabled is checked per request by ``module_required``.
"""

import functools

import graphene
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from rathaus.graphql.errors import BadRequest, ModuleDisabled, NotFound
from rathaus.site.municipalities.models import Municipality

from . import services
from .hooks import GRAPHQL_MUTATION, GRAPHQL_QUERY, GRAPHQL_TYPES


def is_bundled(hook_fn):
    """True for contributions of Rathaus itself (core and bundled modules):
    a hook function, or anything else defined in a module (a ModuleConfig).

    The committed frontend contract holds only these; a deployment's served
    schema adds whatever third-party modules it has installed.
    """
    return hook_fn.__module__.startswith("rathaus.")


def _hooks(hook_name, bundled_only):
    return [
        fn for fn in hooks.get_hooks(hook_name) if is_bundled(fn) or not bundled_only
    ]


def _collect_object_types(hook_name, bundled_only=False):
    collected = []
    owners = {}
    for fn in _hooks(hook_name, bundled_only):
        object_type = fn()
        if not (
            isinstance(object_type, type)
            and issubclass(object_type, graphene.ObjectType)
        ):
            raise ImproperlyConfigured(
                f"The {hook_name} hook {fn.__module__}.{fn.__name__} must return "
                f"a graphene.ObjectType subclass, not {object_type!r}."
            )
        if object_type in collected:
            continue
        for field_name in object_type._meta.fields:
            if field_name in owners:
                raise ImproperlyConfigured(
                    f"GraphQL field {field_name!r} is contributed twice: by "
                    f"{owners[field_name].__qualname__} and "
                    f"{object_type.__qualname__}."
                )
            owners[field_name] = object_type
        collected.append(object_type)
    return collected


def graphql_query_mixins(bundled_only=False):
    """ObjectType classes whose fields the ``Query`` type inherits."""
    return _collect_object_types(GRAPHQL_QUERY, bundled_only)


def graphql_mutation_mixins(bundled_only=False):
    """ObjectType classes whose fields the ``Mutation`` type inherits."""
    return _collect_object_types(GRAPHQL_MUTATION, bundled_only)


def graphql_types(bundled_only=False):
    """Extra graphene types modules want in the schema, without duplicates."""
    types = []
    for fn in _hooks(GRAPHQL_TYPES, bundled_only):
        for graphene_type in fn() or ():
            if graphene_type not in types:
                types.append(graphene_type)
    return types


def require_module(identifier, municipality):
    """The municipality (given as a slug or instance) if the module is enabled.

    Raises ``NotFound`` for an unknown slug and ``ModuleDisabled`` when the
    module is not enabled there. Use it in mutations and anywhere the
    municipality comes from somewhere other than a resolver argument.
    """
    if not municipality:
        raise BadRequest("A municipality is required.")
    if not isinstance(municipality, Municipality):
        slug = str(municipality)
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            raise NotFound(f"There is no municipality {slug!r}.")
    if not services.is_enabled(municipality, identifier):
        raise ModuleDisabled(identifier, municipality.slug)
    return municipality


def module_required(identifier, argument="municipality"):
    """Guard a resolver or ``mutate`` by the module's state in a municipality.

    Reads the municipality slug from the keyword argument ``argument`` (graphene
    passes every GraphQL argument by keyword) and replaces it with the
    ``Municipality`` instance, so the resolver need not look it up again.
    """

    def decorator(resolver):
        @functools.wraps(resolver)
        def wrapper(*args, **kwargs):
            kwargs[argument] = require_module(identifier, kwargs.get(argument))
            return resolver(*args, **kwargs)

        wrapper.rathaus_module = identifier
        return wrapper

    return decorator


# Mutations use the same guard; the name reads better on ``mutate``.
mutation_module_required = module_required

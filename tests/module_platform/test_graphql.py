"""GraphQL contributions and the run-time module guard.

The schema is built here from ``graphql_query_mixins()``, as the real schema
assembly does, so these tests do not depend on ``graphql/schema.py``.
"""

import graphene
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.models.signals import post_save
from rathaus_example_module.models import Greeting
from rathaus_example_module.schema import ExampleQuery
from wagtail import hooks

from rathaus.graphql.errors import ModuleDisabled, NotFound
from rathaus.site.module_platform import graphql as module_graphql
from rathaus.site.module_platform import services
from rathaus.site.module_platform.hooks import (
    GRAPHQL_MUTATION,
    GRAPHQL_QUERY,
    GRAPHQL_TYPES,
)
from rathaus.site.module_platform.receivers import module_receiver

QUERY = "query ($m: String!) { exampleGreeting(municipality: $m) }"


def build_schema():
    class CoreQuery(graphene.ObjectType):
        ping = graphene.String(default_value="pong")

    query = type("Query", (*module_graphql.graphql_query_mixins(), CoreQuery), {})
    mutations = module_graphql.graphql_mutation_mixins()
    mutation = (
        type("Mutation", (*mutations, graphene.ObjectType), {}) if mutations else None
    )
    return graphene.Schema(
        query=query, mutation=mutation, types=module_graphql.graphql_types() or None
    )


def test_example_module_contributes_its_query():
    assert ExampleQuery in module_graphql.graphql_query_mixins()
    sdl = str(build_schema())
    assert "exampleGreeting(municipality: String!): String" in sdl
    assert "ping: String" in sdl


@pytest.mark.django_db
def test_field_answers_module_disabled(municipality_a, municipality_b):
    schema = build_schema()
    result = schema.execute(QUERY, variables={"m": municipality_a.slug})
    assert result.data == {"exampleGreeting": None}
    [error] = result.errors
    assert error.extensions["code"] == "MODULE_DISABLED"
    assert error.extensions["module"] == "example"
    assert error.extensions["municipality"] == municipality_a.slug
    assert error.path == ["exampleGreeting"]

    services.enable_module(
        municipality_a, "example", settings={"greeting": "Moin", "repeat": 2}
    )
    result = schema.execute(QUERY, variables={"m": municipality_a.slug})
    assert result.errors is None
    assert result.data == {"exampleGreeting": "Moin Moin"}
    # Municipality B is untouched by A's activation.
    result = schema.execute(QUERY, variables={"m": municipality_b.slug})
    assert result.errors[0].extensions["code"] == "MODULE_DISABLED"

    services.disable_module(municipality_a, "example")
    result = schema.execute(QUERY, variables={"m": municipality_a.slug})
    assert result.errors[0].extensions["code"] == "MODULE_DISABLED"


@pytest.mark.django_db
def test_unknown_municipality_is_not_found():
    result = build_schema().execute(QUERY, variables={"m": "atlantis"})
    assert result.errors[0].extensions["code"] == "NOT_FOUND"


@pytest.mark.django_db
def test_require_module_directly(municipality_a):
    with pytest.raises(ModuleDisabled) as caught:
        module_graphql.require_module("example", municipality_a.slug)
    assert caught.value.extensions == {
        "code": "MODULE_DISABLED",
        "module": "example",
        "municipality": municipality_a.slug,
    }
    with pytest.raises(NotFound):
        module_graphql.require_module("example", "atlantis")
    services.enable_module(municipality_a, "example")
    assert module_graphql.require_module("example", municipality_a) == municipality_a
    assert (
        module_graphql.require_module("example", municipality_a.slug) == municipality_a
    )


class SetGreeting(graphene.Mutation):
    class Arguments:
        municipality = graphene.String(required=True)
        text = graphene.String(required=True)

    ok = graphene.Boolean()

    @module_graphql.mutation_module_required("example")
    def mutate(root, info, municipality, text):
        Greeting.objects.create(municipality=municipality, text=text)
        return SetGreeting(ok=True)


class ExampleMutation(graphene.ObjectType):
    set_greeting = SetGreeting.Field()


class Extra(graphene.ObjectType):
    value = graphene.Int()


@pytest.fixture
def registered_hooks():
    """Register test hooks and remove them again afterwards."""
    added = []

    def register(name, fn):
        hooks.register(name, fn)
        added.append((name, fn))

    yield register
    for name, fn in added:
        hooks._hooks[name] = [entry for entry in hooks._hooks[name] if entry[0] != fn]


@pytest.mark.django_db
def test_mutation_is_refused_while_disabled(registered_hooks, municipality_a):
    registered_hooks(GRAPHQL_MUTATION, lambda: ExampleMutation)
    registered_hooks(GRAPHQL_TYPES, lambda: [Extra, Extra])
    assert module_graphql.graphql_types() == [Extra]
    schema = build_schema()
    assert "type Extra" in str(schema)
    mutation = (
        'mutation ($m: String!) { setGreeting(municipality: $m, text: "Hi") { ok } }'
    )
    result = schema.execute(mutation, variables={"m": municipality_a.slug})
    assert result.errors[0].extensions["code"] == "MODULE_DISABLED"
    assert not Greeting.objects.exists()

    services.enable_module(municipality_a, "example")
    result = schema.execute(mutation, variables={"m": municipality_a.slug})
    assert result.errors is None
    assert Greeting.objects.filter(text="Hi").exists()


def test_hook_must_return_an_object_type(registered_hooks):
    registered_hooks(GRAPHQL_QUERY, lambda: "not a type")
    with pytest.raises(ImproperlyConfigured, match="ObjectType"):
        module_graphql.graphql_query_mixins()


def test_a_field_contributed_twice_is_refused(registered_hooks):
    class Clash(graphene.ObjectType):
        example_greeting = graphene.String()

    registered_hooks(GRAPHQL_QUERY, lambda: Clash)
    with pytest.raises(ImproperlyConfigured, match="example_greeting"):
        module_graphql.graphql_query_mixins()


@pytest.mark.django_db
def test_module_receiver_runs_only_where_enabled(municipality_a, municipality_b):
    seen = []

    @module_receiver(post_save, module="example", sender=Greeting)
    def on_greeting(sender, instance, created, **kwargs):
        seen.append(instance.text)

    try:
        services.enable_module(municipality_a, "example", settings={"greeting": "A"})
        Greeting.objects.create(municipality=municipality_b, text="B")
        Greeting.objects.create(municipality=municipality_a, text="A2")
        services.disable_module(municipality_a, "example")
        Greeting.objects.create(municipality=municipality_a, text="A3")
    finally:
        post_save.disconnect(
            sender=Greeting, dispatch_uid=f"{__name__}.{on_greeting.__qualname__}"
        )
    # "A" is the default row on_enable created; B's rows and rows made while
    # disabled did not reach the receiver.
    assert seen == ["A", "A2"]

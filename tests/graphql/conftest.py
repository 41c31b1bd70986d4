import json

import graphene
import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import OperationalError
from django.test import RequestFactory
from redis.exceptions import ConnectionError as RedisConnectionError
from wagtail.models import Page

from rathaus.graphql import budget, documents
from rathaus.graphql.errors import NotFound, RateLimited
from rathaus.graphql.view import RathausGraphQLView

ENDPOINT = "/graphql/"


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Every test starts with an empty response cache and document caches."""
    for alias in ("default", "ratelimit"):
        caches[alias].clear()
    documents.reload_persisted_documents()
    documents._prepared_ad_hoc.clear()
    yield
    documents.reload_persisted_documents()


def body(response):
    return json.loads(response.content) if response.content else None


def codes(response):
    return [error["extensions"]["code"] for error in body(response)["errors"]]


@pytest.fixture
def gql_get(client):
    def get(query=None, variables=None, operation_name=None, **extra):
        params = {}
        if query is not None:
            params["query"] = query
        if variables is not None:
            params["variables"] = json.dumps(variables)
        if operation_name is not None:
            params["operationName"] = operation_name
        params.update(extra.pop("params", {}))
        return client.get(ENDPOINT, params, **extra)

    return get


@pytest.fixture
def gql_post(client):
    def post(query, variables=None, operation_name=None, **extra):
        payload = {"query": query}
        if variables is not None:
            payload["variables"] = variables
        if operation_name is not None:
            payload["operationName"] = operation_name
        return client.post(
            ENDPOINT, json.dumps(payload), content_type="application/json", **extra
        )

    return post


# A schema with what the core schema does not have (yet): a mutation, a
# recursive type, a page-size argument, a failing resolver, a preview field
# and a page title read from the database.


class Node(graphene.ObjectType):
    name = graphene.String()
    child = graphene.Field(lambda: Node)
    items = graphene.List(lambda: Node, first=graphene.Int())

    def resolve_name(root, info):
        return "node"

    def resolve_child(root, info):
        return Node()

    def resolve_items(root, info, first=3):
        return [Node() for _ in range(first)]


class ProbeQuery(graphene.ObjectType):
    node = graphene.Field(Node)
    boom = graphene.String()
    missing = graphene.String()
    preview = graphene.String(token=graphene.String())
    page_title = graphene.String(
        id=graphene.Int(required=True), municipality=graphene.String()
    )

    def resolve_node(root, info):
        return Node()

    def resolve_boom(root, info):
        raise RuntimeError("database password is hunter2")

    def resolve_missing(root, info):
        raise NotFound("Nothing here.")

    def resolve_preview(root, info, token=None):
        return "draft"

    def resolve_page_title(root, info, id, municipality=None):
        return Page.objects.get(pk=id).title


class Touch(graphene.Mutation):
    ok = graphene.Boolean()

    def mutate(root, info):
        return Touch(ok=True)


class Store(graphene.Mutation):
    """Stores a row, then fails the way ``fail`` says (after the write)."""

    class Arguments:
        name = graphene.String(required=True)
        fail = graphene.String()

    ok = graphene.Boolean()

    def mutate(root, info, name, fail=None):
        Group.objects.create(name=name)
        if fail == "budget":
            budget.start(info.context, -1)
            budget.check(info.context)
        if fail == "database":
            raise OperationalError("server closed the connection unexpectedly")
        if fail == "cache":
            raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379.")
        if fail == "rate":
            raise RateLimited(retry_after=42)
        return Store(ok=True)


class ProbeMutation(graphene.ObjectType):
    touch = Touch.Field()
    store = Store.Field()


probe_schema = graphene.Schema(query=ProbeQuery, mutation=ProbeMutation)


@pytest.fixture
def probe_view():
    """Call a RathausGraphQLView on the test schema: (method, params) -> response."""
    view = RathausGraphQLView.as_view(schema=probe_schema)
    factory = RequestFactory()

    def call(method="get", data=None, headers=None, json_body=None):
        headers = headers or {}
        if json_body is not None:
            request = factory.generic(
                method.upper(),
                ENDPOINT,
                json.dumps(json_body),
                content_type="application/json",
                headers=headers,
            )
        else:
            request = getattr(factory, method.lower())(
                ENDPOINT, data or {}, headers=headers
            )
        return view(request)

    return call

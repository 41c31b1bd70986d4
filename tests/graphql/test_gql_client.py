"""The GraphQL API as the ``gql`` Python client (with its requests transport)
sees it, over HTTP against pytest-django's live server (loopback only).

gql fetches the schema by introspection, builds it with graphql-core's
``build_client_schema`` and validates every document against it before
sending, so these tests also check that the introspection answer is one a
client can build a schema from. Errors come back as gql's
``TransportQueryError`` carrying the server's ``errors`` list.
"""

import pytest
from gql import Client, GraphQLRequest, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from graphql import GraphQLError

from rathaus.graphql import contract

from .content_builders import build_content

pytestmark = pytest.mark.django_db(transaction=True)


def operation(name, **variables):
    """A contract operation as the frontend sends it, with its variables."""
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    return GraphQLRequest(text, variable_values=variables, operation_name=name)


def transport(live_server):
    return RequestsHTTPTransport(
        url=f"{live_server.url}/graphql/", timeout=30, retries=0
    )


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=3)


@pytest.fixture
def session(live_server, built):
    client = Client(transport=transport(live_server), fetch_schema_from_transport=True)
    with client as session:
        yield session


def test_gql_builds_the_schema_from_introspection(session):
    schema = session.client.schema
    assert schema.query_type.name == "Query"
    assert {"pageTree", "page", "municipality", "events"} <= set(
        schema.query_type.fields
    )
    assert schema.get_type("JSON") is not None  # the jsonLd scalar


def test_content_query(session, built):
    result = session.execute(operation("PageTree", municipality="stadt-a"))
    tree = result["pageTree"]
    assert [page["path"] for page in tree][:2] == ["/", "/seite-0/"]
    assert len(tree) == len(built.pages) + 1
    assert tree[1]["locale"] == "de" and tree[1]["isFallback"] is False


def test_query_with_variables(session):
    request = GraphQLRequest(
        """query Place($municipality: String!, $path: String!) {
          municipality(slug: $municipality) { slug timeZone }
          page(municipality: $municipality, locale: "en", path: $path) {
            title path isFallback
          }
        }""",
        variable_values={"municipality": "stadt-a", "path": "seite-0"},
    )
    result = session.execute(request)
    assert result["municipality"] == {"slug": "stadt-a", "timeZone": "Europe/Berlin"}
    assert result["page"] == {
        "title": "Seite 0 (en)",
        "path": "/seite-0/",
        "isFallback": False,
    }


def test_errors_carry_extensions_code(session):
    with pytest.raises(TransportQueryError) as raised:
        session.execute(operation("PageTree", municipality="nowhere"))
    error = raised.value.errors[0]
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert error["path"] == ["pageTree"]
    with pytest.raises(TransportQueryError) as raised:
        session.execute(operation("PageTree", municipality="stadt-a", locale="fr"))
    assert raised.value.errors[0]["extensions"]["code"] == "VALIDATION_ERROR"


def test_documents_the_schema_refuses_never_leave_the_client(session):
    with pytest.raises(GraphQLError, match="Cannot query field 'nope'"):
        session.execute(gql("{ nope }"))


def test_a_document_the_server_refuses_is_a_query_error_with_a_code(live_server):
    """Without the schema, gql sends what it cannot check; the server's
    validation error reaches the caller with its code."""
    client = Client(transport=transport(live_server))
    with client as session, pytest.raises(TransportQueryError) as raised:
        session.execute(gql("{ nope }"))
    assert raised.value.errors[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"

"""schemathesis's GraphQL mode against the served endpoint (in-process WSGI).

The schema is loaded from ``/graphql/`` by introspection, as a client would;
every query and mutation field gets bounded generated examples. Asserted:
no 5xx, and every error carries ``extensions.code``.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from graphql import GraphQLScalarType, specified_scalar_types
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.graphql import nodes

from rathaus.graphql.schema import schema as served_schema

for _name, _type in served_schema.graphql_schema.type_map.items():
    if isinstance(_type, GraphQLScalarType) and _name not in specified_scalar_types:
        # Short strings: valid and malformed dates, JSON... alike.
        schemathesis.graphql.scalar(_name, st.text(max_size=12).map(nodes.String))

SCHEMA = schemathesis.graphql.from_wsgi("/graphql/", get_wsgi_application())


@pytest.fixture(autouse=True)
def keep_the_test_transaction_open():
    """The WSGI handler closes the connection around each request, as in
    production; inside the test's transaction that would close it for good on
    PostgreSQL. Django's own test client disconnects the same receivers."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.mark.django_db
@SCHEMA.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_schemathesis_graphql(case, municipality_a):
    response = case.call()
    assert response.status_code < 500, response.text[:500]
    for error in response.json().get("errors", ()):
        assert (error.get("extensions") or {}).get("code"), error
        assert error["extensions"]["code"] != "INTERNAL_ERROR", error

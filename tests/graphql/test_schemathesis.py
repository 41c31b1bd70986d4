"""schemathesis's GraphQL mode against the served endpoint (in-process WSGI).

The schema is loaded from ``/graphql/`` by introspection, as a client would;
every query and mutation field gets bounded generated examples. Asserted:
no 5xx, and every error carries ``extensions.code``.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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


pytestmark = pytest.mark.usefixtures("wsgi_keeps_the_test_connection")


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

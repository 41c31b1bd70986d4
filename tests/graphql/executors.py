"""Run a document through the compiled executor and through graphql-core."""

from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from graphql import OperationDefinitionNode, execute, parse

from rathaus.graphql.compiled import execute_compiled
from rathaus.graphql.schema import schema


def _request():
    request = RequestFactory().get("/graphql/")
    request.user = AnonymousUser()
    return request


def assert_same_result(text, variables):
    """The compiled executor answers exactly what graphql-core answers (each
    with a fresh request, so neither reuses the other's loaded data)."""
    document = parse(text)
    operation = next(
        definition
        for definition in document.definitions
        if isinstance(definition, OperationDefinitionNode)
    )
    compiled = execute_compiled(
        schema.graphql_schema, document, operation, variables, _request(), None
    )
    reference = execute(
        schema.graphql_schema,
        document,
        variable_values=variables,
        context_value=_request(),
    )
    assert reference.errors is None, reference.errors
    assert compiled is not None, "the compiled executor gave up"
    assert compiled == reference.data
    return compiled

"""Fuzzing the endpoint: no 5xx, and every error carries ``extensions.code``.

Documents come from hypothesis-graphql (the generator behind schemathesis's
GraphQL mode) over the served schema, in its positive mode (valid queries
and mutations) and negative mode (documents that break the schema), and
from a strategy of hostile shapes (fragment chains, cycles, nesting, odd
characters, broken JSON). Examples are bounded so CI stays fast.
"""

import json

import pytest
from graphql import GraphQLScalarType, specified_scalar_types
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, mutations, nodes, queries

from rathaus.graphql.schema import schema, schema_sdl

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SDL = schema_sdl(schema)
# Custom scalars (Date, DateTime, JSONString...) get short strings: the
# server must refuse the malformed ones with a code.
SCALARS = {
    name: st.text(max_size=12).map(nodes.String)
    for name, type_ in schema.graphql_schema.type_map.items()
    if isinstance(type_, GraphQLScalarType) and name not in specified_scalar_types
}
# Codes modules add beyond the core's ERROR_CODES.
MODULE_CODES = {"INVALID_TOKEN", "IDEMPOTENCY_CONFLICT", "SUBMISSION_REFUSED"}


def assert_well_typed(response):
    assert response.status_code < 500, (
        response.status_code,
        response.content[:500],
    )
    payload = json.loads(response.content)
    assert isinstance(payload, dict)
    for error in payload.get("errors", ()):
        code = (error.get("extensions") or {}).get("code")
        assert code, error
        assert code != "INTERNAL_ERROR", error
    return payload


def post(client, document, variables=None):
    body = {"query": document}
    if variables is not None:
        body["variables"] = variables
    return client.post("/graphql/", json.dumps(body), content_type="application/json")


@FUZZ
@given(document=queries(SDL, mode=Mode.POSITIVE, custom_scalars=SCALARS))
def test_generated_queries(municipality_a, client, document):
    assert_well_typed(post(client, document))


@FUZZ
@given(document=queries(SDL, mode=Mode.NEGATIVE, custom_scalars=SCALARS))
def test_generated_invalid_queries(municipality_a, client, document):
    response = post(client, document)
    assert_well_typed(response)


@FUZZ
@given(document=mutations(SDL, mode=Mode.POSITIVE, custom_scalars=SCALARS))
def test_generated_mutations(municipality_a, client, document):
    assert_well_typed(post(client, document))


NAMES = st.sampled_from(["A", "B", "C", "D"])


@st.composite
def hostile_documents(draw):
    kind = draw(st.sampled_from(["chain", "nesting", "text", "spreads"]))
    if kind == "chain":
        fragments = draw(st.lists(st.tuples(NAMES, NAMES), min_size=1, max_size=6))
        body = " ".join(
            f"fragment {name} on Query {{ ...{target} ...{target} __typename }}"
            for name, target in fragments
        )
        return f"{{ ...{fragments[0][0]} }} {body}"
    if kind == "nesting":
        depth = draw(st.integers(min_value=1, max_value=400))
        opener = draw(st.sampled_from(["municipalities { ", "... on Query { ", "["]))
        closer = "]" if opener == "[" else " }"
        return "{ " + opener * depth + "slug" + closer * depth + " }"
    if kind == "spreads":
        count = draw(st.integers(min_value=1, max_value=60))
        return "{ ...A " * 1 + " }" + " fragment A on Query {" + " __typename" * count
    return draw(st.text(max_size=200))


@FUZZ
@given(document=hostile_documents())
def test_hostile_documents(client, document):
    assert_well_typed(post(client, document))


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=30,
)


@FUZZ
@given(variables=st.dictionaries(st.sampled_from(["m", "x", "input"]), JSON_VALUES))
def test_hostile_variables(municipality_a, client, variables):
    document = "query ($m: String!) { municipality(slug: $m) { slug } }"
    assert_well_typed(post(client, document, variables))


@FUZZ
@given(raw=st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_hostile_bodies(client, raw):
    response = client.post("/graphql/", raw, content_type="application/json")
    assert_well_typed(response)

"""Bounded cost and error semantics: what a hostile or broken client gets."""

import json
import time

import pytest
from django.test import override_settings
from graphql import parse

from rathaus.graphql import budget
from rathaus.graphql.cost import CostAnalysis
from rathaus.graphql.limits import Limits, check_document

from .conftest import body, codes

pytestmark = pytest.mark.django_db


def doubling_fragments(count):
    """Each fragment spreads the next one twice: 2^count paths, ~40 bytes each."""
    fragments = " ".join(
        f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(count)
    )
    return f"{{ ...F0 }} {fragments} fragment F{count} on Query {{ __typename }}"


def test_fragment_cost_is_memoised():
    document = parse(doubling_fragments(60))
    analysis = CostAnalysis(document)
    started = time.perf_counter()
    cost = analysis.operation_cost(document.definitions[0])
    assert time.perf_counter() - started < 1  # 2^60 paths were never walked
    assert cost.fields == 2**60
    assert cost.spreads == 2**61 - 1


def test_exponential_spreads_are_refused_before_the_standard_rules(
    gql_post, monkeypatch
):
    from graphql.validation.rules import overlapping_fields_can_be_merged as rule

    gql_post("{ __typename }")  # warm up: the schema and its version

    def must_not_run(*args, **kwargs):  # pragma: no cover - the assertion
        raise AssertionError("the overlap rule walked a refused document")

    monkeypatch.setattr(
        rule.OverlappingFieldsCanBeMergedRule, "enter_selection_set", must_not_run
    )
    started = time.perf_counter()
    response = gql_post(doubling_fragments(40))
    # 2^40 paths would take days; a shared CI machine may be slow, not that slow.
    assert time.perf_counter() - started < 10
    assert response.status_code == 400
    assert set(codes(response)) == {"QUERY_TOO_COMPLEX"}
    assert "fields" in body(response)["errors"][0]["message"]


@pytest.mark.parametrize(
    "document",
    [
        "{ ...A } fragment A on Query { ...A }",
        "{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        # Unused fragments in a cycle: graphene's depth limiter looped on these.
        "{ __typename } fragment A on Query { ...B } fragment B on Query { ...A }",
        "{ ...A } fragment A on Query { municipalities { ...B } } "
        "fragment B on Municipality { ...C } fragment C on Municipality { ...B }",
    ],
)
def test_fragment_cycles_are_typed_validation_errors(gql_post, gql_get, document):
    for response in (gql_post(document), gql_get(document)):
        assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
        assert response["Content-Type"].startswith("application/json")
        assert codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
        assert "cycle" in body(response)["errors"][0]["message"]


@override_settings(RATHAUS_GRAPHQL={"MAX_FIELDS": 10})
def test_field_limit_counts_fragments_each_time_they_are_spread(probe_view):
    fragment = "fragment f on Node { name child { name } }"  # 3 fields
    ok = f"{{ node {{ ...f ...f }} }} {fragment}"  # 1 + 2 * 3 = 7
    assert "errors" not in body(probe_view("get", {"query": ok}))
    too_many = f"{{ node {{ ...f ...f ...f }} }} {fragment}"  # 1 + 3 * 3 = 10
    assert "errors" not in body(probe_view("get", {"query": too_many}))
    too_many = f"{{ node {{ ...f ...f ...f name }} }} {fragment}"  # 11
    response = probe_view("get", {"query": too_many})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


@override_settings(RATHAUS_GRAPHQL={"MAX_SPREADS": 3})
def test_spread_limit_counts_inline_fragments(probe_view):
    def nested(count):
        return "{ node { " + "... on Node { " * count + "name" + " }" * count + " } }"

    assert "errors" not in body(probe_view("get", {"query": nested(3)}))
    deeper = nested(4)
    assert codes(probe_view("get", {"query": deeper})) == ["QUERY_TOO_COMPLEX"]


@override_settings(RATHAUS_GRAPHQL={"MAX_DUPLICATE_FIELDS": 3})
def test_one_response_name_selected_many_times_is_refused(probe_view):
    ok = "{ node { name name name } }"
    assert "errors" not in body(probe_view("get", {"query": ok}))
    # ...also when the duplicates come from several fragments.
    spread = "{ node { name ...f ...f } } fragment f on Node { name child { name } }"
    assert "errors" not in body(probe_view("get", {"query": spread}))
    spread = "{ node { name ...f ...f ...f } } fragment f on Node { name }"
    assert codes(probe_view("get", {"query": spread})) == ["QUERY_TOO_COMPLEX"]


@override_settings(RATHAUS_GRAPHQL={"MAX_DUPLICATE_FIELDS": 3})
def test_duplicates_count_per_response_path_across_parents(probe_view):
    """The overlap rule compares ``node.name`` of both ``node``s with each
    other: four selections of one path, although each set holds two."""
    ok = "{ node { name } node { name name } }"
    assert "errors" not in body(probe_view("get", {"query": ok}))
    across = "{ node { name name } node { name name } }"
    response = probe_view("get", {"query": across})
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert "'node.name' 4 times" in body(response)["errors"][0]["message"]
    fragments = "{ node { ...f } node { ...f } } fragment f on Node { child { name } }"
    assert "errors" not in body(probe_view("get", {"query": fragments}))
    twice = "{ node { ...f ...f } node { ...f ...f } } fragment f on Node { name }"
    assert codes(probe_view("get", {"query": twice})) == ["QUERY_TOO_COMPLEX"]


def test_token_limit(gql_post):
    document = "{ " + "__typename " * 10_001 + "}"
    response = gql_post(document)
    assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
    assert codes(response) == ["GRAPHQL_PARSE_FAILED"]


@pytest.mark.parametrize(
    "document",
    [
        "{ municipality(slug: " + "[" * 3000 + "]" * 3000 + ") { slug } }",
        "{ municipality(slug: " + "{a: " * 2000 + "1" + "}" * 2000 + ") { slug } }",
        "{ " + "municipalities { " * 3000 + "slug" + " }" * 3001,
        "{ " + "... on Query { " * 2000 + "__typename" + " }" * 2001,
    ],
)
def test_absurd_nesting_is_typed(gql_post, document):
    response = gql_post(document)
    code = codes(response)[0]
    assert code in {"GRAPHQL_PARSE_FAILED", "QUERY_TOO_COMPLEX"}
    # A document that does not parse is 200 as application/json (GraphQL over
    # HTTP); a limit stays 400.
    assert response.status_code == (400 if code == "QUERY_TOO_COMPLEX" else 200)


def test_limits_are_linear_in_the_document():
    limits = Limits.from_settings()
    document = parse(doubling_fragments(200))
    started = time.perf_counter()
    errors, _costs = check_document(document, limits)
    assert time.perf_counter() - started < 1
    assert errors and len(errors) <= 5


# -- variables ------------------------------------------------------------------


def nested_json(depth):
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [11, 500, 50_000])
def test_deeply_nested_variables_are_typed(client, depth):
    query = "query ($m: String!) { municipality(slug: $m) { slug } }"
    raw = '{"query": "' + query + '", "variables": {"m": ' + nested_json(depth) + "}}"
    response = client.post("/graphql/", raw, content_type="application/json")
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    response = client.get(
        "/graphql/", {"query": query, "variables": '{"m": ' + nested_json(depth) + "}"}
    )
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


def test_too_many_variable_values_are_typed(gql_post):
    response = gql_post(
        "query ($m: String!) { municipality(slug: $m) { slug } }",
        {"m": "stadt-a", "junk": list(range(6000))},
    )
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]


@pytest.mark.parametrize(
    ("raw_value", "problem"),
    [
        ('"stadt\\u0000a"', "NUL"),
        ('"stadt\\ud800a"', "surrogate"),
        ('"\\udfff"', "surrogate"),
    ],
)
def test_unstorable_characters_in_variables_name_the_field(client, raw_value, problem):
    raw = (
        '{"query": "query ($m: String!) { municipality(slug: $m) { slug } }", '
        '"variables": {"m": ' + raw_value + "}}"
    )
    response = client.post("/graphql/", raw, content_type="application/json")
    assert response.status_code == 400
    (error,) = body(response)["errors"]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    assert list(error["extensions"]["fields"]) == ["m"]
    assert problem in error["extensions"]["fields"]["m"][0]
    # Nested values are named by their path.
    query = "query ($input: [String!]) { municipalities { slug } __typename }"
    raw = '{"query": "' + query + '", "variables": {"input": ["ok", ' + raw_value
    raw += "]}}"
    response = client.post("/graphql/", raw, content_type="application/json")
    fields = body(response)["errors"][0]["extensions"]["fields"]
    assert list(fields) == ["input.1"]


def test_unstorable_characters_in_the_document_are_typed(client):
    raw = '{"query": "{ municipality(slug: \\"\\ud800\\") { slug } }"}'
    response = client.post("/graphql/", raw, content_type="application/json")
    assert response.status_code == 400
    error = body(response)["errors"][0]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    assert list(error["extensions"]["fields"]) == ["query"]
    # A NUL inside a GraphQL string literal, as an escape, reaches no database.
    for literal in ('"a\\u0000b"', '["ok", {x: "\\u0000"}]'):
        raw = json.dumps({"query": f"{{ municipality(slug: {literal}) {{ slug }} }}"})
        response = client.post("/graphql/", raw, content_type="application/json")
        assert response.status_code == 400
        (error,) = body(response)["errors"]
        assert error["extensions"]["code"] == "VALIDATION_ERROR"
        assert list(error["extensions"]["fields"])[0].startswith("slug")


def test_invalid_variable_values_name_the_field(municipality_a, gql_post):
    query = """query ($m: String!, $box: BoundingBoxInput) {
        locations(municipality: $m, locale: "de", bbox: $box) { id } }"""
    response = gql_post(query, {"m": "stadt-a", "box": {"south": "far"}})
    assert response.status_code == 200  # application/json: 200 (GraphQL over HTTP)
    (error,) = body(response)["errors"]
    assert error["extensions"]["code"] == "VALIDATION_ERROR"
    fields = error["extensions"]["fields"]
    assert "box.south" in fields
    assert any("'north'" in message for message in fields["box"])  # missing
    response = gql_post(query, {})
    assert body(response)["errors"][0]["extensions"]["fields"] == {
        "m": ["A value of type 'String!' is required."]
    }


# -- time budget ------------------------------------------------------------------


def test_time_budget_stops_execution_with_a_typed_error(probe_view, monkeypatch):
    clock = iter(range(0, 10_000, 2))
    monkeypatch.setattr(budget.time, "monotonic", lambda: next(clock))
    with override_settings(RATHAUS_GRAPHQL={"TIME_BUDGET_SECONDS": 5}):
        response = probe_view(
            "get", {"query": "{ node { items(first: 50) { name child { name } } } }"}
        )
    assert response.status_code == 400
    (error,) = body(response)["errors"]
    assert error["extensions"] == {"code": "QUERY_TOO_COMPLEX", "budgetSeconds": 5}
    assert "data" not in body(response)


def test_time_budget_rolls_back_a_mutation(probe_view):
    from django.contrib.auth.models import Group

    mutation = 'mutation { store(name: "half-stored", fail: "budget") { ok } }'
    response = probe_view("post", json_body={"query": mutation})
    assert response.status_code == 400
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert not Group.objects.filter(name="half-stored").exists()


@override_settings(RATHAUS_GRAPHQL={"MAX_FIELDS": 10})
def test_field_limit_holds_for_all_operations_of_a_document(probe_view):
    """The standard rules follow every operation's spreads: a thousand
    operations spreading one big fragment cost a thousand times one."""
    fragment = "fragment f on Node { name child { name } }"  # 3 fields
    within = f"query A {{ node {{ ...f }} }} query B {{ node {{ ...f }} }} {fragment}"
    response = probe_view("get", {"query": within, "operationName": "A"})
    assert "errors" not in body(response)  # 4 + 4 fields
    beyond = within.replace(
        "query B { node { ...f } }", "query B { node { ...f ...f } }"
    )
    response = probe_view("get", {"query": beyond, "operationName": "A"})
    assert codes(response) == ["QUERY_TOO_COMPLEX"]
    assert "2 operations select 11 fields" in body(response)["errors"][0]["message"]
    # Repeated names (an error the standard rules would report) count too.
    same_name = " ".join(["query A { node { ...f } }"] * 3) + " " + fragment
    response = probe_view("get", {"query": same_name, "operationName": "A"})
    assert codes(response) == ["QUERY_TOO_COMPLEX"]

"""The compiled executor: same answers as graphql-core, or it gives up."""

import pytest
from graphql import parse

from rathaus.graphql.compiled import execute_compiled
from rathaus.graphql.schema import schema

from .conftest import body
from .content_builders import build_content
from .executors import _request, assert_same_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(municipality_a):
    return build_content(municipality_a, pages=6)


def compiled(text, variables=None):
    document = parse(text)
    return execute_compiled(
        schema.graphql_schema,
        document,
        document.definitions[0],
        variables or {},
        _request(),
        None,
    )


def test_aliases_fragments_directives_and_typename(built):
    text = """
    query Tree($municipality: String!, $withHtml: Boolean!, $skipPath: Boolean!) {
      first: pageTree(municipality: $municipality, locale: "en") {
        __typename
        ...Basics
        body: html @include(if: $withHtml)
        path @skip(if: $skipPath)
        ... on Page { small: thumbnail(size: FILL_400X300) { url } }
        translations { locale path }
      }
      second: municipalities { slug locales { code direction } }
    }
    fragment Basics on Page { id title isFallback translationStatus }
    """
    for with_html, skip_path in ((True, False), (False, True)):
        data = assert_same_result(
            text,
            {
                "municipality": "stadt-a",
                "withHtml": with_html,
                "skipPath": skip_path,
            },
        )
        page = data["first"][1]
        assert ("body" in page) is with_html
        assert ("path" in page) is not skip_path
        assert page["__typename"] == "Page"
        assert list(page)[:2] == ["__typename", "id"]  # selection order kept


def test_gives_up_on_errors_and_the_view_reports_them(built, gql_get):
    text = '{ page(municipality: "stadt-a", locale: "de", path: "/nowhere/") { id } }'
    assert compiled(text) is None
    response = gql_get(text)
    assert body(response)["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_gives_up_on_bad_variables_introspection_and_mutations(built):
    tree = 'query T($m: String!) { pageTree(municipality: $m, locale: "de") { id } }'
    assert compiled(tree, {"m": 5}) is None
    assert compiled(tree, {}) is None
    assert compiled(tree, {"m": "stadt-a"})  # the same document answers
    assert compiled("{ __schema { queryType { name } } }") is None
    assert compiled('{ __type(name: "Page") { name } }') is None
    mutation = "mutation { __typename }"
    assert compiled(mutation) is None


def test_view_answers_introspection_through_graphql_core(built, gql_post):
    response = gql_post("{ __schema { queryType { name } } }")
    assert body(response)["data"]["__schema"]["queryType"]["name"] == "Query"


def test_a_null_for_a_non_null_field_is_left_to_graphql_core(
    built, gql_post, monkeypatch
):
    from rathaus.graphql.content.items import PageItem

    monkeypatch.setattr(PageItem, "title", property(lambda self: None))
    text = 'query { pageTree(municipality: "stadt-a", locale: "de") { id title } }'
    assert compiled(text) is None
    payload = body(gql_post(text))
    assert payload["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"

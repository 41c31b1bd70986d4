"""SQL queries per contract operation do not grow with the data."""

import json

import pytest

from rathaus.graphql import contract
from tests.factories import make_municipality

pytestmark = pytest.mark.django_db

# municipalities (+ default locale), their locales, their enabled modules
MUNICIPALITIES_QUERIES = 3


def run(client, name, variables=None):
    text = contract.read_operation(contract.operations_dir() / f"{name}.graphql")
    response = client.post(
        "/graphql/",
        json.dumps({"query": text, "variables": variables or {}}),
        content_type="application/json",
    )
    payload = json.loads(response.content)
    assert "errors" not in payload, payload
    return payload["data"]


@pytest.mark.parametrize("count", [2, 20])
def test_municipalities_query_count_is_constant(
    count, client, django_assert_num_queries
):
    for _ in range(count):
        make_municipality()
    with django_assert_num_queries(MUNICIPALITIES_QUERIES):
        data = run(client, "Municipalities")
    assert len(data["municipalities"]) == count
    assert all(len(m["locales"]) == 3 for m in data["municipalities"])


@pytest.mark.parametrize("count", [2, 20])
def test_municipality_query_count_is_constant(count, client, django_assert_num_queries):
    municipalities = [make_municipality() for _ in range(count)]
    with django_assert_num_queries(MUNICIPALITIES_QUERIES):
        data = run(client, "Municipality", {"municipality": municipalities[0].slug})
    assert data["municipality"]["slug"] == municipalities[0].slug

"""What the benchmark requests: GraphQL operations and their comparisons."""

import json

from rathaus.graphql import contract

MUNICIPALITY = "bench-stadt"
LOCALE = "de"
# A path the generator always creates (the first section page).
PAGE_PATH = "/seite-0/"


def document(name):
    return contract.read_operation(contract.operations_dir() / f"{name}.graphql")


def variables(name, municipality=MUNICIPALITY):
    base = {"municipality": municipality, "locale": LOCALE}
    if name == "PageByPath":
        base["path"] = PAGE_PATH
    if name == "Search":
        base["query"] = "Beratung Wohnung"
    return base


OPERATIONS = ["PageTree", "PageByPath", "Locations", "Search"]
# Fields API v2 serves for the same pages (bench/urls.py exposes them).
API_V2_FIELDS = "excerpt,body,thumbnail,last_published_at"
API_V2_TYPES = [
    "content.HomePage",
    "content.InformationPage",
    "content.NewsIndexPage",
    "content.NewsPage",
    "content.EventIndexPage",
    "content.EventPage",
    "content.LocationIndexPage",
    "content.LocationPage",
]


def graphql_post_body(name, municipality=MUNICIPALITY):
    return json.dumps(
        {"query": document(name), "variables": variables(name, municipality)}
    )


def graphql_get_params(name, municipality=MUNICIPALITY):
    return {
        "id": contract.document_id(document(name)),
        "variables": json.dumps(variables(name, municipality)),
    }

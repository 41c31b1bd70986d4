"""SQL queries per content operation: the same at 10 and at 300 pages, and
never more than 15."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rathaus.graphql.content.fragments import page_fragments
from rathaus.graphql.content.index import built_indexes

from .content_builders import build_content
from .test_content_pages import data

pytestmark = pytest.mark.django_db

MAX_QUERIES = 16  # Changes: 15 for the content, 1 for the enabled modules

# operation -> (variables, locked query count). Counts are for warm
# renditions and ContentType caches (each test runs the operation once first).
OPERATIONS = {
    # municipality, locale roots, view restrictions, tree index (both trees),
    # content (one UNION ALL over the page tables), translations, translation
    # statuses (not in the default locale). Thumbnails add two (images,
    # renditions); links to pages outside the tree one.
    "PageTree": ({"locale": "en"}, 7),
    "PageByPath": ({"locale": "en", "path": "/seite-0/seite-1/"}, 6),
    # no translations selected
    "Children": ({"locale": "en", "path": "/", "depth": 2}, 5),
    # no content selected
    "Ancestors": ({"locale": "en", "path": "/seite-0/seite-1/"}, 4),
    # + one search per tree (English hits, German fallbacks), no translations
    "Search": ({"locale": "en", "query": "Seite"}, 7),
    # + the news rows (dates), no translations
    "News": ({"locale": "en"}, 6),
    # + the event rows, no translations (locations: id, title, path only)
    "Events": ({"locale": "en"}, 6),
    # + the locations with categories, their contacts; outside the default
    # locale the categories' and contacts' translations (one query each)
    "Locations": ({"locale": "en"}, 9),
    # A first sync, its state cached for the content generation: municipality,
    # locale roots, view restrictions, tree index, then the objects sent
    # (pages: content, translations, statuses; events: rows; locations:
    # rows, contacts, categories' and contacts' translations), which modules
    # are enabled (their lists: test_content_sync_modules) and the state
    # stored (one upsert).
    "Changes": ({"locale": "en", "first": 500}, 16),
}


CHANGES_UNCACHED = 31


@pytest.fixture(params=[10, 300], ids=["10-pages", "300-pages"])
def built(request, municipality_a):
    return build_content(municipality_a, pages=request.param)


def test_query_counts_are_constant(client, built):
    """One test per size runs every operation (building 300 pages is slow)."""
    counts, with_index = {}, {}
    for name, (variables, _expected) in OPERATIONS.items():
        variables = {"municipality": "stadt-a", **variables}
        data(client, name, variables)  # warm caches (content types, renditions)
        built_indexes.clear()
        page_fragments.clear()
        with CaptureQueriesContext(connection) as queries:
            result = data(client, name, variables)
        assert result, name
        counts[name] = len(queries)
        # The worker's index of this content generation is kept: no view
        # restrictions and no tree query.
        page_fragments.clear()
        with CaptureQueriesContext(connection) as queries:
            data(client, name, variables)
        with_index[name] = len(queries)
    assert counts == {name: expected for name, (_v, expected) in OPERATIONS.items()}
    assert with_index == {name: count - 2 for name, count in counts.items()}
    assert max(counts.values()) <= MAX_QUERIES

    # Without the content generation's sync state in the cache, a sync also
    # runs the sync document (pageTree, events and locations with every
    # field) once.
    caches["default"].clear()
    built_indexes.clear()
    variables = {"municipality": "stadt-a", **OPERATIONS["Changes"][0]}
    with CaptureQueriesContext(connection) as queries:
        assert data(client, "Changes", variables)
    assert len(queries) == CHANGES_UNCACHED


# A tree from the pages' kept answers (content/fragments.py): the municipality
# and locale roots, with the index built again view restrictions and the tree;
# after one page's publish also that page's content, translations and status.
FROM_FRAGMENTS = 2
FROM_FRAGMENTS_NEW_INDEX = 4
AFTER_ONE_PUBLISH = 7


def test_page_tree_query_counts_from_kept_answers(client, built):
    variables = {"municipality": "stadt-a", "locale": "en"}
    data(client, "PageTree", variables)
    with CaptureQueriesContext(connection) as queries:
        data(client, "PageTree", variables)
    assert len(queries) == FROM_FRAGMENTS
    built_indexes.clear()
    with CaptureQueriesContext(connection) as queries:
        data(client, "PageTree", variables)
    assert len(queries) == FROM_FRAGMENTS_NEW_INDEX
    page = built.pages[len(built.pages) // 2].specific
    page.title = "Neu"
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        data(client, "PageTree", variables)
    assert len(queries) == AFTER_ONE_PUBLISH


def test_page_tree_query_count_with_django_assert(
    client, built, django_assert_num_queries
):
    variables = {"municipality": "stadt-a", "locale": "en"}
    data(client, "PageTree", variables)
    built_indexes.clear()
    page_fragments.clear()
    with django_assert_num_queries(OPERATIONS["PageTree"][1]):
        data(client, "PageTree", variables)


def test_page_tree_size(client, built):
    tree = data(client, "PageTree", {"municipality": "stadt-a", "locale": "en"})
    assert len(tree["pageTree"]) == len(built.pages) + 1


def test_a_pages_content_is_read_from_its_own_table_only(client, built):
    """The content query unites the tables of the pages' types only: a single
    information page does not build (and send) a branch for every page model."""
    variables = {"municipality": "stadt-a", "locale": "de", "path": "/seite-0/"}
    data(client, "PageByPath", variables)
    with CaptureQueriesContext(connection) as queries:
        page = data(client, "PageByPath", variables)["page"]
    assert page["pageType"] == "InformationPage" and page["html"]
    content = [q["sql"] for q in queries if "excerpt" in q["sql"]]
    assert len(content) == 1
    assert "content_informationpage" in content[0]
    assert "content_eventpage" not in content[0]
    assert "UNION" not in content[0]

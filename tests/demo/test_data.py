"""The demo data itself: complete, consistent and renderable."""

import pytest

from rathaus.site.demo.data.base import Text, walk
from rathaus.site.demo.data.municipalities import MUNICIPALITIES
from rathaus.site.demo.data.pages import PAGES
from rathaus.site.demo.loader import DemoLoader
from rathaus.site.settings.languages import BY_CODE

SPECS = list(walk(PAGES))


def test_the_tree_has_at_least_30_pages_nested_three_levels():
    assert len(SPECS) >= 30
    assert max(spec.path.count("/") for spec in SPECS) == 2
    assert len({spec.path for spec in SPECS}) == len(SPECS)


def test_internal_links_point_to_demo_pages():
    paths = {spec.path for spec in SPECS}
    loader = DemoLoader()
    for spec in SPECS:
        for target in loader.link_targets(spec):
            assert target in paths, f"{spec.path} links to unknown {target}"


@pytest.mark.parametrize("demo", MUNICIPALITIES, ids=lambda demo: demo.slug)
def test_every_text_renders_in_every_language_it_is_translated_into(demo):
    assert all(code in BY_CODE for code in demo.spec.locales)
    loader = DemoLoader()
    for spec in SPECS:
        for text in loader.texts_of(spec):
            assert text.render(demo.context)
            for code in text.languages() & set(demo.spec.locales):
                assert text.render(demo.context, code), (spec.path, code)


def test_titles_and_excerpts_are_translated_into_every_demo_language():
    languages = {"en", "ar", "uk", "tr", "fa", "de-x-ls"}
    for spec in SPECS:
        assert languages <= spec.title.languages(), spec.path
        assert languages <= spec.excerpt.languages(), spec.path


def test_english_and_arabic_cover_every_body_string():
    loader = DemoLoader()
    for spec in SPECS:
        for text in loader.texts_of(spec):
            assert isinstance(text, Text)
            assert {"en", "ar"} <= text.languages(), (spec.path, text.de)

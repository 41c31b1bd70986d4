"""The API's body HTML is each block's own HTML: for every body block, the
renderer the API uses on raw data (``graphql.content.html``) gives the same
markup as ``block.render()`` (the block's template), compared as parsed HTML.
A body block without a renderer is a system error."""

import pytest
from django.test.html import parse_html
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from rathaus.graphql.content import html
from rathaus.site.content.blocks import BODY_BLOCKS, CalloutBlock
from rathaus.site.content.checks import check_body_renderers
from tests.factories import add_information_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(municipality_a):
    page = add_information_page(municipality_a.home_page, "Bürgeramt")
    image = get_image_model().objects.create(
        title="Rathaus",
        file=get_test_image_file(size=(1200, 900)),
        collection=municipality_a.collection,
    )
    return page, image


def samples(page, image):
    """Raw values per block name, with the edge cases each renderer handles."""
    page_link = f'<a linktype="page" id="{page.pk}">Bürgeramt</a>'
    return {
        "heading": [
            {"text": "Müll & Abfall <sortieren>", "level": "h3"},
            {"text": "Öffnungszeiten", "level": "h2"},
        ],
        "paragraph": [
            f"<p>Siehe {page_link} und "
            '<a href="https://example.org/?a=1&amp;b=2">extern</a>.</p>'
            "<ul><li><b>eins</b></li><li><i>zwei</i></li></ul>",
        ],
        "image": [
            {
                "image": image.pk,
                "alt_text": 'Das "Rathaus"',
                "caption": "Blick <Nord> & Süd",
            },
            {"image": image.pk, "alt_text": "Rathaus", "caption": ""},
        ],
        "callout": [
            {"kind": "warning", "title": "Achtung", "text": f"<p>{page_link}</p>"},
            {"kind": "tip", "title": "", "text": "<p>Termin & Ort</p>"},
        ],
        "links": [
            {
                "title": "Mehr dazu",
                "links": [
                    {
                        "type": "item",
                        "id": "0b6f-1",
                        "value": {"title": "Amt", "page": page.pk, "url": ""},
                    },
                    {
                        "type": "item",
                        "id": "0b6f-2",
                        "value": {
                            "title": "Extern & Co",
                            "page": None,
                            "url": "https://example.org/a?b=1&c=2",
                        },
                    },
                    {
                        "type": "item",
                        "id": "0b6f-3",
                        "value": {"title": "Nur Text", "page": None, "url": ""},
                    },
                ],
            },
            {"title": "Ohne Links", "links": []},
        ],
    }


def test_every_body_block_renders_like_its_template(linked):
    page, image = linked
    links = html.Links(
        {page.pk: page.url},
        {image.pk: image},
        lambda image, spec: image.get_rendition(spec),
    )
    rewriter = links.rewriter()
    blocks = dict(BODY_BLOCKS)
    cases = samples(page, image)
    assert set(cases) == set(html.body_renderers())  # a new block needs samples
    for name, values in cases.items():
        block = blocks[name]
        renderer = html.renderer_for(block)
        for raw in values:
            expected = block.render(block.to_python(raw))
            actual = renderer(raw, links, rewriter)
            assert parse_html(actual) == parse_html(str(expected)), (name, raw)


def test_a_body_block_without_renderer_is_a_system_error(monkeypatch):
    assert check_body_renderers(None) == []
    monkeypatch.delitem(html._RENDERERS, CalloutBlock)
    errors = check_body_renderers(None)
    assert {error.id for error in errors} == {"content.E010"}
    assert any("body['callout']" in error.msg for error in errors)

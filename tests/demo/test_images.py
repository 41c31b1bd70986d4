"""The demo's illustrations: alt texts, collections, pages that show them."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

from rathaus.site.content.models import InformationPage, LocationPage, NewsPage
from rathaus.site.demo.data.locations import CATEGORIES
from rathaus.site.demo.data.news import NEWS
from rathaus.site.demo.data.pages import PAGES
from rathaus.site.demo.images import DRAW, MOTIFS, PALETTES, draw, illustrations
from rathaus.site.municipalities.models import Municipality

Image = get_image_model()


@pytest.fixture
def load(django_capture_on_commit_callbacks):
    def run(*args):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", *args, verbosity=0)

    return run


def test_every_section_news_item_and_category_has_an_illustration():
    keys = {item.key for item in illustrations()}
    assert keys == (
        {f"section:{spec.slug}" for spec in PAGES}
        | {f"news:{spec.slug}" for spec in NEWS}
        | {f"category:{spec.slug}" for spec in CATEGORIES}
    )
    for item in illustrations():
        assert item.motif in DRAW and item.motif in MOTIFS
        assert item.palette in PALETTES


def test_drawing_is_deterministic_and_small():
    first = draw("building", PALETTES["blue"], "Behörden", "Castrop-Rauxel")
    assert first == draw("building", PALETTES["blue"], "Behörden", "Castrop-Rauxel")
    assert first[:3] == b"\xff\xd8\xff"  # a JPEG
    assert len(first) < 150_000


@pytest.mark.django_db
def test_pages_news_and_locations_show_an_illustration_with_a_german_alt_text(load):
    load("--municipality", "castrop-rauxel", "--no-translations")
    municipality = Municipality.objects.get(slug="castrop-rauxel")
    images = Image.objects.all()
    assert images.count() == len(illustrations())
    for image in images:
        assert image.collection_id == municipality.collection_id
        assert image.description.startswith("Illustration in ")
        assert "„" in image.description and "Castrop-Rauxel" in image.description
        assert image.default_alt_text == image.description
        assert (image.width, image.height) == (1200, 675)
        assert not image.renditions.exists()  # made when first asked for

    pages = municipality.pages().filter(locale=municipality.default_locale)
    for model in (InformationPage, NewsPage, LocationPage):
        shown = model.objects.filter(pk__in=pages.type(model).values("pk"))
        assert shown.exists(), model.__name__
        for page in shown:
            assert page.thumbnail is not None, page.slug
            assert page.thumbnail.collection_id == municipality.collection_id
    office = LocationPage.objects.get(
        pk__in=pages.type(LocationPage).values("pk"), slug="buergerbuero"
    )
    assert "Amtsgebäude" in office.thumbnail.description
    assert "„Verwaltung“" in office.thumbnail.description

    before = set(Image.objects.values_list("pk", "file"))
    load("--municipality", "castrop-rauxel", "--no-translations")
    assert set(Image.objects.values_list("pk", "file")) == before


@pytest.mark.django_db
def test_each_municipality_has_its_own_illustrations(load):
    load("--municipality", "landkreis-bayreuth", "--no-translations")
    load("--municipality", "castrop-rauxel", "--no-translations")
    county = Municipality.objects.get(slug="landkreis-bayreuth")
    city = Municipality.objects.get(slug="castrop-rauxel")
    for municipality in (county, city):
        assert Image.objects.filter(collection=municipality.collection).count() == len(
            illustrations()
        )
    assert Image.objects.filter(
        collection=county.collection, description__contains="Landkreis Bayreuth"
    ).count() == len(illustrations())

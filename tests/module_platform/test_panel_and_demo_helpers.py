"""The kit's dashboard and demo helpers, tested on their own (the bundled
modules' panels and demos test them in context)."""

from io import BytesIO
from types import SimpleNamespace

from django.db.models import Q
from PIL import Image

from rathaus.site.module_platform import api
from rathaus.site.module_platform.models import ModuleActivation
from rathaus.site.municipalities.models import Municipality

# Module activations stand in for a module's rows: each has a municipality.


def _panel(user, rows=None, module="defects"):
    items = [
        api.CountItem("All", lambda m: f"/all/{m.slug}/"),
        api.CountItem("Jobs", lambda m: f"/jobs/{m.slug}/", Q(module="jobs")),
    ]
    return api.count_panel(
        SimpleNamespace(user=user),
        Municipality.objects.all(),
        module,
        name="test-panel",
        heading="Test panel",
        rows=ModuleActivation.objects.all() if rows is None else rows,
        items=items,
    )


def _table(panels):
    (panel,) = panels
    return [
        (m.slug, [(item.label, item.count, item.url) for item in items])
        for m, items in panel.rows
    ]


def test_a_count_panel_counts_each_item_per_municipality_by_name(
    django_assert_num_queries, municipality_a, municipality_b, superuser
):
    for municipality in (municipality_b, municipality_a):
        api.enable_module(municipality, "defects")
    api.enable_module(municipality_a, "jobs")

    with django_assert_num_queries(2):  # the municipalities, then every count
        panels = _panel(superuser)

    assert panels[0].name == "test-panel"
    assert panels[0].heading == "Test panel"
    assert _table(panels) == [
        ("stadt-a", [("All", 2, "/all/stadt-a/"), ("Jobs", 1, "/jobs/stadt-a/")]),
        ("stadt-b", [("All", 1, "/all/stadt-b/"), ("Jobs", 0, "/jobs/stadt-b/")]),
    ]


def test_a_municipality_without_rows_counts_zero(municipality_a, superuser):
    api.enable_module(municipality_a, "defects")

    panels = _panel(superuser, rows=ModuleActivation.objects.none())

    assert _table(panels) == [
        ("stadt-a", [("All", 0, "/all/stadt-a/"), ("Jobs", 0, "/jobs/stadt-a/")]),
    ]


def test_a_count_panel_shows_only_where_the_user_administers_the_module(
    municipality_a, municipality_b, module_admin_a, editor_a
):
    api.enable_module(municipality_b, "defects")
    assert _panel(module_admin_a) == []  # not on in the admin's municipality

    api.enable_module(municipality_a, "defects")
    assert [slug for slug, _items in _table(_panel(module_admin_a))] == ["stadt-a"]
    assert _panel(editor_a) == []  # editors administer no module


def test_a_demo_photo_is_a_reproducible_jpeg_drawn_on_its_background():
    def square(draw):
        draw.rectangle((0, 0, 9, 9), fill=(0, 0, 255))

    photo = api.demo_photo((255, 0, 0), square, size=(40, 30))

    image = Image.open(BytesIO(photo))
    assert (image.format, image.size) == ("JPEG", (40, 30))
    red, green, blue = image.getpixel((30, 20))
    assert red > 200 and green < 50 and blue < 50
    red, green, blue = image.getpixel((3, 3))
    assert blue > 200 and red < 50
    assert photo == api.demo_photo((255, 0, 0), square, size=(40, 30))
    assert photo != api.demo_photo((255, 0, 0), square, size=(40, 30), quality=20)

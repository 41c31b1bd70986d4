"""Helpers for a module's demo data (``load_demo``)."""

import io

from PIL import Image, ImageDraw


def demo_photo(background, draw, *, quality=85, size=(800, 600)):
    """A placeholder photo: the JPEG bytes of a plain ``background`` colour
    that ``draw(ImageDraw.Draw)`` paints on, ready for ``create_upload``.

    The same arguments give the same bytes, so the demo stays reproducible.
    """
    image = Image.new("RGB", size, background)
    draw(ImageDraw.Draw(image))
    output = io.BytesIO()
    image.save(output, "JPEG", quality=quality)
    return output.getvalue()

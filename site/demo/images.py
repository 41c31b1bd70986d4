"""Illustrations of the demo, drawn at load time with Pillow.

One picture per information section, per news item and per location
category, in each municipality's media collection: a sky in the topic's
colours, hills, a sun, a simple white motif and the title with the
municipality's name. Each has a German alt text (Wagtail's ``description``,
which ``Image.default_alt_text`` returns) that says what it shows and
repeats the text written on it. Drawing is deterministic and images are found
again by their title in the collection, so a second load adds none.
Renditions are made when first asked for, not here.

The pictures are made by this code and are free like the rest of Rathaus.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as Picture
from PIL import ImageDraw, ImageFont, ImageOps
from wagtail.images import get_image_model
from wagtail.utils.file import hash_filelike

from .data.base import Text
from .data.locations import CATEGORIES
from .data.news import NEWS
from .data.pages import PAGES

WIDTH, HEIGHT = 1200, 675
QUALITY = 82
WHITE = (255, 255, 255)


@dataclass(frozen=True)
class Palette:
    name: str  # German, for the alt text: "in Blautönen"
    sky: tuple  # top, bottom
    hills: tuple  # far, near


PALETTES = {
    "blue": Palette(
        "Blautönen", ((18, 74, 140), (120, 176, 222)), ((40, 96, 150), (22, 62, 110))
    ),
    "green": Palette(
        "Grüntönen", ((26, 110, 70), (150, 208, 160)), ((60, 140, 80), (30, 96, 56))
    ),
    "orange": Palette(
        "Orangetönen", ((190, 90, 20), (250, 196, 120)), ((170, 96, 40), (120, 64, 24))
    ),
    "purple": Palette(
        "Violetttönen",
        ((84, 40, 130), (190, 160, 222)),
        ((110, 70, 150), (70, 40, 110)),
    ),
    "red": Palette(
        "Rottönen", ((160, 30, 40), (244, 160, 150)), ((150, 60, 60), (110, 36, 40))
    ),
    "teal": Palette(
        "Türkistönen", ((0, 100, 110), (130, 206, 206)), ((20, 120, 120), (10, 80, 86))
    ),
    "brown": Palette(
        "Brauntönen", ((110, 70, 20), (220, 186, 130)), ((130, 90, 40), (90, 60, 24))
    ),
}

#: What each motif shows, in German, for the alt text.
MOTIFS = {
    "skyline": "die Silhouette einer Stadt mit Häusern und einem Kirchturm",
    "warning": "ein Warndreieck mit Ausrufezeichen",
    "building": "ein Amtsgebäude mit Säulen und Giebel",
    "book": "ein aufgeschlagenes Buch",
    "briefcase": "eine Aktentasche",
    "people": "eine Familie aus zwei Erwachsenen und zwei Kindern",
    "cross": "ein Kreuz als Zeichen für Gesundheit",
    "house": "ein Wohnhaus mit Fenstern und Tür",
    "bus": "ein Linienbus",
    "speech": "zwei Sprechblasen",
    "trees": "drei Laubbäume",
    "clock": "eine Uhr",
    "cup": "eine dampfende Kaffeetasse",
    "calendar": "ein Kalenderblatt",
    "bin": "eine Mülltonne",
    "school": "ein Schulhaus mit Glocke",
}


@dataclass(frozen=True)
class Illustration:
    key: str  # "section:arbeit", "news:abfallkalender-geaendert", "category:bildung"
    title: Text
    motif: str
    palette: str


SECTIONS = {
    "ankommen": ("skyline", "blue"),
    "notfall": ("warning", "red"),
    "behoerden": ("building", "blue"),
    "deutsch-lernen": ("book", "purple"),
    "arbeit": ("briefcase", "brown"),
    "familie": ("people", "orange"),
    "gesundheit": ("cross", "red"),
    "wohnen": ("house", "teal"),
    "mobilitaet": ("bus", "orange"),
    "beratung": ("speech", "green"),
    "freizeit": ("trees", "green"),
}
NEWS_MOTIFS = {
    "neue-integrationskurse": ("book", "purple"),
    "neue-oeffnungszeiten-buergerbuero": ("clock", "blue"),
    "sprachcafe-eroeffnet": ("cup", "brown"),
    "impftermine-herbst": ("calendar", "red"),
    "abfallkalender-geaendert": ("bin", "green"),
}
CATEGORY_MOTIFS = {
    "verwaltung": ("building", "blue"),
    "arbeit": ("briefcase", "brown"),
    "beratung": ("speech", "green"),
    "bildung": ("school", "purple"),
    "gesundheit": ("cross", "red"),
}


def illustrations():
    """Every picture of a municipality, in a fixed order."""
    items = []
    for spec in PAGES:
        motif, palette = SECTIONS.get(spec.slug, ("skyline", "blue"))
        items.append(Illustration(f"section:{spec.slug}", spec.title, motif, palette))
    for spec in NEWS:
        motif, palette = NEWS_MOTIFS.get(spec.slug, ("calendar", "blue"))
        items.append(Illustration(f"news:{spec.slug}", spec.title, motif, palette))
    for spec in CATEGORIES:
        motif, palette = CATEGORY_MOTIFS.get(spec.slug, ("building", "blue"))
        items.append(Illustration(f"category:{spec.slug}", spec.name, motif, palette))
    return items


class DemoImages:
    """The municipality's demo pictures by key, created where missing."""

    def __init__(self, municipality, context):
        self.municipality = municipality
        self.context = context
        self.by_key = {}

    def ensure(self):
        model = get_image_model()
        collection = self.municipality.collection
        wanted = {item.key: item for item in illustrations()}
        titles = {key: self.title_of(item) for key, item in wanted.items()}
        existing = {
            image.title: image
            for image in model.objects.filter(
                collection=collection, title__in=titles.values()
            )
        }
        created = 0
        for key, item in wanted.items():
            image = existing.get(titles[key])
            if image is None:
                image = self.create(model, item, titles[key])
                created += 1
            self.by_key[key] = image
        return created

    def title_of(self, item):
        return f"{item.title.render(self.context)} (Illustration)"

    def create(self, model, item, title):
        text = item.title.render(self.context)
        name = self.municipality.name
        image = model(
            title=title,
            description=alt_text(item, text, name),
            collection=self.municipality.collection,
            file=ImageFile(
                io.BytesIO(self.picture(item)),
                name=f"demo-{self.municipality.slug}-{item.key.replace(':', '-')}.jpg",
            ),
        )
        image.save()
        return image

    def picture(self, item):
        text = item.title.render(self.context)
        return draw(item.motif, PALETTES[item.palette], text, self.municipality.name)

    def restore_files(self):
        """Draw the files of image rows that have none (the prepared demo
        stores rows, not files). Returns how many were written."""
        model = get_image_model()
        titles = {self.title_of(item): item for item in illustrations()}
        written = 0
        for image in model.objects.filter(
            collection=self.municipality.collection, title__in=titles
        ):
            storage = image.file.storage
            if storage.exists(image.file.name):
                continue
            data = self.picture(titles[image.title])
            name = storage.save(image.file.name, ContentFile(data))
            # Another Pillow may encode other bytes: keep the row true.
            image.file.name = name
            image.file_size = len(data)
            image.file_hash = hash_filelike(io.BytesIO(data))
            image.save(update_fields=["file", "file_size", "file_hash"])
            written += 1
        return written

    def section(self, path):
        return self.by_key.get(f"section:{path.split('/')[0]}")

    def news(self, slug):
        return self.by_key.get(f"news:{slug}")

    def category(self, slug):
        return self.by_key.get(f"category:{slug}")


def alt_text(item, text, municipality_name):
    palette = PALETTES[item.palette]
    return (
        f"Illustration in {palette.name}: {MOTIFS[item.motif]} vor Hügeln und "
        f"Sonne, dazu die Schrift „{text}“ und „{municipality_name}“."
    )


# Drawing


def draw(motif, palette, title, subtitle):
    """A JPEG of the scene, the same bytes for the same arguments."""
    top, bottom = palette.sky
    gradient = Picture.linear_gradient("L").resize((WIDTH, HEIGHT))
    picture = ImageOps.colorize(gradient, top, bottom).convert("RGB")
    canvas = ImageDraw.Draw(picture)
    # sun and hills
    canvas.ellipse((930, 70, 1070, 210), fill=(255, 236, 170))
    far, near = palette.hills
    canvas.ellipse((-300, 380, 700, 900), fill=far)
    canvas.ellipse((420, 420, 1500, 980), fill=far)
    canvas.rectangle((0, 520, WIDTH, HEIGHT), fill=near)
    # the motif, centred above the band with the text
    DRAW[motif](canvas, 600, 330, near)
    # the text band
    canvas.rectangle((0, 540, WIDTH, HEIGHT), fill=tuple(c // 2 for c in near))
    canvas.text((48, 552), title, font=font(46), fill=WHITE)
    canvas.text((48, 612), subtitle, font=font(30), fill=(230, 230, 230))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, optimize=True)
    return out.getvalue()


_fonts = {}


#: Fonts with German letters, found in the system's font folders; Pillow's
#: own font (the fallback) has no umlauts.
FONTS = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")


def font(size):
    if size not in _fonts:
        for name in FONTS:
            try:
                _fonts[size] = ImageFont.truetype(name, size)
                break
            except OSError:
                continue
        else:
            _fonts[size] = ImageFont.load_default(size=size)
    return _fonts[size]


def _skyline(c, x, y, ink):
    for dx, w, h in (
        (-260, 90, 140),
        (-160, 110, 200),
        (-40, 80, 120),
        (50, 120, 170),
        (180, 90, 110),
    ):
        c.rectangle((x + dx, y + 150 - h, x + dx + w, y + 150), fill=WHITE)
        for row in range(y + 170 - h, y + 140, 36):
            c.rectangle((x + dx + 18, row, x + dx + 36, row + 16), fill=ink)
    c.rectangle((x - 10, y - 120, x + 20, y + 150), fill=WHITE)  # tower
    c.polygon(((x - 20, y - 120), (x + 5, y - 190), (x + 30, y - 120)), fill=WHITE)


def _warning(c, x, y, ink):
    c.polygon(((x, y - 170), (x + 180, y + 140), (x - 180, y + 140)), fill=WHITE)
    c.rectangle((x - 14, y - 70, x + 14, y + 50), fill=ink)
    c.ellipse((x - 16, y + 74, x + 16, y + 106), fill=ink)


def _building(c, x, y, ink):
    c.polygon(((x - 230, y - 80), (x, y - 180), (x + 230, y - 80)), fill=WHITE)
    c.rectangle((x - 210, y - 70, x + 210, y - 50), fill=WHITE)
    for dx in range(-180, 200, 72):
        c.rectangle((x + dx, y - 40, x + dx + 36, y + 110), fill=WHITE)
    c.rectangle((x - 240, y + 120, x + 240, y + 150), fill=WHITE)


def _book(c, x, y, ink):
    c.polygon(
        ((x, y - 100), (x - 230, y - 140), (x - 230, y + 120), (x, y + 150)), fill=WHITE
    )
    c.polygon(
        ((x, y - 100), (x + 230, y - 140), (x + 230, y + 120), (x, y + 150)), fill=WHITE
    )
    c.line((x, y - 100, x, y + 150), fill=ink, width=6)
    for row in range(-80, 100, 34):
        c.line((x - 200, y + row - 20, x - 30, y + row + 4), fill=ink, width=5)
        c.line((x + 30, y + row + 4, x + 200, y + row - 20), fill=ink, width=5)


def _briefcase(c, x, y, ink):
    c.rounded_rectangle(
        (x - 70, y - 150, x + 70, y - 60), radius=24, outline=WHITE, width=22
    )
    c.rounded_rectangle((x - 220, y - 90, x + 220, y + 150), radius=28, fill=WHITE)
    c.rectangle((x - 220, y - 10, x + 220, y + 4), fill=ink)
    c.rectangle((x - 26, y - 28, x + 26, y + 22), fill=ink)


def _people(c, x, y, ink):
    for dx, size in ((-170, 1.0), (-55, 0.95), (60, 0.65), (150, 0.55)):
        head = int(38 * size)
        height = int(260 * size)
        top = y + 150 - height
        c.ellipse((x + dx - head, top, x + dx + head, top + 2 * head), fill=WHITE)
        c.rounded_rectangle(
            (
                x + dx - int(48 * size),
                top + 2 * head + 8,
                x + dx + int(48 * size),
                y + 150,
            ),
            radius=int(30 * size),
            fill=WHITE,
        )


def _cross(c, x, y, ink):
    c.ellipse((x - 170, y - 170, x + 170, y + 170), fill=WHITE)
    c.rectangle((x - 40, y - 120, x + 40, y + 120), fill=ink)
    c.rectangle((x - 120, y - 40, x + 120, y + 40), fill=ink)


def _house(c, x, y, ink):
    c.polygon(((x - 220, y - 30), (x, y - 190), (x + 220, y - 30)), fill=WHITE)
    c.rectangle((x - 180, y - 40, x + 180, y + 150), fill=WHITE)
    c.rectangle((x - 40, y + 40, x + 40, y + 150), fill=ink)
    for dx in (-140, 80):
        c.rectangle((x + dx, y, x + dx + 60, y + 60), fill=ink)


def _bus(c, x, y, ink):
    c.rounded_rectangle((x - 260, y - 110, x + 260, y + 110), radius=36, fill=WHITE)
    for dx in range(-230, 200, 95):
        c.rectangle((x + dx, y - 80, x + dx + 75, y - 10), fill=ink)
    c.rectangle((x + 200, y - 80, x + 235, y + 80), fill=ink)
    for dx in (-160, 150):
        c.ellipse((x + dx - 45, y + 70, x + dx + 45, y + 160), fill=ink)
        c.ellipse((x + dx - 20, y + 95, x + dx + 20, y + 135), fill=WHITE)


def _speech(c, x, y, ink):
    c.rounded_rectangle((x - 260, y - 160, x + 40, y + 10), radius=40, fill=WHITE)
    c.polygon(((x - 200, y), (x - 230, y + 70), (x - 140, y + 5)), fill=WHITE)
    c.rounded_rectangle(
        (x - 40, y - 30, x + 260, y + 130), radius=40, outline=WHITE, width=14
    )
    c.polygon(((x + 180, y + 125), (x + 230, y + 190), (x + 140, y + 125)), fill=WHITE)
    for dx in (-190, -110, -30):
        c.ellipse((x + dx - 18, y - 93, x + dx + 18, y - 57), fill=ink)


def _trees(c, x, y, ink):
    for dx, size in ((-200, 0.85), (0, 1.1), (200, 0.9)):
        r = int(100 * size)
        c.rectangle((x + dx - 14, y + 20, x + dx + 14, y + 150), fill=WHITE)
        c.ellipse((x + dx - r, y + 40 - 2 * r, x + dx + r, y + 40), fill=WHITE)


def _clock(c, x, y, ink):
    c.ellipse((x - 170, y - 170, x + 170, y + 170), fill=WHITE)
    c.ellipse((x - 150, y - 150, x + 150, y + 150), outline=ink, width=8)
    c.line((x, y, x, y - 110), fill=ink, width=14)
    c.line((x, y, x + 80, y + 40), fill=ink, width=14)
    c.ellipse((x - 16, y - 16, x + 16, y + 16), fill=ink)


def _cup(c, x, y, ink):
    c.rounded_rectangle((x - 150, y - 40, x + 110, y + 150), radius=36, fill=WHITE)
    c.ellipse((x + 70, y - 10, x + 200, y + 110), outline=WHITE, width=24)
    for dx in (-90, -20, 50):
        c.arc((x + dx - 20, y - 170, x + dx + 20, y - 90), 90, 270, fill=WHITE, width=8)
        c.arc((x + dx - 20, y - 130, x + dx + 20, y - 50), 270, 90, fill=WHITE, width=8)


def _calendar(c, x, y, ink):
    c.rounded_rectangle((x - 200, y - 150, x + 200, y + 150), radius=24, fill=WHITE)
    c.rectangle((x - 200, y - 150, x + 200, y - 80), fill=ink)
    for row in range(3):
        for col in range(5):
            left = x - 170 + col * 70
            top = y - 55 + row * 65
            c.rectangle((left, top, left + 44, top + 40), fill=ink)


def _bin(c, x, y, ink):
    c.polygon(
        (
            (x - 140, y - 110),
            (x + 140, y - 110),
            (x + 115, y + 150),
            (x - 115, y + 150),
        ),
        fill=WHITE,
    )
    c.rounded_rectangle((x - 170, y - 160, x + 170, y - 115), radius=12, fill=WHITE)
    for dx in (-60, 0, 60):
        c.line((x + dx, y - 80, x + dx * 0.8, y + 120), fill=ink, width=12)


def _school(c, x, y, ink):
    _house(c, x, y, ink)
    c.rectangle((x - 30, y - 250, x + 30, y - 150), fill=WHITE)
    c.ellipse((x - 16, y - 236, x + 16, y - 204), fill=ink)


DRAW = {
    "skyline": _skyline,
    "warning": _warning,
    "building": _building,
    "book": _book,
    "briefcase": _briefcase,
    "people": _people,
    "cross": _cross,
    "house": _house,
    "bus": _bus,
    "speech": _speech,
    "trees": _trees,
    "clock": _clock,
    "cup": _cup,
    "calendar": _calendar,
    "bin": _bin,
    "school": _school,
}

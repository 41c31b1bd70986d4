"""The photo pipeline for citizens' uploads (defect reports, housing offers).

:func:`process_photo` takes untrusted bytes and returns clean derivatives:

1. **Size**: at most ``max_bytes`` are read; more is refused.
2. **Type by content**: the magic bytes must say JPEG, PNG, WebP or HEIC/HEIF;
   the file name and the client's content type are ignored. Pillow is then
   told to try only that one decoder (``Image.open(..., formats=[...])``).
3. **Decompression bombs**: the pixel count from the header is checked
   against ``max_pixels`` *before* decoding; Pillow's own
   ``DecompressionBombWarning``/``Error`` are turned into refusals too.
4. **Decoding**: truncated or corrupt files are refused (Pillow raises on a
   truncated JPEG unless ``ImageFile.LOAD_TRUNCATED_IMAGES`` is set, which
   Rathaus never sets).
5. **Orientation**: the EXIF orientation is applied to the pixels
   (``ImageOps.exif_transpose``), so nothing depends on metadata afterwards.
6. **Colour**: an embedded ICC profile (iPhones write Display P3) is
   converted to sRGB, then dropped.
7. **Re-encoding without metadata**: the pixels are copied into a fresh image
   and saved as JPEG (or WebP) with no EXIF (so no GPS position, no device
   serial), no XMP, no ICC profile and no comment.

The original bytes are kept for staff only, in :func:`private_storage`, which
never has a public URL (``base_url=None``).

HEIC needs ``pillow-heif`` (registered on import when installed).
"""

import contextlib
import io
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from PIL import Image, ImageCms, ImageOps

try:  # HEIC/HEIF from iPhones
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover - a dependency of Rathaus
    HEIF_SUPPORTED = False

# Pillow's own guard stays on; ours is stricter and checked first.
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, 100_000_000)

#: Our format names -> (Pillow decoder names, content type)
FORMATS = {
    "jpeg": (["JPEG", "MPO"], "image/jpeg"),
    "png": (["PNG"], "image/png"),
    "webp": (["WEBP"], "image/webp"),
    "heic": (["HEIF"], "image/heic"),
}
HEIF_BRANDS = {
    b"heic",
    b"heix",
    b"heim",
    b"heis",
    b"hevc",
    b"hevx",
    b"mif1",
    b"msf1",
}
OUTPUT_TYPES = {"JPEG": ("image/jpeg", "jpg"), "WEBP": ("image/webp", "webp")}


class PhotoRejected(Exception):
    """The upload is not an acceptable photo. ``code`` says why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class PhotoLimits:
    max_bytes: int = 15 * 1024 * 1024
    max_pixels: int = 50_000_000  # a 48 MP phone camera fits
    #: (name, longest side in pixels) of the derivatives to produce
    renditions: tuple = (("large", 1600), ("thumbnail", 400))
    output_format: str = "JPEG"  # or "WEBP"
    quality: int = 82

    @classmethod
    def from_settings(cls, **overrides):
        values = dict(getattr(settings, "RATHAUS_PHOTO_LIMITS", {}))
        values.update(overrides)
        return cls(**values)


@dataclass
class Rendition:
    name: str
    content: bytes
    width: int
    height: int
    content_type: str
    extension: str


@dataclass
class ProcessedPhoto:
    source_format: str  # jpeg, png, webp, heic
    source_content_type: str
    width: int  # after orientation, before scaling
    height: int
    renditions: dict = field(default_factory=dict)  # name -> Rendition


def sniff_format(head):
    """The format named by a file's first bytes, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:
        return "heic"
    return None


def read_limited(source, max_bytes):
    """Bytes of ``source`` (bytes or a file), refusing more than ``max_bytes``."""
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoRejected(
            "too_large", f"The photo is larger than {max_bytes // (1024 * 1024)} MB."
        )
    if not data:
        raise PhotoRejected("empty", "The file is empty.")
    return data


def _open(data, source_format, limits):
    decoders, _content_type = FORMATS[source_format]
    if source_format == "heic" and not HEIF_SUPPORTED:
        raise PhotoRejected("unsupported_format", "HEIC photos are not supported.")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=decoders)
            width, height = image.size
            if width <= 0 or height <= 0:
                raise PhotoRejected("corrupt", "The photo has no pixels.")
            if width * height > limits.max_pixels:
                raise PhotoRejected(
                    "too_many_pixels",
                    f"The photo has more than {limits.max_pixels:,} pixels.",
                )
            image.load()
        except PhotoRejected:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PhotoRejected(
                "too_many_pixels", "The photo has too many pixels."
            ) from None
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
            raise PhotoRejected(
                "corrupt", "The photo could not be read (damaged or truncated)."
            ) from error
    return image


def _to_srgb(image):
    icc = image.info.get("icc_profile")
    if not icc:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        target = ImageCms.createProfile("sRGB")
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        return ImageCms.profileToProfile(image, source, target, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # an unusable profile: keep the pixels as they are


def _flatten(image, output_format):
    """RGB pixels (RGBA for WebP), transparency on white for JPEG."""
    if image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    ):
        image = image.convert("RGBA")
        if output_format == "WEBP":
            return image
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _clean_copy(image):
    """The same pixels in a new image with no ``info`` (no EXIF, XMP, ICC,
    comments): some encoders read metadata from ``im.info`` by default."""
    clean = Image.new(image.mode, image.size)
    clean.paste(image)
    clean.info = {}
    return clean


def _encode(image, limits):
    output = io.BytesIO()
    options = {"quality": limits.quality, "exif": b""}
    if limits.output_format == "JPEG":
        options.update(optimize=True, progressive=True)
    elif limits.output_format == "WEBP":
        options.update(method=4)
    else:
        raise ValueError(f"Unsupported output format {limits.output_format!r}")
    image.save(output, limits.output_format, **options)
    return output.getvalue()


def process_photo(source, limits=None):
    """Check and clean an uploaded photo; see the module docstring.

    Raises :class:`PhotoRejected` (codes ``empty``, ``too_large``,
    ``unsupported_format``, ``too_many_pixels``, ``corrupt``).
    """
    limits = limits or PhotoLimits.from_settings()
    data = read_limited(source, limits.max_bytes)
    source_format = sniff_format(data[:32])
    if source_format is None:
        raise PhotoRejected(
            "unsupported_format", "Only JPEG, PNG, HEIC and WebP photos are accepted."
        )
    image = _open(data, source_format, limits)
    # A broken orientation tag: keep the pixels unrotated.
    with contextlib.suppress(OSError, ValueError, SyntaxError):
        image = ImageOps.exif_transpose(image)
    image = _flatten(_to_srgb(image), limits.output_format)
    width, height = image.size
    content_type, extension = OUTPUT_TYPES[limits.output_format]
    processed = ProcessedPhoto(
        source_format=source_format,
        source_content_type=FORMATS[source_format][1],
        width=width,
        height=height,
    )
    for name, longest_side in limits.renditions:
        scaled = image.copy()
        scaled.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
        scaled = _clean_copy(scaled)
        processed.renditions[name] = Rendition(
            name=name,
            content=_encode(scaled, limits),
            width=scaled.width,
            height=scaled.height,
            content_type=content_type,
            extension=extension,
        )
    return processed


class PrivateFileSystemStorage(FileSystemStorage):
    """File-system storage without URLs: staff views stream the files."""

    def url(self, name):
        raise ValueError("Private files have no URL; stream them to staff.")


def private_storage():
    """Storage for originals and unpublished derivatives: never public.

    ``STORAGES["private"]`` when configured (e.g. a private S3 bucket), else
    the file system at ``settings.RATHAUS_PRIVATE_MEDIA_ROOT`` (default:
    ``<MEDIA_ROOT>/../private-media``), outside ``MEDIA_ROOT`` and without a
    base URL, so no URL to these files exists. Staff views stream them.
    """
    if "private" in settings.STORAGES:
        return storages["private"]
    root = getattr(settings, "RATHAUS_PRIVATE_MEDIA_ROOT", None)
    if not root:
        from pathlib import Path

        root = Path(settings.MEDIA_ROOT or ".").resolve().parent / "private-media"
    return PrivateFileSystemStorage(location=str(root))


def public_storage():
    return storages["default"]


# Renditions kept privately, and the public copies of them.
PUBLIC_COPIES = (("large", "public_large"), ("thumbnail", "public_thumbnail"))


def sync_public_copies(photo, visible):
    """Make ``photo``'s public copies exist exactly when it is ``visible``.

    ``photo`` has private rendition fields ``large`` and ``thumbnail`` and
    public ones ``public_large`` and ``public_thumbnail``. A moderated photo
    is copied to public storage only once it may be seen, and its copies are
    deleted as soon as it may not; the originals never leave private storage.
    """
    storage = public_storage()
    changed = False
    for private_name, public_name in PUBLIC_COPIES:
        public_file = getattr(photo, public_name)
        if visible and not public_file:
            source = getattr(photo, private_name)
            with source.open("rb") as handle:
                content = handle.read()
            extension = source.name.rsplit(".", 1)[-1]
            public_file.save(
                f"{private_name}.{extension}", ContentFile(content), save=False
            )
            changed = True
        elif not visible and public_file:
            storage.delete(public_file.name)
            setattr(photo, public_name, "")
            changed = True
    if changed:
        photo.save(update_fields=[public for _private, public in PUBLIC_COPIES])

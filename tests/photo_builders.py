"""Generated test photos: with GPS EXIF, orientation, XMP, ICC and comments."""

import io

from PIL import Image, ImageCms

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    exif[0xA431] = "SERIAL-123456"  # BodySerialNumber (in the Exif IFD)
    exif[ORIENTATION] = orientation
    exif[GPS_IFD] = {
        1: "N",
        2: (51.0, 33.0, 12.5),
        3: "E",
        4: (7.0, 19.0, 40.25),
    }
    return exif


def photo_bytes(
    fmt="JPEG",
    size=(64, 32),
    colour=(200, 30, 30),
    orientation=1,
    gps=True,
    icc=False,
    comment=True,
    mode="RGB",
):
    image = Image.new(mode, size, colour if mode != "RGBA" else (*colour, 128))
    # A blue marker block in the top-left corner, to check orientation.
    marker = (0, 0, 255) if mode == "RGB" else (0, 0, 255, 255)
    image.paste(marker, (0, 0, min(8, size[0]), min(8, size[1])))
    options = {}
    if gps:
        options["exif"] = exif_with_gps(orientation).tobytes()
    if icc:
        options["icc_profile"] = ImageCms.ImageCmsProfile(
            ImageCms.createProfile("sRGB")
        ).tobytes()
    if fmt == "JPEG" and comment:
        options["comment"] = b"secret comment"
    if fmt in ("JPEG", "WEBP", "PNG"):
        options["xmp"] = (
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.'
            b'org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>'
        )
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
        options.pop("xmp", None)
    output = io.BytesIO()
    image.save(output, fmt, **options)
    return output.getvalue()

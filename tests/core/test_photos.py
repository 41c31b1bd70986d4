"""The photo pipeline: content checks, bomb protection, orientation,
metadata removal, HEIC."""

import io

import pytest
from PIL import Image

from rathaus.site.core.photos import (
    PhotoLimits,
    PhotoRejected,
    process_photo,
    sniff_format,
)

from ..photo_builders import GPS_IFD, photo_bytes


def reopen(rendition):
    return Image.open(io.BytesIO(rendition.content))


def assert_clean(image):
    assert not image.getexif(), "EXIF left in the output"
    assert not image.getexif().get_ifd(GPS_IFD)
    for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
        assert key not in image.info, key


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_every_accepted_format_comes_out_as_clean_jpeg(fmt):
    data = photo_bytes(fmt, icc=True)
    if fmt == "JPEG":
        # The input really carries what must be removed.
        source = Image.open(io.BytesIO(data))
        assert source.getexif().get_ifd(GPS_IFD)[1] == "N"
        assert b"PhoneMaker" in data and b"secret comment" in data
    processed = process_photo(data)
    assert processed.source_format == {"HEIF": "heic"}.get(fmt, fmt.lower())
    for name in ("large", "thumbnail"):
        rendition = processed.renditions[name]
        assert rendition.content.startswith(b"\xff\xd8\xff")
        for secret in (b"PhoneMaker", b"SERIAL-123456", b"secret comment", b"xmpmeta"):
            assert secret not in rendition.content
        image = reopen(rendition)
        assert image.format == "JPEG"
        assert_clean(image)


def test_exif_orientation_is_applied_to_the_pixels():
    # Orientation 6: the camera was rotated; the viewer must turn it 90° CW.
    processed = process_photo(photo_bytes(size=(64, 32), orientation=6))
    assert (processed.width, processed.height) == (32, 64)
    image = reopen(processed.renditions["large"])
    assert image.size == (32, 64)
    # The blue marker pixel moved from the top-left to the top-right corner.
    red, green, blue = image.convert("RGB").getpixel((28, 3))
    assert blue > 150 and red < 100


def test_webp_output_and_transparency():
    limits = PhotoLimits(output_format="WEBP")
    processed = process_photo(photo_bytes("PNG", mode="RGBA"), limits)
    rendition = processed.renditions["large"]
    assert rendition.content_type == "image/webp"
    image = reopen(rendition)
    assert image.format == "WEBP"
    assert not image.getexif()


def test_transparency_is_flattened_for_jpeg():
    processed = process_photo(photo_bytes("PNG", mode="RGBA"))
    assert reopen(processed.renditions["large"]).mode == "RGB"


def test_renditions_are_scaled_down():
    processed = process_photo(photo_bytes(size=(2000, 1000), gps=False))
    assert reopen(processed.renditions["large"]).size == (1600, 800)
    assert reopen(processed.renditions["thumbnail"]).size == (400, 200)


def test_fake_extension_is_refused_by_content():
    with pytest.raises(PhotoRejected) as error:
        process_photo(b"%PDF-1.7 pretending to be photo.jpg" * 10)
    assert error.value.code == "unsupported_format"


def test_gif_and_svg_are_refused():
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    for data in (gif.getvalue(), b'<svg xmlns="http://www.w3.org/2000/svg"/>'):
        with pytest.raises(PhotoRejected) as error:
            process_photo(data)
        assert error.value.code == "unsupported_format"


def test_magic_bytes_of_one_format_with_another_body_are_refused():
    # A PNG signature followed by JPEG data: Pillow is only allowed PNG.
    data = b"\x89PNG\r\n\x1a\n" + photo_bytes()
    with pytest.raises(PhotoRejected) as error:
        process_photo(data)
    assert error.value.code == "corrupt"


def test_too_many_bytes_are_refused():
    with pytest.raises(PhotoRejected) as error:
        process_photo(photo_bytes(), PhotoLimits(max_bytes=100))
    assert error.value.code == "too_large"


def test_empty_file_is_refused():
    with pytest.raises(PhotoRejected) as error:
        process_photo(b"")
    assert error.value.code == "empty"


def test_too_many_pixels_are_refused_before_decoding():
    # A small file that claims many pixels (a decompression bomb).
    data = photo_bytes("PNG", size=(4000, 4000), gps=False)
    assert len(data) < 200_000
    with pytest.raises(PhotoRejected) as error:
        process_photo(data, PhotoLimits(max_pixels=1_000_000))
    assert error.value.code == "too_many_pixels"


def test_pillows_own_bomb_guard_is_a_refusal(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(PhotoRejected) as error:
        process_photo(photo_bytes(size=(100, 100), gps=False))
    assert error.value.code == "too_many_pixels"


def test_truncated_file_is_refused():
    data = photo_bytes(size=(400, 400))
    with pytest.raises(PhotoRejected) as error:
        process_photo(data[: len(data) // 2])
    assert error.value.code == "corrupt"


def test_sniff_format():
    assert sniff_format(photo_bytes()[:32]) == "jpeg"
    assert sniff_format(photo_bytes("PNG")[:32]) == "png"
    assert sniff_format(photo_bytes("WEBP")[:32]) == "webp"
    assert sniff_format(photo_bytes("HEIF")[:32]) == "heic"
    assert sniff_format(b"GIF89a") is None

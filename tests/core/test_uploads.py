"""POST /api/uploads/: photos checked and cleaned, tokens returned."""

import json
import os

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError, connection

from rathaus.site.core import uploads
from rathaus.site.core.models import Upload
from rathaus.site.core.photos import private_storage
from rathaus.site.module_platform.services import enable_module

from ..photo_builders import photo_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear():
    caches["ratelimit"].clear()


@pytest.fixture
def enabled(municipality_a):
    enable_module(municipality_a, "defects")
    return municipality_a


def post(client, data=None, name="photo.jpg", **fields):
    payload = {"municipality": "stadt-a", "purpose": "defects", **fields}
    if data is not False:
        payload["file"] = SimpleUploadedFile(name, data or photo_bytes())
    response = client.post("/api/uploads/", payload)
    return response, json.loads(response.content)


def test_upload_returns_a_token_and_stores_only_private_files(client, enabled):
    response, body = post(client, deviceId="phone-1")
    assert response.status_code == 201, body
    assert response["Cache-Control"] == "private, no-store"
    upload = Upload.objects.get(token=body["token"])
    assert (body["width"], body["height"]) == (64, 32)
    assert upload.municipality == enabled and upload.purpose == "defects"
    assert upload.used_at is None and upload.expires_at > upload.created_at
    storage = private_storage()
    for field in (upload.original, upload.large, upload.thumbnail):
        assert storage.exists(field.name)
        with pytest.raises(ValueError):  # no URL exists for private files
            storage.url(field.name)
    with storage.open(upload.original.name) as handle:
        assert b"PhoneMaker" in handle.read()  # the original is kept as sent
    with storage.open(upload.large.name) as handle:
        assert b"PhoneMaker" not in handle.read()


def test_heic_upload(client, enabled):
    response, body = post(client, photo_bytes("HEIF"), name="IMG_0001.HEIC")
    assert response.status_code == 201, body
    assert Upload.objects.get().original_content_type == "image/heic"


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [
        (b"<?php echo 'hi'; ?>", 400, "unsupported_format"),
        (b"\xff\xd8\xff\xe0 truncated", 400, "corrupt"),
    ],
)
def test_bad_files(client, enabled, data, status, code):
    response, body = post(client, data, name="photo.jpg")
    assert response.status_code == status
    assert body["errors"][0]["code"] == code
    assert body["errors"][0]["field"] == "file"
    assert not Upload.objects.exists()


def test_too_large(client, enabled, settings):
    settings.RATHAUS_PHOTO_LIMITS = {"max_bytes": 500}
    response, body = post(client)
    assert response.status_code == 413
    assert body["errors"][0]["code"] == "too_large"


def test_missing_file(client, enabled):
    response, body = post(client, data=False)
    assert response.status_code == 400
    assert body["errors"][0]["field"] == "file"


def test_unknown_municipality_disabled_module_and_purpose(
    client, enabled, municipality_b
):
    assert post(client, municipality="nowhere")[0].status_code == 404
    assert post(client, municipality="stadt-b")[0].status_code == 404
    assert post(client, purpose="selfies")[0].status_code == 400


def test_get_is_not_allowed(client, enabled):
    assert client.get("/api/uploads/").status_code == 405


def test_rate_limited(client, enabled, settings):
    settings.RATHAUS_UPLOAD_RATE_LIMITS = [(2, 3600)]
    assert post(client)[0].status_code == 201
    assert post(client)[0].status_code == 201
    response, body = post(client)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert body["errors"][0]["code"] == "RATE_LIMITED"


def test_prune_deletes_expired_unused_uploads_with_files(client, enabled):
    from datetime import timedelta

    from django.utils import timezone

    _, body = post(client)
    upload = Upload.objects.get(token=body["token"])
    assert uploads.prune_uploads() == 0
    assert uploads.prune_uploads(now=timezone.now() + timedelta(hours=2)) == 1
    assert not private_storage().exists(upload.original.name)


# -- outages ----------------------------------------------------------------------


def stored_files():
    storage = private_storage()
    return {
        os.path.join(folder, name)
        for folder, _folders, names in os.walk(storage.location)
        for name in names
    }


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_database_outage_answers_503_with_retry_after(client, enabled, error):
    def refuse(execute, sql, params, many, context):
        raise error("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        response, body = post(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "private, no-store"
    assert body["errors"][0]["code"] == "TEMPORARILY_UNAVAILABLE"
    assert "Connection refused" not in response.content.decode()
    assert not Upload.objects.exists()


def test_outage_while_storing_the_row_leaves_no_files(client, enabled):
    """The photo's files are written before its row: when the row cannot be
    stored, the files go too and the client is told to retry."""
    before = stored_files()

    def fail_the_upload_row(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT") and Upload._meta.db_table in sql:
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(fail_the_upload_row):
        response, body = post(client)
    assert response.status_code == 503, body
    assert int(response["Retry-After"]) > 0
    assert not Upload.objects.exists()
    assert stored_files() == before
    # Once the database is back, the same photo is accepted.
    response, body = post(client)
    assert response.status_code == 201, body

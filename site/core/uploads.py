"""Photo uploads for mobile apps: ``POST /api/uploads/`` returns a token.

The flow (for app teams; also in ``modules/defects/README.md``):

1. The app uploads each photo on its own, as ``multipart/form-data`` with the
   fields ``file``, ``municipality`` (slug), ``purpose`` (one a module
   declares in ``ModuleConfig.upload_purposes``; default
   ``RATHAUS_DEFAULT_UPLOAD_PURPOSE``) and optionally ``deviceId``. The
   server checks and cleans the photo at once (see ``photos.py``) and
   answers ``201`` with
   ``{"token": "...", "expiresAt": "...", "width": ..., "height": ...}``.
2. The app sends the submission mutation (e.g. ``reportDefect``) with the
   tokens. A token is single-use, expires (``RATHAUS_UPLOAD_TTL``, default one
   hour), and is valid only for the same municipality, purpose and client
   (the device id when one was sent, else the IP address).

Why not the GraphQL multipart request spec: uploads can be retried one by
one on a flaky mobile connection without resending the report, the mutation
stays a small JSON document that can be a persisted query and be retried with
its idempotency key, photos are refused with a clear error before the report
is written, and graphene-file-upload (the graphene implementation) is
unmaintained (its graphene 3 support was never merged).

Errors are JSON ``{"errors": [{"code": ..., "message": ..., "field": ...}]}``
with status 400 (bad input), 404 (unknown municipality, or the purpose's
module is disabled there), 405, 413 (too large), 429 (rate limited, with
``Retry-After``) or 503 (``TEMPORARILY_UNAVAILABLE``: the database or cache is
down; nothing was stored; retry after ``Retry-After`` seconds).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import outages, ratelimit
from .photos import PhotoLimits, PhotoRejected, process_photo

DEFAULT_TTL = timedelta(hours=1)
DEFAULT_RULES = (ratelimit.Rule(limit=30, window=3600),)


class UploadError(Exception):
    """A token cannot be used. ``field`` names the offending input."""

    def __init__(self, code, message, index=None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.index = index


@dataclass
class UploadRequest:
    municipality: object
    purpose: str
    identity: ratelimit.ClientIdentity


def upload_ttl():
    return getattr(settings, "RATHAUS_UPLOAD_TTL", DEFAULT_TTL)


def upload_rules():
    rules = getattr(settings, "RATHAUS_UPLOAD_RATE_LIMITS", None)
    if rules is None:
        return DEFAULT_RULES
    return tuple(ratelimit.Rule(limit=limit, window=window) for limit, window in rules)


def create_upload(municipality, purpose, client_hash, source, limits=None, now=None):
    """Check, clean and store a photo; return the ``Upload`` with its token.

    Raises ``PhotoRejected``. Nothing is stored for a refused photo.
    """
    from .models import Upload

    processed = process_photo(source, limits or PhotoLimits.from_settings())
    now = now or timezone.now()
    token = secrets.token_urlsafe(32)
    upload = Upload(
        token=token,
        purpose=purpose,
        municipality=municipality,
        client_hash=client_hash,
        original_content_type=processed.source_content_type,
        width=processed.width,
        height=processed.height,
        expires_at=now + upload_ttl(),
    )
    if hasattr(source, "seek"):
        source.seek(0)
        original = source.read()
    else:
        original = bytes(source)
    upload.original.save(
        f"original.{processed.source_format}", ContentFile(original), save=False
    )
    large = processed.renditions["large"]
    thumbnail = processed.renditions["thumbnail"]
    upload.large.save(f"large.{large.extension}", ContentFile(large.content), False)
    upload.thumbnail.save(
        f"thumbnail.{thumbnail.extension}", ContentFile(thumbnail.content), False
    )
    try:
        upload.save()
    except Exception:
        # No row names the files (e.g. the database is down): delete them.
        for file_field in (upload.original, upload.large, upload.thumbnail):
            file_field.delete(save=False)
        raise
    return upload


def claim_uploads(tokens, municipality, purpose, client_hash, now=None):
    """Lock and mark used the uploads named by ``tokens``, in order.

    Call inside the submission's transaction: if the submission fails, the
    tokens stay usable. Raises :class:`UploadError` (with the token's
    ``index``) for an unknown, expired, used or foreign token.
    """
    from .models import Upload

    if not tokens:
        return []
    if len(set(tokens)) != len(tokens):
        raise UploadError("duplicate_upload", "The same photo was sent twice.")
    now = now or timezone.now()
    found = {
        upload.token: upload
        for upload in Upload.objects.select_for_update().filter(token__in=tokens)
    }
    claimed = []
    for index, token in enumerate(tokens):
        upload = found.get(token)
        if (
            upload is None
            or upload.municipality_id != municipality.pk
            or upload.purpose != purpose
            or upload.client_hash != client_hash
        ):
            # Foreign tokens look exactly like unknown ones.
            raise UploadError("unknown_upload", "Unknown photo upload.", index)
        if upload.used_at is not None:
            raise UploadError("used_upload", "This photo was already used.", index)
        if upload.expires_at <= now:
            raise UploadError(
                "expired_upload", "This photo upload expired; upload it again.", index
            )
        claimed.append(upload)
    Upload.objects.filter(pk__in=[upload.pk for upload in claimed]).update(used_at=now)
    return claimed


def prune_uploads(now=None, keep_used_for=timedelta(days=1)):
    """Delete expired unused uploads with their files, and the rows of used
    ones (their files now belong to the submission that claimed them).
    Returns how many rows were deleted."""
    from django.db.models import Q

    from .models import Upload

    now = now or timezone.now()
    stale = Upload.objects.filter(
        Q(used_at__isnull=True, expires_at__lt=now) | Q(used_at__lt=now - keep_used_for)
    )
    count = 0
    for upload in stale.iterator():
        if upload.used_at is None:
            for file_field in (upload.original, upload.large, upload.thumbnail):
                if file_field:
                    file_field.delete(save=False)
        upload.delete()
        count += 1
    return count


# The endpoint --------------------------------------------------------------


def _error(status, code, message, field=None, headers=None):
    error = {"code": code, "message": message}
    if field:
        error["field"] = field
    response = JsonResponse({"errors": [error]}, status=status)
    response["Cache-Control"] = "private, no-store"
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _unavailable(request):
    return _error(503, outages.CODE, outages.MESSAGE)


@csrf_exempt  # apps send no cookies; nothing here uses the session
@require_http_methods(["POST"])
@outages.answer_outages(_unavailable)
def upload_view(request):
    from rathaus.site.module_platform.registry import upload_purposes
    from rathaus.site.module_platform.services import is_enabled
    from rathaus.site.municipalities.models import Municipality

    purposes = upload_purposes()
    purpose = request.POST.get("purpose") or getattr(
        settings, "RATHAUS_DEFAULT_UPLOAD_PURPOSE", ""
    )
    if purpose not in purposes:
        return _error(400, "BAD_REQUEST", "Unknown purpose.", "purpose")
    slug = request.POST.get("municipality") or ""
    # A NUL character cannot reach PostgreSQL; no slug has one.
    municipality = (
        None if "\x00" in slug else Municipality.objects.filter(slug=slug).first()
    )
    if municipality is None or not is_enabled(municipality, purposes[purpose]):
        return _error(404, "NOT_FOUND", "Unknown municipality.", "municipality")
    identity = ratelimit.ClientIdentity.from_request(
        request, request.POST.get("deviceId")
    )
    limited = ratelimit.check(f"uploads:{purpose}", identity.keys(), upload_rules())
    if not limited:
        return _error(
            429,
            "RATE_LIMITED",
            "Too many uploads. Please try again later.",
            headers={"Retry-After": str(limited.retry_after)},
        )
    source = request.FILES.get("file")
    if source is None:
        return _error(400, "VALIDATION_ERROR", "Send the photo as 'file'.", "file")
    limits = PhotoLimits.from_settings()
    if source.size > limits.max_bytes:
        return _error(413, "too_large", "The photo is too large.", "file")
    try:
        with transaction.atomic():
            upload = create_upload(
                municipality, purpose, identity.binding_hash, source, limits
            )
    except PhotoRejected as rejected:
        status = 413 if rejected.code == "too_large" else 400
        return _error(status, rejected.code, rejected.message, "file")
    response = JsonResponse(
        {
            "token": upload.token,
            "expiresAt": upload.expires_at.isoformat(),
            "width": upload.width,
            "height": upload.height,
        },
        status=201,
    )
    response["Cache-Control"] = "private, no-store"
    return response

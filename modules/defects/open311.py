"""Open311 GeoReport v2 at ``/georeport/v2/`` (http://wiki.open311.org/GeoReport_v2).

Rathaus serves many municipalities, so ``jurisdiction_id`` (the municipality's
slug) is required on every call; an unknown jurisdiction, or one where the
defect module is disabled, answers 404. Formats by suffix: ``.json`` and
``.xml``. Errors use the spec's format: ``[{"code": 400, "description": ...}]``
or ``<errors><error><code>400</code><description>...</description></error>
</errors>``.

- ``GET discovery``, ``services``, ``services/{code}``
- ``GET requests`` with ``service_request_id`` (a comma list that overrides
  the other filters), ``service_code``, ``start_date``/``end_date`` (W3C
  datetimes with zone; at most 90 days apart; default the last 90 days),
  ``status=open,closed``, and the common extensions ``page``/``page_size``
  (default and maximum 1000) and ``bbox=minLng,minLat,maxLng,maxLat``
- ``POST requests`` (``application/x-www-form-urlencoded``) with a
  per-client ``api_key`` (``ApiClient``; 403 without a valid key of this
  jurisdiction); ``lat`` and ``long`` are required (no geocoder);
  ``attribute[CODE]`` / ``attribute[CODE][]``; ``first_name``, ``last_name``,
  ``phone`` and ``media_url`` are not stored (data minimisation)
- ``GET requests/{id}``, ``tokens/{token}``

Only moderated reports are visible; ``status`` maps to ``open``/``closed``
and the public ``status_notes`` are included. No personal data is returned.
"""

import contextlib
import re
import uuid
from datetime import timedelta
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from rathaus.site.module_platform import api

from . import services
from .forms import source_category
from .forwarding import absolute_url
from .models import (
    ApiClient,
    DefectPhoto,
    DefectReport,
    ExternalRecipient,
    Status,
    hash_api_key,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+00:00"
MAX_PAGE_SIZE = 1000
MAX_SPAN = timedelta(days=90)
OPEN_STATUSES = (Status.PUBLISHED, Status.IN_PROGRESS, Status.FORWARDED)
CLOSED_STATUSES = (Status.RESOLVED,)
XML_ITEMS = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
ATTRIBUTE_FIELD = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


# Rendering -----------------------------------------------------------------


def _xml_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xml_fill(element, data):
    for key, value in data.items():
        child = ElementTree.SubElement(element, key)
        if isinstance(value, dict):
            _xml_fill(child, value)
        elif isinstance(value, list):
            item_name = XML_ITEMS.get(key, "item")
            for item in value:
                item_element = ElementTree.SubElement(child, item_name)
                if isinstance(item, dict):
                    _xml_fill(item_element, item)
                else:
                    item_element.text = _xml_value(item)
        else:
            child.text = _xml_value(value)


def render(fmt, data, root=None, item=None, status=200):
    """JSON as given; XML with ``root`` wrapping ``item`` elements (lists) or
    ``root`` as the element of a dict."""
    if fmt == "json":
        response = JsonResponse(
            data, status=status, safe=False, json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Type"] = "application/json; charset=utf-8"
        return response
    element = ElementTree.Element(root)
    if isinstance(data, list):
        for entry in data:
            _xml_fill(ElementTree.SubElement(element, item), entry)
    else:
        _xml_fill(element, data)
    body = b'<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(
        element, encoding="utf-8", xml_declaration=False
    )
    return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")


def error_response(fmt, status, description):
    return render(
        fmt,
        [{"code": status, "description": description}],
        root="errors",
        item="error",
        status=status,
    )


def _iso(value):
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# Helpers -------------------------------------------------------------------


def _params(request):
    return request.POST if request.method == "POST" else request.GET


def _jurisdiction(request):
    slug = (_params(request).get("jurisdiction_id") or "").strip()
    if not slug:
        raise Open311Error(400, "jurisdiction_id is required.")
    municipality = api.Municipality.objects.filter(slug=slug).first()
    if municipality is None or not api.is_enabled(municipality, services.MODULE):
        raise Open311Error(404, f"jurisdiction_id {slug!r} was not found.")
    return municipality


def open311_view(methods=("GET",)):
    def decorator(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        def wrapper(request, fmt, *args, **kwargs):
            try:
                municipality = _jurisdiction(request)
                response = view(request, fmt, municipality, *args, **kwargs)
            except Open311Error as error:
                return error_response(fmt, error.status, error.description)
            if request.method == "GET" and response.status_code == 200:
                response["Cache-Control"] = "public, max-age=30"
            else:
                response["Cache-Control"] = "private, no-store"
            return response

        wrapper.__name__ = view.__name__
        return wrapper

    return decorator


def _service(category):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.attributes.all()),
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _agency(report, recipients):
    if report.status == Status.FORWARDED:
        names = recipients.get(report.pk)
        if names:
            return ", ".join(names)
    return report.category.department or report.municipality.name


def _request_object(report, recipients):
    photo = next(
        (
            photo
            for photo in report.photos.all()
            if not photo.hidden and photo.public_large
        ),
        None,
    )
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if report.status in CLOSED_STATUSES else "open",
        "status_notes": report.status_notes,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": _agency(report, recipients),
        "service_notice": "",
        "requested_datetime": _iso(report.created_at),
        "updated_datetime": _iso(report.updated_at),
        "expected_datetime": None,
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.latitude,
        "long": report.longitude,
        "media_url": absolute_url(photo.public_large.url) if photo else "",
    }


def _visible_reports(municipality):
    return (
        DefectReport.objects.filter(
            municipality=municipality, status__in=OPEN_STATUSES + CLOSED_STATUSES
        )
        .select_related("category", "municipality")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=DefectPhoto.objects.filter(hidden=False).order_by(
                    "position", "pk"
                ),
            )
        )
    )


def _recipients(reports):
    forwarded = [report.pk for report in reports if report.status == Status.FORWARDED]
    names = {}
    if forwarded:
        for report_id, name in ExternalRecipient.objects.filter(
            forwardings__report_id__in=forwarded
        ).values_list("forwardings__report_id", "name"):
            names.setdefault(report_id, []).append(name)
    return names


def _requests_payload(reports):
    reports = list(reports)
    recipients = _recipients(reports)
    return [_request_object(report, recipients) for report in reports]


def _parse_date(value, name):
    parsed = None
    with contextlib.suppress(ValueError):
        parsed = parse_datetime(value)
    if parsed is None or timezone.is_naive(parsed):
        raise Open311Error(400, f"{name} must be a W3C datetime with a time zone.")
    return parsed


def _positive_int(value, name, default, maximum=None):
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except ValueError:
        raise Open311Error(400, f"{name} must be a whole number.") from None
    if number < 1 or (maximum is not None and number > maximum):
        raise Open311Error(400, f"{name} must be between 1 and {maximum}.")
    return number


# Views ---------------------------------------------------------------------


@open311_view()
def discovery(request, fmt, municipality):
    base = request.build_absolute_uri("/georeport/v2/")
    data = {
        "changeset": CHANGESET,
        "contact": f"{municipality.name}",
        "key_service": f"API keys are issued by {municipality.name}.",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": base,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return render(fmt, data, root="discovery")


def _categories(municipality):
    categories = services.categories_for(municipality, active_only=True)
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(categories, "attributes")
    return categories


@open311_view()
def service_list(request, fmt, municipality):
    data = [_service(category) for category in _categories(municipality)]
    return render(fmt, data, root="services", item="service")


@open311_view()
def service_definition(request, fmt, municipality, code):
    category = next((c for c in _categories(municipality) if c.code == code), None)
    if category is None:
        raise Open311Error(404, f"service_code {code!r} was not found.")
    data = {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": attribute.datatype_description,
                "order": index + 1,
                "description": attribute.description,
                "values": [
                    {"key": str(value.get("key")), "name": value.get("name", "")}
                    for value in attribute.values or []
                ],
            }
            for index, attribute in enumerate(category.attributes.all())
        ],
    }
    return render(fmt, data, root="service_definition")


@open311_view(methods=("GET", "POST"))
def request_list(request, fmt, municipality):
    if request.method == "POST":
        return _create_request(request, fmt, municipality)
    params = request.GET
    reports = _visible_reports(municipality)
    ids = (params.get("service_request_id") or "").strip()
    page = _positive_int(params.get("page"), "page", 1)
    page_size = _positive_int(
        params.get("page_size"), "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE
    )
    if ids:
        try:
            wanted = [int(part) for part in ids.split(",") if part.strip()]
        except ValueError:
            raise Open311Error(
                400, "service_request_id must be a comma list of ids."
            ) from None
        reports = reports.filter(pk__in=wanted[:MAX_PAGE_SIZE])
    else:
        codes = [c for c in (params.get("service_code") or "").split(",") if c]
        if codes:
            reports = reports.filter(category__code__in=codes)
        statuses = [s for s in (params.get("status") or "").split(",") if s]
        if statuses:
            unknown = set(statuses) - {"open", "closed"}
            if unknown:
                raise Open311Error(400, "status must be open, closed or both.")
            wanted_statuses = []
            if "open" in statuses:
                wanted_statuses += OPEN_STATUSES
            if "closed" in statuses:
                wanted_statuses += CLOSED_STATUSES
            reports = reports.filter(status__in=wanted_statuses)
        now = timezone.now()
        end = (
            _parse_date(params["end_date"], "end_date")
            if params.get("end_date")
            else now
        )
        start = (
            _parse_date(params["start_date"], "start_date")
            if params.get("start_date")
            else end - MAX_SPAN
        )
        if start > end:
            raise Open311Error(400, "start_date must be before end_date.")
        if end - start > MAX_SPAN:
            raise Open311Error(400, "start_date and end_date span at most 90 days.")
        reports = reports.filter(created_at__gte=start, created_at__lte=end)
        if params.get("bbox"):
            try:
                west, south, east, north = (
                    float(part) for part in params["bbox"].split(",")
                )
            except ValueError:
                raise Open311Error(
                    400, "bbox must be minLng,minLat,maxLng,maxLat."
                ) from None
            reports = reports.filter(
                latitude__gte=south,
                latitude__lte=north,
                longitude__gte=west,
                longitude__lte=east,
            )
    reports = reports.order_by("-created_at", "-pk")
    offset = (page - 1) * page_size
    data = _requests_payload(reports[offset : offset + page_size])
    return render(fmt, data, root="service_requests", item="request")


@open311_view()
def request_detail(request, fmt, municipality, request_id):
    reports = _visible_reports(municipality).filter(pk=int(request_id))
    data = _requests_payload(reports)
    if not data:
        raise Open311Error(404, f"service_request_id {request_id} was not found.")
    return render(fmt, data, root="service_requests", item="request")


@open311_view()
def token_detail(request, fmt, municipality, token):
    try:
        token_uuid = uuid.UUID(token)
    except ValueError:
        raise Open311Error(404, "token was not found.") from None
    report = (
        DefectReport.objects.filter(municipality=municipality, token=token_uuid)
        .only("pk", "token")
        .first()
    )
    if report is None:
        raise Open311Error(404, "token was not found.")
    data = [{"service_request_id": str(report.pk), "token": str(report.token)}]
    return render(fmt, data, root="service_requests", item="request")


def _api_client(request, municipality):
    raw_key = (request.POST.get("api_key") or "").strip()
    if not raw_key:
        raise Open311Error(403, "api_key is required.")
    client = ApiClient.objects.filter(
        key_hash=hash_api_key(raw_key), municipality=municipality, active=True
    ).first()
    if client is None:
        raise Open311Error(403, "api_key is not valid for this jurisdiction.")
    return client


def _float(value, name):
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Open311Error(400, f"{name} must be a number.") from None
    return number


def _submitted_attributes(post):
    attributes = {}
    for name in post:
        match = ATTRIBUTE_FIELD.match(name)
        if not match:
            continue
        code, multiple = match.group(1), match.group(2)
        attributes[code] = post.getlist(name) if multiple else post.get(name)
    return attributes


def _create_request(request, fmt, municipality):
    post = request.POST
    client = _api_client(request, municipality)
    code = (post.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, "service_code is required.")
    if source_category(municipality, code) is None:
        raise Open311Error(404, f"service_code {code!r} was not found.")
    if not post.get("lat") or not post.get("long"):
        raise Open311Error(
            400, "lat and long are required (this server has no geocoder)."
        )
    data = services.report_data(
        category=code,
        description=post.get("description") or "",
        latitude=_float(post.get("lat"), "lat"),
        longitude=_float(post.get("long"), "long"),
        address=post.get("address_string") or "",
        email=post.get("email") or "",
        attributes=_submitted_attributes(post),
    )
    identity = api.ratelimit.ClientIdentity.from_request(request, post.get("device_id"))
    try:
        report, _replayed = services.submit_report(
            municipality,
            data,
            identity=identity,
            idempotency_key=f"open311-{client.pk}-{uuid.uuid4()}",
            source="open311",
            api_client=client,
            check_rate_limit=False,
        )
    except ValidationError as error:
        messages = [
            f"{field}: {message}"
            for field, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        return render(
            fmt,
            [{"code": 400, "description": message} for message in messages],
            root="errors",
            item="error",
            status=400,
        )
    except services.SubmissionRefused as error:
        raise Open311Error(403, error.message) from None
    except api.IdempotencyConflict:  # pragma: no cover - keys are fresh UUIDs
        raise Open311Error(400, "Duplicate request.") from None
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    data = [
        {
            "service_request_id": str(report.pk),
            "service_notice": "Reports are published after moderation.",
            "account_id": "",
        }
    ]
    return render(fmt, data, root="service_requests", item="request")

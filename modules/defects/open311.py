"""Open311 GeoReport v2 at ``/georeport/v2/`` (http://wiki.open311.org/GeoReport_v2).

What each endpoint takes and answers is in the module's README ("Open311
GeoReport v2") and in ``openapi.json`` next to this file, served at
``/georeport/v2/openapi.json``. Rathaus serves many municipalities, so
``jurisdiction_id`` (the municipality's slug) is required on every call but
discovery; an unknown jurisdiction, or one where the module is disabled,
answers 404. Errors use the spec's list, in JSON or XML by the suffix.
"""

import contextlib
import copy
import functools
import json
import re
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from rathaus.site.module_platform import api

from . import services
from .forms import source_category
from .models import (
    ApiClient,
    DefectReport,
    ExternalRecipient,
    Status,
    hash_api_key,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-01-01T00:00:00+00:00"
MAX_PAGE_SIZE = 1000
MAX_SPAN = timedelta(days=90)
STATUS_GROUPS = {
    "open": (Status.PUBLISHED, Status.IN_PROGRESS, Status.FORWARDED),
    "closed": (Status.RESOLVED,),
}
XML_ITEMS = {  # a list's element: its items' element
    "errors": "error",
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
ATTRIBUTE_FIELD = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")
POST_ANSWERS = ("service_request_id", "token")
OPENAPI_FILE = Path(__file__).with_name("openapi.json")


class Open311Error(Exception):
    def __init__(self, status, description):
        super().__init__(description)
        self.status = status
        self.description = description


# Rendering -----------------------------------------------------------------


def render(fmt, data, root, status=200):
    return api.json_or_xml(fmt, data, root, item_names=XML_ITEMS, status=status)


def error_response(fmt, status, *descriptions):
    data = [{"code": status, "description": text} for text in descriptions]
    return render(fmt, data, root="errors", status=status)


def _iso(value):
    if value is None:
        return None
    return timezone.localtime(value).isoformat(timespec="seconds")


# Helpers -------------------------------------------------------------------


def _param(request, name):
    """``name`` from the query string or the form body of a POST; an empty
    value is the same as none, different values are refused."""
    values = request.GET.getlist(name)
    if request.method == "POST":
        values += request.POST.getlist(name)
    distinct = {value.strip() for value in values} - {""}
    if len(distinct) > 1:
        raise Open311Error(
            400, f"{name} was sent more than once, with different values."
        )
    return distinct.pop() if distinct else ""


def _check_parameters(request):
    """PostgreSQL cannot store or compare NUL characters: refuse them up front
    instead of failing in the database."""
    for params in (request.GET, request.POST):
        for name, values in params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise Open311Error(400, "Parameters must not contain NUL characters.")


def _jurisdiction(request, required=True):
    slug = _param(request, "jurisdiction_id")
    if not slug:
        if required:
            raise Open311Error(400, "jurisdiction_id is required.")
        return None
    municipality = None
    if SLUG.match(slug):
        municipality = api.Municipality.objects.filter(slug=slug).first()
    if municipality is None or not api.is_enabled(municipality, services.MODULE):
        raise Open311Error(404, f"jurisdiction_id {slug[:100]!r} was not found.")
    return municipality


def post_answer():
    """What ``POST requests`` answers: ``service_request_id`` (default) or
    ``token`` (setting ``RATHAUS_OPEN311_POST_ANSWER``)."""
    answer = getattr(settings, "RATHAUS_OPEN311_POST_ANSWER", POST_ANSWERS[0])
    return answer if answer in POST_ANSWERS else POST_ANSWERS[0]


def unavailable(request, fmt, *args, **kwargs):
    """The error list of a database or cache outage (503 with Retry-After)."""
    return error_response(fmt, 503, api.TemporarilyUnavailable.default_message)


def open311_view(methods=("GET",), jurisdiction_required=True):
    def decorator(view):
        @csrf_exempt
        @require_http_methods(list(methods))
        @api.answer_outages(unavailable)
        def wrapper(request, fmt, *args, **kwargs):
            try:
                _check_parameters(request)
                municipality = _jurisdiction(request, jurisdiction_required)
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
        "type": "batch" if post_answer() == "token" else "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _agency(report, recipients):
    """``recipients`` holds the recipients' names of forwarded reports."""
    if names := recipients.get(report.pk):
        return ", ".join(names)
    return report.category.department or report.municipality.name


def _request_object(request, report, recipients):
    # The photos are the visible ones (``public_reports``).
    photo = next((photo for photo in report.photos.all() if photo.public_large), None)
    return {
        "service_request_id": str(report.pk),
        "status": "closed" if report.status in STATUS_GROUPS["closed"] else "open",
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
        "media_url": (
            request.build_absolute_uri(photo.public_large.url) if photo else ""
        ),
    }


def _visible_reports(municipality):
    return services.public_reports(municipality).select_related("municipality")


def _requests_payload(request, reports):
    """The reports as the spec's request objects; the recipients of forwarded
    ones in one query."""
    reports = list(reports)
    forwarded = [report.pk for report in reports if report.status == Status.FORWARDED]
    recipients = {}
    if forwarded:
        for report_id, name in ExternalRecipient.objects.filter(
            forwardings__report_id__in=forwarded
        ).values_list("forwardings__report_id", "name"):
            recipients.setdefault(report_id, []).append(name)
    return [_request_object(request, report, recipients) for report in reports]


def _parse_date(params, name):
    """The parameter ``name`` as an aware datetime, ``None`` when not given."""
    if not params.get(name):
        return None
    parsed = None
    with contextlib.suppress(ValueError):
        parsed = parse_datetime(params[name])
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


@open311_view(jurisdiction_required=False)
def discovery(request, fmt, municipality):
    """The spec's discovery takes no parameters: without ``jurisdiction_id``
    it describes the platform; with one, that municipality."""
    path = reverse("open311_discovery", kwargs={"fmt": fmt})
    base = request.build_absolute_uri(path.rsplit("/", 1)[0] + "/")
    if municipality is None:
        contact = getattr(settings, "WAGTAIL_SITE_NAME", "") or "Rathaus"
        key_service = (
            "API keys are issued by each municipality; jurisdiction_id is "
            "the municipality's slug."
        )
    else:
        contact = municipality.name
        key_service = f"API keys are issued by {municipality.name}."
    data = {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": key_service,
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


@open311_view()
def service_list(request, fmt, municipality):
    categories = services.categories_with_attributes(municipality)
    data = [_service(category) for category in categories]
    return render(fmt, data, root="services")


@open311_view()
def service_definition(request, fmt, municipality, code):
    categories = services.categories_with_attributes(municipality)
    category = next((c for c in categories if c.code == code), None)
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
                "values": attribute.choices,
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
        statuses = {s for s in (params.get("status") or "").split(",") if s}
        if statuses:
            if not statuses <= STATUS_GROUPS.keys():
                raise Open311Error(400, "status must be open, closed or both.")
            wanted = [s for group in statuses for s in STATUS_GROUPS[group]]
            reports = reports.filter(status__in=wanted)
        start, end = _parse_date(params, "start_date"), _parse_date(params, "end_date")
        if end is None:
            end = start + MAX_SPAN if start else timezone.now()
        if start is None:
            start = end - MAX_SPAN
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
            reports = api.in_bbox(reports, (south, west, north, east))
    reports = reports.order_by("-created_at", "-pk")
    offset = (page - 1) * page_size
    data = _requests_payload(request, reports[offset : offset + page_size])
    return render(fmt, data, root="service_requests")


@open311_view()
def request_detail(request, fmt, municipality, request_id):
    reports = _visible_reports(municipality).filter(pk=int(request_id))
    data = _requests_payload(request, reports)
    if not data:
        raise Open311Error(404, f"service_request_id {request_id} was not found.")
    return render(fmt, data, root="service_requests")


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
    return render(fmt, data, root="service_requests")


def _api_client(request, municipality):
    raw_key = _param(request, "api_key")
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
        return float(value)
    except (TypeError, ValueError):
        raise Open311Error(400, f"{name} must be a number.") from None


def _submitted_attributes(post):
    attributes = {}
    for name in post:
        match = ATTRIBUTE_FIELD.match(name)
        if match:
            code, multiple = match.groups()
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
        # The report and the key's last use, or neither: after a 503 (an
        # outage part-way) the partner's retry is not a duplicate.
        with transaction.atomic():
            report, _replayed = services.submit_report(
                municipality,
                data,
                identity=identity,
                idempotency_key=f"open311-{client.pk}-{uuid.uuid4()}",
                source="open311",
                api_client=client,
                check_rate_limit=False,
            )
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    except ValidationError as error:
        messages = [
            f"{field}: {message}"
            for field, field_messages in error.message_dict.items()
            for message in field_messages
        ]
        return error_response(fmt, 400, *messages)
    except services.SubmissionRefused as error:
        raise Open311Error(403, error.message) from None
    answer = post_answer()
    data = [
        {
            answer: str(report.token if answer == "token" else report.pk),
            "service_notice": "Reports are published after moderation.",
            "account_id": "",
        }
    ]
    return render(fmt, data, root="service_requests")


@csrf_exempt
def not_found(request, path):
    fmt = "xml" if path.endswith(".xml") else "json"
    response = error_response(fmt, 404, "Not found.")
    response["Cache-Control"] = "private, no-store"
    return response


@functools.cache
def _openapi_document():
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@csrf_exempt  # a GET-only document: no form, no session
@require_GET
def openapi(request):
    """The OpenAPI 3.1 description (``openapi.json`` in this package), with
    the server this request reached and the installed upload purposes."""
    document = copy.deepcopy(_openapi_document())
    document["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/")}]
    upload = document["paths"]["/api/uploads/"]["post"]["requestBody"]["content"]
    fields = upload["multipart/form-data"]["schema"]["properties"]
    fields["purpose"]["enum"] = sorted(api.upload_purposes())
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    return response

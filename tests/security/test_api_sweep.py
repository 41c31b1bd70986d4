"""The public API sweep: every GraphQL query and mutation (from the schema),
every Open311 pattern (from the resolver) and the upload endpoint, given
municipality B's ids, tokens and codes under A's slug, must show nothing of
B and change nothing of B.
"""

import json
import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)
from wagtail_headless_preview.models import PagePreview

from rathaus.graphql.schema import schema
from rathaus.modules.defects.models import ApiClient, DefectCategory
from rathaus.modules.housing import services as housing_services
from rathaus.modules.housing.models import HousingListing
from rathaus.site.core.ratelimit import ClientIdentity
from rathaus.site.core.uploads import create_upload

from ..modules.housing.conftest import listing_input, make_listing
from ..photo_builders import photo_bytes
from .world import MARKER, SHARED_WORD, build_world, fingerprint

pytestmark = pytest.mark.django_db

B_ONLY_CODE = f"{MARKER.lower()}-only"
# Fields that answer about every municipality on purpose, with the reason.
PLATFORM_WIDE_FIELDS = {
    "query.municipalities": "the public directory apps pick a municipality from",
}
SELECTION_DEPTH = 2


@pytest.fixture
def world():
    world = build_world()
    b = world.b
    DefectCategory.objects.create(
        municipality=b,
        locale=b.default_locale,
        code=B_ONLY_CODE,
        name=f"Nur {MARKER}",
    )
    unconfirmed = make_listing(b, publish=False, title=f"Wohnung {MARKER} neu")
    live = HousingListing.objects.get(pk=world.b_ids["housing.housinglisting"][0])
    draft = b.pages().get(pk=world.bundles[1]["page"]).specific
    preview = PagePreview.objects.create(
        token=f"preview-{uuid.uuid4().hex}",
        content_type=draft.cached_content_type,
        content_json=draft.to_json(),
    )
    _client, b_key = ApiClient.issue(b, f"Client {MARKER}")
    identity = ClientIdentity(ip_hash="9" * 64, device_hash="8" * 64)
    b_upload = create_upload(b, "defects", identity.binding_hash, photo_bytes())
    world.b_tokens = [
        housing_services.make_token(unconfirmed, "confirm"),
        housing_services.make_token(live, "extend"),
        housing_services.make_token(live, "delete"),
        preview.token,
        str(b.defect_reports.first().token),
        *world.b_ids["device_token"],
    ]
    world.b_upload = b_upload.token
    world.b_api_key = b_key
    world.b_paths = [
        page.url_path.split("/", 2)[-1].rstrip("/")
        for page in b.pages().exclude(depth__lte=2)
    ]
    world.object_ids = sorted(
        {
            pk
            for kind in (
                "page",
                "image",
                "document",
                "defects.defectreport",
                "housing.housinglisting",
                "jobs.joboffer",
                "content.contact",
                "defects.defectcategory",
            )
            for pk in world.b_ids[kind]
        }
        | {unconfirmed.pk}
    )
    return world


def unwrap(type_):
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def selection(type_, depth=SELECTION_DEPTH):
    """Every field without required arguments, ``depth`` object levels deep."""
    type_ = unwrap(type_)
    if isinstance(type_, GraphQLScalarType | GraphQLEnumType):
        return ""
    parts = ["__typename"]
    if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
        for name, field in type_.fields.items():
            if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
                continue
            inner = unwrap(field.type)
            if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
                parts.append(name)
            elif depth > 0:
                parts.append(f"{name} {selection(inner, depth - 1)}")
    if isinstance(type_, GraphQLInterfaceType | GraphQLUnionType):
        for possible in schema.graphql_schema.get_possible_types(type_):
            parts.append(f"... on {possible.name} {selection(possible, depth - 1)}")
    return "{ " + " ".join(parts) + " }"


INPUT_TEMPLATES = {
    "ReportDefectInput": lambda world: [
        {
            "category": B_ONLY_CODE,
            "description": f"Schlagloch am {SHARED_WORD}",
            "latitude": 49.95,
            "longitude": 11.58,
        },
        {
            "category": "pothole",
            "description": f"Schlagloch am {SHARED_WORD}",
            "latitude": 49.95,
            "longitude": 11.58,
            "photos": [world.b_upload],
        },
    ],
    "SubmitHousingListingInput": lambda world: [listing_input()],
    # B's street and item under A's slug.
    "BulkyWastePickupInput": lambda world: [
        {
            "street": str(world.b_ids["waste_street"][0]),
            "houseNumber": "1",
            "items": [{"key": "sofa", "quantity": 1}],
            "preferredDates": [],
            "name": f"Anfrage {SHARED_WORD}",
            "email": "jemand@example.org",
        }
    ],
    # A fresh token: registering a token moves that device (one device, one
    # row), and whoever holds B's token can already unregister it at B. The
    # token-scoped mutations (topics, unregister) still get B's tokens.
    "RegisterDeviceInput": lambda world: [
        {
            "transport": "FCM",
            "token": f"sweep-device-{SHARED_WORD}",
            "locale": "de",
            "topics": ["news"],
        }
    ],
}


def argument_values(name, arg, world):
    """The values to try for one argument (None: leave it out)."""
    type_ = unwrap(arg.type)
    required = isinstance(arg.type, GraphQLNonNull)
    if name in ("municipality", "slug"):
        return [world.a.slug]
    if name == "locale":
        return ["de"]
    if name in ("id", "listing"):
        return [str(pk) for pk in world.object_ids]
    if name == "token":
        return world.b_tokens
    if name == "path":
        return world.b_paths
    if name == "contentType":
        return ["content.informationpage"]
    if name in ("query", "text", "message"):
        return [SHARED_WORD]
    if name == "idempotencyKey":
        return [str(uuid.uuid4())]
    if name == "replyTo":
        return ["jemand@example.org"]
    if name == "reason":
        return ["OTHER"]
    if name == "durationDays":
        return [7]
    if name in ("latitude", "longitude"):
        return [49.95 if name == "latitude" else 11.58]
    if name == "street":
        return [str(pk) for pk in world.b_ids["waste_street"]]
    if name == "transport":
        return ["FCM"]
    if name == "topics":
        return [["warnings"]]
    if name == "categories":
        return [[B_ONLY_CODE]]
    if name == "category" and isinstance(type_, GraphQLScalarType):
        return [B_ONLY_CODE]
    if isinstance(type_, GraphQLInputObjectType) and type_.name in INPUT_TEMPLATES:
        return INPUT_TEMPLATES[type_.name](world)
    if not required:
        return [None]
    raise AssertionError(f"{name}: {arg.type} has no value for the sweep")


def operations(world):
    """(text, variables) for every field of Query and Mutation."""
    graphql_schema = schema.graphql_schema
    for kind, root in (
        ("query", graphql_schema.query_type),
        ("mutation", graphql_schema.mutation_type),
    ):
        for field_name, field in root.fields.items():
            choices = {
                name: argument_values(name, arg, world)
                for name, arg in field.args.items()
            }
            # One request per value of each argument; the others take their first.
            combos = [{name: values[0] for name, values in choices.items()}]
            for name, values in choices.items():
                combos += [{**combos[0], name: value} for value in values[1:]]
            for combo in combos:
                used = {
                    name: value for name, value in combo.items() if value is not None
                }
                declared = ", ".join(
                    f"${name}: {field.args[name].type}" for name in used
                )
                passed = ", ".join(f"{name}: ${name}" for name in used)
                text = (
                    f"{kind} Sweep{('(' + declared + ')') if declared else ''} "
                    f"{{ {field_name}{('(' + passed + ')') if passed else ''} "
                    f"{selection(field.type)} }}"
                )
                yield f"{kind}.{field_name}", text, used


def strip_inputs(text, variables):
    """Our own inputs echoed in an error message are not B's data."""
    for value in json.dumps(variables).split('"'):
        if len(value) > 3:
            text = text.replace(value, "")
    return text


def test_graphql_shows_and_changes_nothing_of_another_municipality(world, capsys):
    client = Client()
    baseline = fingerprint(world)
    leaks, failures, count, fields = [], [], 0, set()
    for name, text, variables in operations(world):
        fields.add(name)
        count += 1
        response = client.post(
            "/graphql/",
            json.dumps({"query": text, "variables": variables}),
            content_type="application/json",
        )
        body = strip_inputs(response.content.decode(), variables)
        if response.status_code >= 500:
            failures.append(f"{name} {variables}: HTTP {response.status_code}")
        payload = json.loads(response.content)
        for error in payload.get("errors") or []:
            code = (error.get("extensions") or {}).get("code")
            if code in (None, "INTERNAL_ERROR") or "Syntax Error" in error["message"]:
                failures.append(f"{name} {variables}: {error}")
        if MARKER.lower() in body.lower() and name not in PLATFORM_WIDE_FIELDS:
            index = body.lower().index(MARKER.lower())
            leaks.append(
                f"{name} {variables}: {body[max(0, index - 120) : index + 40]}"
            )
    changed = fingerprint(world) != baseline
    with capsys.disabled():
        print(
            f"\ngraphql sweep: {len(fields)} fields, {count} requests; leaks "
            f"{len(leaks)}, B changed: {changed}, failures {len(failures)}"
        )
        for line in (leaks + failures)[:50]:
            print("  " + line[:400])
    assert leaks == []
    assert failures == []
    assert not changed


def open311_patterns():
    def walk(patterns, prefix=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                yield prefix + str(entry.pattern), entry

    return [
        (route, entry)
        for route, entry in walk(get_resolver().url_patterns)
        if route.startswith("georeport/v2/")
    ]


OPEN311_VALUES = {
    "path": lambda world: ["unknown.json"],
    "code": lambda world: [B_ONLY_CODE],
    "request_id": lambda world: [str(pk) for pk in world.b_ids["defects.defectreport"]],
    "token": lambda world: [
        str(token) for token in world.b.defect_reports.values_list("token", flat=True)
    ],
}


def open311_urls(world):
    for route, entry in open311_patterns():
        regex = str(entry.pattern)
        names = re.findall(r"\(\?P<(\w+)>", regex)
        values = {name: OPEN311_VALUES[name](world) for name in names if name != "fmt"}
        combos = [{}]
        for name, options in values.items():
            combos = [{**combo, name: option} for combo in combos for option in options]
        for combo in combos:
            for fmt in ("json", "xml"):
                path = regex.lstrip("^").rstrip("$")
                for name, value in {**combo, "fmt": fmt}.items():
                    path = re.sub(rf"\(\?P<{name}>[^)]*\)", value, path)
                path = path.replace("\\.", ".")
                yield route, "/" + route.split("^")[0] + path


def test_open311_and_uploads_show_and_change_nothing_of_another_municipality(
    world, capsys
):
    client = Client()
    baseline = fingerprint(world)
    leaks, failures, count = [], [], 0
    reports_before = world.a.defect_reports.count()
    for _route, url in open311_urls(world):
        for method in ("get", "post"):
            count += 1
            data = {
                "jurisdiction_id": world.a.slug,
                "api_key": world.b_api_key,
                "service_code": B_ONLY_CODE,
                "lat": "49.95",
                "long": "11.58",
                "description": SHARED_WORD,
            }
            response = getattr(client, method)(url, data)
            if response.status_code >= 500:
                failures.append(f"{method} {url}: {response.status_code}")
            body = response.content.decode(errors="replace")
            body = body.replace(B_ONLY_CODE, "")
            if MARKER.lower() in body.lower():
                leaks.append(f"{method} {url}: {body[:300]}")
    # Uploads: a photo uploaded for B cannot be attached to A's report.
    count += 1
    response = client.post(
        "/api/uploads/", {"purpose": "defects", "municipality": world.a.slug}
    )
    assert response.status_code == 400  # no file: nothing stored
    assert world.a.defect_reports.count() == reports_before
    changed = fingerprint(world) != baseline
    with capsys.disabled():
        print(
            f"\nopen311 + uploads sweep: {len(open311_patterns())} patterns, "
            f"{count} requests; leaks {len(leaks)}, B changed: {changed}"
        )
        for line in (leaks + failures)[:50]:
            print("  " + line[:400])
    assert leaks == []
    assert failures == []
    assert not changed

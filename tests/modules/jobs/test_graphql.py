"""GraphQL search: filters, radius, pagination, JSON-LD, errors, query counts."""

import datetime
import json

import pytest
from django.utils import timezone

from rathaus.modules.jobs.models import JobOffer
from rathaus.site.module_platform.services import disable_module

pytestmark = pytest.mark.django_db

JOBS = """
query Jobs($municipality: String!, $kind: JobOfferKind, $text: String,
           $near: GeoPointInput, $postalCode: String, $radiusKm: Float,
           $suitableForRefugees: Boolean, $language: String,
           $first: Int, $offset: Int) {
  jobs(municipality: $municipality, kind: $kind, text: $text, near: $near,
       postalCode: $postalCode, radiusKm: $radiusKm,
       suitableForRefugees: $suitableForRefugees, language: $language,
       first: $first, offset: $offset) {
    totalCount
    items {
      id title employer kind workingTime startDate suitableForRefugees
      source externalReference externalUrl publishedAt expiresAt distanceKm
      location { postalCode place coordinates { latitude longitude } }
      languageRequirements { language level }
      jsonLd
    }
  }
}
"""
JOB = """
query Job($municipality: String!, $id: ID!) {
  job(municipality: $municipality, id: $id) { id title jsonLd }
}
"""

BAYREUTH = (49.9447, 11.5753)
PEGNITZ = (49.7563, 11.5434)  # about 21 km south


def post(client, query, variables, status=200):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    assert response.status_code == status
    return json.loads(response.content)


def jobs(client, status=200, **variables):
    return post(client, JOBS, {"municipality": "stadt-a", **variables}, status)


def codes(payload):
    return [error["extensions"]["code"] for error in payload.get("errors", [])]


def offer(municipality, ref, **fields):
    values = {
        "title": f"Offer {ref}",
        "employer": "Betrieb GmbH",
        "kind": "job",
        "latitude": BAYREUTH[0],
        "longitude": BAYREUTH[1],
        "postal_code": "95444",
        "place": "Bayreuth",
        "published_at": datetime.date(2026, 4, 1),
        **fields,
    }
    return JobOffer.objects.create(
        municipality=municipality, external_reference=ref, **values
    )


@pytest.fixture
def catalogue(jobs_a, jobs_b):
    today = timezone.localdate()
    offer(
        jobs_a,
        "baker",
        title="Ausbildung Bäcker/in",
        kind="training",
        working_time="full_time",
        suitable_for_refugees=True,
        language_requirements=[{"language": "de", "level": "A2"}],
        published_at=datetime.date(2026, 4, 3),
        start_date=datetime.date(2026, 9, 1),
        expires_at=today + datetime.timedelta(days=30),
        external_url="https://example.org/baker",
        description="Frühaufsteher",
    )
    offer(
        jobs_a,
        "pegnitz",
        title="Industriemechaniker/in",
        latitude=PEGNITZ[0],
        longitude=PEGNITZ[1],
        postal_code="91257",
        place="Pegnitz",
        language_requirements=[{"language": "en", "level": ""}],
        published_at=datetime.date(2026, 4, 2),
    )
    offer(
        jobs_a,
        "intern",
        title="Praktikum Tischlerei",
        kind="internship",
        published_at=datetime.date(2026, 4, 1),
        latitude=None,
        longitude=None,
    )
    offer(jobs_a, "expired", expires_at=today - datetime.timedelta(days=1))
    offer(jobs_b, "other", title="Ausbildung Bäcker/in in B", kind="training")
    return jobs_a


def refs(payload):
    return [item["externalReference"] for item in payload["data"]["jobs"]["items"]]


def test_lists_current_offers_newest_first(client, catalogue):
    payload = jobs(client)
    assert "errors" not in payload, payload
    assert refs(payload) == ["baker", "pegnitz", "intern"]
    assert payload["data"]["jobs"]["totalCount"] == 3
    baker = payload["data"]["jobs"]["items"][0]
    assert baker["kind"] == "TRAINING" and baker["workingTime"] == "FULL_TIME"
    assert baker["location"]["coordinates"] == {
        "latitude": 49.9447,
        "longitude": 11.5753,
    }
    assert baker["languageRequirements"] == [{"language": "de", "level": "A2"}]
    assert baker["distanceKm"] is None


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"kind": "TRAINING"}, ["baker"]),
        ({"kind": "INTERNSHIP"}, ["intern"]),
        ({"text": "bäcker"}, ["baker"]),
        ({"text": "Frühaufsteher"}, ["baker"]),  # in the description
        ({"text": "pegnitz mechaniker"}, ["pegnitz"]),  # every word
        ({"suitableForRefugees": True}, ["baker"]),
        ({"suitableForRefugees": False}, ["pegnitz", "intern"]),
        ({"language": "en"}, ["pegnitz"]),
        ({"language": "DE"}, ["baker"]),
        (
            {"near": {"latitude": 49.9447, "longitude": 11.5753}, "radiusKm": 10},
            ["baker"],
        ),
        (
            {"near": {"latitude": 49.9447, "longitude": 11.5753}, "radiusKm": 30},
            ["baker", "pegnitz"],
        ),
        # The default radius (25 km) from the module's settings.
        ({"near": {"latitude": 49.7563, "longitude": 11.5434}}, ["pegnitz", "baker"]),
        ({"postalCode": "91257", "radiusKm": 5}, ["pegnitz"]),
        ({"postalCode": "95444", "radiusKm": 30, "kind": "JOB"}, ["pegnitz"]),
    ],
)
def test_filters(client, catalogue, variables, expected):
    payload = jobs(client, **variables)
    assert "errors" not in payload, payload
    assert refs(payload) == expected
    assert payload["data"]["jobs"]["totalCount"] == len(expected)


def test_radius_search_reports_distance(client, catalogue):
    payload = jobs(client, postalCode="95444", radiusKm=50)
    distances = [item["distanceKm"] for item in payload["data"]["jobs"]["items"]]
    assert distances[0] == pytest.approx(0, abs=0.01)
    assert distances[1] == pytest.approx(21.0, abs=0.5)  # Bayreuth - Pegnitz


def test_pagination(client, catalogue):
    first = jobs(client, first=2, offset=0)["data"]["jobs"]
    second = jobs(client, first=2, offset=2)["data"]["jobs"]
    assert first["totalCount"] == second["totalCount"] == 3
    assert [i["externalReference"] for i in first["items"]] == ["baker", "pegnitz"]
    assert [i["externalReference"] for i in second["items"]] == ["intern"]
    assert jobs(client, first=0)["data"]["jobs"] == {"totalCount": 3, "items": []}


def test_json_ld_is_a_job_posting(client, catalogue):
    item = jobs(client, kind="TRAINING")["data"]["jobs"]["items"][0]
    data = item["jsonLd"]
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Ausbildung Bäcker/in"
    assert data["description"] == "Frühaufsteher"
    assert data["datePosted"] == "2026-04-03"
    assert data["validThrough"] == item["expiresAt"]
    assert data["jobStartDate"] == "2026-09-01"
    assert data["employmentType"] == ["OTHER", "FULL_TIME"]
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Betrieb GmbH",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "postalCode": "95444",
        "addressLocality": "Bayreuth",
        "addressCountry": "DE",
    }
    assert data["jobLocation"]["geo"]["latitude"] == 49.9447
    assert data["identifier"] == {
        "@type": "PropertyValue",
        "name": "manual",
        "value": "baker",
    }
    assert data["url"] == "https://example.org/baker"


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"near": {"latitude": 49.9, "longitude": 11.5}, "radiusKm": -5}, "radiusKm"),
        ({"near": {"latitude": 49.9, "longitude": 11.5}, "radiusKm": 500}, "radiusKm"),
        ({"radiusKm": 10}, "radiusKm"),
        ({"near": {"latitude": 91, "longitude": 11.5}}, "near"),
        (
            {"near": {"latitude": 49.9, "longitude": 11.5}, "postalCode": "95444"},
            "near",
        ),
        ({"first": 101}, "first"),
        ({"first": -1}, "first"),
        ({"offset": -1}, "offset"),
        ({"language": "de; drop table"}, "language"),
    ],
)
def test_bad_input_is_a_validation_error(client, catalogue, variables, field):
    payload = jobs(client, **variables)
    assert codes(payload) == ["VALIDATION_ERROR"]
    assert field in payload["errors"][0]["extensions"]["fields"]


def test_unknown_postal_code_is_a_clear_error(client, catalogue):
    payload = jobs(client, postalCode="99999")
    assert codes(payload) == ["VALIDATION_ERROR"]
    extensions = payload["errors"][0]["extensions"]
    assert extensions["reason"] == "UNKNOWN_POSTAL_CODE"
    assert extensions["fields"] == {
        "postalCode": ["No position is known for postal code '99999'."]
    }


def test_unknown_kind_and_page_size_above_the_api_limit(client, catalogue):
    # Rejected before execution, with typed codes: variables that cannot be
    # coerced answer 200 as application/json (GraphQL over HTTP), a limit 400.
    payload = jobs(client, status=200, kind="VOLUNTEER")
    assert codes(payload) == ["VALIDATION_ERROR"]  # bad variables, per field
    assert "VOLUNTEER" in payload["errors"][0]["extensions"]["fields"]["kind"][0]
    assert codes(jobs(client, status=400, first=1000)) == ["QUERY_TOO_COMPLEX"]


def test_job_by_id_in_its_municipality_only(client, catalogue, jobs_b):
    baker = JobOffer.objects.get(external_reference="baker")
    payload = post(client, JOB, {"municipality": "stadt-a", "id": str(baker.pk)})
    assert payload["data"]["job"]["title"] == "Ausbildung Bäcker/in"
    assert payload["data"]["job"]["jsonLd"]["@type"] == "JobPosting"
    other = JobOffer.objects.get(external_reference="other")
    expired = JobOffer.objects.get(external_reference="expired")
    for municipality, pk in [
        ("stadt-a", other.pk),
        ("stadt-b", baker.pk),
        ("stadt-a", expired.pk),
        ("stadt-a", "abc"),
    ]:
        payload = post(client, JOB, {"municipality": municipality, "id": str(pk)})
        assert codes(payload) == ["NOT_FOUND"], payload


def test_isolation_between_municipalities(client, catalogue):
    payload = post(client, JOBS, {"municipality": "stadt-b"})
    assert refs(payload) == ["other"]
    assert codes(post(client, JOBS, {"municipality": "nowhere"})) == ["NOT_FOUND"]


def test_module_disabled(client, catalogue):
    disable_module(catalogue, "jobs")
    payload = jobs(client)
    assert codes(payload) == ["MODULE_DISABLED"]
    assert payload["errors"][0]["extensions"]["module"] == "jobs"
    baker = JobOffer.objects.get(external_reference="baker")
    payload = post(client, JOB, {"municipality": "stadt-a", "id": str(baker.pk)})
    assert codes(payload) == ["MODULE_DISABLED"]
    # B still answers.
    assert refs(post(client, JOBS, {"municipality": "stadt-b"})) == ["other"]


@pytest.mark.parametrize("size", [10, 300])
@pytest.mark.parametrize(
    ("variables", "queries"),
    [
        # municipality, module enabled, count, page
        ({}, 4),
        # + the postal code's centroid
        ({"postalCode": "95444", "radiusKm": 50}, 5),
        # + the module's settings (default radius)
        ({"near": {"latitude": 49.9, "longitude": 11.5}}, 5),
    ],
    ids=["plain", "postal-code", "near-default-radius"],
)
def test_query_count_is_constant(
    client, jobs_a, size, variables, queries, django_assert_num_queries
):
    for n in range(size):
        offer(jobs_a, f"n{n}", language_requirements=[{"language": "de"}])
    with django_assert_num_queries(queries):
        payload = jobs(client, first=100, **variables)
    assert payload["data"]["jobs"]["totalCount"] == size
    assert len(payload["data"]["jobs"]["items"]) == min(size, 100)


@pytest.mark.parametrize("size", [10, 300])
def test_job_query_count_is_constant(client, jobs_a, size, django_assert_num_queries):
    for n in range(size):
        last = offer(jobs_a, f"n{n}")
    # municipality, module enabled, the offer
    with django_assert_num_queries(3):
        payload = post(client, JOB, {"municipality": "stadt-a", "id": str(last.pk)})
    assert payload["data"]["job"]["title"] == last.title

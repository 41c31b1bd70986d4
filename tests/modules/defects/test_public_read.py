"""Public GraphQL read: moderated reports only, no contact data, photo
renditions, nearby suggestions, locales, query counts, isolation."""

import pytest
from django.utils import timezone

from rathaus.modules.defects.models import DefectPhoto, DefectReport, Status
from rathaus.site.module_platform.services import disable_module

from .conftest import INSIDE, codes, make_category, make_report

pytestmark = pytest.mark.django_db

REPORTS = """
query($municipality: String!, $bbox: DefectBoundingBoxInput, $statuses: [DefectStatus!],
      $categories: [String!], $locale: String, $limit: Int) {
  defectReports(municipality: $municipality, bbox: $bbox, statuses: $statuses,
                categories: $categories, locale: $locale, limit: $limit) {
    id status statusNotes description address
    position { latitude longitude }
    category { code name icon attributes { code } }
    photos { url thumbnailUrl width height }
    createdAt publishedAt
  }
}
"""
NEARBY = """
query($municipality: String!, $latitude: Float!, $longitude: Float!,
      $category: String) {
  nearbyDefects(municipality: $municipality, latitude: $latitude,
                longitude: $longitude, category: $category) {
    distance report { id category { code } }
  }
}
"""
CATEGORIES = """
query($municipality: String!, $locale: String) {
  defectCategories(municipality: $municipality, locale: $locale) {
    code name description icon department
    attributes { code description datatype required order values { key name } }
  }
}
"""


# Locked: municipality, module check, reports (with categories), photos,
# categories in the locale, their attributes (nearby: the same).
REPORTS_QUERIES = 6
NEARBY_QUERIES = 6


def bulk_reports(municipality, category, count):
    now = timezone.now()
    reports = DefectReport.objects.bulk_create(
        DefectReport(
            municipality=municipality,
            category=category,
            status=Status.PUBLISHED,
            description=f"Report {index}",
            latitude=INSIDE[0] + index * 1e-5,
            longitude=INSIDE[1],
            email="private@example.org",
            published_at=now,
        )
        for index in range(count)
    )
    DefectPhoto.objects.bulk_create(
        DefectPhoto(
            report=report,
            original="o.jpg",
            original_content_type="image/jpeg",
            large="l.jpg",
            thumbnail="t.jpg",
            public_large=f"defects/{report.pk}-large.jpg",
            public_thumbnail=f"defects/{report.pk}-thumbnail.jpg",
            width=1600,
            height=1200,
        )
        for report in reports
    )
    return reports


def test_only_moderated_reports_without_contact_data(pothole, defects_a, gql):
    published = make_report(defects_a, Status.PUBLISHED, email="anna@example.org")
    make_report(defects_a, Status.SUBMITTED)
    make_report(defects_a, Status.REJECTED)
    resolved = make_report(defects_a, Status.RESOLVED)
    payload = gql(REPORTS, {"municipality": "stadt-a"})
    assert "errors" not in payload, payload
    items = payload["data"]["defectReports"]
    assert {item["id"] for item in items} == {str(published.pk), str(resolved.pk)}
    text = str(payload)
    assert "anna@example.org" not in text and "email" not in text
    assert items[0]["category"]["code"] == "pothole"


def test_filters_by_status_category_and_bbox(pothole, streetlight, defects_a, gql):
    a = make_report(defects_a, Status.PUBLISHED)
    b = make_report(defects_a, Status.IN_PROGRESS, latitude=49.99, longitude=11.69)
    c = make_report(
        defects_a,
        Status.PUBLISHED,
        category="streetlight",
        attributes={"lamp_number": "7"},
    )

    def ids(**variables):
        payload = gql(REPORTS, {"municipality": "stadt-a", **variables})
        assert "errors" not in payload, payload
        return {int(item["id"]) for item in payload["data"]["defectReports"]}

    assert ids(statuses=["IN_PROGRESS"]) == {b.pk}
    assert ids(statuses=["SUBMITTED"]) == set()  # never public
    assert ids(categories=["streetlight"]) == {c.pk}
    assert ids(bbox={"south": 49.98, "west": 11.68, "north": 50.0, "east": 11.7}) == {
        b.pk
    }
    assert ids(limit=1) == {c.pk}
    assert a.pk in ids()


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"bbox": {"south": 50.0, "west": 11.5, "north": 49.0, "east": 11.7}}, "bbox"),
        ({"bbox": {"south": -91, "west": 11.5, "north": 49.0, "east": 11.7}}, "bbox"),
        ({"limit": 0}, "limit"),
        ({"limit": 501}, None),
    ],
)
def test_bad_read_arguments(pothole, defects_a, gql, variables, field):
    payload = gql(REPORTS, {"municipality": "stadt-a", **variables})
    assert codes(payload) in (["VALIDATION_ERROR"], ["QUERY_TOO_COMPLEX"])
    if field:
        assert field in payload["errors"][0]["extensions"]["fields"]


def test_photos_are_renditions_never_originals(pothole, defects_a, gql):
    report = bulk_reports(defects_a, pothole, 1)[0]
    DefectPhoto.objects.create(
        report=report,
        original="o2.jpg",
        original_content_type="image/jpeg",
        large="l2.jpg",
        thumbnail="t2.jpg",
        public_large="defects/hidden.jpg",
        public_thumbnail="defects/hidden-t.jpg",
        width=1,
        height=1,
        hidden=True,
    )
    payload = gql(REPORTS, {"municipality": "stadt-a"})
    photos = payload["data"]["defectReports"][0]["photos"]
    assert photos == [
        {
            "url": f"http://testserver/media/defects/{report.pk}-large.jpg",
            "thumbnailUrl": f"http://testserver/media/defects/{report.pk}-thumbnail.jpg",
            "width": 1600,
            "height": 1200,
        }
    ]


@pytest.mark.parametrize("count", [10, 300])
def test_report_query_count_is_constant(
    pothole, defects_a, gql, django_assert_num_queries, count
):
    bulk_reports(defects_a, pothole, count)
    with django_assert_num_queries(REPORTS_QUERIES):
        payload = gql(REPORTS, {"municipality": "stadt-a", "limit": 500})
    assert len(payload["data"]["defectReports"]) == count


@pytest.mark.parametrize("count", [10, 300])
def test_nearby_query_count_is_constant(
    pothole, defects_a, gql, django_assert_num_queries, count
):
    bulk_reports(defects_a, pothole, count)
    with django_assert_num_queries(NEARBY_QUERIES):
        payload = gql(
            NEARBY,
            {"municipality": "stadt-a", "latitude": INSIDE[0], "longitude": INSIDE[1]},
        )
    assert payload["data"]["nearbyDefects"]


def test_nearby_same_category_within_50_metres_nearest_first(
    pothole, streetlight, defects_a, gql
):
    here = make_report(defects_a, Status.PUBLISHED)
    # about 33 m north
    close = make_report(defects_a, Status.IN_PROGRESS, latitude=INSIDE[0] + 0.0003)
    # about 67 m north: outside
    make_report(defects_a, Status.PUBLISHED, latitude=INSIDE[0] + 0.0006)
    make_report(defects_a, Status.SUBMITTED)  # not public
    make_report(
        defects_a,
        Status.PUBLISHED,
        category="streetlight",
        attributes={"lamp_number": "1"},
    )
    payload = gql(
        NEARBY,
        {
            "municipality": "stadt-a",
            "latitude": INSIDE[0],
            "longitude": INSIDE[1],
            "category": "pothole",
        },
    )
    found = payload["data"]["nearbyDefects"]
    assert [item["report"]["id"] for item in found] == [str(here.pk), str(close.pk)]
    assert found[0]["distance"] == 0
    assert 30 < found[1]["distance"] < 36
    everything = gql(
        NEARBY,
        {"municipality": "stadt-a", "latitude": INSIDE[0], "longitude": INSIDE[1]},
    )
    assert len(everything["data"]["nearbyDefects"]) == 3


def test_nearby_bad_position(pothole, defects_a, gql):
    payload = gql(NEARBY, {"municipality": "stadt-a", "latitude": 95, "longitude": 0})
    assert codes(payload) == ["VALIDATION_ERROR"]


def test_haversine_matches_known_distance():
    from rathaus.site.module_platform.api import bbox_around, haversine_metres

    # Castrop-Rauxel Rathaus to Dortmund Hbf: about 11 km
    distance = haversine_metres(51.5553, 7.3114, 51.5178, 7.4590)
    assert 10_900 < distance < 11_100
    south, west, north, east = bbox_around(51.0, 7.0, 50)
    assert haversine_metres(51.0, 7.0, north, 7.0) == pytest.approx(50, rel=1e-3)
    assert haversine_metres(51.0, 7.0, 51.0, east) == pytest.approx(50, rel=1e-3)


def test_categories_in_a_locale_with_fallback(streetlight, pothole, defects_a, gql):
    english = pothole.copy_for_translation(defects_a.locales.get(language_code="en"))
    english.name = "Pothole"
    english.save()
    payload = gql(CATEGORIES, {"municipality": "stadt-a", "locale": "en"})
    names = {item["code"]: item["name"] for item in payload["data"]["defectCategories"]}
    assert names == {"pothole": "Pothole", "streetlight": "Straßenlaterne"}
    light = next(
        item
        for item in payload["data"]["defectCategories"]
        if item["code"] == "streetlight"
    )
    assert light["attributes"][1]["values"] == [
        {"key": "led", "name": "LED"},
        {"key": "gas", "name": "Gas"},
    ]
    assert light["attributes"][0]["datatype"] == "STRING"
    # Reports show the category in the asked language.
    make_report(defects_a, Status.PUBLISHED)
    reports = gql(REPORTS, {"municipality": "stadt-a", "locale": "en"})
    assert reports["data"]["defectReports"][0]["category"]["name"] == "Pothole"


def test_isolation_and_disabled_module(pothole, defects_a, defects_b, gql):
    make_category(defects_b)
    make_report(defects_a, Status.PUBLISHED)
    payload = gql(REPORTS, {"municipality": "stadt-b"})
    assert payload["data"]["defectReports"] == []
    disable_module(defects_b, "defects")
    for query, variables in (
        (REPORTS, {}),
        (CATEGORIES, {}),
        (NEARBY, {"latitude": 1.0, "longitude": 1.0}),
    ):
        payload = gql(query, {"municipality": "stadt-b", **variables})
        assert codes(payload) == ["MODULE_DISABLED"]


def test_single_report_query(pothole, defects_a, defects_b, gql):
    query = """query($municipality: String!, $id: ID!) {
        defectReport(municipality: $municipality, id: $id) { id status } }"""
    public = make_report(defects_a, Status.PUBLISHED)
    hidden = make_report(defects_a, Status.SUBMITTED)
    assert gql(query, {"municipality": "stadt-a", "id": str(public.pk)})["data"][
        "defectReport"
    ] == {"id": str(public.pk), "status": "PUBLISHED"}
    for variables in (
        {"municipality": "stadt-a", "id": str(hidden.pk)},
        {"municipality": "stadt-b", "id": str(public.pk)},
        {"municipality": "stadt-a", "id": "abc"},
    ):
        assert codes(gql(query, variables)) == ["NOT_FOUND"]

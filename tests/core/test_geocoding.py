"""Address search for the map panel: the Nominatim and Photon clients
against recorded answers, the cache, the server's rate limit, and the admin
endpoint (tenancy, bounded input, per-user limit, graceful failure). No test
reaches the network: ``responses`` answers every request."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import responses
from django.core.exceptions import ImproperlyConfigured
from responses import matchers

from rathaus.site.core import ratelimit
from rathaus.site.core.geocoding import (
    BoundingBox,
    Config,
    GeocoderBusy,
    GeocoderUnavailable,
    Place,
    search,
)
from tests.factories import make_municipality, make_user

RECORDED = Path(__file__).parent / "recorded"
NOMINATIM = "https://nominatim.test"
PHOTON = "https://photon.test"
USER_AGENT = "Rathaus Stadt Bayreuth (it@bayreuth.example)"
QUERY = "Maximilianstraße 1, Bayreuth"
BAYREUTH = BoundingBox(south=49.90, west=11.50, north=50.00, east=11.70)
URL = "/admin/geocode/"


def recorded(name):
    return json.loads((RECORDED / name).read_text())


def nominatim(**overrides):
    values = {"provider": "nominatim", "url": NOMINATIM, "user_agent": USER_AGENT}
    return {**values, **overrides}


def photon(**overrides):
    values = {"provider": "photon", "url": PHOTON, "user_agent": USER_AGENT}
    return {**values, **overrides}


@pytest.fixture
def fixed_clock(monkeypatch):
    """Rate-limit windows that cannot turn over in the middle of a test."""
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: 1_800_000.5))


def configure(settings, geocoder):
    settings.RATHAUS_GEOCODER = geocoder
    return Config.from_settings()


# The clients ----------------------------------------------------------------


@responses.activate
def test_nominatim_is_asked_inside_the_box_in_german_with_our_user_agent(settings):
    config = configure(settings, nominatim())
    responses.get(
        f"{NOMINATIM}/search",
        json=recorded("nominatim_maximilianstrasse_1_bayreuth.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "format": "jsonv2",
                    "q": QUERY,
                    "countrycodes": "de",
                    "viewbox": "11.5,50.0,11.7,49.9",
                    "bounded": "1",
                    "limit": "5",
                    "accept-language": "de",
                }
            ),
            matchers.header_matcher({"User-Agent": USER_AGENT}),
        ],
    )

    places = search(config, QUERY, BAYREUTH)

    assert places == [
        Place(
            label="1, Maximilianstraße, Altstadt, Bayreuth, Bayern, 95444, Deutschland",
            latitude=49.9431542,
            longitude=11.5746953,
        ),
        Place(
            label="Maximilianstraße, Altstadt, Bayreuth, Bayern, 95444, Deutschland",
            latitude=49.9426875,
            longitude=11.5762471,
        ),
    ]


@responses.activate
def test_photon_is_asked_inside_the_box_and_its_features_get_readable_labels(
    settings,
):
    config = configure(settings, photon())
    responses.get(
        f"{PHOTON}/api",
        json=recorded("photon_maximilianstrasse_1_bayreuth.json"),
        match=[
            matchers.query_param_matcher(
                {
                    "q": QUERY,
                    "bbox": "11.5,49.9,11.7,50.0",
                    "lang": "de",
                    "limit": "5",
                }
            ),
            matchers.header_matcher({"User-Agent": USER_AGENT}),
        ],
    )

    places = search(config, QUERY, BAYREUTH)

    assert places == [
        Place("Maximilianstraße 1, 95444 Bayreuth", 49.9431542, 11.5746953),
        Place("Maximilianstraße, 95444 Bayreuth", 49.9426875, 11.5762471),
    ]


@responses.activate
def test_without_a_configured_user_agent_rathaus_names_itself(settings):
    config = configure(settings, nominatim(user_agent=""))
    responses.get(
        f"{NOMINATIM}/search",
        json=[],
        match=[matchers.header_matcher({"User-Agent": Config.user_agent})],
    )
    assert search(config, QUERY, BAYREUTH) == []


@responses.activate
def test_results_without_usable_coordinates_are_left_out(settings):
    config = configure(settings, nominatim())
    good = {"display_name": "Rathaus, Bayreuth", "lat": "49.94", "lon": "11.57"}
    responses.get(
        f"{NOMINATIM}/search",
        json=[
            {"display_name": "Nowhere", "lat": "north", "lon": "11.57"},
            {"display_name": "Off the globe", "lat": "91", "lon": "11.57"},
            {"display_name": "", "lat": "49.94", "lon": "11.57"},
            "not a place",
            good,
        ],
    )
    assert search(config, QUERY, BAYREUTH) == [Place("Rathaus, Bayreuth", 49.94, 11.57)]


@responses.activate
def test_a_second_search_for_the_same_address_is_answered_from_the_cache(settings):
    config = configure(settings, nominatim())
    responses.get(
        f"{NOMINATIM}/search",
        json=recorded("nominatim_maximilianstrasse_1_bayreuth.json"),
    )

    first = search(config, QUERY, BAYREUTH)
    again = search(config, "  maximilianstraße 1,   BAYREUTH ", BAYREUTH)

    assert again == first
    assert len(responses.calls) == 1


@responses.activate
def test_the_cache_tells_providers_and_boxes_apart(settings):
    responses.get(f"{NOMINATIM}/search", json=[])
    responses.get(f"{PHOTON}/api", json={"type": "FeatureCollection", "features": []})
    other_box = BoundingBox(south=51.52, west=7.22, north=51.62, east=7.40)
    unlimited = {"requests_per_second": 100}

    search(configure(settings, nominatim(**unlimited)), QUERY, BAYREUTH)
    search(configure(settings, nominatim(**unlimited)), QUERY, other_box)
    search(configure(settings, photon(**unlimited)), QUERY, BAYREUTH)

    assert len(responses.calls) == 3


@pytest.mark.parametrize(
    "answer",
    [
        {"body": requests.Timeout("read timed out")},
        {"body": requests.ConnectionError("refused")},
        {"status": 500, "body": "Internal Server Error"},
        {"status": 429, "body": "Too Many Requests"},
        {"status": 200, "body": "<html>maintenance</html>"},
        {"status": 200, "json": {"error": "Unable to geocode"}},
    ],
    ids=["timeout", "connection", "500", "429", "not-json", "not-a-list"],
)
@responses.activate
def test_a_server_that_cannot_answer_is_unavailable_and_nothing_is_cached(
    settings, answer
):
    config = configure(settings, nominatim())
    responses.get(f"{NOMINATIM}/search", **answer)

    with pytest.raises(GeocoderUnavailable):
        search(config, QUERY, BAYREUTH)

    responses.replace(responses.GET, f"{NOMINATIM}/search", json=[])
    ratelimit.reset(
        "geocoding:upstream",
        [f"nominatim:{NOMINATIM}"],
        [ratelimit.Rule(limit=1, window=1)],
    )
    assert search(config, QUERY, BAYREUTH) == []


@responses.activate
def test_photon_answer_that_is_no_feature_collection_is_unavailable(settings):
    config = configure(settings, photon())
    responses.get(f"{PHOTON}/api", json=[{"lat": 1, "lon": 2}])
    with pytest.raises(GeocoderUnavailable):
        search(config, QUERY, BAYREUTH)


@responses.activate
def test_the_server_is_asked_at_most_once_a_second(settings, fixed_clock):
    config = configure(settings, nominatim())
    responses.get(f"{NOMINATIM}/search", json=[])

    search(config, "Maximilianstraße 1", BAYREUTH)
    search(config, "Maximilianstraße 1", BAYREUTH)  # cached: not counted
    with pytest.raises(GeocoderBusy) as busy:
        search(config, "Luitpoldplatz 13", BAYREUTH)

    assert busy.value.retry_after == 1
    assert len(responses.calls) == 1


def test_no_provider_means_no_search(settings):
    assert configure(settings, {"provider": None, "url": NOMINATIM}) is None
    settings.RATHAUS_GEOCODER = None
    assert Config.from_settings() is None


@pytest.mark.parametrize(
    "geocoder", [{"provider": "google", "url": NOMINATIM}, {"provider": "photon"}]
)
def test_a_misconfigured_geocoder_is_refused_loudly(settings, geocoder):
    settings.RATHAUS_GEOCODER = geocoder
    with pytest.raises(ImproperlyConfigured):
        Config.from_settings()


# The admin endpoint -----------------------------------------------------------


@pytest.fixture
def bayreuth(db):
    return make_municipality(
        slug="bayreuth",
        name="Bayreuth",
        hostname="bayreuth.localhost",
        centre=(49.9456, 11.5713),
        bbox=(49.90, 11.50, 50.00, 11.70),
    )


@pytest.fixture
def castrop(db):
    return make_municipality(
        slug="castrop-rauxel",
        name="Castrop-Rauxel",
        hostname="castrop.localhost",
        ags="05562004",
        ars="055620004004",
        centre=(51.55, 7.31),
        bbox=(51.52, 7.22, 51.62, 7.40),
    )


@pytest.fixture
def editor(bayreuth, client):
    user = make_user("editor-bayreuth", municipality=bayreuth)
    client.force_login(user)
    return user


@responses.activate
def test_an_editor_gets_places_inside_their_municipality(
    settings, client, editor, bayreuth
):
    configure(settings, nominatim())
    responses.get(
        f"{NOMINATIM}/search",
        json=recorded("nominatim_maximilianstrasse_1_bayreuth.json"),
        match=[
            matchers.query_param_matcher(
                {"viewbox": "11.5,50.0,11.7,49.9"}, strict_match=False
            )
        ],
    )

    by_slug = client.get(URL, {"q": QUERY, "municipality": "bayreuth"})
    by_id = client.get(URL, {"q": QUERY, "municipality": bayreuth.pk})
    implied = client.get(URL, {"q": QUERY})  # the editor's only municipality

    assert by_slug.status_code == 200
    assert {"private", "no-store"} <= {
        part.strip() for part in by_slug["Cache-Control"].split(",")
    }
    body = by_slug.json()
    assert body["status"] == "ok"
    assert body["results"][0] == {
        "label": "1, Maximilianstraße, Altstadt, Bayreuth, Bayern, 95444, Deutschland",
        "latitude": 49.9431542,
        "longitude": 11.5746953,
    }
    assert by_id.json() == body
    assert implied.json() == body


def test_anonymous_visitors_are_sent_to_the_login(client, bayreuth):
    response = client.get(URL, {"q": QUERY, "municipality": "bayreuth"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("by", ["slug", "pk"])
@responses.activate
def test_another_municipality_does_not_exist_for_the_editor(
    settings, client, editor, castrop, by
):
    configure(settings, nominatim())
    response = client.get(URL, {"q": QUERY, "municipality": getattr(castrop, by)})
    assert response.status_code == 404
    assert len(responses.calls) == 0


@pytest.mark.parametrize("value", ["9" * 30, "²", "bay\x00reuth", "unbekannt"])
def test_odd_municipality_names_find_nothing(settings, client, editor, value):
    configure(settings, nominatim())
    response = client.get(URL, {"q": QUERY, "municipality": value})
    assert response.status_code == 404


@pytest.mark.parametrize("query", ["", "ab", "  a  ", "x" * 201, "Haupt\x00str"])
def test_queries_out_of_bounds_are_refused(settings, client, editor, query):
    configure(settings, nominatim())
    response = client.get(URL, {"q": query, "municipality": "bayreuth"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "q"


def test_a_user_of_several_municipalities_names_one(
    settings, client, bayreuth, castrop
):
    configure(settings, nominatim())
    client.force_login(make_user("platform-admin", is_superuser=True, is_staff=True))
    response = client.get(URL, {"q": QUERY})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "municipality"


def test_posting_is_not_allowed(client, editor):
    assert client.post(URL, {"q": QUERY}).status_code == 405


@responses.activate
def test_a_user_who_searches_too_often_waits(settings, client, editor, fixed_clock):
    configure(settings, nominatim(user_rules=[(2, 60)], requests_per_second=100))
    responses.get(f"{NOMINATIM}/search", json=[])

    answers = [
        client.get(URL, {"q": f"Maximilianstraße {number}"}) for number in (1, 2, 3)
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "60"  # the clock stands 0.5 s into it
    assert answers[2].json()["errors"][0]["code"] == "RATE_LIMITED"
    assert len(responses.calls) == 2


@responses.activate
def test_the_servers_own_limit_answers_429_too(settings, client, editor, fixed_clock):
    configure(settings, nominatim())
    responses.get(f"{NOMINATIM}/search", json=[])

    assert client.get(URL, {"q": "Maximilianstraße 1"}).status_code == 200
    busy = client.get(URL, {"q": "Luitpoldplatz 13"})

    assert busy.status_code == 429
    assert busy["Retry-After"] == "1"


@responses.activate
def test_an_unreachable_server_degrades_to_an_empty_answer_with_a_message(
    settings, client, editor
):
    configure(settings, nominatim())
    responses.get(f"{NOMINATIM}/search", body=requests.Timeout("read timed out"))

    response = client.get(URL, {"q": QUERY})

    assert response.status_code == 200
    assert response.json() == {
        "status": "unavailable",
        "results": [],
        "message": "Adresssuche gerade nicht erreichbar",
    }


@responses.activate
def test_without_a_geocoder_the_answer_says_so(settings, client, editor):
    settings.RATHAUS_GEOCODER = {"provider": None}

    response = client.get(URL, {"q": QUERY})

    assert response.status_code == 200
    assert response.json() == {
        "status": "disabled",
        "results": [],
        "message": "Die Adresssuche ist nicht eingerichtet.",
    }
    assert len(responses.calls) == 0


def test_a_misconfigured_geocoder_fails_the_system_check(settings):
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    settings.RATHAUS_GEOCODER = {"provider": "google", "url": "https://x.example"}
    with pytest.raises(SystemCheckError, match="core.E001"):
        call_command("check")
    settings.RATHAUS_GEOCODER = {"provider": "nominatim", "url": ""}
    with pytest.raises(SystemCheckError, match="needs a url"):
        call_command("check")
    settings.RATHAUS_GEOCODER = {"provider": None}
    call_command("check")

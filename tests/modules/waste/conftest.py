import datetime
import json

import pytest
from django.core.cache import caches

from rathaus.modules.waste.models import Fraction
from rathaus.site.module_platform.services import enable_module

from .builders import add_dates, assign, make_district, make_fraction, make_street

MONDAY = datetime.date(2026, 1, 5)


@pytest.fixture(autouse=True)
def _fresh_caches():
    for alias in ("default", "ratelimit"):
        caches[alias].clear()
    yield


@pytest.fixture
def waste_a(municipality_a):
    enable_module(municipality_a, "waste", settings={"holiday_shift_rule": "none"})
    return municipality_a


@pytest.fixture
def waste_b(municipality_b):
    enable_module(municipality_b, "waste", settings={"holiday_shift_rule": "none"})
    return municipality_b


@pytest.fixture
def calendar_a(waste_a):
    """Stadt A: residual and paper; Hauptstraße split odd/even for residual."""
    residual = make_fraction(waste_a, "residual", "Restmüll", sort_order=1)
    paper = make_fraction(waste_a, "paper", "Papier", sort_order=2, color="#0000ff")
    glass = make_fraction(
        waste_a, "glass", "Glas", Fraction.Kind.CONTAINERS, sort_order=5
    )
    mobile = make_fraction(
        waste_a, "hazardous", "Schadstoffmobil", Fraction.Kind.MOBILE, sort_order=6
    )
    north = make_district(waste_a, residual, "Nord")
    south = make_district(waste_a, residual, "Süd")
    paper_all = make_district(waste_a, paper, "Papier 1")
    stop = make_district(
        waste_a,
        mobile,
        "Marktplatz",
        location="Marktplatz 1",
        latitude=49.9,
        longitude=11.5,
    )
    container = make_district(waste_a, glass, "Glascontainer Markt")
    main = make_street(waste_a, "Hauptstraße", postal_code="95444")
    assign(main, north, parity="odd")
    assign(main, south, parity="even")
    assign(main, paper_all)
    assign(main, stop)
    assign(main, container)
    mill = make_street(waste_a, "Mühlenweg")
    assign(mill, north)
    assign(mill, paper_all)
    add_dates(north, [MONDAY + datetime.timedelta(weeks=2 * n) for n in range(26)])
    add_dates(
        south, [MONDAY + datetime.timedelta(days=1, weeks=2 * n) for n in range(26)]
    )
    add_dates(
        paper_all, [MONDAY + datetime.timedelta(days=3, weeks=4 * n) for n in range(13)]
    )
    add_dates(
        stop,
        [datetime.date(2026, 3, 14)],
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 30),
    )
    return {
        "residual": residual,
        "paper": paper,
        "glass": glass,
        "mobile": mobile,
        "north": north,
        "south": south,
        "paper_all": paper_all,
        "stop": stop,
        "main": main,
        "mill": mill,
    }


def post(client, query, variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    assert response.status_code == 200
    return json.loads(response.content)


def codes(payload):
    return [error["extensions"]["code"] for error in payload.get("errors", [])]

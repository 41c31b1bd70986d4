import pytest

from rathaus.modules.jobs.models import Connector
from rathaus.site.module_platform import http
from rathaus.site.module_platform.services import enable_module

MAPPING = {
    "external_reference": "ref",
    "title": "title",
    "employer": "employer",
    "kind": "kind",
    "postal_code": "plz",
    "place": "place",
    "latitude": "lat",
    "longitude": "lon",
    "expires_at": "expires",
    "language_requirements": "languages",
    "suitable_for_refugees": "refugees",
}


@pytest.fixture(autouse=True)
def _no_backoff(monkeypatch):
    """Retries run without waiting; the delays asked for are recorded."""
    delays = []
    monkeypatch.setattr(http, "sleep", delays.append)
    return delays


@pytest.fixture
def backoff_delays(_no_backoff):
    return _no_backoff


@pytest.fixture
def jobs_a(municipality_a):
    enable_module(municipality_a, "jobs")
    return municipality_a


@pytest.fixture
def jobs_b(municipality_b):
    enable_module(municipality_b, "jobs")
    return municipality_b


def make_feed_connector(municipality, feed_format="csv", **fields):
    defaults = {
        "name": f"Feed {feed_format}",
        "kind": Connector.Kind.FEED,
        "source": "chamber",
        "feed_format": feed_format,
        "feed_url": "https://feeds.example.org/offers",
        "field_mapping": MAPPING,
        "items_path": {"json": "offers.item", "xml": "offer"}.get(feed_format, ""),
    }
    defaults.update(fields)
    return Connector.objects.create(municipality=municipality, **defaults)


CSV_HEADER = "ref,title,employer,kind,plz,place,lat,lon,expires,languages,refugees\n"


def csv_feed(rows):
    """CSV text from (ref, title, kind) triples or full dicts."""
    lines = [CSV_HEADER]
    for row in rows:
        if isinstance(row, tuple):
            ref, title, kind = row
            row = {"ref": ref, "title": title, "kind": kind}
        values = {
            "employer": "Betrieb GmbH",
            "kind": "job",
            "plz": "95444",
            "place": "Bayreuth",
            "lat": "49.9447",
            "lon": "11.5753",
            "expires": "2099-12-31",
            "languages": "de:B1",
            "refugees": "ja",
            **row,
        }
        lines.append(
            ",".join(str(values[key]) for key in CSV_HEADER.strip().split(",")) + "\n"
        )
    return "".join(lines)

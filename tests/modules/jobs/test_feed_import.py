"""The feed importer: formats, mapping, malformed feeds, idempotency, expiry."""

import datetime
import json

import pytest
from django.utils import timezone

from rathaus.modules.jobs import services
from rathaus.modules.jobs.models import ImportRun, JobOffer
from rathaus.site.module_platform.services import configure_module

from .conftest import csv_feed, make_feed_connector

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_file(connector, path):
    return services.run_import(connector, trigger="test", source_file=path)


@pytest.fixture
def connector(jobs_a):
    return make_feed_connector(jobs_a)


@pytest.fixture
def good(tmp_path, connector):
    """A first good import of three offers."""
    path = write(
        tmp_path,
        "good.csv",
        csv_feed(
            [
                ("A-1", "Ausbildung Bäcker/in", "Ausbildung"),
                ("A-2", "Lagerhelfer/in", "job"),
                ("A-3", "Praktikum Tischlerei", "praktikum"),
            ]
        ),
    )
    run = import_file(connector, path)
    assert run.status == ImportRun.Status.SUCCEEDED, run.error
    return run


def offers(municipality):
    return dict(
        JobOffer.objects.filter(municipality=municipality).values_list(
            "external_reference", "title"
        )
    )


def test_csv_import_maps_and_types_fields(good, connector, jobs_a):
    assert (good.created, good.updated, good.removed) == (3, 0, 0)
    offer = JobOffer.objects.get(external_reference="A-1")
    assert offer.kind == "training"
    assert offer.latitude == pytest.approx(49.9447)
    assert offer.expires_at == datetime.date(2099, 12, 31)
    assert offer.language_requirements == [{"language": "de", "level": "B1"}]
    assert offer.languages == ",de,"
    assert offer.suitable_for_refugees is True
    assert offer.source == "chamber" and offer.connector == connector
    assert JobOffer.objects.get(external_reference="A-3").kind == "internship"
    connector.refresh_from_db()
    assert connector.last_success_at and not connector.last_error
    assert connector.offer_count == 3


def test_json_xml_and_json_lines_feeds(tmp_path, jobs_a):
    record = {
        "ref": "J-1",
        "title": "Koch/Köchin",
        "employer": "Gasthof",
        "kind": "4",
        "plz": "95444",
        "place": "Bayreuth",
        "lat": 49.94,
        "lon": 11.57,
        "expires": "31.12.2099",
        "languages": [{"sprache": "Deutsch", "niveau": "A2"}, "en"],
        "refugees": True,
    }
    json_connector = make_feed_connector(jobs_a, "json", source="json-feed")
    path = write(tmp_path, "f.json", json.dumps({"offers": [record]}))
    assert import_file(json_connector, path).status == "succeeded"

    lines_connector = make_feed_connector(jobs_a, "jsonl", source="lines-feed")
    path = write(tmp_path, "f.jsonl", json.dumps(record) + "\n\n")
    assert import_file(lines_connector, path).status == "succeeded"

    xml_connector = make_feed_connector(
        jobs_a,
        "xml",
        source="xml-feed",
        field_mapping={
            "external_reference": "@id",
            "title": "title",
            "employer": "employer",
            "kind": "kind",
            "postal_code": "place/@plz",
            "place": "place",
            "latitude": "place/@lat",
            "longitude": "place/@lon",
            "language_requirements": "languages",
        },
    )
    xml = """<?xml version="1.0"?><feed><offers>
      <offer id="J-1"><title>Koch/Köchin</title><employer>Gasthof</employer>
        <kind>Ausbildung</kind>
        <place plz="95444" lat="49.94" lon="11.57">Bayreuth</place>
        <languages><l>de:A2</l><l>en</l></languages></offer>
    </offers></feed>"""
    assert import_file(xml_connector, write(tmp_path, "f.xml", xml)).status == (
        "succeeded"
    )
    stored = JobOffer.objects.filter(external_reference="J-1")
    assert stored.count() == 3  # one per source
    for offer in stored:
        assert offer.kind == "training"
        assert offer.postal_code == "95444" and offer.place == "Bayreuth"
        assert [r["language"] for r in offer.language_requirements] == ["de", "en"]


MALFORMED = {
    "bad JSON": ("json", '{"offers": [{"ref": "X", "title": '),
    "JSON not objects": ("json", '{"offers": [1, 2]}'),
    "bad JSON Lines": ("jsonl", '{"ref": "X"}\n{oops}\n'),
    "bad XML": ("xml", "<feed><offer id='X'><title>T</title></feed>"),
    "XML with entities": (
        "xml",
        '<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x "y">]><feed/>',
    ),
    "CSV missing mapped columns": ("csv", "ref,title\nX,Y\n"),
    "CSV wrong latitude type": (
        "csv",
        csv_feed([{"ref": "X", "title": "T", "lat": "north"}]),
    ),
    "CSV bad date": ("csv", csv_feed([{"ref": "X", "title": "T", "expires": "soon"}])),
    "CSV unknown kind": ("csv", csv_feed([("X", "T", "volunteering")])),
    "CSV missing title": ("csv", csv_feed([("X", "", "job")])),
    "CSV too many values": (
        "csv",
        csv_feed([("X", "T", "job")]) + "a,b,c,d,e,f,g,h,i,j,k,l\n",
    ),
    "empty feed": ("csv", csv_feed([])),
}


@pytest.mark.parametrize("case", MALFORMED, ids=list(MALFORMED))
def test_malformed_feed_keeps_last_good_data(case, tmp_path, good, connector, jobs_a):
    feed_format, text = MALFORMED[case]
    before = offers(jobs_a)
    connector.feed_format = feed_format
    connector.items_path = {"json": "offers.item", "xml": "offer"}.get(feed_format, "")
    connector.save()
    # The first part of a bad feed would be valid: nothing of it may stay.
    run = import_file(connector, write(tmp_path, "bad", text))
    assert run.status == ImportRun.Status.FAILED
    assert run.error
    assert offers(jobs_a) == before
    connector.refresh_from_db()
    assert connector.last_error == run.error
    assert connector.status == "gestört"  # "failing" under German
    assert connector.last_success_at < connector.last_error_at


def test_error_names_the_record_and_field(tmp_path, good, connector):
    text = csv_feed([("B-1", "Fine", "job"), {"ref": "B-2", "title": "T", "lat": "x"}])
    run = import_file(connector, write(tmp_path, "bad.csv", text))
    assert run.error == "Offer 2: latitude: 'x' is not a number."


def test_failure_after_many_batches_rolls_back(tmp_path, good, connector, jobs_a):
    rows = [(f"N-{n}", f"Offer {n}", "job") for n in range(2500)]
    rows.append({"ref": "N-bad", "title": "T", "expires": "never"})
    run = import_file(connector, write(tmp_path, "big.csv", csv_feed(rows)))
    assert run.status == "failed"
    assert "Offer 2501: expires_at" in run.error
    assert offers(jobs_a) == {
        "A-1": "Ausbildung Bäcker/in",
        "A-2": "Lagerhelfer/in",
        "A-3": "Praktikum Tischlerei",
    }


def test_reimport_is_idempotent_and_updates_fields(tmp_path, good, connector, jobs_a):
    rows = [
        ("A-1", "Ausbildung Bäcker/in", "Ausbildung"),
        ("A-2", "Lagerhelfer/in", "job"),
        ("A-3", "Praktikum Tischlerei", "praktikum"),
    ]
    ids = dict(JobOffer.objects.values_list("external_reference", "pk"))
    again = import_file(connector, write(tmp_path, "again.csv", csv_feed(rows)))
    assert (again.created, again.updated, again.unchanged, again.removed) == (
        0,
        0,
        3,
        0,
    )
    rows[1] = ("A-2", "Lagerhelfer/in (Teilzeit)", "job")
    changed = import_file(connector, write(tmp_path, "changed.csv", csv_feed(rows)))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 2)
    assert JobOffer.objects.count() == 3
    assert dict(JobOffer.objects.values_list("external_reference", "pk")) == ids
    assert JobOffer.objects.get(pk=ids["A-2"]).title == "Lagerhelfer/in (Teilzeit)"


def test_duplicates_within_a_feed_are_stored_once(tmp_path, jobs_a):
    connector = make_feed_connector(jobs_a)
    rows = [("D-1", "First", "job"), ("D-1", "Second", "job"), ("D-2", "Other", "job")]
    run = import_file(connector, write(tmp_path, "d.csv", csv_feed(rows)))
    assert run.seen == 3 and run.created == 2
    assert offers(jobs_a) == {"D-1": "Second", "D-2": "Other"}


def test_offers_gone_from_the_feed_are_removed(tmp_path, good, connector, jobs_a):
    manual = JobOffer.objects.create(
        municipality=jobs_a, title="Manual", employer="Stadt", kind="job"
    )
    run = import_file(
        connector,
        write(tmp_path, "less.csv", csv_feed([("A-1", "Ausbildung Bäcker/in", "4")])),
    )
    assert run.removed == 2
    assert set(offers(jobs_a)) == {"A-1", manual.external_reference}


def test_expired_offers_are_skipped_and_removed(tmp_path, good, connector, jobs_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    JobOffer.objects.create(
        municipality=jobs_a,
        title="Old manual",
        employer="Stadt",
        kind="job",
        expires_at=yesterday,
    )
    rows = [
        ("A-1", "Ausbildung Bäcker/in", "4"),
        {"ref": "A-2", "title": "Expired", "expires": yesterday.isoformat()},
    ]
    run = import_file(connector, write(tmp_path, "exp.csv", csv_feed(rows)))
    assert run.skipped == 1
    assert set(offers(jobs_a)) == {"A-1"}
    JobOffer.objects.filter(external_reference="A-1").update(expires_at=yesterday)
    assert services.remove_expired() == 1
    assert not JobOffer.objects.exists()


def test_module_setting_limits_imported_kinds(tmp_path, connector, jobs_a):
    configure_module(jobs_a, "jobs", {"import_kinds": ["training"]})
    rows = [("K-1", "Azubi", "training"), ("K-2", "Job", "job")]
    run = import_file(connector, write(tmp_path, "k.csv", csv_feed(rows)))
    assert (run.created, run.skipped) == (1, 1)
    connector.offer_kinds = ["internship"]
    connector.save()
    run = import_file(connector, write(tmp_path, "k.csv", csv_feed(rows)))
    assert run.status == "failed"  # nothing left to store: keep what we have
    assert set(offers(jobs_a)) == {"K-1"}


def test_import_refused_where_module_disabled(tmp_path, municipality_a):
    connector = make_feed_connector(municipality_a)
    run = import_file(
        connector, write(tmp_path, "x.csv", csv_feed([("X", "T", "job")]))
    )
    assert run.status == "failed" and "not enabled" in run.error
    assert not JobOffer.objects.exists()


def test_connectors_import_only_into_their_municipality(tmp_path, jobs_a, jobs_b):
    connector_a = make_feed_connector(jobs_a)
    connector_b = make_feed_connector(jobs_b)
    import_file(
        connector_a, write(tmp_path, "a.csv", csv_feed([("S-1", "A's", "job")]))
    )
    import_file(
        connector_b, write(tmp_path, "b.csv", csv_feed([("S-1", "B's", "job")]))
    )
    # The same source and reference in two municipalities: two offers.
    assert offers(jobs_a) == {"S-1": "A's"}
    assert offers(jobs_b) == {"S-1": "B's"}
    # A failing import in B leaves A alone, and its error stays on B's connector.
    run = import_file(connector_b, write(tmp_path, "bad.csv", "nope\n"))
    assert run.status == "failed"
    connector_a.refresh_from_db()
    assert connector_a.last_error == ""
    # An empty-but-valid import in A removes nothing of B.
    import_file(
        connector_a, write(tmp_path, "a2.csv", csv_feed([("S-2", "A2", "job")]))
    )
    assert offers(jobs_b) == {"S-1": "B's"}

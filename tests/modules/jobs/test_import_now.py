""" "Import now" in the connectors' admin: a task per click, one import of a
feed at a time, its progress on the listing and on a status page."""

import datetime

import pytest
import responses
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from rathaus.modules.jobs import services, tasks
from rathaus.modules.jobs.models import ImportRun, JobOffer
from rathaus.modules.jobs.services import importing
from rathaus.site.module_platform.services import disable_module
from rathaus.site.municipalities.models import MunicipalityRole
from tests.factories import make_module_admin

from .conftest import csv_feed, make_feed_connector

pytestmark = pytest.mark.django_db
CONNECTORS = "wagtailsnippets_jobs_connector"
URL = "https://feeds.example.org/offers"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
ROWS = [("A-1", "Azubi", "training"), ("A-2", "Koch", "job"), ("A-3", "Gärtner", "job")]


def import_url(connector):
    return reverse(f"{CONNECTORS}:import_now", args=[connector.pk])


def status_url(connector):
    return reverse(f"{CONNECTORS}:import_status", args=[connector.pk])


def status_json(client, connector):
    response = client.get(status_url(connector), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def feed_a(jobs_a):
    return make_feed_connector(jobs_a, feed_url=URL)


@pytest.fixture
def feed_b(jobs_b):
    return make_feed_connector(jobs_b, feed_url="https://feeds.example.org/b")


@pytest.fixture
def admin_a(client, jobs_a):
    client.force_login(make_module_admin("jobs-admin-a", jobs_a))
    return client


@pytest.fixture
def queue():
    """Tasks are queued, not run: the test runs them."""
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        yield default_task_backend


def run_queued(queue):
    for result in list(queue.results):
        result.task.call(*result.args, **result.kwargs)
    queue.clear()


def test_button_is_shown_to_module_admins_of_the_feeds_municipality_only(
    client, feed_a, feed_b, jobs_a, jobs_b
):
    # Module admin in B and editor in A: both feeds are listed (the change
    # permission is global), but only B's may be imported by this user.
    user = make_module_admin("admin-b-editor-a", jobs_b)
    user.groups.add(jobs_a.roles.get(role=MunicipalityRole.Role.EDITORS).group)
    client.force_login(user)
    content = client.get(reverse(f"{CONNECTORS}:list")).content.decode()
    assert feed_a.name in content
    assert import_url(feed_b) in content
    assert import_url(feed_a) not in content
    assert 'data-action="w-action#post"' in content
    with override_settings(TASKS=DUMMY_TASKS):
        assert client.post(import_url(feed_a)).status_code == 404
    assert not ImportRun.objects.exists()

    client.force_login(make_module_admin("jobs-admin-a", jobs_a))
    content = client.get(reverse(f"{CONNECTORS}:list")).content.decode()
    assert import_url(feed_a) in content and import_url(feed_b) not in content
    assert "Jetzt importieren" in content  # German, the admin's language
    edit = client.get(reverse(f"{CONNECTORS}:edit", args=[feed_a.pk]))
    assert edit.status_code == 200
    assert import_url(feed_a) in edit.content.decode()


def test_import_now_is_queued_then_runs_and_succeeds_with_counts(
    admin_a, feed_a, queue, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_a.post(import_url(feed_a))
    assert response.status_code == 302
    assert response["Location"] == status_url(feed_a) + "?watch=1"
    run = ImportRun.objects.get()
    assert (run.status, run.trigger) == ("queued", "admin")
    assert run.requested_by.username == "jobs-admin-a"
    assert [r.kwargs for r in queue.results] == [{"trigger": "admin", "run_id": run.pk}]
    assert status_json(admin_a, feed_a)["status"] == "queued"
    page = admin_a.get(response["Location"])
    assert page.status_code == 200
    assert 'http-equiv="refresh"' in page.content.decode()
    assert "In der Warteschlange" in page.content.decode()

    # While it runs: the state, then the counts after every batch.
    seen = []
    monkeypatch.setattr(importing, "BATCH_SIZE", 1)
    report = ImportRun.report_progress

    def watching(run, stats):
        report(run, stats)
        seen.append(status_json(admin_a, feed_a))

    monkeypatch.setattr(ImportRun, "report_progress", watching)
    with responses.RequestsMock() as mock:
        mock.get(URL, body=csv_feed(ROWS))
        run_queued(queue)
    assert {snapshot["status"] for snapshot in seen} == {"running"}
    assert [s["counts"]["seen"] for s in seen] == [0, 1, 2, 3]
    assert [s["counts"]["created"] for s in seen] == [0, 1, 2, 3]

    done = status_json(admin_a, feed_a)
    assert done["status"] == "succeeded" and not done["active"]
    assert done["counts"] == {
        "seen": 3,
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "skipped": 0,
        "removed": 0,
    }
    assert JobOffer.objects.filter(connector=feed_a).count() == 3

    # The page that was watching shows the result as a message, once.
    watched = admin_a.get(status_url(feed_a) + "?watch=1")
    assert watched.status_code == 302 and watched["Location"] == status_url(feed_a)
    page = admin_a.get(watched["Location"])
    assert message_texts(page) == [
        "Import von „Feed csv“ erfolgreich: 3 gelesen, 3 neu, 0 aktualisiert, "
        "0 entfernt."
    ]
    assert 'http-equiv="refresh"' not in page.content.decode()
    listing = admin_a.get(reverse(f"{CONNECTORS}:list")).content.decode()
    assert "Erfolgreich: 3 gelesen, 3 neu" in listing


def test_import_now_with_the_immediate_backend(
    admin_a, feed_a, django_capture_on_commit_callbacks
):
    with responses.RequestsMock() as mock:
        mock.get(URL, body=csv_feed(ROWS))
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_a.post(import_url(feed_a))
    run = ImportRun.objects.get()
    assert (run.status, run.trigger, run.created) == ("succeeded", "admin", 3)
    page = admin_a.get(response["Location"], follow=True)
    assert any("erfolgreich" in text for text in message_texts(page))


def test_failed_import_shows_the_error_in_german(
    admin_a, feed_a, queue, django_capture_on_commit_callbacks
):
    JobOffer.objects.create(
        municipality=feed_a.municipality,
        connector=feed_a,
        source=feed_a.source,
        external_reference="OLD-1",
        title="Alt",
        employer="Betrieb",
        kind="job",
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(feed_a))
    with responses.RequestsMock() as mock:
        mock.get(URL, status=500, body="Internal Server Error")
        run_queued(queue)
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert run.error.startswith("HTTP 500 from https://feeds.example.org/offers.")
    status = status_json(admin_a, feed_a)
    assert status["status"] == "failed" and status["label"] == "Fehlgeschlagen"
    assert "HTTP 500" in status["error"]
    page = admin_a.get(status_url(feed_a) + "?watch=1", follow=True)
    message = message_texts(page)[-1]  # after "queued"
    assert message.startswith("Import von „Feed csv“ fehlgeschlagen: HTTP 500")
    assert message.endswith("Die Angebote bleiben, wie sie waren.")
    assert JobOffer.objects.filter(external_reference="OLD-1").exists()
    feed_a.refresh_from_db()
    assert "HTTP 500" in feed_a.last_error


def test_fixed_errors_are_shown_in_german(admin_a, feed_a, queue):
    feed_a.feed_url = ""
    feed_a.save()
    admin_a.post(import_url(feed_a))
    tasks.import_connector.call(feed_a.pk, trigger="admin", run_id=feed_a.runs.get().pk)
    status = status_json(admin_a, feed_a)
    assert status["status"] == "failed"
    assert status["error"] == "Die Anbindung hat keine Feed-URL."
    assert feed_a.runs.get().error == "The connector has no feed URL."


def test_double_click_queues_one_import(
    admin_a, feed_a, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(feed_a))
        second = admin_a.post(import_url(feed_a), follow=True)
    assert ImportRun.objects.count() == 1
    assert len(queue.results) == 1
    assert message_texts(second)[-1:] == [
        "Ein Import von „Feed csv“ ist bereits in der Warteschlange oder läuft; "
        "es wurde kein zweiter gestartet."
    ]
    # The scheduler and the command start nothing while it is queued.
    assert tasks.import_connector.call(feed_a.pk)["status"] == "skipped"
    assert services.run_import(feed_a, trigger="command") is None
    assert ImportRun.objects.count() == 1


def test_database_allows_one_active_import_per_connector(feed_a):
    first, queued = ImportRun.queue(feed_a)
    assert queued
    again, queued = ImportRun.queue(feed_a, trigger="admin")
    assert (again, queued) == (first, False)
    assert ImportRun.objects.count() == 1


def test_a_stale_import_is_given_up(admin_a, feed_a, queue):
    stale = ImportRun.objects.create(
        municipality=feed_a.municipality,
        connector=feed_a,
        status="running",
        started_at=timezone.now() - datetime.timedelta(hours=4),
    )
    admin_a.post(import_url(feed_a))
    stale.refresh_from_db()
    assert stale.status == "failed"
    assert stale.error_text() == ("Der Import wurde nicht beendet und aufgegeben.")
    assert feed_a.runs.filter(status="queued").count() == 1


def test_command_and_scheduler_record_runs(feed_a, capsys):
    with responses.RequestsMock() as mock:
        mock.get(URL, body=csv_feed(ROWS))
        result = tasks.import_due_connectors.enqueue()
    assert result.return_value == [feed_a.pk]
    run = feed_a.runs.get()
    assert (run.trigger, run.status, run.created) == ("task", "succeeded", 3)
    ImportRun.objects.create(
        municipality=feed_a.municipality, connector=feed_a, status="queued"
    )
    call_command("import_jobs", connector=str(feed_a.pk), verbosity=0)
    assert "already queued or running" in capsys.readouterr().err


def test_other_municipalitys_feed_answers_404(admin_a, feed_a, feed_b, queue):
    for url in (import_url(feed_b), status_url(feed_b)):
        method = admin_a.post if "import/" in url else admin_a.get
        assert method(url).status_code == 404, url
    assert admin_a.get(status_url(feed_b), {"format": "json"}).status_code == 404
    assert not ImportRun.objects.exists() and not queue.results


def test_module_disabled_answers_404(admin_a, feed_a, jobs_a, queue):
    disable_module(jobs_a, "jobs")
    assert admin_a.post(import_url(feed_a)).status_code == 404
    assert admin_a.get(status_url(feed_a)).status_code == 404
    assert not ImportRun.objects.exists() and not queue.results


def test_import_is_post_only_and_status_get_only(admin_a, feed_a, queue):
    assert admin_a.get(import_url(feed_a)).status_code == 405
    assert admin_a.post(status_url(feed_a)).status_code == 405
    assert not ImportRun.objects.exists()


def test_import_needs_the_csrf_token(feed_a, jobs_a, queue):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_module_admin("jobs-admin-a", jobs_a))
    assert client.post(import_url(feed_a)).status_code == 403
    assert not ImportRun.objects.exists()


def test_status_of_a_feed_never_imported(admin_a, feed_a):
    assert status_json(admin_a, feed_a) == {
        "run": None,
        "status": None,
        "active": False,
        "summary": "Noch nie importiert",
    }
    page = admin_a.get(status_url(feed_a)).content.decode()
    assert "Noch nie importiert" in page and import_url(feed_a) in page

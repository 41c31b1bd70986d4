""" "Import now" of a waste import source: a task per click, one import of a
source at a time, a status page with the counts, in German, scoped to the
module admins of the source's municipality (the platform kit's
``ImportNowViewSetMixin`` and ``BaseImportRun``, as the jobs module uses)."""

import datetime

import pytest
import responses
from django.contrib.messages import get_messages
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from rathaus.modules.waste.models import CollectionDate, ImportRun, ImportSource
from rathaus.modules.waste.services import sources
from rathaus.site.module_platform.services import disable_module
from tests.factories import make_module_admin

from .test_import_sources import navi_source, serve_abfallnavi  # noqa: F401

pytestmark = pytest.mark.django_db
SOURCES = "wagtailsnippets_waste_importsource"
DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def import_url(source):
    return reverse(f"{SOURCES}:import_now", args=[source.pk])


def status_url(source):
    return reverse(f"{SOURCES}:import_status", args=[source.pk])


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def admin_a(client, navi_source):  # noqa: F811
    client.force_login(make_module_admin("waste-admin-a", navi_source.municipality))
    return client


@pytest.fixture
def source_b(waste_b):
    return ImportSource.objects.create(
        municipality=waste_b,
        name="ICS B",
        kind=ImportSource.Kind.ICS,
        ics_url_template="https://b.example.org/{street}.ics",
    )


@pytest.fixture
def queue():
    with override_settings(TASKS=DUMMY_TASKS):
        default_task_backend.clear()
        yield default_task_backend


def imports(queue):
    """The queued imports (saving a source also queues Wagtail's reference
    index task)."""
    return [r for r in queue.results if r.task.name == "run_import_source"]


def run_queued(queue):
    for result in imports(queue):
        result.task.call(*result.args, **result.kwargs)
    queue.clear()


def test_listing_shows_the_button_and_the_latest_import(
    admin_a,
    navi_source,  # noqa: F811
    source_b,
):
    content = admin_a.get(reverse(f"{SOURCES}:list")).content.decode()
    assert import_url(navi_source) in content
    assert import_url(source_b) not in content  # another municipality's
    assert "Jetzt importieren" in content and "Noch nie importiert" in content
    edit = admin_a.get(reverse(f"{SOURCES}:edit", args=[navi_source.pk]))
    assert import_url(navi_source) in edit.content.decode()


def test_import_now_is_queued_then_runs_with_counts_in_german(
    admin_a,
    navi_source,  # noqa: F811
    queue,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_a.post(import_url(navi_source))
    assert response["Location"] == status_url(navi_source) + "?watch=1"
    run = ImportRun.objects.get()
    assert (run.status, run.trigger, run.kind) == ("queued", "admin", "abfallnavi")
    assert run.description == "AbfallNavi cas/Castrop-Rauxel"
    assert run.requested_by.username == "waste-admin-a"
    assert [r.kwargs for r in imports(queue)] == [
        {"trigger": "admin", "run_id": run.pk}
    ]
    page = admin_a.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "In der Warteschlange" in page

    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        run_queued(queue)
    run.refresh_from_db()
    assert run.status == "succeeded" and run.created > 0
    assert CollectionDate.objects.exists()
    status = admin_a.get(status_url(navi_source), {"format": "json"}).json()
    assert status["status"] == "succeeded" and not status["active"]
    assert status["counts"]["created"] == run.created
    watched = admin_a.get(status_url(navi_source) + "?watch=1", follow=True)
    assert message_texts(watched)[-1] == (
        f"Import von „AbfallNavi“ erfolgreich: {run.created} erstellt, "
        f"{run.updated} geändert, 0 gelöscht, {run.unchanged} unverändert, "
        "0 abgelehnt."
    )
    page = watched.content.decode()
    assert "Erstellt" in page and 'http-equiv="refresh"' not in page


def test_a_failed_import_keeps_the_calendar_and_says_so(
    admin_a,
    navi_source,  # noqa: F811
    queue,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(navi_source))
    with responses.RequestsMock() as rsps:
        rsps.get(f"{sources.abfallnavi.base_url('cas')}/fraktionen", status=500)
        run_queued(queue)
    assert ImportRun.objects.get().status == "failed"
    watched = admin_a.get(status_url(navi_source) + "?watch=1", follow=True)
    message = message_texts(watched)[-1]
    assert message.startswith("Import von „AbfallNavi“ fehlgeschlagen: ")
    assert message.endswith("Der Kalender bleibt, wie er war.")


def test_one_import_of_a_source_at_a_time(
    admin_a,
    navi_source,  # noqa: F811
    queue,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(navi_source))
        second = admin_a.post(import_url(navi_source), follow=True)
    assert ImportRun.objects.count() == 1 and len(imports(queue)) == 1
    assert "bereits in der Warteschlange" in message_texts(second)[-1]
    # A run started elsewhere (the command, a task) starts nothing meanwhile.
    assert sources.run(navi_source.pk) is None
    assert ImportRun.objects.count() == 1


def test_a_stale_run_is_given_up(admin_a, navi_source, queue):  # noqa: F811
    stale = ImportRun.objects.create(
        municipality=navi_source.municipality,
        source=navi_source,
        kind="abfallnavi",
        status="running",
        started_at=timezone.now() - datetime.timedelta(hours=4),
    )
    admin_a.post(import_url(navi_source))
    stale.refresh_from_db()
    assert stale.status == "failed"
    assert stale.error_text() == "Der Import wurde nicht beendet und aufgegeben."
    assert ImportRun.objects.filter(status="queued").count() == 1


def test_isolation_disabled_sources_and_module(
    admin_a,
    navi_source,  # noqa: F811
    source_b,
    queue,
):
    for url in (import_url(source_b), status_url(source_b)):
        method = admin_a.post if "/import/" in url else admin_a.get
        assert method(url).status_code == 404, url
    navi_source.enabled = False
    navi_source.save()
    assert admin_a.post(import_url(navi_source)).status_code == 404
    navi_source.enabled = True
    navi_source.save()
    disable_module(navi_source.municipality, "waste")
    assert admin_a.post(import_url(navi_source)).status_code == 404
    assert admin_a.get(status_url(navi_source)).status_code == 404
    assert not ImportRun.objects.exists() and not imports(queue)


def test_import_needs_post_and_the_csrf_token(navi_source, queue):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_module_admin("waste-admin-a", navi_source.municipality))
    assert client.get(import_url(navi_source)).status_code == 405
    assert client.post(import_url(navi_source)).status_code == 403
    assert not ImportRun.objects.exists()


def test_a_queued_import_of_a_source_switched_off_or_deleted_ends(
    admin_a,
    navi_source,  # noqa: F811
    queue,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(navi_source))
    navi_source.enabled = False
    navi_source.save()
    run_queued(queue)
    run = ImportRun.objects.get()
    assert run.status == "failed" and not run.is_active
    assert run.error_text() == "Die Importquelle ist ausgeschaltet."

    navi_source.enabled = True
    navi_source.save()
    with django_capture_on_commit_callbacks(execute=True):
        admin_a.post(import_url(navi_source))
    queued = ImportRun.objects.get(status="queued")
    navi_source.delete()
    run_queued(queue)
    queued.refresh_from_db()
    assert queued.status == "failed" and queued.source is None
    assert queued.error_text() == "Die Importquelle wurde gelöscht."


def test_an_unexpected_error_ends_the_run_before_it_is_raised(
    navi_source,  # noqa: F811
    monkeypatch,
):
    def broken(*args):
        raise RuntimeError("database gone")

    monkeypatch.setattr(sources.importing, "_apply", broken)
    with responses.RequestsMock() as rsps:
        serve_abfallnavi(rsps)
        with pytest.raises(RuntimeError):
            sources.run(navi_source.pk)
    run = ImportRun.objects.get()
    assert run.status == "failed" and run.finished_at is not None
    assert run.error == "Unexpected error: RuntimeError."
    # The source can be imported again at once.
    assert ImportRun.queue(navi_source)[1]

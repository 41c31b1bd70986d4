"""The scheduler enqueues the django-tasks tasks modules declare in
``periodic_tasks`` and the core's upkeep, each once per interval however many
schedulers run."""

from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from rathaus.site.core import scheduler
from rathaus.site.core.models import ScheduledRun

pytestmark = pytest.mark.django_db


def paths():
    return {job.path for job in scheduler.periodic_jobs()}


def test_bundled_modules_and_the_core_declare_their_tasks():
    assert {
        "rathaus.site.core.tasks.prune_submission_data",
        "rathaus.site.content.tasks.prune_sync_states",
        "rathaus.modules.defects.tasks.retry_due_forwardings_task",
        "rathaus.modules.defects.tasks.anonymise_closed_reports_task",
        "rathaus.modules.housing.tasks.purge_housing_task",
        "rathaus.modules.jobs.tasks.import_due_connectors",
    } <= paths()
    for job in scheduler.periodic_jobs():
        job.task()  # every path is a django-tasks task


def test_once_enqueues_every_task(monkeypatch):
    enqueued = []
    monkeypatch.setattr(
        scheduler.PeriodicJob,
        "task",
        lambda job: type(
            "T", (), {"enqueue": lambda self: enqueued.append(job.path)}
        )(),
    )
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert set(enqueued) == paths()
    assert len(enqueued) == len(paths())


def test_two_schedulers_enqueue_a_job_once_per_interval(monkeypatch):
    enqueued = []
    job = scheduler.PeriodicJob(300, "tests.fake", "test")
    monkeypatch.setattr(
        scheduler.PeriodicJob,
        "task",
        lambda job: type("T", (), {"enqueue": lambda self: enqueued.append(1)})(),
    )
    now = 1_800_000_000.0
    assert scheduler.run_due(now=now, jobs=[job]) == ["tests.fake"]
    # A second replica in the same slot, a minute later: nothing.
    assert scheduler.run_due(now=now + 60, jobs=[job]) == []
    # The next slot runs again.
    assert scheduler.run_due(now=now + 300, jobs=[job]) == ["tests.fake"]
    assert len(enqueued) == 2
    assert ScheduledRun.objects.filter(job="tests.fake").count() == 2


def test_a_failing_task_does_not_stop_the_others(monkeypatch, caplog):
    enqueued = []

    def task(job):
        def enqueue(self):
            if job.path.endswith("purge_housing_task"):
                raise RuntimeError("Redis down")
            enqueued.append(job.path)

        return type("T", (), {"enqueue": enqueue})()

    monkeypatch.setattr(scheduler.PeriodicJob, "task", task)
    done = scheduler.run_due()
    assert "rathaus.modules.housing.tasks.purge_housing_task" not in done
    assert len(enqueued) == len(paths()) - 1
    assert "Redis down" in caplog.text


def test_a_bad_path_fails_at_start_up():
    with pytest.raises(ImproperlyConfigured):
        scheduler.PeriodicJob(300, "rathaus.site.core.nothing.here", "x").task()
    with pytest.raises(ImproperlyConfigured, match="not a django-tasks task"):
        scheduler.PeriodicJob(300, "rathaus.site.core.scheduler.run_due", "x").task()


def test_real_tasks_run_on_an_empty_database():
    out = StringIO()
    err = StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert ScheduledRun.objects.count() == len(paths())

"""The scheduler runs every module's periodic maintenance commands."""

from io import StringIO

import pytest
from django.core.management import call_command

from rathaus.site.core.management.commands import run_scheduler

pytestmark = pytest.mark.django_db


def command_jobs():
    """The jobs that run a management command (not a module's task)."""
    return [
        job for job in run_scheduler.periodic_commands() if job[1] != run_scheduler.TASK
    ]


def test_bundled_modules_declare_their_maintenance():
    commands = {
        command for _interval, command, _args in run_scheduler.periodic_commands()
    }
    assert {"defects_maintenance", "purge_housing", "import_jobs"} <= commands


def test_once_runs_every_command(monkeypatch):
    ran = []
    monkeypatch.setattr(
        run_scheduler,
        "call_command",
        lambda command, *args, **kwargs: ran.append((command, args)),
    )
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert ("import_jobs", ("--due",)) in ran
    assert ("purge_housing", ()) in ran
    assert len(ran) == len(command_jobs())


def test_a_failing_command_does_not_stop_the_others(monkeypatch, caplog):
    ran = []

    def fake(command, *args, **kwargs):
        ran.append(command)
        if command == "defects_maintenance":
            raise RuntimeError("SMTP down")

    monkeypatch.setattr(run_scheduler, "call_command", fake)
    err = StringIO()
    call_command("run_scheduler", "--once", stdout=StringIO(), stderr=err)
    assert "defects_maintenance" in err.getvalue()
    assert len(ran) == len(command_jobs())
    assert "SMTP down" in caplog.text


def test_module_tasks_are_enqueued(monkeypatch):
    enqueued = []
    monkeypatch.setattr(
        run_scheduler,
        "import_string",
        lambda path: type("Task", (), {"enqueue": lambda: enqueued.append(path)}),
    )
    monkeypatch.setattr(run_scheduler, "call_command", lambda *args, **kwargs: None)
    call_command("run_scheduler", "--once", stdout=StringIO())
    assert "rathaus.modules.warnings.tasks.poll_all" in enqueued


def test_real_commands_run_on_an_empty_database():
    out = StringIO()
    err = StringIO()
    call_command("run_scheduler", "--once", stdout=out, stderr=err)
    assert err.getvalue() == ""

"""docker/: the entrypoint and the health check, without a Docker engine.

The entrypoint runs under /bin/sh in dry-run mode, the health check against
local HTTP servers (one of them the real app under gunicorn). The Dockerfile
and compose file: test_docker_files.py; the wheel: test_distribution.py.
"""

import contextlib
import http.server
import importlib.util
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest

from .docker_environment import (
    ENTRYPOINT,
    GOOD_PRODUCTION_ENV,
    HEALTHCHECK,
    base_env,
)

# Subprocesses with an environment of their own: the same on every backend.
pytestmark = pytest.mark.backend_independent


def entrypoint(*args, cwd, dry_run=True, **variables):
    """Runs the entrypoint (in a dry run unless told); the database wait is
    off by default."""
    if dry_run:
        variables = {"RATHAUS_ENTRYPOINT_DRY_RUN": "1", **variables}
    environment = base_env(**{"RATHAUS_WAIT_FOR_DB": "0", **variables})
    return subprocess.run(
        ["/bin/sh", str(ENTRYPOINT), *args],
        env=environment,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def commands(stdout):
    """The (kind, argv) pairs a dry run printed."""
    parsed = []
    for line in stdout.splitlines():
        kind, _, command = line.partition(": ")
        assert kind in ("run", "exec"), line
        parsed.append((kind, shlex.split(command)))
    return parsed


def option(argv, name):
    return argv[argv.index(name) + 1]


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that refuses connections: bound, never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- entrypoint ----------------------------------------------------------------


def test_entrypoint_is_posix_sh_with_strict_mode():
    text = ENTRYPOINT.read_text()
    assert text.startswith("#!/bin/sh\n")
    assert re.search(r"^set -eu$", text, re.MULTILINE)
    assert os.access(ENTRYPOINT, os.X_OK)
    for shell in ("sh", "dash", "bash"):
        if shutil.which(shell):
            result = subprocess.run(
                [shell, "-n", str(ENTRYPOINT)], capture_output=True, text=True
            )
            assert result.returncode == 0, (shell, result.stderr)


def test_web_runs_gunicorn_with_the_configured_workers(tmp_path):
    result = entrypoint(
        "web",
        cwd=tmp_path,
        GUNICORN_WORKERS="5",
        GUNICORN_THREADS="2",
        GUNICORN_TIMEOUT="90",
    )
    assert result.returncode == 0, result.stderr
    [(kind, argv)] = commands(result.stdout)
    assert kind == "exec"
    assert argv[:2] == ["gunicorn", "rathaus.site.wsgi:application"]
    assert option(argv, "--workers") == "5"
    assert option(argv, "--threads") == "2"
    assert option(argv, "--timeout") == "90"
    assert option(argv, "--bind") == "0.0.0.0:8000"


def test_web_is_the_default_role_and_takes_extra_gunicorn_arguments(tmp_path):
    result = entrypoint(cwd=tmp_path, PORT="9000")
    assert result.returncode == 0, result.stderr
    [(_, argv)] = commands(result.stdout)
    assert argv[0] == "gunicorn"
    assert option(argv, "--bind") == "0.0.0.0:9000"
    assert option(argv, "--workers") == "3"

    result = entrypoint("web", "--log-level", "debug", cwd=tmp_path)
    [(_, argv)] = commands(result.stdout)
    assert argv[-2:] == ["--log-level", "debug"]


def test_web_migrates_first_only_when_asked(tmp_path):
    result = entrypoint("web", cwd=tmp_path, RATHAUS_MIGRATE_ON_START="1")
    assert result.returncode == 0, result.stderr
    (kind1, migrate), (kind2, gunicorn) = commands(result.stdout)
    assert (kind1, kind2) == ("run", "exec")
    assert migrate[1:] == ["-m", "django", "migrate", "--noinput"]
    assert gunicorn[0] == "gunicorn"

    result = entrypoint("web", cwd=tmp_path)
    assert [argv[0] for _, argv in commands(result.stdout)] == ["gunicorn"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("GUNICORN_WORKERS", "many"),
        ("GUNICORN_THREADS", "0"),
        ("GUNICORN_TIMEOUT", "-1"),
        ("RATHAUS_MIGRATE_ON_START", "yes"),
    ],
)
def test_web_rejects_bad_numbers_clearly(tmp_path, name, value):
    result = entrypoint("web", cwd=tmp_path, **{name: value})
    assert result.returncode != 0
    assert f"{name}={value}" in result.stderr
    assert result.stdout == ""


def test_worker_for_rq(tmp_path):
    result = entrypoint(
        "worker", cwd=tmp_path, TASK_BACKEND="rq", REDIS_URL="redis://r:6379/0"
    )
    assert result.returncode == 0, result.stderr
    [(kind, argv)] = commands(result.stdout)
    assert kind == "exec"
    assert argv[1:4] == ["-m", "django", "rqworker"]
    assert option(argv, "--job-class") == "django_tasks_rq.Job"
    assert "--with-scheduler" in argv
    assert argv[-1] == "default"


def test_scheduler_runs_the_periodic_commands(tmp_path):
    result = entrypoint("scheduler", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [(kind, argv)] = commands(result.stdout)
    assert kind == "exec"
    assert argv[1:] == ["-m", "django", "run_scheduler"]


def test_worker_defaults_to_rq_with_redis_and_takes_queues(tmp_path):
    result = entrypoint(
        "worker",
        "--burst",
        cwd=tmp_path,
        REDIS_URL="redis://r:6379/0",
        RATHAUS_WORKER_QUEUES="default translations",
    )
    assert result.returncode == 0, result.stderr
    [(_, argv)] = commands(result.stdout)
    assert "rqworker" in argv
    assert "--burst" in argv
    assert argv[-2:] == ["default", "translations"]


def test_worker_for_the_database_backend(tmp_path):
    result = entrypoint("worker", cwd=tmp_path, TASK_BACKEND="database")
    assert result.returncode == 0, result.stderr
    [(_, argv)] = commands(result.stdout)
    assert argv[1:4] == ["-m", "django", "db_worker"]
    assert option(argv, "--queue-name") == "default"

    result = entrypoint(
        "worker", cwd=tmp_path, RATHAUS_WORKER_QUEUES="default translations"
    )
    [(_, argv)] = commands(result.stdout)
    assert "db_worker" in argv
    assert option(argv, "--queue-name") == "default,translations"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"TASK_BACKEND": "rq"}, "TASK_BACKEND=rq needs REDIS_URL"),
        ({"TASK_BACKEND": "immediate"}, "nothing for a worker to do"),
        ({"TASK_BACKEND": "celery"}, "TASK_BACKEND=celery is unknown"),
    ],
)
def test_worker_refuses_backends_without_a_worker(tmp_path, variables, message):
    result = entrypoint("worker", cwd=tmp_path, **variables)
    assert result.returncode != 0
    assert message in result.stderr


def test_worker_commands_exist():
    """The management commands the worker role runs are installed."""
    for module in (
        "django_rq.management.commands.rqworker",
        "django_tasks_db.management.commands.db_worker",
    ):
        assert importlib.util.find_spec(module) is not None, module
    assert importlib.util.find_spec("django_tasks_rq").loader is not None
    from django_tasks_rq import Job  # noqa: F401  (the --job-class target)


def test_migrate_and_manage_roles(tmp_path):
    result = entrypoint("migrate", cwd=tmp_path)
    [(_, argv)] = commands(result.stdout)
    assert argv[1:] == ["-m", "django", "migrate", "--noinput"]

    result = entrypoint("manage", "createsuperuser", "--username", "a b", cwd=tmp_path)
    [(_, argv)] = commands(result.stdout)
    assert argv[1:] == ["-m", "django", "createsuperuser", "--username", "a b"]

    result = entrypoint("manage", cwd=tmp_path)
    assert result.returncode != 0
    assert "usage: manage" in result.stderr


def test_unknown_arguments_are_passed_through(tmp_path):
    result = entrypoint("python", "-c", "print('it''s')", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [(kind, argv)] = commands(result.stdout)
    assert (kind, argv) == ("exec", ["python", "-c", "print('it''s')"])


def statement_timeouts(tmp_path, *args, **variables):
    """Run the entrypoint for real with stand-ins for python and gunicorn that
    print the statement timeout each process gets."""
    for name in ("python", "gunicorn"):
        stand_in = tmp_path / name
        stand_in.write_text(
            f'#!/bin/sh\necho "{name} $2 ${{DATABASE_STATEMENT_TIMEOUT_MS-unset}}"\n'
        )
        stand_in.chmod(0o755)
    result = entrypoint(
        *args,
        cwd=tmp_path,
        dry_run=False,
        RATHAUS_PYTHON=str(tmp_path / "python"),
        PATH=f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}",
        **variables,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_only_web_requests_get_the_statement_timeout(tmp_path):
    """Workers, the scheduler, migrations and commands run without the web
    requests' limit unless DATABASE_WORKER_STATEMENT_TIMEOUT_MS sets one."""
    web = {"DATABASE_STATEMENT_TIMEOUT_MS": "20000", "TASK_BACKEND": "database"}
    assert statement_timeouts(tmp_path, "web", **web) == ["gunicorn --bind 20000"]
    assert statement_timeouts(tmp_path, "web", RATHAUS_MIGRATE_ON_START="1", **web) == [
        "python django 0",
        "gunicorn --bind 20000",
    ]
    for role in (["worker"], ["scheduler"], ["migrate"], ["manage", "check"]):
        answer = statement_timeouts(tmp_path, *role, **web)
        assert answer == ["python django 0"], role
    assert statement_timeouts(
        tmp_path, "worker", DATABASE_WORKER_STATEMENT_TIMEOUT_MS="600000", **web
    ) == ["python django 600000"]


def test_entrypoint_execs_for_real_without_dry_run(tmp_path):
    result = entrypoint(
        "sh", "-c", 'echo "pid $$ args $0"', "x", cwd=tmp_path, dry_run=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pid ") and result.stdout.strip().endswith("x")


def test_database_wait_gives_up_after_the_configured_retries(tmp_path, closed_port):
    started = time.monotonic()
    result = entrypoint(
        "web",
        cwd=tmp_path,
        RATHAUS_WAIT_FOR_DB="1",
        RATHAUS_DB_WAIT_RETRIES="3",
        RATHAUS_DB_WAIT_DELAY="0.2",
        DATABASE_URL=f"postgres://rathaus:pw@127.0.0.1:{closed_port}/rathaus",
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert result.stdout == "", "gunicorn must not start without a database"
    for attempt in (1, 2, 3):
        assert f"database not ready (attempt {attempt}/3)" in result.stderr
    assert "attempt 4/" not in result.stderr
    assert "gave up waiting for the database after 3 attempts" in result.stderr
    assert "Check DATABASE_URL" in result.stderr
    assert time.monotonic() - started < 60


def test_database_wait_also_guards_migrate(tmp_path, closed_port):
    result = entrypoint(
        "migrate",
        cwd=tmp_path,
        RATHAUS_WAIT_FOR_DB="1",
        RATHAUS_DB_WAIT_RETRIES="1",
        DATABASE_URL=f"postgres://rathaus:pw@127.0.0.1:{closed_port}/rathaus",
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert "gave up waiting for the database after 1 attempts" in result.stderr
    assert result.stdout == ""


def test_database_wait_passes_when_the_database_answers(tmp_path):
    result = entrypoint(
        "web",
        cwd=tmp_path,
        RATHAUS_WAIT_FOR_DB="1",
        RATHAUS_DB_WAIT_RETRIES="2",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stderr
    [(_, argv)] = commands(result.stdout)
    assert argv[0] == "gunicorn"
    assert "not ready" not in result.stderr


def test_database_wait_reports_unusable_settings(tmp_path):
    result = entrypoint(
        "web",
        cwd=tmp_path,
        RATHAUS_WAIT_FOR_DB="1",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **GOOD_PRODUCTION_ENV,
    )
    assert result.returncode != 0
    assert "the settings are not usable" in result.stderr
    assert "DEBUG is on" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("retries", ["0", "three", "-2"])
def test_database_wait_rejects_bad_retry_counts(tmp_path, retries):
    result = entrypoint(
        "migrate",
        cwd=tmp_path,
        RATHAUS_WAIT_FOR_DB="1",
        RATHAUS_DB_WAIT_RETRIES=retries,
    )
    assert result.returncode != 0
    assert "RATHAUS_DB_WAIT_RETRIES" in result.stderr


# --- health check --------------------------------------------------------------


@contextlib.contextmanager
def http_server(status):
    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append((self.path, self.headers["Host"]))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"status": "x"}')

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], seen
    finally:
        server.shutdown()
        server.server_close()


def healthcheck(port, allowed_hosts):
    return subprocess.run(
        [sys.executable, str(HEALTHCHECK)],
        env=base_env(HEALTHCHECK_PORT=str(port), ALLOWED_HOSTS=allowed_hosts),
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("api.example.org,localhost", "api.example.org"),
        ("*, .example.org", "example.org"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_healthcheck_asks_healthz_with_an_allowed_host(allowed_hosts, host):
    with http_server(200) as (port, seen):
        result = healthcheck(port, allowed_hosts)
    assert result.returncode == 0, result.stderr
    assert seen == [("/healthz/", host)]


def test_healthcheck_fails_on_an_error_or_no_server(closed_port):
    with http_server(503) as (port, _):
        result = healthcheck(port, "localhost")
    assert result.returncode == 1
    assert "HTTP 503" in result.stderr
    result = healthcheck(closed_port, "localhost")
    assert result.returncode == 1
    assert "unhealthy" in result.stderr


def test_web_role_serves_healthz_under_gunicorn(tmp_path):
    """The real thing: the entrypoint starts gunicorn with the production
    settings (HTTPS redirect on, a strict ALLOWED_HOSTS) and the image's
    health check passes."""
    port = free_port()
    environment = base_env(
        **{
            **GOOD_PRODUCTION_ENV,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "REDIS_URL": None,
            "STATIC_ROOT": str(tmp_path / "static"),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "RATHAUS_DB_WAIT_RETRIES": "2",
        }
    )
    process = subprocess.Popen(
        ["/bin/sh", str(ENTRYPOINT), "web"],
        env=environment,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            result = healthcheck(port, "api.example.org")
            if result.returncode == 0 or time.monotonic() > deadline:
                break
            assert process.poll() is None, "gunicorn exited early"
            time.sleep(0.5)
        assert result.returncode == 0, result.stderr
        # A host outside ALLOWED_HOSTS is refused, so the Host header matters.
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /healthz/ HTTP/1.0\r\nHost: evil.example\r\n\r\n")
            assert re.match(rb"HTTP/1\.[01] 400 ", sock.recv(100))
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert "Booting worker" in output or "Listening at" in output, output

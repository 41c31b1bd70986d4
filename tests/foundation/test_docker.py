"""docker/: what can be tested without a Docker engine.

The entrypoint runs under /bin/sh in dry-run mode, the health check against
local HTTP servers (one of them the real app under gunicorn), the
distribution is built as a wheel and imported from a plain install, and the
Dockerfile and compose file are checked for the properties the deployment
relies on.
"""

import contextlib
import http.server
import importlib.util
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import textwrap
import threading
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCKER = REPO / "docker"
ENTRYPOINT = DOCKER / "entrypoint.sh"
HEALTHCHECK = DOCKER / "healthcheck.py"
DOCKERFILE = DOCKER / "Dockerfile"
COMPOSE = DOCKER / "compose.yaml"
ENV_EXAMPLE = DOCKER / ".env.example"
VENV_BIN = Path(sys.executable).parent

GOOD_PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "rathaus.site.settings.production",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "api.example.org",
}


def base_env(**overrides):
    environment = {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": os.environ.get("HOME", "/tmp"),
        "LC_ALL": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


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


# --- the distribution --------------------------------------------------------


@pytest.fixture(scope="session")
def wheel(tmp_path_factory):
    """The project built once as a wheel, from a copy of the sources (the
    build must not write into the checkout)."""
    for requirement in ("setuptools", "wheel"):
        if importlib.util.find_spec(requirement) is None:
            pytest.skip(f"{requirement} is not installed; cannot build offline")
    source = tmp_path_factory.mktemp("source")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "setup.py", "README.md"):
        if (REPO / name).exists():
            shutil.copy2(REPO / name, source / name)
    for folder in ("site", "graphql", "modules"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--wheel-dir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [built] = out.glob("rathaus-*.whl")
    return built


@pytest.fixture(scope="session")
def installed(wheel, tmp_path_factory):
    """The wheel installed as a normal (non-editable) package into a folder."""
    target = tmp_path_factory.mktemp("target")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def test_wheel_contains_every_package_with_templates_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in (
        ("site", "rathaus/site"),
        ("graphql", "rathaus/graphql"),
        ("modules", "rathaus/modules"),
    ):
        sources = {
            path.relative_to(REPO / folder).as_posix()
            for path in (REPO / folder).rglob("*")
            if path.is_file()
            and "__pycache__" not in path.parts
            and path.suffix in (".py", ".html", ".txt", ".json", ".graphql")
        }
        missing = {f"{package}/{name}" for name in sources} - names
        assert not missing, f"not in the wheel: {sorted(missing)}"
    assert "rathaus/site/settings/production.py" in names
    assert "rathaus/site/wsgi.py" in names
    assert any(re.match(r"rathaus/site/\w+/migrations/0001_", n) for n in names)
    assert any("/templates/" in name for name in names)
    # No stray top-level packages: "site" or "graphql" would shadow the
    # standard library and graphql-core.
    top_level = {name.split("/")[0] for name in names}
    assert top_level == {"rathaus", wheel.name.split("-py3")[0] + ".dist-info"}


def test_installed_wheel_imports_without_the_checkout(installed, tmp_path):
    """Import from the plain install, isolated from the editable checkout:
    -S leaves site-packages (and the editable finder) out."""
    packages = f"""
        import sys
        sys.path.insert(0, {str(installed)!r})
        import rathaus.site, rathaus.graphql, rathaus.modules
    """
    # "import graphql" must fail here (no site-packages), proving it is not
    # satisfied by the project's own graphql folder.
    result = subprocess.run(
        [sys.executable, "-S", "-c", textwrap.dedent(packages) + "import graphql\n"],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "No module named 'graphql'" in result.stderr, result.stderr

    # The settings name the content languages lazily in the staff's language
    # (django.utils.translation), so they need the dependencies: site-packages
    # goes on the path after the install, without its .pth files, so the
    # editable finder stays out.
    site_packages = sysconfig.get_paths()["purelib"]
    code = f"""
        sys.path.append({site_packages!r})
        import rathaus.site.settings.base as base
        for module in (base, rathaus.site, rathaus.modules):
            assert module.__file__.startswith({str(installed)!r}), module.__file__
        assert list(rathaus.graphql.__path__)[0].startswith({str(installed)!r})
        assert not [name for name in sys.modules if "__editable__" in name]
        assert not [f for f in sys.meta_path if "__editable__" in f.__module__]
        assert "rathaus.site.core" in base.INSTALLED_APPS
        print("ok")
    """
    result = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            textwrap.dedent(packages) + textwrap.dedent(code),
        ],
        cwd=tmp_path,
        env=base_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_installed_wheel_runs_django_with_its_own_templates_and_migrations(
    installed, tmp_path
):
    code = f"""
        import sys
        sys.path.insert(0, {str(installed)!r})
        import django
        django.setup()
        from django.apps import apps
        from django.db.migrations.loader import MigrationLoader
        from django.template.loader import get_template
        import rathaus.graphql.schema
        root = {str(installed)!r}
        assert apps.get_app_config("municipalities").path.startswith(root)
        assert rathaus.graphql.schema.__file__.startswith(root)
        template = get_template("content/blocks/heading.html")
        assert template.origin.name.startswith(root), template.origin.name
        loader = MigrationLoader(None, ignore_no_migrations=True)
        assert ("municipalities", "0001_initial") in loader.disk_migrations
        path = sys.modules[
            loader.disk_migrations[("municipalities", "0001_initial")].__module__
        ].__file__
        assert path.startswith(root), path
        print("ok")
    """
    environment = base_env(
        **GOOD_PRODUCTION_ENV,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# --- Dockerfile ------------------------------------------------------------------


def dockerfile_instructions():
    """(INSTRUCTION, arguments) with continuation lines joined."""
    instructions = []
    current = ""
    for line in DOCKERFILE.read_text().splitlines():
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, arguments = current.partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        current = ""
    return instructions


def final_stage():
    instructions = dockerfile_instructions()
    starts = [i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM"]
    return instructions[starts[-1] :]


def test_dockerfile_is_multi_stage_on_python_311_slim():
    instructions = dockerfile_instructions()
    stages = [arguments for keyword, arguments in instructions if keyword == "FROM"]
    assert len(stages) >= 2
    args = dict(
        arguments.split("=", 1)
        for keyword, arguments in instructions
        if keyword == "ARG" and "=" in arguments
    )
    image = re.sub(r"\$\{(\w+)\}", lambda m: args[m.group(1)], stages[-1].split()[0])
    assert image == "python:3.11-slim"
    install = " ".join(arguments for keyword, arguments in final_stage())
    assert "--find-links=/wheels" in install and "--no-index" in install


def test_dockerfile_runs_as_a_non_root_user():
    users = [arguments for keyword, arguments in final_stage() if keyword == "USER"]
    assert users, "the final stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    assert "useradd" in DOCKERFILE.read_text() and user in DOCKERFILE.read_text()


def test_dockerfile_collects_static_files_without_baking_secrets():
    stage = final_stage()
    runs = [arguments for keyword, arguments in stage if keyword == "RUN"]
    [collect] = [run for run in runs if "collectstatic" in run]
    assert "--noinput" in collect
    assert "SECRET_KEY=" in collect
    for keyword, arguments in dockerfile_instructions():
        if keyword in ("ENV", "ARG"):
            for secret in ("SECRET_KEY", "DATABASE_URL", "PASSWORD"):
                assert secret not in arguments, (keyword, arguments)
    env = " ".join(arguments for keyword, arguments in stage if keyword == "ENV")
    assert "DJANGO_SETTINGS_MODULE=rathaus.site.settings.production" in env


def test_dockerfile_runs_gunicorn_through_the_entrypoint():
    stage = dict(final_stage())
    assert stage["ENTRYPOINT"] == '["/usr/local/bin/rathaus-entrypoint"]'
    assert stage["CMD"] == '["web"]'
    assert stage["EXPOSE"] == "8000"
    assert "rathaus-healthcheck" in stage["HEALTHCHECK"]
    assert "run_exec gunicorn rathaus.site.wsgi:application" in ENTRYPOINT.read_text()
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "dependencies"
    ]
    assert any(dependency.startswith("gunicorn") for dependency in dependencies)


def test_dockerfile_copies_files_that_exist_and_are_not_ignored():
    ignore = (DOCKER / "Dockerfile.dockerignore").read_text().splitlines()
    allowed = {line[1:] for line in ignore if line.startswith("!")}
    for keyword, arguments in dockerfile_instructions():
        if keyword != "COPY" or "--from" in arguments:
            continue
        sources = [part for part in arguments.split() if not part.startswith("--")]
        for source in sources[:-1]:
            if "*" in source:
                continue
            assert (REPO / source).exists(), source
            assert source in allowed, f"{source} is excluded by the .dockerignore"


# --- compose ---------------------------------------------------------------------


@pytest.fixture
def compose():
    yaml = pytest.importorskip("yaml", reason="PyYAML is needed to parse compose")
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_has_the_services(compose):
    services = compose["services"]
    assert {"postgres", "redis", "web", "worker", "migrate"} <= set(services)
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert "healthcheck" in services["postgres"]
    assert {"postgres-data", "media"} <= set(compose["volumes"])


def test_compose_app_services_share_the_image_and_roles(compose):
    services = compose["services"]
    for name, role in (("web", "web"), ("worker", "worker"), ("migrate", "migrate")):
        service = services[name]
        assert service["command"] == [role]
        build = service["build"]
        context = (COMPOSE.parent / build["context"]).resolve()
        assert context == REPO
        assert (context / build["dockerfile"]) == DOCKERFILE
        environment = service["environment"]
        assert environment["TASK_BACKEND"] == "rq"
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in environment["DATABASE_URL"]
        assert environment["SECRET_KEY"].startswith("${SECRET_KEY:?")
        assert "ALLOWED_HOSTS" in environment
        mounts = {volume.split(":")[1] for volume in service["volumes"]}
        assert environment["MEDIA_ROOT"] in mounts
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == (
        "service_healthy"
    )
    assert services["worker"]["healthcheck"] == {"disable": True}
    assert any(str(port).endswith(":8000") for port in services["web"]["ports"])


def test_compose_commits_no_secret_values():
    text = COMPOSE.read_text()
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD"):
        for match in re.finditer(r"\$\{" + name + r"([^}]*)\}", text):
            assert match.group(1).startswith(":?"), match.group(0)


def test_env_example_documents_every_variable():
    example = ENV_EXAMPLE.read_text()
    assert re.search(r"^SECRET_KEY=$", example, re.MULTILINE)
    assert re.search(r"^POSTGRES_PASSWORD=$", example, re.MULTILINE)
    names = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text()))
    for settings_file in (REPO / "site" / "settings").glob("*.py"):
        names |= set(
            re.findall(
                r"env_(?:str|bool|int|list)\(\s*\"(\w+)\"", settings_file.read_text()
            )
        )
    names |= set(re.findall(r"\$\{((?:RATHAUS|GUNICORN)_\w+)", ENTRYPOINT.read_text()))
    names -= {"RATHAUS_PYTHON"}  # for tests only
    assert "DATABASE_URL" in names and "GUNICORN_WORKERS" in names
    undocumented = {name for name in names if not re.search(rf"\b{name}\b", example)}
    assert not undocumented, f"not in docker/.env.example: {sorted(undocumented)}"

"""docker/: the Dockerfile and compose file have the properties the deployment
relies on (read as text; no Docker engine needed).
"""

import re
import tomllib

import pytest

from .docker_environment import (
    COMPOSE,
    DOCKER,
    DOCKERFILE,
    ENTRYPOINT,
    ENV_EXAMPLE,
    REPO,
)

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

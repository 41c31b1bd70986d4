"""How long `make demo` takes after the install: migrate, load_demo, serving.

Runs the demo's steps as `make demo` does (`manage.py` with the dev settings)
in a fresh temporary SQLite database and media folder, never the repository's
`var/`:

1. `manage.py migrate --noinput`;
2. `manage.py load_demo` (all three municipalities, translations, images):
   on the fresh database it inserts the prepared demo, then the modules'
   demo data (`--live` builds the content through Wagtail instead);
3. `manage.py runserver --noreload`, timed until `GET /admin/login/` answers
   200 (the server is then stopped).

Each step's wall time and CPU time (user + system of the child processes),
and the load average (/proc/loadavg) before and after each step: on a busy
machine wall time grows with the load while CPU time stays about the same.

Usage (about 2 minutes on an idle 2-core machine):

    .venv/bin/python bench/demo.py [--port 8765] [--keep]

Figures go to stdout and to bench/RESULTS-demo.md (replacing the figures
there, keeping its "## Notes" section).
"""

import argparse
import os
import platform
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS-demo.md"


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Step:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        self.load_before = loadavg()
        self.cpu = children_cpu()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.started
        self.cpu = children_cpu() - self.cpu
        self.load_after = loadavg()
        return False

    def row(self):
        return (
            f"| {self.name} | {self.wall:.1f} | {self.cpu:.1f} | "
            f"{self.load_before} | {self.load_after} |"
        )


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        **kwargs,
    )


def wait_for_200(url, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer 200 within {timeout} s")


def count(database, table):
    with sqlite3.connect(database) as connection:
        return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="keep the temporary data")
    parser.add_argument("--note", default="", help="a line about the machine's state")
    parser.add_argument(
        "--live",
        action="store_true",
        help="build the content live instead of inserting the prepared demo "
        "(for comparison; the figures are printed, not written)",
    )
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="rathaus-bench-demo-"))
    database = folder / "db.sqlite3"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(folder / "media"),
        "DJANGO_SETTINGS_MODULE": "rathaus.site.settings.dev",
        "PYTHONUNBUFFERED": "1",
    }
    load_at_start = loadavg()
    steps = []
    try:
        with Step("migrate") as step:
            manage(env, "migrate", "--noinput", stdout=subprocess.DEVNULL)
        steps.append(step)
        with Step("load_demo") as step:
            loaded = manage(
                env,
                "load_demo",
                *(["--live"] if options.live else []),
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
            )
        steps.append(step)
        summary = next(
            line for line in loaded.stdout.splitlines() if "Demo loaded" in line
        )
        url = f"http://127.0.0.1:{options.port}/admin/login/"
        with Step("runserver until GET /admin/login/ is 200") as step:
            server = subprocess.Popen(
                [
                    sys.executable,
                    "manage.py",
                    "runserver",
                    f"127.0.0.1:{options.port}",
                    "--noreload",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for_200(url, timeout=300)
            finally:
                server.terminate()
                server.wait(timeout=30)
        steps.append(step)
        pages = count(database, "wagtailcore_page")
        images = count(database, "wagtailimages_image")
    finally:
        if not options.keep:
            shutil.rmtree(folder, ignore_errors=True)

    total_wall = sum(step.wall for step in steps)
    total_cpu = sum(step.cpu for step in steps)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# `make demo` after the install: migrate, load_demo, serving",
        "",
        f"Measured with `bench/demo.py` on {when}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, fresh SQLite file in /tmp. "
        f"Load average at the start: {load_at_start}."
        + (f" {options.note}" if options.note else ""),
        "",
        "| step | wall s | CPU s | load before | load after |",
        "|---|---|---|---|---|",
        *(step.row() for step in steps),
        f"| **total** | **{total_wall:.1f}** | **{total_cpu:.1f}** | | |",
        "",
        f"- {summary.strip()}",
        f"- In the database: {pages} pages, {images} images.",
        "- CPU s: user + system time of the step's processes. On a machine with "
        "a load average above its core count, wall time is mostly waiting for a "
        "core; CPU time is the figure to compare between runs.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if options.live:
        return
    # Notes written by hand below the figures stay.
    previous = RESULTS.read_text() if RESULTS.exists() else ""
    notes = previous.find("\n## Notes")
    RESULTS.write_text(text + (previous[notes:] if notes >= 0 else ""))


if __name__ == "__main__":
    main()

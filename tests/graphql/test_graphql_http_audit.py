"""graphql-http's GraphQL-over-HTTP server audit (``auditServer``, the
reference implementation of the specification, pinned in
``frontend_contract/package-lock.json``) against pytest-django's live server,
over loopback. Node comes from the machine; CI runs ``npm ci`` in
``frontend_contract`` before the tests (``.ci/run``)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

CONTRACT = Path(__file__).resolve().parents[2] / "frontend_contract"
SCRIPT = CONTRACT / "scripts" / "graphql-http-audit.mjs"

pytestmark = pytest.mark.django_db(transaction=True)


def audit(url):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (Node 20 runs the graphql-http audit)")
    if not (CONTRACT / "node_modules" / "graphql-http").is_dir():
        pytest.skip("frontend_contract/node_modules is missing: run `npm ci` there")
    finished = subprocess.run(
        [node, str(SCRIPT), url],
        cwd=CONTRACT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode in (0, 1), finished.stderr
    return json.loads(finished.stdout)


def test_graphql_http_audit_passes_without_warnings(live_server):
    results = audit(f"{live_server.url}/graphql/")

    assert len(results) > 20
    failures = [r for r in results if r["status"] == "error"]
    warnings = [r for r in results if r["status"] == "warn"]
    assert failures == [], json.dumps(failures, indent=1)
    assert warnings == [], json.dumps(warnings, indent=1)

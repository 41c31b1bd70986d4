"""The admin sweep: every URL pattern under /admin/ (from Django's resolver),
filled with municipality B's objects, requested by every role of A with GET
and with POST (a valid CSRF token), must neither show B's marker in a 2xx
answer nor change B's data.
"""

import io
import logging
import os
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils.crypto import get_random_string

from .admin_urls import (
    KNOWN_LEAKS,
    Unclassified,
    admin_patterns,
    known_error,
    not_municipal_reason,
    pk_kind,
    probes,
)
from .world import MARKER, build_world, fingerprint


def body_of(response):
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    if response.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats"
    ):  # an XLSX export: the text is in the zipped XML parts
        with zipfile.ZipFile(io.BytesIO(body)) as workbook:
            body = b"".join(workbook.read(name) for name in workbook.namelist())
    return body


class Requester:
    """A signed-in client of one of A's users with a CSRF cookie."""

    def __init__(self, user):
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        self.token = get_random_string(32)
        self.login()

    def login(self):
        self.client.force_login(self.user)
        self.client.cookies["csrftoken"] = self.token

    def request(self, method, probe):
        if method == "get":
            response = self.client.get(probe.url, probe.query)
        else:
            url = probe.url
            if probe.query:
                from urllib.parse import urlencode

                url += "?" + urlencode(probe.query, doseq=True)
            response = self.client.post(
                url,
                {"csrfmiddlewaretoken": self.token, "title": f"{MARKER} geändert"},
                HTTP_X_CSRFTOKEN=self.token,
            )
        if "_auth_user_id" not in self.client.session:  # e.g. logout
            self.login()
        return response


CSRF_TOKEN = re.compile(
    rb'(csrfmiddlewaretoken" value="|&quot;csrf_token&quot;: &quot;'
    rb'|"csrf_token": ")[a-z0-9]+'
)


def leak_of(response):
    """What of B the answer shows, or None."""
    marker = MARKER.lower().encode()
    if 200 <= response.status_code < 300:
        body = body_of(response).lower()
        # POST bodies echo the submitted title; that is ours, not B's.
        body = body.replace(f"{MARKER} geändert".lower().encode(), b"")
        body = body.replace(f"{MARKER} ge&auml;ndert".lower().encode(), b"")
        # CSRF tokens are random letters and digits: one in a few thousand
        # holds the marker by chance.
        body = CSRF_TOKEN.sub(rb"\1", body)
        if marker in body:
            index = body.index(marker)
            return body[max(0, index - 80) : index + 40].decode(errors="replace")
    location = response.get("Location", "")
    if MARKER.lower() in location.lower():
        return f"redirect to {location}"
    return None


def test_every_admin_pattern_is_classified():
    """A new URL pattern (Wagtail upgrade, module) must say what it names."""
    from types import SimpleNamespace

    fake = SimpleNamespace(
        b_ids={},
        a=SimpleNamespace(slug="stadt-a"),
        b=SimpleNamespace(slug="stadt-b", home_page=SimpleNamespace(pk=1)),
        bundles=[{"page": 2}],
    )
    unclassified = []
    for pattern in admin_patterns():
        if not_municipal_reason(pattern):
            continue
        try:
            probes(pattern, fake)
        except Unclassified as error:
            unclassified.append(str(error))
    assert unclassified == []


@pytest.mark.parametrize(
    "namespace, label",
    [
        (
            "wagtailsnippets_rathaus_warnings_localnotice",
            "rathaus_warnings.localnotice",
        ),
        (
            "wagtailsnippetchoosers_rathaus_example_module_greeting",
            "rathaus_example_module.greeting",
        ),
        ("wagtailsnippets_waste_holidayshift", "waste.holidayshift"),
    ],
)
def test_snippet_namespaces_name_models_whose_app_label_has_underscores(
    namespace, label
):
    pattern = next(p for p in admin_patterns() if p.namespace == namespace)
    assert pk_kind(pattern) == label


@pytest.mark.django_db
def test_no_admin_url_shows_or_changes_another_municipalitys_objects(capsys):
    world = build_world()
    requesters = {role: Requester(user) for role, user in world.users.items()}
    baseline = fingerprint(world)
    leaks, changes, errors, known = [], [], [], []
    # 404s and 405s by the thousand: keep the log readable and the run fast.
    logging.disable(logging.WARNING)
    patterns = admin_patterns()
    only = os.environ.get("RATHAUS_SWEEP_ONLY")  # a regex, while debugging
    if only:
        patterns = [p for p in patterns if re.search(only, p.key)]
    tried = skipped = requests = export_files = 0
    refused = {}
    without_b_object = []
    export_probes = []
    for pattern in patterns:
        if not_municipal_reason(pattern):
            skipped += 1
            continue
        tried += 1
        pattern_probes = probes(pattern, world)
        without_b_object += [str(p) for p in pattern_probes if p.names_no_object]
        export_probes += [p for p in pattern_probes if "export" in p.query]
        attempts = (
            (probe, role_and_requester, method)
            for probe in pattern_probes
            for role_and_requester in requesters.items()
            for method in probe.methods
        )
        for probe, (role, requester), method in attempts:
            if method == "post" and refused.get((probe.url, str(probe.query), role)):
                continue  # the boundary refuses before any view, whatever the method
            requests += 1
            try:
                response = requester.request(method, probe)
            except Exception as error:  # a 500 is a finding too
                line = f"{role} {method.upper()} {probe}: {error!r}"
                if known_error(pattern, method):
                    known.append(line)
                else:
                    errors.append(line)
                continue
            if getattr(response.wsgi_request, "outside_boundary", False):
                refused[(probe.url, str(probe.query), role)] = True
            if "attachment" in response.get("Content-Disposition", ""):
                export_files += 1
            if response.status_code >= 500:
                errors.append(
                    f"{role} {method.upper()} {probe}: {response.status_code}"
                )
            leak = leak_of(response)
            if leak:
                (known if pattern.key in KNOWN_LEAKS else leaks).append(
                    f"{role} {method.upper()} {probe} -> {response.status_code}: "
                    f"{leak!r}"
                )
        now = fingerprint(world)
        if now != baseline:
            changes.append(f"{pattern.key} changed B's data")
            baseline = now
    logging.disable(logging.NOTSET)
    with capsys.disabled():
        print(
            f"\nadmin sweep: {len(patterns)} patterns ({tried} tried, {skipped} "
            f"not municipal), {len(requesters)} roles, {requests} requests; "
            f"leaks {len(leaks)}, changes {len(changes)}, errors {len(errors)}; "
            f"known and listed in admin_urls.py: {len(known)}; probes without an "
            f"object of B: {len(without_b_object)}; export files read: "
            f"{export_files}"
        )
        for line in (leaks + changes + errors + without_b_object)[:300]:
            print("  " + line[:400])
    report = os.environ.get("RATHAUS_SWEEP_REPORT")
    if report:
        with open(report, "w") as out:
            out.write("\n".join(leaks + changes + errors + ["known:"] + known))
    assert leaks == []
    assert changes == []
    assert errors == []
    # The world has an object of B for every pattern that can name one.
    assert without_b_object == []
    # The exports were read, not refused wholesale (A's roles see A's rows),
    # and each one can show B: a superuser's export of it holds B's marker.
    assert only or export_files > 0
    superuser = Requester(
        get_user_model().objects.create_superuser("sweep-root", "root@example.org")
    )
    blind = [
        str(probe)
        for probe in export_probes
        if not leak_of(superuser.request("get", probe))
    ]
    assert blind == []

"""Content-Security-Policy for the admin and the API (django-csp)."""

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (piece.strip() for piece in header.split(";"))
        if part
    }


def test_admin_pages_run_only_their_own_scripts(client, editor_a):
    client.force_login(editor_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["default-src"]
    assert "'unsafe-eval'" not in " ".join(sum(policy.values(), []))


def test_the_login_page_has_the_policy(client):
    response = client.get(reverse("wagtailadmin_login"))
    assert directives(response)["script-src"] == ["'self'"]


def test_api_answers_allow_nothing(client, municipality_a):
    response = client.post(
        "/graphql/",
        json.dumps({"query": "{ __typename }"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    policy = directives(response)
    assert policy["default-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_upload_endpoint_answers_allow_nothing(client):
    response = client.post("/api/uploads/", {"purpose": "nope"})
    assert response.status_code == 400
    assert directives(response)["default-src"] == ["'none'"]

"""previewPage: tokens resolve to drafts, expire, stay in their municipality
and are never cached."""

import json
import time

import pytest
from django.core import signing

from rathaus.graphql import contract

from .content_builders import build_content
from .test_content_pages import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(municipality_a):
    built = build_content(municipality_a, pages=3, translate_to=())
    page = built.pages[1].specific
    page.title = "Entwurf"
    page.body = [{"type": "paragraph", "value": "<p>Noch nicht veröffentlicht</p>"}]
    preview = page.create_page_preview()
    return page, preview


def variables(preview, municipality="stadt-a", content_type="content.informationpage"):
    return {
        "municipality": municipality,
        "token": preview.token,
        "contentType": content_type,
    }


def test_preview_resolves_the_draft(client, draft):
    page, preview = draft
    payload = run(client, "PreviewPage", variables(preview))
    assert "errors" not in payload, payload
    result = payload["data"]["previewPage"]
    assert result["title"] == "Entwurf"
    assert result["path"] == "/seite-0/seite-1/"
    assert result["parentId"] == str(page.get_parent().pk)
    assert result["html"] == "<p>Noch nicht veröffentlicht</p>"
    # The live page is unchanged.
    tree = run(client, "PageTree", {"municipality": "stadt-a"})["data"]["pageTree"]
    assert "Entwurf" not in {item["title"] for item in tree}


def test_preview_of_a_new_page(client, municipality_a):
    from rathaus.site.content.models import InformationPage

    built = build_content(municipality_a, pages=1, translate_to=())
    page = InformationPage(
        title="Neu", slug="neu", locale=municipality_a.default_locale
    )
    page.set_url_path(built.pages[0])
    # An unsaved page: headless-preview signs its parent and type.
    page.get_parent = lambda: built.pages[0]
    preview = page.create_page_preview()
    result = run(client, "PreviewPage", variables(preview))
    assert result["data"]["previewPage"]["title"] == "Neu"
    assert result["data"]["previewPage"]["path"] == "/seite-0/neu/"


def test_preview_never_reveals_another_municipalitys_draft(
    client, draft, municipality_b
):
    _page, preview = draft
    payload = run(client, "PreviewPage", variables(preview, municipality="stadt-b"))
    assert payload["data"]["previewPage"] is None
    assert payload["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_preview_tokens_expire(client, draft, monkeypatch):
    page, _preview = draft
    two_hours_ago = time.time() - 2 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: two_hours_ago)
    old = page.create_page_preview()
    monkeypatch.undo()
    payload = run(client, "PreviewPage", variables(old))
    error = payload["errors"][0]
    assert error["extensions"]["code"] == "PERMISSION_DENIED"
    assert error["extensions"]["reason"] == "expired"


def test_forged_token_and_bad_content_type(client, draft):
    _page, preview = draft
    forged = variables(preview)
    forged["token"] = signing.TimestampSigner(salt="other").sign("id=1")
    assert run(client, "PreviewPage", forged)["errors"][0]["extensions"] == {
        "code": "PERMISSION_DENIED",
        "reason": "invalid",
    }
    wrong = run(client, "PreviewPage", variables(preview, content_type="auth.user"))
    assert wrong["errors"][0]["extensions"]["code"] == "VALIDATION_ERROR"
    # A token for another page type's preview table finds nothing.
    other = run(
        client, "PreviewPage", variables(preview, content_type="content.newspage")
    )
    assert other["errors"][0]["extensions"]["code"] == "NOT_FOUND"


def test_preview_responses_are_never_cached(client, draft):
    _page, preview = draft
    text = contract.read_operation(contract.operations_dir() / "PreviewPage.graphql")
    for _ in range(2):
        response = client.get(
            "/graphql/",
            {
                "id": contract.document_id(text),
                "variables": json.dumps(variables(preview)),
            },
        )
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "X-Rathaus-Cache" not in response

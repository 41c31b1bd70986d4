"""GraphiQL loads from Rathaus's own static files and works under its CSP."""

from urllib.parse import urlsplit

import pytest
from django.test import override_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@override_settings(RATHAUS_GRAPHIQL=True)
def test_graphiql_runs_a_query_without_any_other_host(
    page, live_server, municipality_a
):
    hosts, problems = set(), []
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto(f"{live_server.url}/graphql/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp
    assert "unsafe-eval" not in csp
    page.wait_for_selector(".graphiql-query-editor .CodeMirror")
    page.click(".graphiql-query-editor .CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("{ municipalities { slug name ")
    page.click(".graphiql-execute-button")
    # A locator, not wait_for_function: the page's CSP forbids eval, also
    # Playwright's.
    page.locator(".graphiql-response").filter(has_text="stadt-a").wait_for()
    assert hosts == {urlsplit(live_server.url).netloc}
    assert problems == []

"""The admin works under its Content-Security-Policy, in a real browser: no
violation on the editor's main screens, and the pickers and choosers that
Wagtail starts with inline scripts still start."""

import pytest

from ..factories import add_information_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_the_admin_runs_without_csp_violations(
    page, login, live_server, municipality_a, editor_a
):
    info = add_information_page(municipality_a.home_page, "Anmeldung")
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    login("editor-a")
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{municipality_a.home_page.pk}/",
        f"/admin/pages/{info.pk}/edit/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/snippets/content/contact/add/",
    ]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        # Every chooser and date picker rendered without a script was started.
        assert (
            page.evaluate(
                "document.querySelectorAll('template[data-rathaus-widget],"
                " template[data-rathaus-chooser]').length"
            )
            == 0
        ), path
    page.goto(f"{live_server.url}/admin/pages/{info.pk}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof window.ImageChooser") == "function"
    violations = [text for text in messages if "Content Security Policy" in text]
    assert violations == []

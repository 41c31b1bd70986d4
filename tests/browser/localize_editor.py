"""Steps in wagtail-localize's translation editor, shared by the browser tests."""

from django.test import Client
from django.urls import reverse
from wagtail.models import Locale, Page


def start_translation(editor, page, code):
    """An editor submits ``page`` for translation into ``code``; the target."""
    client = Client()
    client.force_login(editor)
    locale = Locale.objects.get(language_code=code)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
        {"locales": [locale.pk]},
    )
    assert response.status_code == 302
    return Page.objects.get(translation_key=page.translation_key, locale=locale)


def translate_segments(page, translations, translate="Translate", save="Save"):
    """Fill every segment in the editor, as a translator does; ``translate``
    and ``save`` are the buttons' names in the admin's language."""
    for _ in range(len(translations)):
        button = page.get_by_role("button", name=translate, exact=True).first
        button.scroll_into_view_if_needed()
        button.click()
        editor = page.locator("textarea").first
        source = editor.locator("xpath=ancestor::li[1]").inner_text()
        value = next(text for german, text in translations.items() if german in source)
        editor.fill(value)
        page.get_by_role("button", name=save, exact=True).first.click()
        page.wait_for_timeout(300)

"""The platform's content languages.

Each municipality offers a subset of these. Direction is kept here rather than
taken from Django's ``LANGUAGES_BIDI``, because several languages newcomers
speak (Pashto, Dari, Kurmanji) are unknown to Django.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentLanguage:
    code: str
    name: str
    native_name: str
    direction: str = "ltr"


CONTENT_LANGUAGES = [
    ContentLanguage("de", "German", "Deutsch"),
    ContentLanguage("de-x-ls", "Easy German", "Leichte Sprache"),
    ContentLanguage("en", "English", "English"),
    ContentLanguage("ar", "Arabic", "العربية", "rtl"),
    ContentLanguage("fa", "Farsi", "فارسی", "rtl"),
    ContentLanguage("prs", "Dari", "دری", "rtl"),
    ContentLanguage("ps", "Pashto", "پښتو", "rtl"),
    ContentLanguage("uk", "Ukrainian", "Українська"),
    ContentLanguage("ru", "Russian", "Русский"),
    ContentLanguage("tr", "Turkish", "Türkçe"),
    ContentLanguage("kmr", "Kurmanji", "Kurmancî"),
    ContentLanguage("fr", "French", "Français"),
    ContentLanguage("es", "Spanish", "Español"),
    ContentLanguage("pl", "Polish", "Polski"),
    ContentLanguage("ro", "Romanian", "Română"),
    ContentLanguage("bg", "Bulgarian", "Български"),
    ContentLanguage("ti", "Tigrinya", "ትግርኛ"),
    ContentLanguage("so", "Somali", "Soomaali"),
]

BY_CODE = {language.code: language for language in CONTENT_LANGUAGES}


def get_content_language(code):
    return BY_CODE.get(code)

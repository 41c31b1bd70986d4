"""Plain-text e-mails from templates, in the recipient's language.

A module keeps ``<template>.txt`` (the body) and ``<template>_subject.txt``
under its templates and calls ``api.send_templated_email``. Text templates
are rendered without HTML autoescaping ("Müller & Söhne" stays as typed);
where the recipient's language is unknown, the body is sent in several
languages, one after the other.
"""

import functools

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import Context, Engine, engines
from django.utils import translation

LANGUAGE_SEPARATOR = "\n\n--\n\n"


@functools.cache
def _text_engine():
    """The project's template dirs and tag libraries, for text."""
    base = engines["django"].engine
    return Engine(
        dirs=base.dirs,
        app_dirs=base.app_dirs,
        libraries=base.libraries,
    )


def render_text(template_name, context):
    """A text template rendered without HTML escaping."""
    template = _text_engine().get_template(template_name)
    return template.render(Context(context, autoescape=False))


def render_email(template, context, languages=None):
    """``(subject, body)``: the subject in the first language, the body in
    every language given (the admin's default language if none)."""
    languages = list(languages or [settings.LANGUAGE_CODE])
    subject, bodies = None, []
    for language in languages:
        with translation.override(language):
            if subject is None:
                subject = " ".join(
                    render_text(f"{template}_subject.txt", context).split()
                )
            bodies.append(render_text(f"{template}.txt", context).strip())
    return subject, LANGUAGE_SEPARATOR.join(bodies) + "\n"


def send_templated_email(template, context, to, *, languages=None, reply_to=None):
    subject, body = render_email(template, context, languages)
    EmailMessage(
        subject=subject,
        body=body,
        to=list(to),
        reply_to=[reply_to] if reply_to else None,
    ).send()

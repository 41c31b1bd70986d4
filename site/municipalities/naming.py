"""Names the platform gives to Wagtail objects staff see in the admin."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from rathaus.site.settings.languages import get_content_language

NAME_MAX_LENGTH = 255  # Workflow.name and Task.name


def review_workflow_name(municipality_name, language_code):
    """ "Prüfung Arabisch, Stadt Bayreuth": the review workflow (and its task)
    of one language of one municipality. Stored names cannot follow each
    user's language, so they are in the admin's default language."""
    language = get_content_language(language_code)
    with translation.override(settings.LANGUAGE_CODE):
        name = gettext("Review %(language)s, %(municipality)s") % {
            "language": str(language.name) if language else language_code,
            "municipality": municipality_name,
        }
    return name[:NAME_MAX_LENGTH]


def legacy_review_workflow_name(slug, language_code):
    """The name the first releases gave: ``"<slug>: review (<code>)"``."""
    return f"{slug}: review ({language_code})"

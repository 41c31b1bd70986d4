"""Translation steps through the same services and workflow calls the admin uses."""

import json
import uuid

from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

from rathaus.site.translation import services, status
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

from .conftest import locale


def status_of(page, code="ar"):
    row = TranslationStatus.objects.filter(
        translation_key=page.translation_key, locale=locale(code)
    ).first()
    return row.status if row else Status.MISSING


def target(page, code="ar"):
    return Page.objects.get(
        translation_key=page.translation_key, locale=locale(code)
    ).specific


def translate(translation, user, prefix="AR ", kind=None, only=None):
    """Fill segments (all, or those whose source text is in ``only``)."""
    kind = kind or StringTranslation.TRANSLATION_TYPE_MANUAL
    for segment in StringSegment.objects.filter(
        source=translation.source
    ).select_related("string"):
        if only is not None and segment.string.data not in only:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
            defaults={
                "data": prefix + segment.string.data,
                "last_translated_by": user,
                "translation_type": kind,
            },
        )


def workflow_action(page, user, action, comment=""):
    """What the admin's Approve / Request changes buttons call."""
    state = services.active_workflow_state(page)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, action, comment=comment)


def approve(page, reviewer):
    workflow_action(page, reviewer, "approve")


def reject(page, reviewer, comment="Bitte prüfen"):
    workflow_action(page, reviewer, "reject", comment=comment)


def go_live_reviewed(translation, submitter):
    """Submit ``translation`` as ``submitter``; a reviewer of its language approves."""
    from ..factories import make_user
    from .conftest import Role

    page = target_of(translation)
    services.submit_for_review(translation, submitter)
    municipality = status.municipality_for_page(page)
    code = translation.target_locale.language_code
    reviewer = make_user(
        f"reviewer-{municipality.slug}-{code}-builder",
        municipality=municipality,
        role=Role.REVIEWERS,
        locale=code,
    )
    approve(page, reviewer)
    return target_of(translation)


def target_of(translation):
    return Page.objects.get(
        translation_key=translation.source.object_id,
        locale=translation.target_locale,
    ).specific


def reviewed_translation(page, translator, reviewer, code="ar"):
    """Start, translate, submit and approve: a live, up-to-date translation."""
    translation = services.start_translation(page, locale(code))
    translate(translation, translator)
    services.submit_for_review(translation, translator)
    approve(target(page, code), reviewer)
    return translation


def set_paragraphs(page, *texts, heading="Öffnungszeiten"):
    """A new body; blocks keep their ids by position, as the editor keeps them."""
    page = page.specific
    ids = [block.get("id") for block in page.body.raw_data]
    blocks = [{"type": "heading", "value": {"text": heading, "level": "h2"}}] + [
        {"type": "paragraph", "value": f"<p>{text}</p>"} for text in texts
    ]
    for index, block in enumerate(blocks):
        known = ids[index] if index < len(ids) else None
        block["id"] = known or str(uuid.uuid5(uuid.NAMESPACE_URL, f"{page.pk}/{index}"))
    page.body = json.dumps(blocks)
    return page.save_revision()

"""What happens when a review workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail's default finish action publishes the latest revision as the approver
and checks the approver's publish permission. Rathaus's reviewers do not hold
that permission: the approval itself is what allows publishing. For a
translated page the approval is refused unless the approver wrote none of it
(four eyes) and every segment is translated; the page then goes live with the
translations as they are now, and the reviewed segments are recorded.
Raising here rolls the whole approval back (Wagtail runs it in a transaction).
"""


def publish_approved(workflow_state, user=None):
    """Publish the approved object, recording ``user`` (the approver) as publisher.

    Works for pages and for snippets with workflows alike: both publish through
    ``Revision.publish``.
    """
    # wagtail.models imports this module (the setting) while it loads.
    from wagtail.models import Page

    from . import services

    content = workflow_state.content_object
    if isinstance(content, Page):
        page = content.specific
        translation = services.translation_for_page(page, enabled_only=False)
        if translation is not None:
            services.publish_approved_translation(
                page, translation, workflow_state, user
            )
            return
    revision = content.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)

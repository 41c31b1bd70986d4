"""What happens when a review workflow is approved (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail's default finish action publishes the latest revision as the approver
and checks the approver's publish permission. Rathaus's reviewers do not hold
that permission, so they cannot publish a translation without review; the
approval itself is what allows publishing.
"""


def publish_approved(workflow_state, user=None):
    """Publish the approved object, recording ``user`` (the approver) as publisher.

    Works for pages and for snippets with workflows alike: both publish through
    ``Revision.publish``.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)

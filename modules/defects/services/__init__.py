"""The defect reporter's domain logic, by topic: submission, moderation (the
state machine), forwarding, notices, retention, public read. GraphQL,
Open311, the admin, tasks and commands call these functions; none of them
holds logic of its own.
"""

from .common import MODULE
from .forwarding import backoff, retry_due_forwardings, retry_forwarding
from .moderation import (
    TRANSITIONS,
    InvalidTransition,
    add_internal_note,
    allowed_transitions,
    ban_reporter,
    edit_report,
    set_photo_hidden,
    transition,
)
from .notices import notify_reporter
from .public import (
    categories_for,
    categories_with_attributes,
    nearby_reports,
    public_reports,
)
from .retention import anonymise_closed_reports
from .submission import SubmissionRefused, report_data, submit_report

__all__ = [
    "InvalidTransition",
    "MODULE",
    "SubmissionRefused",
    "TRANSITIONS",
    "add_internal_note",
    "allowed_transitions",
    "anonymise_closed_reports",
    "backoff",
    "ban_reporter",
    "categories_for",
    "categories_with_attributes",
    "edit_report",
    "nearby_reports",
    "notify_reporter",
    "public_reports",
    "report_data",
    "retry_due_forwardings",
    "retry_forwarding",
    "set_photo_hidden",
    "submit_report",
    "transition",
]

"""The defect reporter's domain logic, by topic: submission, moderation (the
state machine), forwarding, notices, retention, public read. GraphQL,
Open311, the admin, tasks and commands call these functions; none of them
holds logic of its own.
"""

from .common import MODULE
from .forwarding import (
    backoff,
    forward,
    retry_due_forwardings,
    retry_forwarding,
    send_forwarding,
)
from .moderation import (
    TRANSITIONS,
    InvalidTransition,
    add_internal_note,
    allowed_transitions,
    ban_email,
    ban_reporter,
    edit_report,
    set_photo_hidden,
    transition,
)
from .notices import notify_reporter
from .public import (
    bbox_around,
    categories_for,
    haversine_metres,
    nearby_reports,
    public_reports,
)
from .retention import anonymise_closed_reports
from .submission import SubmissionRefused, is_banned, report_data, submit_report

__all__ = [
    "InvalidTransition",
    "MODULE",
    "SubmissionRefused",
    "TRANSITIONS",
    "add_internal_note",
    "allowed_transitions",
    "anonymise_closed_reports",
    "backoff",
    "ban_email",
    "ban_reporter",
    "bbox_around",
    "categories_for",
    "edit_report",
    "forward",
    "haversine_metres",
    "is_banned",
    "nearby_reports",
    "notify_reporter",
    "public_reports",
    "report_data",
    "retry_due_forwardings",
    "retry_forwarding",
    "send_forwarding",
    "set_photo_hidden",
    "submit_report",
    "transition",
]

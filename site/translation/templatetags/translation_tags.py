from django import template
from wagtail.models import Page, TaskState, WorkflowState

from .. import services
from ..models import TranslationStatus
from ..state import Status

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.inclusion_tag("translation/review_panel.html", takes_context=True)
def review_panel(context, translation, instance):
    """The review step in wagtail-localize's editor: status and "Submit for review"."""
    request = context["request"]
    if not isinstance(instance, Page):
        return {"hidden": True}
    page = instance
    perms = page.permissions_for_user(request.user)
    row = TranslationStatus.objects.filter(
        translation_key=page.translation_key, locale_id=page.locale_id
    ).first()
    status_value = row.status if row else Status.MISSING
    workflow = page.get_workflow()
    state = services.active_workflow_state(page)
    in_review = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    needs_changes = (
        state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
    )
    comment = ""
    if needs_changes and state.current_task_state_id:
        comment = (
            TaskState.objects.filter(pk=state.current_task_state_id)
            .values_list("comment", flat=True)
            .first()
            or ""
        )
    source_page = (
        Page.objects.filter(
            translation_key=page.translation_key,
            locale_id=translation.source.locale_id,
        )
        .values_list("pk", flat=True)
        .first()
    )
    return {
        "translation": translation,
        "row": row,
        "status_value": status_value,
        "status_label": Status(status_value).label,
        "workflow": workflow,
        "workflow_state": state,
        "in_review": in_review,
        "needs_changes": needs_changes,
        "comment": comment,
        "can_edit": perms.can_edit() and not perms.page_locked(),
        "can_submit": workflow is not None
        and workflow.active
        and not in_review
        and perms.can_edit()
        and not perms.page_locked(),
        "can_mark_reviewed": bool(row and row.machine_segments)
        and perms.can_edit()
        and not perms.page_locked(),
        "source_page_id": source_page,
    }

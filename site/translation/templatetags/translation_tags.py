from django import template
from wagtail.models import Page, TaskState, WorkflowState

from rathaus.site.settings.languages import BY_CODE

from .. import review, services, sharing
from ..models import TranslationStatus
from ..state import Status

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def is_rtl(language_code):
    """Whether a language is written right to left (Arabic, Farsi, Pashto, ...)."""
    language = BY_CODE.get(language_code)
    return language is not None and language.direction == "rtl"


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
    review_actions, approve_refused = [], ""
    if in_review and state.current_task_state_id:
        task_state = state.current_task_state
        actions = task_state.task.specific.get_actions(page, request.user)
        review_actions = sorted({name for name, _label, _modal in actions})
        if "approve" in review_actions:
            try:
                review.check_can_approve(translation, page, state, request.user)
            except review.ReviewRefused as refused:
                approve_refused = str(refused)
                review_actions.remove("approve")
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
        "review_actions": review_actions,
        "approve_refused": approve_refused,
        "task_state_id": state.current_task_state_id if state else None,
        "page_id": page.pk,
    }


@register.inclusion_tag("translation/shared_page_marker.html")
def shared_page_marker(page):
    """Marks an alias in the explorer: "Shared by <owner>" for a partner's
    shared page, "Alias" for any other (both are read-only where they are)."""
    shared = sharing.share_of_alias(page)
    return {"owner": shared.owner if shared is not None else None}

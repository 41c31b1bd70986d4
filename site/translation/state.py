"""The translation status of one (page, locale): a small, pure state machine.

Every (page, locale) has exactly one status. Events change it; nothing else
does. The function here has no side effects and no database access, so its
rules can be checked exhaustively (see tests/translation/test_state.py).

Alongside the status the state keeps one fact the status depends on:
``machine_unreviewed``, whether machine-translated segments remain that no
human has reviewed. Approving a translation publishes it, but it stays
"machine translated (unreviewed)" until a person has confirmed or replaced
every machine-translated segment.
"""

from dataclasses import dataclass, replace

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_TRANSLATION = "in_translation", _("In translation")
    IN_REVIEW = "in_review", _("In review")
    UP_TO_DATE = "up_to_date", _("Up to date")
    OUTDATED = "outdated", _("Outdated")
    MACHINE_TRANSLATED = "machine_translated", _("Machine translated (unreviewed)")


class Event(models.TextChoices):
    STARTED = "started", _("Translation started")
    SEGMENT_SAVED = "segment_saved", _("Segment saved by a person")
    MACHINE_TRANSLATED = "machine_translated", _("Segments machine-translated")
    SUBMITTED = "submitted", _("Submitted for review")
    APPROVED = "approved", _("Approved and published")
    REJECTED = "rejected", _("Changes requested")
    SOURCE_CHANGED = "source_changed", _("Source changed")
    SOURCE_CHANGED_MINOR = "source_changed_minor", _("Source changed (minor edit)")
    REMOVED = "removed", _("Translation removed")


@dataclass(frozen=True)
class State:
    status: Status = Status.MISSING
    machine_unreviewed: bool = False


# Statuses in which the translation is being worked on, before review. Which of
# the two applies depends only on unreviewed machine-translated segments.
DRAFTING = {Status.IN_TRANSLATION, Status.MACHINE_TRANSLATED}


def _drafting(machine_unreviewed):
    return Status.MACHINE_TRANSLATED if machine_unreviewed else Status.IN_TRANSLATION


def _published(machine_unreviewed):
    return Status.MACHINE_TRANSLATED if machine_unreviewed else Status.UP_TO_DATE


def transition(state: State, event: Event, machine_unreviewed=None) -> State:
    """The state after ``event``.

    ``machine_unreviewed`` is the fact after the event where the caller knows
    it (it is counted in the database); ``None`` keeps the previous value.
    Events that do not apply in a state (approving a missing translation,
    rejecting one that is not in review, editing one that is locked in
    review) leave the state unchanged, the fact included.
    """
    event = Event(event)
    status = Status(state.status)
    if event == Event.SOURCE_CHANGED_MINOR:
        # A minor edit (typo, formatting) never changes a translation's status.
        return state
    if event == Event.REMOVED:
        return State(Status.MISSING, False)
    if event == Event.MACHINE_TRANSLATED:
        machine_unreviewed = True
    elif machine_unreviewed is None:
        machine_unreviewed = state.machine_unreviewed
    machine_unreviewed = bool(machine_unreviewed)

    if status == Status.MISSING:
        if event != Event.STARTED:
            return state
        new_status = _drafting(machine_unreviewed)
    elif event == Event.STARTED:
        # Restarting an existing translation keeps what it has.
        return state
    elif event in (Event.SEGMENT_SAVED, Event.MACHINE_TRANSLATED):
        # In review the page is locked: the reviewer sees what was submitted.
        if status == Status.IN_REVIEW:
            return state
        new_status = _drafting(machine_unreviewed)
    elif event == Event.SUBMITTED:
        new_status = Status.IN_REVIEW
    elif event == Event.APPROVED:
        new_status = _published(machine_unreviewed)
    elif event == Event.REJECTED:
        if status != Status.IN_REVIEW:
            return state
        new_status = _drafting(machine_unreviewed)
    else:  # Event.SOURCE_CHANGED
        # Work in progress simply gets the new segments; anything finished
        # (published, machine-complete or under review) now lags the source.
        if status == Status.IN_TRANSLATION:
            return state
        new_status = Status.OUTDATED
        machine_unreviewed = state.machine_unreviewed
    return replace(state, status=new_status, machine_unreviewed=machine_unreviewed)


def run(events, start=None) -> State:
    """Fold a sequence of events (or ``(event, machine_unreviewed)`` pairs)."""
    state = start or State()
    for item in events:
        if isinstance(item, tuple):
            state = transition(state, *item)
        else:
            state = transition(state, item)
    return state

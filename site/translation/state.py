"""The statuses a translation can have, and the pure rule that picks one.

``derive`` has no side effects and no database access: it maps the facts of
one (source page, locale), gathered by ``facts.gather``, to a status and its
counters, so its rules can be read in one place and checked exhaustively
(tests/translation/test_state.py). The stored ``TranslationStatus`` rows are a
cache of its result (see ``status.refresh``).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    MISSING = "missing", _("Missing")
    IN_TRANSLATION = "in_translation", _("In translation")
    IN_REVIEW = "in_review", _("In review")
    UP_TO_DATE = "up_to_date", _("Up to date")
    OUTDATED = "outdated", _("Outdated")
    MACHINE_TRANSLATED = "machine_translated", _("Machine translated (unreviewed)")


MANUAL = "manual"
MACHINE = "machine"


@dataclass(frozen=True)
class Facts:
    """What is true of one source page's translation into one locale.

    ``segments`` maps each translatable segment of the live source (a
    ``(context_id, string_id)`` key) to its word count. ``drafted`` maps the
    segments that have a translation in translation memory to ``MANUAL`` or
    ``MACHINE`` (machine output no person has edited or marked reviewed).
    ``reviewed_live`` holds the segment keys whose translation a reviewer
    approved and that are live on the target now.
    """

    segments: dict = field(default_factory=dict)
    target_exists: bool = False
    target_live: bool = False
    in_review: bool = False
    drafted: dict = field(default_factory=dict)
    reviewed_live: frozenset = frozenset()


@dataclass(frozen=True)
class Derived:
    status: Status
    words_total: int
    words_left: int
    machine_segments: int

    @property
    def machine_unreviewed(self):
        return self.machine_segments > 0


def derive(facts: Facts) -> Derived:
    """The status of a translation, from its facts.

    - MISSING: no translated page exists.
    - IN_REVIEW: the translation is in its review workflow.
    - UP_TO_DATE: the translated page is live and every segment of the live
      source has a reviewed translation live on it.
    - OUTDATED: the translated page is live but at least one segment of the
      live source has no reviewed translation live (the source changed, or
      the page went live incomplete).
    - MACHINE_TRANSLATED: not live yet, and the draft holds machine output no
      person has reviewed.
    - IN_TRANSLATION: not live yet, everything drafted so far is by people.

    ``words_left`` counts the words without a reviewed translation live
    (for pages not yet live: without any translation). ``machine_segments``
    counts machine-translated segments that are not reviewed live.
    """
    segments = facts.segments
    words_total = sum(segments.values())
    machine = sum(
        1
        for key in segments
        if facts.drafted.get(key) == MACHINE and key not in facts.reviewed_live
    )
    if not facts.target_exists:
        return Derived(Status.MISSING, words_total, words_total, 0)
    if facts.target_live:
        words_left = sum(
            words for key, words in segments.items() if key not in facts.reviewed_live
        )
    else:
        words_left = sum(
            words for key, words in segments.items() if key not in facts.drafted
        )
    if facts.in_review:
        status = Status.IN_REVIEW
    elif facts.target_live:
        # Counted by segment: a segment without words (a number) counts too.
        complete = all(key in facts.reviewed_live for key in segments)
        status = Status.UP_TO_DATE if complete else Status.OUTDATED
    elif machine:
        status = Status.MACHINE_TRANSLATED
    else:
        status = Status.IN_TRANSLATION
    return Derived(status, words_total, words_left, machine)

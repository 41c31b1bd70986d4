"""A model of one page's translation, and a state machine that drives the real code.

The machine applies editor, translator, reviewer, machine-translation and tree
operations through the services and workflow calls the admin's views use,
and after every step compares the stored status, the matrix, ``translation_status
--check`` and GraphQL's ``translationStatus``/``isFallback`` with a ground truth
kept here, independently, from the operations alone (which text the source
shows, which texts were translated by whom and how, what a reviewer approved).

Used by tests/translation/test_model.py (CI) and bench/translation_model.py.
"""

import json
import re
from dataclasses import dataclass, field

from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from wagtail.models import Page
from wagtail_localize.models import StringSegment, StringTranslation

from rathaus.graphql.content.fragments import page_fragments
from rathaus.graphql.content.index import built_indexes
from rathaus.site.translation import review, services, status
from rathaus.site.translation.models import TranslationStatus
from rathaus.site.translation.state import Status

VARIANTS = ["Montags geöffnet.", "Dienstags geöffnet.", "Geschlossen."]
MANUAL = StringTranslation.TRANSLATION_TYPE_MANUAL
MACHINE = StringTranslation.TRANSLATION_TYPE_MACHINE
QUERY = (
    "query($municipality: String!, $locale: String!) { pageTree(municipality:"
    " $municipality, locale: $locale) { id translationStatus isFallback } }"
)


@dataclass
class Truth:
    """What must be true, from the operations alone."""

    source_live: bool = True
    text: str | None = None  # the source's live paragraph (set from the page)
    synced: str | None = None  # the paragraph the segments were taken from
    started: bool = False
    target_live: bool = False
    review: str | None = None  # None, "in_progress", "needs_changes"
    requester: str | None = None
    round_editors: set = field(default_factory=set)
    fixed: tuple | None = None  # (kind, author) of the other segments
    memory: dict = field(default_factory=dict)  # paragraph text -> (kind, author)
    live_para: str | None = None  # the paragraph text a reviewer approved live
    live_fixed: bool = False

    def drafted(self):
        keys = {}
        if self.fixed:
            keys["fixed"] = self.fixed
        if self.synced in self.memory:
            keys["para"] = self.memory[self.synced]
        return keys

    def reviewed_live(self):
        keys = set()
        if self.live_fixed:
            keys.add("fixed")
        if self.live_para is not None and self.live_para == self.synced:
            keys.add("para")
        return keys

    def complete(self):
        return set(self.drafted()) == {"fixed", "para"}

    def status(self):
        if not self.source_live or not self.started:
            return Status.MISSING
        if self.review == "in_progress":
            return Status.IN_REVIEW
        if self.target_live:
            if self.reviewed_live() == {"fixed", "para"}:
                return Status.UP_TO_DATE
            return Status.OUTDATED
        if any(kind == MACHINE for kind, _a in self.drafted().values()):
            return Status.MACHINE_TRANSLATED
        return Status.IN_TRANSLATION


class Rollback(Exception):
    pass


class TranslationMachine(RuleBasedStateMachine):
    """Configured by ``bind`` with the world built once per test run."""

    world = None

    def __init__(self):
        super().__init__()
        self.truth = Truth()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        world = self.world
        self.page = world.page
        self.locale = world.locale
        self.users = world.users
        self.translation = None
        # The ground truth starts from the page the world was built with.
        paragraph = self.source().body.raw_data[1]["value"]
        self.truth.text = re.fullmatch(r"<p>(.*)</p>", paragraph).group(1)

    def teardown(self):
        self.atomic.__exit__(Rollback, Rollback(), None)
        # Rolled back: the next example starts from rows an index (and the
        # pages' answers) kept for the current content generation no longer
        # describe (a transaction that bumps, reads and rolls back is what
        # only a test does).
        built_indexes.clear()
        page_fragments.clear()

    # helpers

    def source(self):
        return Page.objects.get(pk=self.page.pk).specific

    def target(self):
        return Page.objects.filter(
            translation_key=self.page.translation_key, locale=self.locale
        ).first()

    def publish_text(self, text, minor=False):
        page = self.source()
        body = [dict(block) for block in page.body.raw_data]
        body[1]["value"] = f"<p>{text}</p>"
        page.body = json.dumps(body)
        with services.minor_edit(minor):
            page.save_revision(user=self.users["editor"]).publish(
                user=self.users["editor"]
            )
        truth = self.truth
        truth.source_live = True
        truth.text = text
        if truth.synced is not None and not minor and truth.synced != text:
            truth.synced = text
            if truth.review == "in_progress":
                truth.review = None  # the review under way is cancelled

    def write(self, user_name, kind, only_missing=False):
        truth = self.truth
        user = self.users[user_name]
        for segment in StringSegment.objects.filter(
            source=self.translation.source
        ).select_related("string"):
            is_para = segment.string.data == truth.synced
            exists = StringTranslation.objects.filter(
                translation_of=segment.string,
                locale=self.locale,
                context=segment.context,
            ).exists()
            if only_missing and exists:
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=self.locale,
                context=segment.context,
                defaults={
                    "data": f"{kind} {user_name} {segment.string.data}",
                    "last_translated_by": user,
                    "translation_type": kind,
                },
            )
            if is_para:
                truth.memory[truth.synced] = (kind, user_name)
            elif not (only_missing and truth.fixed):
                truth.fixed = (kind, user_name)
        if truth.review == "in_progress":
            truth.round_editors.add(user_name)

    # editor

    @rule(variant=st.sampled_from(VARIANTS), minor=st.booleans())
    def editor_publishes(self, variant, minor):
        self.publish_text(variant, minor=minor)

    @precondition(lambda self: self.truth.source_live)
    @rule()
    def editor_unpublishes_the_source(self):
        self.source().unpublish(user=self.users["editor"])
        self.truth.source_live = False
        self.truth.target_live = False

    @precondition(lambda self: self.truth.started)
    @rule()
    def editor_tries_to_publish_the_translation(self):
        target = self.target().specific
        try:
            target.get_latest_revision().publish(user=self.users["editor"])
        except review.ReviewRequired:
            return
        assert target.live and self.truth.target_live, "published around review"

    # translator

    @precondition(lambda self: self.truth.source_live and not self.truth.started)
    @rule()
    def editor_starts_the_translation(self):
        # The page as the admin's view loads it (the fixture's instance still
        # holds the text it was created with).
        self.translation = services.start_translation(self.source(), self.locale)
        truth = self.truth
        truth.started = True
        if truth.synced is None:
            truth.synced = truth.text

    @precondition(
        lambda self: self.truth.started and self.truth.review != "in_progress"
    )
    @rule()
    def translator_translates(self):
        self.write("translator", MANUAL)

    @precondition(
        lambda self: self.truth.started and self.truth.review != "in_progress"
    )
    @rule()
    def machine_translates_what_is_missing(self):
        self.write("translator", MACHINE, only_missing=True)

    @precondition(
        lambda self: self.truth.started and self.truth.review != "in_progress"
    )
    @rule()
    def translator_marks_machine_output_reviewed(self):
        services.mark_machine_translations_reviewed(
            self.translation, self.users["translator"]
        )
        truth = self.truth
        if truth.fixed and truth.fixed[0] == MACHINE:
            truth.fixed = (MANUAL, "translator")
        for text, (kind, _author) in list(truth.memory.items()):
            if kind == MACHINE:
                truth.memory[text] = (MANUAL, "translator")

    @precondition(lambda self: self.truth.started and self.truth.source_live)
    @rule()
    def translator_submits(self):
        truth = self.truth
        expected = truth.review != "in_progress" and truth.complete()
        try:
            services.submit_for_review(self.translation, self.users["translator"])
        except services.ReviewError:
            assert not expected, "submission refused"
            return
        assert expected, "submission accepted"
        truth.review = "in_progress"
        truth.requester = "translator"
        truth.round_editors = set()

    # reviewers

    @precondition(lambda self: self.truth.review == "in_progress")
    @rule()
    def reviewer_edits_a_segment(self):
        self.write("reviewer", MANUAL)

    @precondition(lambda self: self.truth.review == "in_progress")
    @rule(reviewer=st.sampled_from(["reviewer", "reviewer_2"]))
    def reviewer_approves(self, reviewer):
        truth = self.truth
        unreviewed_authors = {
            author
            for key, (_kind, author) in truth.drafted().items()
            if key not in truth.reviewed_live()
        }
        allowed = (
            reviewer != truth.requester
            and reviewer not in truth.round_editors
            and reviewer not in unreviewed_authors
            and truth.complete()
        )
        state = services.active_workflow_state(self.target())
        task_state = state.current_task_state
        try:
            with transaction.atomic():
                task_state.task.specific.on_action(
                    task_state, self.users[reviewer], "approve"
                )
        except review.ReviewRefused:
            assert not allowed, "approval refused"
            return
        assert allowed, "approval accepted"
        truth.review = None
        truth.target_live = True
        truth.live_para = truth.synced
        truth.live_fixed = True

    @precondition(lambda self: self.truth.review == "in_progress")
    @rule()
    def reviewer_requests_changes(self):
        state = services.active_workflow_state(self.target())
        task_state = state.current_task_state
        task_state.task.specific.on_action(
            task_state, self.users["reviewer"], "reject", comment="Bitte prüfen"
        )
        self.truth.review = "needs_changes"

    # checks

    @invariant()
    def stored_status_is_the_truth(self):
        expected = self.truth.status()
        row = TranslationStatus.objects.filter(
            translation_key=self.page.translation_key, locale=self.locale
        ).first()
        stored = row.status if row else Status.MISSING
        assert stored == expected, (stored, expected, self.truth)
        assert (row is None) == (not self.truth.source_live)

    @invariant()
    def matrix_equals_the_rows(self):
        cells = status.matrix([self.world.municipality])[self.world.municipality.pk]
        counts = cells[self.locale.pk]["counts"]
        rows = TranslationStatus.objects.filter(
            municipality=self.world.municipality, locale=self.locale
        )
        for value in Status.values:
            assert counts[value] == rows.filter(status=value).count()

    @invariant()
    def nothing_differs_from_the_facts(self):
        assert status.check([self.world.municipality]) == []

    @invariant()
    def graphql_agrees(self):
        if self.world.client is None:
            return
        response = self.world.client.post(
            "/graphql/",
            json.dumps(
                {
                    "query": QUERY,
                    "variables": {
                        "municipality": self.world.municipality.slug,
                        "locale": self.locale.language_code,
                    },
                }
            ),
            content_type="application/json",
        )
        tree = response.json()["data"]["pageTree"]
        target = self.target()
        ids = {str(self.page.pk)} | ({str(target.pk)} if target else set())
        nodes = [node for node in tree if node["id"] in ids]
        if not self.truth.source_live:
            assert not [n for n in nodes if n["id"] == str(self.page.pk)]
            return
        (node,) = nodes
        assert node["isFallback"] == (not self.truth.target_live)
        assert node["translationStatus"] == self.truth.status().upper()


@dataclass
class World:
    municipality: object
    page: object
    locale: object
    users: dict
    client: object = None


def machine_for(world):
    return type("BoundTranslationMachine", (TranslationMachine,), {"world": world})

"""Cached answers against fresh ones, after random editorial and module steps.

A state machine applies editor, translator, reviewer and module operations
(the calls the admin makes; the waste calendar's admin edits) in two
municipalities, and after
every step asks each contract query of municipality A twice: by ``GET`` with
its persisted id (the response cache: Redis and the worker's copies, keyed by
content generation, generations read through the worker's memo) and by
``POST`` (never cached), with every page computed from scratch (no page
answers kept from earlier trees, ``content/fragments.py``). The two answers
must be equal: a difference is a change that did not reach the cache or a
kept page answer.

Used by tests/graphql/test_cache_differential.py (CI and the long run).
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from graphql import OperationDefinitionNode, parse
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from wagtail.models import Page, PageViewRestriction

from rathaus.graphql import contract
from rathaus.graphql.content.fragments import page_fragments
from rathaus.site.content.models import InformationPage
from rathaus.site.content.snippets import Contact, LocationCategory
from rathaus.site.translation import review

from ..caches import forget_everything_cached
from .content_builders import paragraph, translate

# Operations that are not asked: previews need a token and are never cached.
SKIPPED = {"PreviewPage"}
LOCALES = ("de", "en")


def query_operations():
    """``{name: (text, variable names)}`` of the contract's queries."""
    operations = {}
    for path in sorted(contract.operations_dir().glob("*.graphql")):
        text = contract.read_operation(path)
        operation = next(
            definition
            for definition in parse(text).definitions
            if isinstance(definition, OperationDefinitionNode)
        )
        if operation.operation.value == "query" and path.stem not in SKIPPED:
            names = {
                node.variable.name.value for node in operation.variable_definitions
            }
            operations[path.stem] = (text, names)
    return operations


@dataclass
class Tally:
    """What a run compared (read by the long run's report)."""

    sequences: int = 0
    steps: int = 0
    comparisons: int = 0
    differences: list = field(default_factory=list)


tally = Tally()


class Rollback(Exception):
    pass


class CacheMachine(RuleBasedStateMachine):
    """Configured by ``bind`` with the world built once per test."""

    world = None

    def __init__(self):
        super().__init__()
        tally.sequences += 1
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        # Each example starts from the built world: its lists are copied, and
        # pages are loaded fresh (an instance kept from a rolled-back example
        # names revisions and tree positions that no longer exist).
        world = self.world.built
        self.built = replace(
            world,
            home=Page.objects.get(pk=world.home.pk).specific,
            pages=list(world.pages),
            translations={
                key: Page.objects.get(pk=page.pk).specific
                for key, page in world.translations.items()
            },
        )
        self.added = 0

    def teardown(self):
        self.atomic.__exit__(Rollback, Rollback(), None)
        forget_everything_cached()

    # helpers

    def step(self, action):
        """Run one operation as a request would: committed, with its
        after-commit work done."""
        with self.world.capture(execute=True):
            action()
        tally.steps += 1

    def pages(self):
        """A's German pages that still exist, freshly loaded."""
        ids = [page.pk for page in self.built.pages]
        return list(Page.objects.filter(pk__in=ids).order_by("path").specific())

    def information_pages(self):
        return [page for page in self.pages() if isinstance(page, InformationPage)]

    # editor

    @rule(index=st.integers(0, 50), text=st.sampled_from(["Neu", "Anders"]))
    def editor_publishes_an_edit(self, index, text):
        pages = self.pages()
        page = pages[index % len(pages)]

        def publish():
            page.title = f"{page.title.split(' ·')[0]} · {text}"
            if isinstance(page, InformationPage):
                page.body = [paragraph(f"{text} über die Stadt", link_to=pages[0])]
            page.save_revision().publish()

        self.step(publish)

    @rule(index=st.integers(0, 50))
    def editor_renames_a_slug(self, index):
        pages = self.information_pages()
        page = pages[index % len(pages)]

        def rename():
            page.slug = f"{page.slug.split('--')[0]}--{self.added}"
            self.added += 1
            page.save_revision().publish()

        self.step(rename)

    @rule(index=st.integers(0, 50), parent_index=st.integers(0, 50))
    def editor_moves_a_page(self, index, parent_index):
        pages = self.information_pages()
        page = pages[index % len(pages)]
        parents = [self.built.home] + [
            candidate for candidate in pages if not candidate.path.startswith(page.path)
        ]
        parent = parents[parent_index % len(parents)]
        if page.get_parent().pk == parent.pk:
            return
        self.step(lambda: page.move(parent, pos="last-child"))

    @rule(index=st.integers(0, 50))
    def editor_unpublishes_a_page(self, index):
        live = [page for page in self.pages() if page.live]
        if len(live) > 1:
            page = live[index % len(live)]
            self.step(page.unpublish)

    @rule(index=st.integers(0, 50))
    def editor_republishes_a_page(self, index):
        drafts = [page for page in self.pages() if not page.live]
        if drafts:
            page = drafts[index % len(drafts)]
            self.step(lambda: page.save_revision().publish())

    @precondition(lambda self: len(self.built.pages) > 4)
    @rule(index=st.integers(0, 50))
    def editor_deletes_a_page(self, index):
        pages = [
            page for page in self.information_pages() if page.get_children_count() == 0
        ]
        if pages:
            self.step(pages[index % len(pages)].delete)

    @rule()
    def editor_adds_a_page(self):
        def add():
            self.added += 1
            page = InformationPage(
                title=f"Neue Seite {self.added}",
                slug=f"neu-{self.added}",
                live=False,
                body=[paragraph("Neu in der Stadt", link_to=self.pages()[0])],
            )
            self.built.home.add_child(instance=page)
            page.save_revision().publish()
            self.built.pages.append(page)

        self.step(add)

    @rule(index=st.integers(0, 50))
    def editor_makes_a_page_private_or_public(self, index):
        pages = self.information_pages()
        page = pages[index % len(pages)]

        def toggle():
            restrictions = PageViewRestriction.objects.filter(page=page)
            if restrictions.exists():
                restrictions.first().delete()
            else:
                PageViewRestriction.objects.create(
                    page=page,
                    restriction_type=PageViewRestriction.PASSWORD,
                    password="geheim",
                )

        self.step(toggle)

    @rule(text=st.sampled_from(["Bürgerbüro", "Rathaus Mitte"]))
    def editor_changes_a_contact(self, text):
        contact = Contact.objects.filter(municipality=self.built.municipality).first()
        if contact is not None:

            def change():
                contact.name = f"{text} {self.added}"
                self.added += 1
                contact.save()

            self.step(change)

    @rule()
    def editor_renames_a_location_category(self):
        category = LocationCategory.objects.first()
        if category is not None:

            def rename():
                self.added += 1
                category.name = f"Kategorie {self.added}"
                category.save()

            self.step(rename)

    # translator and reviewer

    @rule(index=st.integers(0, 50))
    def reviewer_approves_a_translation(self, index):
        """A translation goes live (what an approval publishes), replacing the
        German fallback in ``en``; an existing one is published again."""
        pages = [
            page
            for page in self.information_pages()
            if page.live
            and (
                page.get_parent().pk == self.built.home.pk
                or (page.get_parent().pk, "en") in self.built.translations
            )
        ]
        if not pages:
            return
        page = pages[index % len(pages)]
        existing = self.built.translations.get((page.pk, "en"))

        def approve():
            with review.following_source():
                if existing is None or not Page.objects.filter(pk=existing.pk).exists():
                    copy = translate(self.built, page, "en", title=f"{page.title} (en)")
                else:
                    copy = Page.objects.get(pk=existing.pk).specific
                    copy.title = f"{page.title} (en) {self.added}"
                    self.added += 1
                copy.save_revision().publish()

        self.step(approve)

    # a module (its admin edits rows it serves: ``served_models``)

    @rule(name=st.sampled_from(["Altpapier", "Blaue Tonne"]))
    def waste_admin_renames_a_fraction(self, name):
        from rathaus.modules.waste.models import Fraction

        fraction = Fraction.objects.filter(municipality=self.built.municipality).first()

        def rename():
            self.added += 1
            fraction.name = f"{name} {self.added}"
            fraction.save()

        self.step(rename)

    @rule(days=st.integers(1, 60))
    def waste_admin_adds_a_collection_date(self, days):
        from rathaus.modules.waste.models import CollectionDate, CollectionDistrict

        district = CollectionDistrict.objects.filter(
            municipality=self.built.municipality
        ).first()
        date = timezone.localdate() + timedelta(days=days)
        if not CollectionDate.objects.filter(district=district, date=date).exists():
            self.step(
                lambda: CollectionDate.objects.create(
                    municipality=self.built.municipality, district=district, date=date
                )
            )

    @rule()
    def waste_admin_adds_a_street(self):
        from rathaus.modules.waste.models import Street

        def add():
            self.added += 1
            Street.objects.create(
                municipality=self.built.municipality, name=f"Neue Straße {self.added}"
            )

        self.step(add)

    @rule(severity=st.sampled_from(["severe", "minor"]))
    def warnings_poller_stores_a_warning(self, severity):
        from rathaus.site.module_platform import api

        from ..modules.warnings.builders import make_alert

        def store():
            make_alert(self.built.municipality, severity=severity)
            api.content_changed(self.built.municipality, module="warnings")

        self.step(store)

    # another municipality

    @rule()
    def editor_of_b_publishes(self):
        page = Page.objects.get(pk=self.world.page_b.pk).specific

        def publish():
            self.added += 1
            page.title = f"B {self.added}"
            page.save_revision().publish()

        self.step(publish)

    # the check

    @invariant()
    def cached_answers_equal_fresh_ones(self):
        for name, variables in self.world.asked(self):
            text = self.world.operations[name][0]
            cached = self.world.client.get(
                "/graphql/",
                {
                    "id": contract.document_id(text),
                    "variables": json.dumps(variables),
                },
            )
            with from_scratch():
                fresh = self.world.client.post(
                    "/graphql/",
                    json.dumps({"query": text, "variables": variables}),
                    content_type="application/json",
                )
            tally.comparisons += 1
            cached_body, fresh_body = cached.json(), fresh.json()
            assert "errors" not in fresh_body, (name, variables, fresh_body)
            if cached_body != fresh_body:
                tally.differences.append((name, variables))
            assert cached_body == fresh_body, (
                name,
                variables,
                cached["X-Rathaus-Cache"],
            )


@contextmanager
def from_scratch():
    """Page trees computed without the page answers kept from earlier ones
    (and without keeping any)."""
    page_fragments.complete = lambda *args: None
    try:
        yield
    finally:
        del page_fragments.complete


@dataclass
class World:
    built: object
    page_b: object
    client: object
    capture: object
    variables: dict  # operation -> extra variables
    operations: dict = field(default_factory=query_operations)

    def asked(self, machine):
        """(operation, variables) pairs for this step: every query in each
        locale; page operations (kept across publishes that do not concern
        them) at every current path of that locale's tree (a page moved in
        one locale's tree keeps its place in another)."""
        paths = {locale: self.current_paths(locale) for locale in LOCALES}
        for name, (_text, defined) in self.operations.items():
            extra = self.variables.get(name, {})
            for locale in LOCALES if "locale" in defined else LOCALES[:1]:
                base = {"municipality": "stadt-a", "locale": locale, **extra}
                base = {key: value for key, value in base.items() if key in defined}
                if "path" in defined:
                    for path in paths[locale]:
                        yield name, {**base, "path": path}
                else:
                    yield name, base

    def current_paths(self, locale):
        """The paths of the locale's tree in tree order, asked fresh."""
        fresh = self.client.post(
            "/graphql/",
            json.dumps(
                {
                    "query": self.operations["PageTree"][0],
                    "variables": {"municipality": "stadt-a", "locale": locale},
                }
            ),
            content_type="application/json",
        ).json()["data"]["pageTree"]
        return [node["path"] for node in fresh] or ["/"]


def machine_for(world):
    return type("BoundCacheMachine", (CacheMachine,), {"world": world})

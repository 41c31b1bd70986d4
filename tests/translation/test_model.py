"""Model-based test: random operation sequences against the ground truth.

The default run (CI, ``pytest tests/translation``) has a small fixed budget:
``DEFAULT_SEQUENCES`` sequences of up to ``DEFAULT_STEPS`` steps, derandomized
(the same sequences every run, so a failure in CI reproduces locally), each
step checked against the ground truth by all of the machine's invariants.

The long run draws fresh random sequences of up to 8 steps; set the number of
sequences (and optionally the steps) in the environment::

    RATHAUS_MODEL_SEQUENCES=10000 .venv/bin/python -m pytest -q -p no:randomly \\
        tests/translation/test_model.py
    RATHAUS_MODEL_SEQUENCES=500 RATHAUS_MODEL_STEPS=12 .venv/bin/python -m pytest ...

or ``.venv/bin/python bench/translation_model.py --sequences 10000``, which
times it (figures in bench/RESULTS-translation.md).
"""

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from ..factories import make_user
from .conftest import Role, locale
from .model import World, machine_for

pytestmark = pytest.mark.django_db

DEFAULT_SEQUENCES = 20
DEFAULT_STEPS = 8
LONG = bool(os.environ.get("RATHAUS_MODEL_SEQUENCES"))
SEQUENCES = int(os.environ.get("RATHAUS_MODEL_SEQUENCES") or DEFAULT_SEQUENCES)
STEPS = int(os.environ.get("RATHAUS_MODEL_STEPS") or (8 if LONG else DEFAULT_STEPS))


def test_statuses_match_the_ground_truth_after_every_step(
    client, municipality_a, page_a, editor_a, translator_ar, reviewer_ar
):
    world = World(
        municipality=municipality_a,
        page=page_a,
        locale=locale("ar"),
        users={
            "editor": editor_a,
            "translator": translator_ar,
            "reviewer": reviewer_ar,
            "reviewer_2": make_user(
                "reviewer-a-ar-2",
                municipality=municipality_a,
                role=Role.REVIEWERS,
                locale="ar",
            ),
        },
        client=client,
    )
    run_state_machine_as_test(
        machine_for(world),
        settings=settings(
            max_examples=SEQUENCES,
            stateful_step_count=STEPS,
            deadline=None,
            database=None,
            derandomize=not LONG,
            suppress_health_check=list(HealthCheck),
        ),
    )

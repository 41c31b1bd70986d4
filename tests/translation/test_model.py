"""Model-based test: random operation sequences against the ground truth.

The default run (CI, ``pytest tests/translation``) checks ``DEFAULT_SEQUENCES``
sequences of up to ``DEFAULT_STEPS`` steps in ``SHARDS`` tests of a fixed seed
each (the same sequences every run, so a failure in CI reproduces locally;
the shards spread over pytest-xdist's workers), each step checked against the
ground truth by all of the machine's invariants.

The long run draws fresh random sequences in one test; set the number of
sequences (and optionally the steps) in the environment::

    RATHAUS_MODEL_SEQUENCES=10000 .venv/bin/python -m pytest -q -p no:randomly \\
        tests/translation/test_model.py
    RATHAUS_MODEL_SEQUENCES=500 RATHAUS_MODEL_STEPS=12 .venv/bin/python -m pytest ...

or ``.venv/bin/python bench/translation_model.py --sequences 10000``, which
times it (figures in bench/RESULTS-translation.md).
"""

import pytest

from ..factories import make_user
from ..model_runs import ModelRun
from .conftest import Role, locale
from .model import World, machine_for

pytestmark = pytest.mark.django_db

RUN = ModelRun.from_environment("RATHAUS_MODEL", sequences=500, steps=8, shards=10)


@pytest.mark.parametrize("shard", RUN.shard_ids)
def test_statuses_match_the_ground_truth_after_every_step(
    shard, client, municipality_a, page_a, editor_a, translator_ar, reviewer_ar
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
    RUN.run(machine_for(world), shard)

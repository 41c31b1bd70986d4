"""Differential test of the response cache: after every step of random
editor, translator, reviewer and module sequences, every contract query's
cached answer equals a fresh execution (see tests/graphql/differential.py).

The default run (CI) checks ``DEFAULT_SEQUENCES`` sequences of up to
``DEFAULT_STEPS`` steps in ``SHARDS`` tests of a fixed seed each. The long run
draws fresh sequences and prints what it compared::

    RATHAUS_CACHE_SEQUENCES=200 .venv/bin/python -m pytest -q -s -p no:randomly \\
        tests/graphql/test_cache_differential.py
"""

import pytest

from rathaus.site.module_platform.services import enable_module

from ..model_runs import ModelRun
from .content_builders import build_content
from .differential import World, machine_for, tally
from .test_contract import MODULE_OPERATIONS, waste_street

pytestmark = pytest.mark.django_db

RUN = ModelRun.from_environment("RATHAUS_CACHE", sequences=6, steps=6, shards=2)


@pytest.mark.parametrize("shard", RUN.shard_ids)
def test_cached_answers_equal_fresh_ones_after_every_step(
    shard, client, municipality_a, municipality_b, django_capture_on_commit_callbacks
):
    for module in sorted({module for module, _vars in MODULE_OPERATIONS.values()}):
        enable_module(municipality_a, module)
    built = build_content(municipality_a, pages=8, translate_to=("en",))
    page_b = build_content(municipality_b, pages=2, translate_to=()).pages[0]
    variables = {name: extra for name, (_m, extra) in MODULE_OPERATIONS.items()}
    variables["WasteCollections"] = waste_street(municipality_a)
    world = World(
        built=built,
        page_b=page_b,
        client=client,
        capture=django_capture_on_commit_callbacks,
        variables=variables,
    )
    # No shrinking: the failing sequence is printed as it was drawn, and a
    # failure in CI stays within minutes.
    RUN.run(machine_for(world), shard, shrink=False)
    if RUN.long:
        print(
            f"\n{tally.sequences} sequences, {tally.steps} steps, "
            f"{tally.comparisons} answers compared, "
            f"{len(tally.differences)} differences"
        )
    assert tally.differences == []

"""Running a hypothesis state machine as a model-based test: fixed-seed
shards in CI (the same sequences every run, spread over pytest-xdist's
workers), or one long run of fresh sequences when the environment asks for
it (``<PREFIX>_SEQUENCES``, optionally ``<PREFIX>_STEPS``)."""

import os
from dataclasses import dataclass

from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.stateful import run_state_machine_as_test


@dataclass(frozen=True)
class ModelRun:
    sequences: int
    steps: int
    shards: int
    long: bool

    @classmethod
    def from_environment(cls, prefix, sequences, steps, shards):
        long = bool(os.environ.get(f"{prefix}_SEQUENCES"))
        return cls(
            sequences=int(os.environ.get(f"{prefix}_SEQUENCES") or sequences),
            steps=int(os.environ.get(f"{prefix}_STEPS") or steps),
            shards=shards,
            long=long,
        )

    @property
    def shard_ids(self):
        """The ``shard`` parameters: seeds in CI, one unseeded long run."""
        return [None] if self.long else list(range(self.shards))

    def run(self, machine, shard, shrink=True):
        if shard is not None:
            machine = seed(shard)(machine)
        phases = (
            list(Phase)
            if shrink
            else [
                Phase.explicit,
                Phase.reuse,
                Phase.generate,
            ]
        )
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=(
                    self.sequences if shard is None else self.sequences // self.shards
                ),
                stateful_step_count=self.steps,
                deadline=None,
                database=None,
                phases=phases,
                suppress_health_check=list(HealthCheck),
            ),
        )

"""The translation model-based test, run long (see bench/RESULTS-translation.md).

Runs tests/translation/test_model.py (hypothesis stateful: editor, translator,
reviewer, machine-translation and tree operations against an independent
ground truth, checked after every step) with more sequences than CI does, and
reports the wall time and the time per sequence::

    .venv/bin/python bench/translation_model.py --sequences 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rathaus_bench \\
        .venv/bin/python bench/translation_model.py --sequences 2000

Exit status 0 means no sequence found a disagreement.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sequences", type=int, default=10_000)
    options = parser.parse_args()
    env = {**os.environ, "RATHAUS_MODEL_SEQUENCES": str(options.sequences)}
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/translation/test_model.py",
            "-q",
            "-p",
            "no:randomly",
            "--hypothesis-show-statistics",
        ],
        cwd=ROOT,
        env=env,
        check=False,
    )
    elapsed = time.monotonic() - started
    database = "PostgreSQL" if "postgres" in env.get("DATABASE_URL", "") else "SQLite"
    print(
        f"{options.sequences} sequences on {database}: {elapsed:.0f} s "
        f"({1000 * elapsed / max(options.sequences, 1):.0f} ms per sequence, "
        f"set-up included); {'no disagreement' if result.returncode == 0 else 'FAILED'}"
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())

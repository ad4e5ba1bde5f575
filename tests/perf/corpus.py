"""Hand-run helper: a copy of the repository with N cases whose text varies like real text.

    .venv/bin/python tests/perf/corpus.py --cases 1000 DIR

The same generator as `casebook bench` (scripts/casebook/build/synthetic.py); this only writes the
copy without building it. `casebook bench --cases N --keep DIR` writes it and builds site/.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from casebook.build.bench import make_copy  # noqa: E402
from casebook.core.project import Project  # noqa: E402


def make(dest: Path, cases: int) -> Project:
    return make_copy(Project(ROOT), dest, cases)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    make(args.dest, args.cases)
    print(args.dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

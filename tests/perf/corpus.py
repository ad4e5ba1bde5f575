"""Hand-run helper: a copy of the repository with N cases whose text varies like real text.

    .venv/bin/python tests/perf/corpus.py --cases 1000 DIR

`casebook bench` repeats one paragraph per case, so its search data compresses about 26:1;
written cases compress about 6:1. Here every case is one of the 21 sample cases with most of
its sentences swapped for sentences of other cases and many of its kanji words swapped for
other words of the same length from the cases, the glossary and the source material: text
that reads like the samples, with about the variety of new writing. Only for measuring sizes
and speeds (search data, list pages); the cases are nonsense and never shipped.
"""
from __future__ import annotations

import argparse
import copy
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from casebook.build.bench import make_copy  # noqa: E402
from casebook.core.project import Project  # noqa: E402

SENTENCE = re.compile(r"[^。\n]+。?")
KANJI = re.compile(r"[\u4e00-\u9fff]{2,}")
TEXT_FIELDS = ("context", "outcomes", "points", "challenges")


def _pool(cases: list[dict], extra: str) -> tuple[list[str], dict[int, list[str]]]:
    sentences, words = set(), set()
    texts = [extra]
    for case in cases:
        texts += [case.get(f, "") or "" for f in (*TEXT_FIELDS, "summary", "title")]
        texts += [s.get("detail", "") for s in case.get("steps", [])]
    for text in texts:
        sentences.update(s.strip() for s in SENTENCE.findall(text)
                         if len(s.strip()) > 12 and not re.search(r"[#*`<>{}\[\]|:]", s))
        words.update(KANJI.findall(text))
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return sorted(sentences), by_length


def _vary(text: str, rng: random.Random, sentences, words, swap: float = 0.6, word_rate: float = 0.5) -> str:
    def sentence(match):
        s = match.group(0)
        if len(s.strip()) > 12 and rng.random() < swap:
            s = rng.choice(sentences)
        return KANJI.sub(lambda m: rng.choice(words.get(len(m.group(0)), [m.group(0)]))
                         if rng.random() < word_rate else m.group(0), s)
    return SENTENCE.sub(sentence, text)


def make(dest: Path, cases: int, seed: int = 15) -> Project:
    project = Project(ROOT)
    copy_project = make_copy(project, dest, 0)
    real = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(project.cases_dir.glob("c*.yaml"))]
    extra = "".join(p.read_text(encoding="utf-8") for p in sorted(Path("/work/shared/seed").glob("*.txt"))) \
        if Path("/work/shared/seed").is_dir() else ""
    extra += (project.cases_dir / "glossary.yml").read_text(encoding="utf-8")
    sentences, words = _pool(real, extra)
    rng = random.Random(seed)
    for n in range(1, cases + 1):
        case = copy.deepcopy(real[(n - 1) % len(real)])
        case["id"] = f"c{n:02d}" if n < 100 else f"c{n}"
        if n > len(real):
            for field in TEXT_FIELDS:
                if case.get(field):
                    case[field] = _vary(case[field], rng, sentences, words)
            for step in case.get("steps", []):
                step["detail"] = _vary(step["detail"], rng, sentences, words)
                step["title"] = _vary(step["title"], rng, sentences, words, swap=0)
            case["title"] = _vary(case["title"], rng, sentences, words, swap=0)
            case["summary"] = _vary(case["summary"], rng, sentences, words, swap=0)
            case["related"] = [r for r in case.get("related", []) if int(r[1:]) <= cases]
        path = copy_project.cases_dir / f"{case['id']}.yaml"
        path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copy_project


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

"""Seeded mutations of the real case files: exit 0 or 1, a CB error line per failure, no traceback.

The seed is fixed so that a failure is reproducible: the assertion message names the input's
number and mutation, and `python tests/test_fuzz.py N` writes input N to fuzz-N.yaml.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "cases").glob("c[0-9]*.yaml"))
INPUTS = 520
SEED = 20261120
ERROR_LINE = re.compile(r"[^\n]+:\d+:\d+: error\[CB\d{3}\] .+")

TOKENS = [b"[", b"]", b"{", b"}", b": ", b"- ", b"&a ", b"*a", b"!!str ", b"<<: ", b"|", b">", b"#", b"'", b'"',
          b"\\x00", b"\\ud800", b"---\n", b"...\n", b"? ", b",", b"%YAML 1.1\n", b"~", b"true", b"9" * 5000,
          b"\t", b"\x00", b"\x1b", b"\x7f", b"\xc2\x85", b"\xef\xbf\xbe", b"\xed\xa0\x80", b"\xff", b"\r",
          b"\xe2\x80\xa8", b"<script>", b"javascript:", b"\xef\xbb\xbf", "さん".encode(), b"090-1234-5678",
          b"a@b.example", b"[x]: ", b"](", b"{: .x}", b"\n  ", b"\n", b"  "]


def _boundary(data: bytes, at: int) -> int:
    """The next UTF-8 character boundary at or after `at`."""
    while 0 < at < len(data) and 0x80 <= data[at] < 0xC0:
        at += 1
    return min(at, len(data))


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def mutate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One to three random edits; returns the bytes and a short description."""
    names = []
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(["insert", "delete", "replace-byte", "dup-line", "swap-lines", "drop-line",
                           "indent", "value-type", "truncate", "repeat"])
        names.append(kind)
        at = _boundary(data, rng.randrange(len(data) + 1))
        if kind == "insert":
            data = data[:at] + rng.choice(TOKENS) + data[at:]
        elif kind == "delete":
            data = data[:at] + data[_boundary(data, at + rng.randint(1, 40)):]
        elif kind == "replace-byte" and data:
            # mostly a character for a character, so that YAML and the rules see the input, not only UTF-8
            char = chr(rng.choice([rng.randrange(32, 127), rng.randrange(0x3000, 0x9fff)]))
            new = bytes([rng.randrange(256)]) if rng.random() < 0.15 else char.encode()
            data = data[:at] + new + data[_boundary(data, at + 1):]
        elif kind in ("dup-line", "swap-lines", "drop-line", "indent", "value-type"):
            lines = _lines(data)
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            if kind == "dup-line":
                lines.insert(j, lines[i])
            elif kind == "swap-lines":
                lines[i], lines[j] = lines[j], lines[i]
            elif kind == "drop-line":
                del lines[i]
            elif kind == "indent":
                lines[i] = b" " * rng.randint(1, 5) + lines[i] if rng.random() < 0.5 else lines[i].lstrip()
            else:
                key, sep, _ = lines[i].partition(b": ")
                if sep:
                    value = rng.choice([b"7", b"1.5", b"true", b"~", b"[a, b]", b"{a: 1}", b"[[[[[[[[[[]]]]]]]]]]",
                                        b'"x"', b"", b"-1", b"c01", b"|"])
                    lines[i] = key + sep + value
            data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[:at]
        elif kind == "repeat":
            size = rng.randint(1, 20)
            data = data[:at] + data[at:at + size] * rng.randint(2, 200) + data[at:]
    return data, "+".join(names)


RELATED = re.compile(rb"^related:\n(?:  - .*\n)+", re.M)


def originals() -> list[bytes]:
    """The real cases without their cross-references, so that each validates on its own (fast)."""
    return [RELATED.sub(b"", p.read_bytes()) for p in CASES]


def inputs():
    rng = random.Random(SEED)
    originals_ = originals()
    for number in range(INPUTS):
        index = rng.randrange(len(CASES))
        data, how = mutate(originals_[index], rng)
        yield number, CASES[index].name, data, how


def test_enough_inputs():
    assert len(CASES) >= 20 and sum(1 for _ in inputs()) >= 500


def test_mutated_cases_never_crash(repo, cli):
    for case in (repo / "cases").glob("c[0-9]*.yaml"):
        case.unlink()
    failures, outcomes = [], {0: 0, 1: 0}
    for number, name, data, how in inputs():
        target = repo / "cases" / name
        target.write_bytes(data)
        try:
            code, out, err = cli("validate")
        except Exception as exc:   # a traceback: report the reproducer, keep going
            failures.append(f"#{number} {name} {how}: {type(exc).__name__}: {exc}")
            continue
        finally:
            target.unlink()
        lines = [x for x in out.splitlines() if x]
        if code not in (0, 1) or (code == 1) != bool(lines) or not all(ERROR_LINE.fullmatch(x) for x in lines):
            failures.append(f"#{number} {name} {how}: exit {code}: {out[:300]!r} {err[:300]!r}")
        else:
            outcomes[code] += 1
    assert failures == []
    assert outcomes[1] > 100 and outcomes[0] > 0   # the mutations do break files, and not all of them


if __name__ == "__main__":
    wanted = int(sys.argv[1])
    for number, name, data, how in inputs():
        if number == wanted:
            Path(f"fuzz-{number}.yaml").write_bytes(data)
            print(f"fuzz-{number}.yaml: {name} {how}")

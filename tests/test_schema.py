"""One schema: in step with the taxonomy, the validator and the documented rules."""
from __future__ import annotations

from pathlib import Path

from casebook.core.project import Project
from casebook.rules import RULES
from casebook.sources.schema import read_schema, schema_text
from casebook.sources.taxonomy import REQUIRED, load_taxonomy

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)


def test_committed_schema_matches_taxonomy(cli):
    assert PROJECT.schema_file.read_text(encoding="utf-8") == schema_text(PROJECT, load_taxonomy(PROJECT))


def test_every_field_has_japanese_title_and_description():
    def walk(node, path):
        if node.get("type") in ("object",) and "properties" in node:
            for name, spec in node["properties"].items():
                assert spec.get("title") and spec.get("description"), path + (name,)
                walk(spec, path + (name,))
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            walk(node["items"], path + ("[]",))
    walk(read_schema(PROJECT), ())


def test_every_taxonomy_is_used_by_the_schema():
    text = PROJECT.schema_file.read_text(encoding="utf-8")
    used = {name for name in REQUIRED if f'"x-taxonomy": "{name}"' in text}
    assert used == set(REQUIRED)


def test_schema_check_command_detects_drift(repo, cli):
    assert cli("schema", "--check")[0] == 0
    taxonomy = repo / "cases" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace("      label: 研修\n", "      label: 研修会\n"),
                        encoding="utf-8")
    code, _, err = cli("schema", "--check")
    assert code == 1 and "make schema" in err
    assert cli("schema")[0] == 0 and cli("schema", "--check")[0] == 0


def test_rules_table_is_generated_into_the_contributor_guide(built_site):
    page = (built_site / "contributing" / "index.html").read_text(encoding="utf-8")
    for code in RULES:
        assert f"<td>{code}</td>" in page, code
    assert "--8<--" not in page


def test_rules_command_prints_every_rule(cli):
    code, out, _ = cli("rules")
    assert code == 0
    assert sorted(line.split("|")[1].strip() for line in out.splitlines()[2:]) == sorted(RULES)


def _variants(data, rng, values):
    """data with one value (anywhere in it) replaced, dropped, or given an extra key."""
    import copy
    out = copy.deepcopy(data)
    spots = []
    stack = [out]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            spots += [(node, k) for k in node]
            stack += list(node.values())
        elif isinstance(node, list):
            spots += [(node, i) for i in range(len(node))]
            stack += node
    for _ in range(rng.randint(1, 3)):
        node, key = rng.choice(spots)
        roll = rng.random()
        if roll < 0.15 and isinstance(node, dict):
            node.pop(key, None)
        elif roll < 0.25 and isinstance(node, dict):
            node[rng.choice(["extra", "Title", "titel", "regoin"])] = "x"
        else:
            node[key] = rng.choice(values)
    return out


def test_quick_schema_check_accepts_only_what_the_validator_accepts():
    """schema_diagnostics asks the full validator for errors only when sources/schema.quick_check
    says no: on the cases and 8,000 changed copies, quick_check never says yes to data with an error."""
    import random

    from casebook.rules.validate import Context, _quick_valid
    from casebook.sources.load import load_file
    ctx = Context.create(Project(ROOT))
    cases = [load_file(p, p.name)[0].data for p in sorted((ROOT / "cases").glob("c[0-9]*.yaml"))]
    assert all(_quick_valid(ctx, data) for data in cases)        # valid files skip the error search
    rng = random.Random(20261127)
    values = ["", " ", "x", "c01", "c1", "c01\n", "２０２６-01-01", "2026-01-01", "2026-01-01\n", "kinki", "kinki ",
              "supervision", "r4", "published", "sample", "draft", 0, 1, -1, 7, True, False, None, [], ["kinki"],
              ["x", "x"], [1], [None], {}, {"title": "t", "detail": "d"}, {"report": "r", "page": 0}, "a" * 5000]
    accepted = 0
    for n in range(8_000):
        data = _variants(cases[n % len(cases)], rng, values)
        quick = _quick_valid(ctx, data)
        errors = list(ctx.validator.iter_errors(data))
        assert not (quick and errors), (data, errors[:1])
        accepted += quick
    assert accepted > 200

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

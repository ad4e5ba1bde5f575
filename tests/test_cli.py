"""Command-line contract: exit codes 0/1/2 and Japanese usage messages."""


def test_validate_ok(repo, cli):
    code, out, err = cli("validate")
    assert (code, out) == (0, "")
    assert "OK: 21 件" in err


def test_unknown_command_is_usage_error(repo, cli):
    code, _, err = cli("frobnicate")
    assert code == 2 and "使い方の誤り" in err


def test_missing_file_is_usage_error(repo, cli):
    code, _, err = cli("validate", "cases/c404.yaml")
    assert code == 2 and "ファイルがありません" in err


def test_outside_a_repository_is_usage_error(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("validate")
    assert code == 2 and "事例集のリポジトリではありません" in err


def test_commands_work_from_a_subfolder(repo, cli, monkeypatch):
    monkeypatch.chdir(repo / "cases")
    assert cli("validate")[0] == 0


def test_broken_taxonomy_is_a_content_error(repo, cli):
    path = repo / "cases" / "taxonomy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("theme:\n", "theme:\ntheme:\n", 1), encoding="utf-8")
    code, out, _ = cli("validate")
    assert code == 1 and "cases/taxonomy.yml:" in out and "error[CB004]" in out


def test_broken_glossary_fails_the_build_with_its_position(repo, cli):
    path = repo / "cases" / "glossary.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("terms:\n", "terms:\n  - key: broken\n    term: 壊れた用語\n", 1), encoding="utf-8")
    code, out, _ = cli("build")
    assert code == 1
    assert "cases/glossary.yml:13:5: error[CB061]" in out
    assert not (repo / "site").exists()

"""Facilitator notes of the workshop sets (cases/facilitation.yml): ねらい, 時間配分, 論点の例.

Notes are data so trainers can edit them without touching code; theme sets get the note of
their theme, block sets (which mix the three themes) share one note. Every string reaches
the page through markup.inline_md like the rest of the data.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core.diagnostics import CasebookError, Diagnostic
from ..core.project import Project
from .load import load_file

FILE_NAME = "facilitation.yml"


@dataclass(frozen=True)
class Note:
    aim: str
    timing: tuple[str, ...]
    issues: tuple[str, ...]


@dataclass(frozen=True)
class Notes:
    theme: dict      # theme key -> Note
    block: Note | None

    def for_set(self, facet: str, key: str) -> Note | None:
        return self.theme.get(key) if facet == "theme" else self.block


HINT = "aim（文字列）、timing と issues（文字列の一覧）の3つを書いてください"


def _problem(item, where: tuple) -> tuple[tuple, str, bool] | None:
    """(path, message, at_key) of the first thing wrong with one note, or None; path points at the field."""
    if not isinstance(item, dict):
        return where, "進行メモは aim・timing・issues の項目のまとまりにしてください", False
    for name in item:
        if name not in ("aim", "timing", "issues"):
            return where + (name,), f"'{name}' は進行メモの項目ではありません", True
    for name in ("aim", "timing", "issues"):
        if name not in item:
            return where, f"'{name}' がありません", True
    if not isinstance(item["aim"], str) or not item["aim"].strip():
        return where + ("aim",), "aim（ねらい）は空でない文字列で書いてください", False
    for name in ("timing", "issues"):
        value = item[name]
        if not isinstance(value, list) or not value:
            return where + (name,), f"{name} は「- 」で始まる行の一覧で書いてください", False
        for i, line in enumerate(value):
            if not isinstance(line, str) or not line.strip():
                return where + (name, i), f"{name} の {i + 1} 番目は空でない文字列で書いてください", False
    return None


def _note(item) -> Note:
    return Note(item["aim"].strip(), tuple(item["timing"]), tuple(item["issues"]))


def check_notes(project: Project, theme_keys=None) -> list[Diagnostic]:
    """Every problem of cases/facilitation.yml (CB062, or the loader's codes); [] when it is fine."""
    try:
        load_notes(project, theme_keys)
    except CasebookError as exc:
        return exc.diagnostics
    return []


def load_notes(project: Project, theme_keys=None) -> Notes:
    """The notes; an absent file means no notes (the sets are printed without them).

    theme_keys, when given, are the taxonomy's themes: a note for another key would never be shown.
    """
    path = project.cases_dir / FILE_NAME
    if not path.exists():
        return Notes({}, None)
    rel = project.rel(path)
    loaded, problems = load_file(path, rel)
    if loaded is None:
        raise CasebookError(problems)

    def report(where: tuple, message: str, hint: str = HINT, key: bool = False) -> None:
        line, col = loaded.pos(where, key=key)
        problems.append(Diagnostic(rel, line, col, "CB062", message, hint))

    data = loaded.data
    if not isinstance(data, dict):
        report((), "ファイル全体は theme: と block: の項目のまとまりにしてください", "ファイルの先頭の説明を見てください")
        raise CasebookError(problems)
    for name in data:
        if name not in ("theme", "block"):
            report((name,), f"'{name}' は進行メモの項目ではありません", "theme と block だけを書いてください", key=True)
    themes = data.get("theme", {})
    if not isinstance(themes, dict):
        report(("theme",), "theme: は論点のキーごとのまとまりにしてください", "例: theme: の下に supervision: と書きます")
        themes = {}
    notes = {}
    for key, item in themes.items():
        if theme_keys is not None and key not in theme_keys:
            report(("theme", key), f"論点 '{key}' は taxonomy.yml にありません",
                   f"使える論点: {', '.join(theme_keys)}", key=True)
        found = _problem(item, ("theme", key))
        if found:
            report(found[0], f"論点 '{key}' の進行メモ: {found[1]}", key=found[2])
        else:
            notes[key] = _note(item)
    block = None
    if "block" in data:
        found = _problem(data["block"], ("block",))
        if found:
            report(found[0], f"ブロック別の進行メモ: {found[1]}", key=found[2])
        else:
            block = _note(data["block"])
    if problems:
        raise CasebookError(problems)
    return Notes(notes, block)

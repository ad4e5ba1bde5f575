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


def _note(item) -> Note | None:
    def strings(value):
        return isinstance(value, list) and value and all(isinstance(x, str) and x.strip() for x in value)
    if isinstance(item, dict) and isinstance(item.get("aim"), str) and item["aim"].strip() \
            and strings(item.get("timing")) and strings(item.get("issues")) and set(item) <= {"aim", "timing", "issues"}:
        return Note(item["aim"].strip(), tuple(item["timing"]), tuple(item["issues"]))
    return None


def load_notes(project: Project) -> Notes:
    """The notes; an absent file means no notes (the sets are printed without them)."""
    path = project.cases_dir / FILE_NAME
    if not path.exists():
        return Notes({}, None)
    rel = project.rel(path)
    loaded, problems = load_file(path, rel)
    if loaded is None:
        raise CasebookError(problems)
    data = loaded.data if isinstance(loaded.data, dict) else {}
    hint = "aim（文字列）、timing と issues（文字列の一覧）の3つを書いてください"
    themes = data.get("theme") if isinstance(data.get("theme"), dict) else {}
    notes = {}
    for key, item in themes.items():
        note = _note(item)
        if note is None:
            line, col = loaded.pos(("theme", key))
            problems.append(Diagnostic(rel, line, col, "CB062", f"論点 '{key}' の進行メモの形が違います", hint))
        notes[key] = note
    block = _note(data["block"]) if "block" in data else None
    if "block" in data and block is None:
        line, col = loaded.pos(("block",))
        problems.append(Diagnostic(rel, line, col, "CB062", "ブロック別の進行メモの形が違います", hint))
    for name in set(data) - {"theme", "block"}:
        line, col = loaded.pos((name,))
        problems.append(Diagnostic(rel, line, col, "CB062", f"'{name}' は進行メモの項目ではありません",
                                   "theme と block だけを書いてください"))
    if problems:
        raise CasebookError(problems)
    return Notes(notes, block)

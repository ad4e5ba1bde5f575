"""What `casebook serve` remembers between saves, and what `build` and `validate` keep between
runs (core/stored.py), about each case file: rules/validate.check_case reads and fills it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.stored import Stored
from ..sources.load import CASE_LIMITS, Limits, Loaded, load_text


@dataclass
class FileCache:
    """What loading and the per-file checks said about each case file, by the file's text
    and the data files they read (Context.fingerprint). `casebook serve` keeps one across
    saves, so a save loads and checks the edited file only; cross-file rules still see every
    file. Entries are read, never changed: a loaded case is not modified after loading (rules
    may keep what they found on it, as CB055 does, which is the same in every run).

    `kept` is what earlier runs found clean, read from and written to core.stored (`casebook
    build` and `validate`): rel -> (digest of the text, fingerprint, codes, data), where
    `codes` are the per-file rules that run did not run on it (the build's name check runs
    elsewhere, build/names.py, and is added by `checked` once it has found nothing). A kept
    file counts for a run that skips at least those rules, and the rules it did run are not
    run again. Only clean files are kept: a file with an error is checked again each time."""
    entries: dict[str, tuple] = field(default_factory=dict)   # rel -> (key, doc, problems, rules left)
    hits: int = 0
    kept: dict[str, tuple] = field(default_factory=dict)
    changed: bool = False
    # False for one run (build, validate): the loaded files are not held here, so they go when the
    # run is done with them (the cyclic collector would otherwise walk their million objects)
    remember: bool = True
    seen: set = field(default_factory=set)

    def keep(self, rel: str, digest: bytes, fingerprint: bytes, skip: frozenset, doc: Loaded) -> None:
        entry = (digest, fingerprint, tuple(sorted(skip)), doc.data)
        if self.kept.get(rel) != entry:
            self.kept[rel], self.changed = entry, True

    def checked(self, rels, codes: frozenset) -> None:
        """The rules `codes`, run elsewhere on the files `rels`, found nothing there."""
        for rel in rels:
            entry = self.kept.get(rel)
            if entry is not None and codes & set(entry[2]):
                self.kept[rel] = (*entry[:2], tuple(sorted(set(entry[2]) - codes)), entry[3])
                self.changed = True

    @classmethod
    def from_stored(cls, stored: Stored, remember: bool = True) -> FileCache:
        kept = stored.read().get("files")
        return cls(kept=kept if isinstance(kept, dict) else {}, remember=remember)

    def store(self, stored: Stored) -> None:
        """Writes what is kept, when it changed; the entries of removed files go."""
        kept = {rel: entry for rel, entry in self.kept.items() if rel in self.seen}
        if self.changed or len(kept) != len(self.kept):
            stored.write({"files": kept})


class Reloaded(Loaded):
    """A case file that an earlier run loaded and found clean (FileCache.kept): its data as
    kept, and its text. The nodes are needed only for a position (an error another file causes
    here, a name to report): the text is parsed again then, and says what it said."""

    def __init__(self, rel: str, data: Any, text: str, limits: Limits = CASE_LIMITS):
        self.rel, self.data = rel, data
        self._text, self._limits, self._parsed = text, limits, None

    def _full(self) -> Loaded:
        if self._parsed is None:
            loaded, _ = load_text(self._text, self.rel, self._limits)
            if loaded is None:     # the text loaded cleanly before: the same code cannot refuse it now
                raise AssertionError(f"{self.rel}: a kept case no longer loads")
            self._parsed = loaded
        return self._parsed

    nodes = property(lambda self: self._full().nodes)
    key_nodes = property(lambda self: self._full().key_nodes)
    lines = property(lambda self: self._full().lines)

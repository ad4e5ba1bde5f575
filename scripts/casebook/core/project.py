"""Where things are in a casebook repository (the one in the current directory)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import NotARepository

CASE_FILE = re.compile(r"c[0-9]{2,4}\.yaml\Z")
# Files in cases/ that are not cases. Any other name that looks like YAML is an error, so that a
# case saved as c22.yml or ｃ22.yaml is never skipped in silence.
DATA_FILES = {"taxonomy.yml", "glossary.yml", "facilitation.yml", "_template.yaml"}
YAML_LIKE = re.compile(r"\.ya?ml\Z")
GENERATED_DIR = Path("docs") / "cases"   # owned by the generator, git-ignored


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The nearest folder at or above start that has cases/ and mkdocs.yml."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "cases").is_dir() and (folder / "mkdocs.yml").is_file():
                return cls(folder)
        raise NotARepository(f"{here} は事例集のリポジトリではありません（cases/ と mkdocs.yml が見つかりません）")

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def taxonomy_file(self) -> Path:
        return self.cases_dir / "taxonomy.yml"

    @property
    def glossary_file(self) -> Path:
        return self.cases_dir / "glossary.yml"

    @property
    def schema_file(self) -> Path:
        return self.cases_dir / "case.schema.json"

    @property
    def template_file(self) -> Path:
        return self.cases_dir / "_template.yaml"

    @property
    def out_dir(self) -> Path:
        return self.root / GENERATED_DIR

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def case_files(self) -> list[Path]:
        """Every entry named like a case (cNN.yaml), whatever it is: the loader refuses non-files."""
        return sorted(p for p in self.cases_dir.iterdir() if CASE_FILE.fullmatch(p.name))

    def misnamed_case_files(self) -> list[tuple[Path, str]]:
        """(path, the name it should have) for YAML-like entries in cases/ that are neither."""
        found = []
        for path in sorted(self.cases_dir.iterdir()):
            if CASE_FILE.fullmatch(path.name) or path.name in DATA_FILES:
                continue
            folded = unicodedata.normalize("NFKC", path.name).casefold().strip()
            if YAML_LIKE.search(folded):
                digits = re.search(r"[0-9]+", folded)
                found.append((path, f"c{int(digits.group()):02d}.yaml" if digits and len(digits.group()) <= 4 else "cNN.yaml"))
        return found

    def rel(self, path: Path) -> str:
        """Repository-relative name of path itself (a symlink is named, not followed)."""
        path = Path(path)
        try:
            return (path.parent.resolve() / path.name).relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

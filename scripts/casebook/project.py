"""Where things are in a casebook repository (the one in the current directory)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CASE_FILE = re.compile(r"c[0-9]{2,4}\.yaml\Z")
GENERATED_DIR = Path("docs") / "cases"   # owned by the generator, git-ignored


class NotARepository(Exception):
    pass


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
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
        return sorted(p for p in self.cases_dir.glob("c*.yaml") if CASE_FILE.match(p.name))

    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

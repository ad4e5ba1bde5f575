"""The case template (cases/_template.yaml) filled in: for `casebook new` and the contributor guide."""
from __future__ import annotations

import re

from ..core.project import Project
from ..sources.taxonomy import load_taxonomy

CHOICES = re.compile(r"^(?P<indent> *)#\{choices:(?P<name>[a-z_]+)\}$", re.M)


def render_template(project: Project, case_id: str, block: str, theme: str, today: str) -> str:
    taxonomy = load_taxonomy(project)

    def choices(match: re.Match) -> str:
        indent, facet = match.group("indent"), taxonomy[match.group("name")]
        lines = [f"{indent}# {facet.label}: 選べる値（キーを書きます）"]
        lines += [f"{indent}#   {v.key}: {v.label}" for v in facet.values]
        return "\n".join(lines)

    text = project.template_file.read_text(encoding="utf-8")
    text = CHOICES.sub(choices, text)
    return text.replace("{id}", case_id).replace("{block}", block).replace("{theme}", theme).replace("{today}", today)


def render_template_part(project: Project) -> str:
    """The template as a code block for the contributor guide (copy-and-paste in the web UI)."""
    body = render_template(project, "cNN", "{block}", "{theme}", "YYYY-MM-DD")
    fence = "~" * 4
    while fence in body:       # a fence longer than any run of tildes in the template
        fence += "~"
    return f"{fence}yaml\n{body}{fence}\n"

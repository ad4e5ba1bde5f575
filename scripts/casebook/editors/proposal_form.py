"""The case proposal issue form (.github/ISSUE_TEMPLATE/case-proposal.yml), written from data.

Every field's label, help and choices come from cases/case.schema.json and
cases/taxonomy.yml, so `casebook form --check` fails when they drift, and
`casebook from-issue` reads answers back with the same table (FIELDS).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..core.project import Project
from ..sources.schema import read_schema
from ..sources.taxonomy import Taxonomy, load_taxonomy

FORM_PATH = Path(".github") / "ISSUE_TEMPLATE" / "case-proposal.yml"
FORM_LABEL = "事例の提案"
STEP_SLOTS = 4
MULTI = ("roles", "partners", "collaboration_points", "coordinator_points", "agency_points", "stances",
         "center_functions", "policy_directions", "tags")
TEXTS = ("context", "outcomes", "points", "challenges")
CONSENT = ("個人が特定できる情報（名前・イニシャル・連絡先・生年月日・住所・市町村名・施設名）を書いていません",
           "掲載について、事例に登場する本人・関係機関の了承を得ています（または得る予定です）")


@dataclass(frozen=True)
class Field:
    id: str            # form element id
    label: str         # the heading GitHub writes into the issue body
    kind: str          # input | textarea | dropdown | checkboxes
    path: tuple        # where the answer goes in the case file
    required: bool
    description: str = ""
    facet: str = ""    # taxonomy name for dropdowns and checkboxes
    options: tuple = ()


def _spec(schema: dict, path: tuple) -> dict:
    node = schema
    for part in path:
        node = node["items"] if isinstance(part, int) else node["properties"][part]
    return node


def fields(project: Project, taxonomy: Taxonomy | None = None) -> list[Field]:
    """The form's fields in order (consent checkboxes excluded)."""
    schema, taxonomy = read_schema(project), taxonomy or load_taxonomy(project)
    required = set(schema["required"])

    def field(name, kind, path=None, must=None, extra="", label=None, exclude=()):
        path = path or (name,)
        spec = _spec(schema, path)
        facet = spec.get("x-taxonomy") or spec.get("items", {}).get("x-taxonomy", "")
        options = tuple(v.label for v in taxonomy[facet].values if v.key not in exclude) if facet else ()
        return Field(name.replace(".", "_"), label or spec["title"], kind, path,
                     path[0] in required if must is None else must,
                     (spec.get("description", "") + extra).strip(), facet, options)

    out = [field("title", "input"), field("summary", "textarea"),
           field("status", "dropdown", exclude=("withdrawn", "draft")),
           field("block", "dropdown"), field("theme", "dropdown"),
           field("fiscal_year", "dropdown", must=False, extra=" 実際の事例では必ず選びます。"),
           field("program", "dropdown", must=False, extra=" 実際の事例では必ず選びます。")]
    for part in ("population_band", "area_type", "resource_level"):
        out.append(field(part, "dropdown", path=("region", part), must=True))
    for name in MULTI:
        out.append(field(name, "checkboxes", extra=" 当てはまるものすべてに印を付けます。"
                         + ("（1つ以上）" if name in required else "")))
    out.append(field("context", "textarea"))
    for n in range(STEP_SLOTS):
        must = n == 0
        out.append(field(f"step{n + 1}_title", "input", path=("steps", n, "title"), must=must,
                         label=f"取組の内容: 手順{n + 1}の見出し"))
        out.append(field(f"step{n + 1}_detail", "textarea", path=("steps", n, "detail"), must=must,
                         label=f"取組の内容: 手順{n + 1}の内容"))
    out += [field(name, "textarea") for name in TEXTS[1:]]
    out.append(field("discussion_questions", "textarea", must=False, extra=" 1行に1つ書きます。"))
    return out


INTRO = """\
事例の提案をありがとうございます。git を使わずに、このフォームから事例を提案できます。

**この Issue は、送信するとすぐにインターネット上で誰でも読める状態で公開されます。**
個人名・イニシャル・連絡先・生年月日・住所・市町村名・区名・施設名など、個人や地域が特定できる情報は書かないでください。
地域は「A市」「B町」「Cセンター」、人は「本人」「利用者」「担当の支援員」または「Aさん」のように1文字の記号で書きます。

送信すると自動で内容を確かめます。問題がなければ事例ファイル（cases/cNN.yaml）のプルリクエストが作られ、
直すところがあれば、この Issue にコメントでお知らせします。Issue を編集して保存すると、もう一度確かめます。
"""


def form_data(project: Project) -> dict:
    body = [{"type": "markdown", "attributes": {"value": INTRO}}]
    for f in fields(project):
        attributes = {"label": f.label, "description": f.description}
        if f.kind == "dropdown":
            attributes["options"] = list(f.options)
            if f.id == "status" and "公開" in f.options:
                attributes["default"] = f.options.index("公開")
                attributes["description"] = "実際の事例は「公開」、説明用に作った架空の事例は「サンプル」を選びます。"
        if f.kind == "checkboxes":
            attributes["options"] = [{"label": option} for option in f.options]
        if f.kind == "textarea" and f.path[0] != "summary":
            attributes["description"] += " 段落、「- 」の箇条書き、**太字** が使えます。"
        item = {"type": f.kind, "id": f.id, "attributes": attributes}
        if f.kind != "checkboxes":
            item["validations"] = {"required": f.required}
        body.append(item)
    body.append({"type": "checkboxes", "id": "consent",
                 "attributes": {"label": "確認", "options": [{"label": c, "required": True} for c in CONSENT]}})
    return {"name": "事例の提案", "description": "新しい実践事例を、フォームに書いて提案します（送信するとすぐに公開されます）",
            "title": "[事例の提案] ", "labels": [FORM_LABEL], "body": body}


HEADER = ("# このファイルは `casebook form` が cases/case.schema.json と cases/taxonomy.yml から作ります。\n"
          "# 手で編集せず、分類や項目を変えたら `.venv/bin/casebook form` を実行してください。\n")


class _Dumper(yaml.SafeDumper):
    """Multi-line strings as literal blocks, so the form file reads like the text it shows."""


_Dumper.add_representer(str, lambda dumper, value: dumper.represent_scalar(
    "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None))


def form_text(project: Project) -> str:
    return HEADER + yaml.dump(form_data(project), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
